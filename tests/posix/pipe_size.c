/* fcntl F_GETPIPE_SZ/F_SETPIPE_SZ as Linux: 65536 bytes by default; a new
 * size is rounded up to a page and a power of two; room is counted in page
 * buffers (a write's length mod a page joins the last buffer only when it
 * fits there, the rest takes whole free buffers), so what a non-blocking
 * write takes is Linux's count exactly; shrinking below the buffers in use
 * is EBUSY; resizing keeps the bytes in order; beyond /proc/sys/fs/pipe-max-size (1 MiB) only root
 * may go (EPERM); a file that is no pipe is EBADF; over 2^31 is EINVAL. */
#include "ptest.h"
#include <fcntl.h>

static unsigned char next_out, next_in;

/* Writes n bytes of the sequence and expects `takes` of them to go in. */
static void put(int fd, size_t n, size_t takes)
{
	unsigned char buf[8192];
	CHECK(n <= sizeof buf, "put too much");
	unsigned char from = next_out;
	for (size_t i = 0; i < n; i++)
		buf[i] = from++;
	ssize_t r = write(fd, buf, n);
	CHECK(r == (ssize_t)takes, "write %zu took %zd (%s), expected %zu", n, r,
	      r < 0 ? strerror(errno) : "", takes);
	next_out += (unsigned char)takes;
}

static void take(int fd, size_t n)
{
	unsigned char buf[8192];
	CHECK(read(fd, buf, n) == (ssize_t)n, "read %zu: %s", n, strerror(errno));
	for (size_t i = 0; i < n; i++)
		CHECK(buf[i] == next_in++, "byte %zu out of order", i);
}

/* CAP_SYS_RESOURCE (bit 24) in the effective set: root, unless a container
   took it away. */
static int has_sys_resource(void)
{
	FILE *f = fopen("/proc/self/status", "r");
	char line[256];
	unsigned long long eff = 0;
	while (f && fgets(line, sizeof line, f))
		if (sscanf(line, "CapEff: %llx", &eff) == 1)
			break;
	if (f)
		fclose(f);
	return (eff >> 24) & 1;
}

int main(void)
{
	watchdog(20);
	int p[2];
	CHECK(pipe2(p, O_NONBLOCK) == 0, "pipe2");
	CHECK(fcntl(p[0], F_GETPIPE_SZ) == 65536, "default size %d", fcntl(p[0], F_GETPIPE_SZ));
	CHECK(fcntl(p[1], F_SETPIPE_SZ, 100) == 4096, "100 rounds to %d", fcntl(p[1], F_GETPIPE_SZ));
	CHECK(fcntl(p[1], F_SETPIPE_SZ, 5000) == 8192, "5000 rounds to %d", fcntl(p[1], F_GETPIPE_SZ));
	CHECK(fcntl(p[0], F_GETPIPE_SZ) == 8192, "both ends see %d", fcntl(p[0], F_GETPIPE_SZ));

	/* Two page buffers. */
	put(p[1], 6000, 6000);  /* buffers of 4096 and 1904 */
	take(p[0], 5000);       /* the first is free; 1000 left in the second */
	put(p[1], 7192, 4096);  /* 3096 do not fit after 1904: one new page */
	char c = 0;
	CHECK(write(p[1], &c, 1) < 0 && errno == EAGAIN, "a full pipe took more");
	CHECK(fcntl(p[1], F_SETPIPE_SZ, 4096) < 0 && errno == EBUSY, "shrinking below its buffers: %s",
	      strerror(errno));
	CHECK(fcntl(p[1], F_SETPIPE_SZ, 16384) == 16384, "grow to 16384");
	put(p[1], 100, 100);    /* a third buffer */
	put(p[1], 8000, 8000);  /* 3904 join it, 4096 take the fourth */
	CHECK(write(p[1], "0123456789", 10) < 0 && errno == EAGAIN, "four full buffers took more");
	take(p[0], 1000);
	take(p[0], 4096);
	take(p[0], 8100);
	CHECK(read(p[0], &c, 1) < 0 && errno == EAGAIN, "bytes left over");

	CHECK(fcntl(p[1], F_SETPIPE_SZ, (1L << 31) + 1) < 0 && errno == EINVAL, "over 2^31: %s",
	      strerror(errno));
	int fd = open("/proc/self/exe", O_RDONLY);
	CHECK(fd >= 0 && fcntl(fd, F_GETPIPE_SZ) < 0 && errno == EBADF, "F_GETPIPE_SZ of a file: %s",
	      strerror(errno));
	close(fd);

	if (has_sys_resource()) {
		CHECK(fcntl(p[1], F_SETPIPE_SZ, 2 << 20) == 2 << 20, "root could not pass pipe-max-size");
		CHECK(fcntl(p[1], F_SETPIPE_SZ, 65536) == 65536, "back to 64 KiB");
		pid_t child = fork_or_fail();
		if (child == 0) {
			if (setuid(1000) != 0)
				_exit(2);
			if (fcntl(p[1], F_SETPIPE_SZ, 2 << 20) >= 0 || errno != EPERM)
				_exit(3);
			if (fcntl(p[1], F_SETPIPE_SZ, 1 << 20) != 1 << 20)
				_exit(4);
			_exit(0);
		}
		int st = wait_for(child);
		CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "as uid 1000: step %d failed", WEXITSTATUS(st));
	}
	return 0;
}
