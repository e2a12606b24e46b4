/* AF_UNIX sequenced-packet sockets: connection-oriented like streams
 * (listen, connect, accept on an abstract name) but every send is one record
 * received whole, or truncated with MSG_TRUNC; end of file when the peer
 * closes; a send after that is EPIPE; a send on an unconnected socket is
 * ENOTCONN; a stream socket does not find its abstract name (abstract
 * names are per type): ECONNREFUSED. */
#include "ptest.h"
#include <stddef.h>
#include <sys/socket.h>
#include <sys/un.h>

int main(void)
{
	watchdog(30);
	signal(SIGPIPE, SIG_IGN);
	struct sockaddr_un a = { .sun_family = AF_UNIX };
	memcpy(a.sun_path, "\0sock_seqpacket_test", 20);
	socklen_t alen = offsetof(struct sockaddr_un, sun_path) + 20;
	int l = socket(AF_UNIX, SOCK_SEQPACKET, 0);
	CHECK(l >= 0, "socket: %s", strerror(errno));
	CHECK(send(l, "x", 1, 0) < 0 && errno == ENOTCONN, "send unconnected: %s", strerror(errno));
	CHECK(bind(l, (struct sockaddr *)&a, alen) == 0 && listen(l, 1) == 0, "bind/listen: %s", strerror(errno));
	int s = socket(AF_UNIX, SOCK_STREAM, 0);
	CHECK(connect(s, (struct sockaddr *)&a, alen) < 0 && errno == ECONNREFUSED, "stream to seqpacket: %s", strerror(errno));

	int c = socket(AF_UNIX, SOCK_SEQPACKET, 0);
	CHECK(connect(c, (struct sockaddr *)&a, alen) == 0, "connect: %s", strerror(errno));
	int d = accept(l, NULL, NULL);
	CHECK(d >= 0, "accept: %s", strerror(errno));
	CHECK(send(c, "one", 3, 0) == 3 && send(c, "two!", 4, 0) == 4 && send(c, "three", 5, 0) == 5, "send: %s", strerror(errno));
	char buf[64];
	CHECK(recv(d, buf, sizeof buf, 0) == 3 && memcmp(buf, "one", 3) == 0, "record one");
	struct iovec iov = { buf, 2 };
	struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1 };
	ssize_t n = recvmsg(d, &m, 0);
	CHECK(n == 2 && (m.msg_flags & MSG_TRUNC), "truncated record: %zd flags 0x%x", n, m.msg_flags);
	CHECK(read(d, buf, sizeof buf) == 5 && memcmp(buf, "three", 5) == 0, "record three");
	close(c);
	CHECK(recv(d, buf, sizeof buf, 0) == 0, "end of file after the peer closed");
	CHECK(send(d, "x", 1, 0) < 0 && errno == EPIPE, "send to a closed peer: %s", strerror(errno));
	return 0;
}
