/* ^C at the console raises SIGINT in the foreground process group (the
   first program's); the line typed after it is read normally. (How many
   lines ^C flushed depends on how fast they were read: not checked.) Input (calyx_tty_sigint.stdin): 64 lines of 63 'x'
   that fill the terminal's 4096-byte queue exactly, so flow control holds
   the ^C back until this program has read (its handler is in place by
   then), then ^C and "after". Calyx only (typed by tools/cxrun). */
#include "ptest.h"
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

static volatile sig_atomic_t got;
static void on_int(int sig) { got = sig; }

int main(void)
{
	watchdog(20);
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_int;
	sigaction(SIGINT, &sa, NULL);
	CHECK(tcgetpgrp(0) == getpgrp(), "calyx_tty_sigint: not the foreground group (%d, %d)",
	      (int)tcgetpgrp(0), (int)getpgrp());
	CHECK(getsid(0) == getpid(), "calyx_tty_sigint: pid 1 is not a session leader");
	char buf[128];
	int lines = 0;
	for (;;) {
		ssize_t n = read(0, buf, sizeof buf);
		if (n < 0 && errno == EINTR)
			continue;
		CHECK(n > 0, "calyx_tty_sigint: read gave %zd after %d lines", n, lines);
		if (n == 6 && memcmp(buf, "after\n", 6) == 0)
			break;
		CHECK(n == 64 && buf[0] == 'x', "calyx_tty_sigint: a line of %zd bytes", n);
		lines++;
	}
	CHECK(got == SIGINT, "calyx_tty_sigint: no SIGINT (got %d)", (int)got);
	CHECK(lines <= 64, "calyx_tty_sigint: %d lines", lines);
	return 0;
}
