/* AF_UNIX datagram sockets bound to paths: sendto/recvfrom carry the
 * sender's address, each send is one record (two sends are never merged),
 * MSG_PEEK leaves the record queued, a short buffer truncates the record
 * (MSG_TRUNC in msg_flags; with the MSG_TRUNC flag recv answers the real
 * length), connect sets the default destination, a send with neither is
 * ENOTCONN, a datagram larger than SO_SNDBUF is EMSGSIZE, and the receiver
 * of an unnamed sender gets an address length of 0. */
#include "ptest.h"
#include <stddef.h>
#include <sys/socket.h>
#include <sys/un.h>

static socklen_t addr_of(struct sockaddr_un *a, const char *path)
{
	memset(a, 0, sizeof *a);
	a->sun_family = AF_UNIX;
	strcpy(a->sun_path, path);
	return (socklen_t)(offsetof(struct sockaddr_un, sun_path) + strlen(path) + 1);
}

int main(void)
{
	watchdog(30);
	const char *pa = "/tmp/sock_dgram_a", *pb = "/tmp/sock_dgram_b";
	unlink(pa);
	unlink(pb);
	struct sockaddr_un aa, ab;
	socklen_t la = addr_of(&aa, pa), lb = addr_of(&ab, pb);
	int a = socket(AF_UNIX, SOCK_DGRAM, 0), b = socket(AF_UNIX, SOCK_DGRAM, 0);
	CHECK(a >= 0 && b >= 0, "socket: %s", strerror(errno));
	CHECK(bind(a, (struct sockaddr *)&aa, la) == 0 && bind(b, (struct sockaddr *)&ab, lb) == 0, "bind: %s", strerror(errno));
	CHECK(send(a, "x", 1, 0) < 0 && errno == ENOTCONN, "send without a destination: %s", strerror(errno));

	CHECK(sendto(a, "first", 5, 0, (struct sockaddr *)&ab, lb) == 5, "sendto: %s", strerror(errno));
	CHECK(sendto(a, "second!", 7, 0, (struct sockaddr *)&ab, lb) == 7, "sendto: %s", strerror(errno));
	char buf[64];
	struct sockaddr_un from;
	socklen_t fl = sizeof from;
	CHECK(recv(b, buf, sizeof buf, MSG_PEEK) == 5, "peek");
	ssize_t n = recvfrom(b, buf, sizeof buf, 0, (struct sockaddr *)&from, &fl);
	CHECK(n == 5 && memcmp(buf, "first", 5) == 0, "first record: %zd", n);
	CHECK(fl == la && strcmp(from.sun_path, pa) == 0, "sender address: len %u '%s'", (unsigned)fl, from.sun_path);

	/* truncation: 3 of 7 bytes, the rest is gone */
	struct iovec iov = { buf, 3 };
	struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1 };
	n = recvmsg(b, &m, 0);
	CHECK(n == 3 && (m.msg_flags & MSG_TRUNC) && memcmp(buf, "sec", 3) == 0, "truncated record: %zd flags 0x%x", n, m.msg_flags);
	CHECK(recv(b, buf, sizeof buf, MSG_DONTWAIT) < 0 && errno == EAGAIN, "the truncated rest was not dropped");
	CHECK(sendto(a, "0123456789", 10, 0, (struct sockaddr *)&ab, lb) == 10, "sendto");
	CHECK(recv(b, buf, 4, MSG_TRUNC) == 10, "MSG_TRUNC answers the whole length");

	/* the default destination */
	CHECK(connect(a, (struct sockaddr *)&ab, lb) == 0, "connect: %s", strerror(errno));
	CHECK(write(a, "w1", 2) == 2 && send(a, "w2", 2, 0) == 2, "write to the default destination");
	CHECK(read(b, buf, sizeof buf) == 2 && memcmp(buf, "w1", 2) == 0, "read w1");
	CHECK(read(b, buf, sizeof buf) == 2 && memcmp(buf, "w2", 2) == 0, "read w2");

	/* an unnamed sender: address length 0 */
	int u = socket(AF_UNIX, SOCK_DGRAM, 0);
	CHECK(sendto(u, "u", 1, 0, (struct sockaddr *)&ab, lb) == 1, "sendto from unnamed: %s", strerror(errno));
	fl = sizeof from;
	CHECK(recvfrom(b, buf, sizeof buf, 0, (struct sockaddr *)&from, &fl) == 1 && fl == 0,
	      "from an unnamed socket: address length %u", (unsigned)fl);

	int sndbuf = 0;
	socklen_t sl = sizeof sndbuf;
	CHECK(getsockopt(u, SOL_SOCKET, SO_SNDBUF, &sndbuf, &sl) == 0 && sndbuf > 0, "SO_SNDBUF");
	static char big[1 << 20];
	CHECK(sendto(u, big, (size_t)sndbuf + 1, 0, (struct sockaddr *)&ab, lb) < 0 && errno == EMSGSIZE,
	      "a datagram larger than SO_SNDBUF: %s", strerror(errno));
	int type = 0;
	sl = sizeof type;
	CHECK(getsockopt(u, SOL_SOCKET, SO_TYPE, &type, &sl) == 0 && type == SOCK_DGRAM, "SO_TYPE %d", type);
	unlink(pa);
	unlink(pb);
	return 0;
}
