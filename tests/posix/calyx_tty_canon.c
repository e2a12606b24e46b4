/* The console in canonical mode (input: calyx_tty_canon.stdin): a read
   returns one edited line; DEL erases a character, ^U the line, ^W a word;
   ^D ends a line without being read and, on an empty line, reads as end
   of file. Calyx only: the input is typed at the console by tools/cxrun. */
#include "ptest.h"
#include <string.h>
#include <termios.h>
#include <unistd.h>

static void expect_line(const char *want)
{
	char buf[256];
	ssize_t n = read(0, buf, sizeof buf);
	CHECK(n == (ssize_t)strlen(want) && memcmp(buf, want, (size_t)n) == 0,
	      "calyx_tty_canon: read %zd bytes \"%.*s\", expected \"%s\"", n,
	      (int)(n > 0 ? n : 0), buf, want);
}

int main(void)
{
	watchdog(20);
	struct termios t;
	CHECK(tcgetattr(0, &t) == 0, "calyx_tty_canon: tcgetattr failed");
	CHECK((t.c_lflag & ICANON) && (t.c_lflag & ECHO) && (t.c_oflag & ONLCR),
	      "calyx_tty_canon: not the default console modes");
	CHECK(isatty(0) && isatty(1), "calyx_tty_canon: stdin/stdout are not terminals");
	expect_line("abc\n");   /* abx DEL c */
	expect_line("ok\n");    /* junk ^U ok */
	expect_line("one three\n"); /* one two ^W three */
	expect_line("no newline"); /* ^D after text */
	expect_line("");        /* ^D on an empty line: end of file */
	expect_line("after eof\n");
	return 0;
}
