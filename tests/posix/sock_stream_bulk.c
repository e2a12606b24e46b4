/* A blocking AF_UNIX stream carries 4 MiB from a forked writer to a reader
 * in order and complete: the writer blocks while the socket is full and goes
 * on as the reader drains it (write may return short counts, which the
 * writer continues); MSG_WAITALL fills the whole buffer before returning. */
#include "ptest.h"
#include <sys/socket.h>

#define TOTAL (4u << 20)

static unsigned char byte_at(size_t i)
{
	return (unsigned char)(i * 7 + i / 4096);
}

int main(void)
{
	watchdog(60);
	int sv[2];
	CHECK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0, "socketpair: %s", strerror(errno));
	pid_t pid = fork_or_fail();
	if (pid == 0) {
		close(sv[0]);
		static unsigned char buf[300000];
		size_t sent = 0;
		while (sent < TOTAL) {
			size_t n = TOTAL - sent < sizeof buf ? TOTAL - sent : sizeof buf;
			for (size_t i = 0; i < n; i++)
				buf[i] = byte_at(sent + i);
			size_t off = 0;
			while (off < n) {
				ssize_t w = write(sv[1], buf + off, n - off);
				if (w <= 0)
					fail("write: %s", strerror(errno));
				off += (size_t)w;
			}
			sent += n;
		}
		_exit(0);
	}
	close(sv[1]);
	usleep(100000); /* the writer fills the socket and blocks */
	static unsigned char buf[65536];
	size_t got = 0;
	for (;;) {
		ssize_t n = recv(sv[0], buf, sizeof buf, MSG_WAITALL);
		CHECK(n >= 0, "recv: %s", strerror(errno));
		if (n == 0)
			break;
		CHECK(n == (ssize_t)sizeof buf || got + (size_t)n == TOTAL, "MSG_WAITALL returned %zd at %zu", n, got);
		for (ssize_t i = 0; i < n; i++)
			CHECK(buf[i] == byte_at(got + (size_t)i), "byte %zu differs", got + (size_t)i);
		got += (size_t)n;
	}
	CHECK(got == TOTAL, "received %zu bytes, expected %u", got, TOTAL);
	int status = wait_for(pid);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "writer status 0x%x", status);
	return 0;
}
