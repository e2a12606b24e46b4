/* The console in non-canonical mode (input: calyx_tty_raw.stdin): bytes
   typed after the last complete line become readable when ICANON goes
   off; VMIN counts bytes; VMIN 0 VTIME 0 never waits; VMIN 0 VTIME 1 gives
   0 when nothing comes. Calyx only (the input is typed by tools/cxrun). */
#include "ptest.h"
#include <string.h>
#include <termios.h>
#include <unistd.h>
#include <sys/ioctl.h>

int main(void)
{
	watchdog(20);
	char buf[64];
	ssize_t n = read(0, buf, sizeof buf);
	CHECK(n == 5 && memcmp(buf, "line\n", 5) == 0, "calyx_tty_raw: first line: %zd bytes", n);
	struct termios t;
	CHECK(tcgetattr(0, &t) == 0, "calyx_tty_raw: tcgetattr failed");
	t.c_lflag &= ~(ICANON | ECHO);
	t.c_cc[VMIN] = 4;
	t.c_cc[VTIME] = 0;
	CHECK(tcsetattr(0, TCSANOW, &t) == 0, "calyx_tty_raw: tcsetattr failed");
	n = read(0, buf, 2); /* min(VMIN, count) bytes */
	CHECK(n == 2 && memcmp(buf, "ab", 2) == 0, "calyx_tty_raw: read(2) gave %zd", n);
	n = read(0, buf, sizeof buf);
	CHECK(n == 4 && memcmp(buf, "cdef", 4) == 0, "calyx_tty_raw: VMIN 4 read gave %zd", n);
	t.c_cc[VMIN] = 0;
	tcsetattr(0, TCSANOW, &t);
	n = read(0, buf, sizeof buf);
	CHECK(n == 0, "calyx_tty_raw: VMIN 0 VTIME 0 on no input gave %zd", n);
	t.c_cc[VTIME] = 1;
	tcsetattr(0, TCSANOW, &t);
	n = read(0, buf, sizeof buf);
	CHECK(n == 0, "calyx_tty_raw: VMIN 0 VTIME 1 with no input gave %zd", n);
	int avail = -1;
	CHECK(ioctl(0, FIONREAD, &avail) == 0 && avail == 0, "calyx_tty_raw: FIONREAD %d", avail);
	return 0;
}
