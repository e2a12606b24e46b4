/* O_NONBLOCK pipes: reading an empty pipe with a writer is EAGAIN, writing a
 * full pipe is EAGAIN, and a write of at most PIPE_BUF bytes that does not fit
 * whole is EAGAIN (nothing written) while a bigger one writes what fits.
 * (Linux keeps pipe data in pages, so the test only frees whole PIPE_BUF
 * units before expecting a write to fit.) */
#include "ptest.h"
#include <fcntl.h>
#include <limits.h>

int main(void)
{
	watchdog(20);
	int p[2];
	CHECK(pipe2(p, O_NONBLOCK) == 0, "pipe2: %s", strerror(errno));
	CHECK(fcntl(p[0], F_GETFL) & O_NONBLOCK, "read end lacks O_NONBLOCK");
	char buf[PIPE_BUF];
	ssize_t r = read(p[0], buf, sizeof buf);
	CHECK(r == -1 && errno == EAGAIN, "empty read gave %zd (%s)", r, strerror(errno));
	/* Fill with single bytes to the last byte. */
	static char chunk[1024];
	size_t total = 0;
	while ((r = write(p[1], chunk, sizeof chunk)) > 0)
		total += (size_t)r;
	CHECK(r == -1 && errno == EAGAIN, "full write gave %zd (%s)", r, strerror(errno));
	while ((r = write(p[1], chunk, 1)) == 1)
		total++;
	CHECK(r == -1 && errno == EAGAIN, "full 1-byte write gave %zd (%s)", r, strerror(errno));
	CHECK(total >= PIPE_BUF, "pipe held only %zu bytes", total);
	/* Free a little less than PIPE_BUF: a PIPE_BUF write must not go in. */
	CHECK(read(p[0], buf, PIPE_BUF - 1) == PIPE_BUF - 1, "read to make room failed");
	r = write(p[1], buf, PIPE_BUF);
	CHECK(r == -1 && errno == EAGAIN, "PIPE_BUF write into %d free bytes gave %zd (%s)",
	      PIPE_BUF - 1, r, strerror(errno));
	/* With PIPE_BUF bytes free it goes in whole. */
	CHECK(read(p[0], buf, 1) == 1, "read of one more byte failed");
	r = write(p[1], buf, PIPE_BUF);
	CHECK(r == PIPE_BUF, "PIPE_BUF write into PIPE_BUF free bytes gave %zd (%s)", r, strerror(errno));
	/* Drain and check the count. */
	size_t drained = 0;
	while ((r = read(p[0], buf, sizeof buf)) > 0)
		drained += (size_t)r;
	CHECK(r == -1 && errno == EAGAIN, "drained read gave %zd (%s)", r, strerror(errno));
	CHECK(drained == total, "drained %zu bytes, expected %zu", drained, total);
	/* A write bigger than PIPE_BUF into an empty pipe with some room is partial or whole, never EAGAIN. */
	static char huge[4 * 65536];
	r = write(p[1], huge, sizeof huge);
	CHECK(r > 0 && r < (ssize_t)sizeof huge, "big non-blocking write gave %zd (%s)", r, strerror(errno));
	return 0;
}
