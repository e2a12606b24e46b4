/* The errors of the socket calls, as Linux gives them for AF_UNIX: EFAULT
 * for bad pointers in bind, connect, sendmsg, recvmsg and socketpair; EBADF
 * for a closed descriptor; ENOTSOCK for a regular file; EAFNOSUPPORT for an
 * unknown family; EINVAL for bad type flags or a sun_path longer than 108
 * bytes; EPROTONOSUPPORT for a protocol; EPROTOTYPE when a path names a
 * socket of another type; EINVAL for listen on an unbound socket;
 * EOPNOTSUPP for listen on a datagram socket; ENOPROTOOPT for an unknown
 * option; EISCONN for a second connect. (The header pointers go through
 * syscall(): musl's wrappers read the header themselves.) */
#include "ptest.h"
#include <fcntl.h>
#include <stddef.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/un.h>

#define BAD ((void *)16)

int main(void)
{
	watchdog(30);
	int s = socket(AF_UNIX, SOCK_STREAM, 0);
	CHECK(s >= 0, "socket: %s", strerror(errno));
	CHECK(socket(12345, SOCK_STREAM, 0) < 0 && errno == EAFNOSUPPORT, "family: %s", strerror(errno));
	CHECK(socket(AF_UNIX, SOCK_STREAM | 0x10000, 0) < 0 && errno == EINVAL, "type flags: %s", strerror(errno));
	CHECK(socket(AF_UNIX, SOCK_STREAM, 7) < 0 && errno == EPROTONOSUPPORT, "protocol: %s", strerror(errno));
	CHECK(syscall(SYS_socketpair, AF_UNIX, SOCK_STREAM, 0, BAD) < 0 && errno == EFAULT, "socketpair: %s", strerror(errno));
	CHECK(bind(s, BAD, sizeof(struct sockaddr_un)) < 0 && errno == EFAULT, "bind: %s", strerror(errno));
	CHECK(connect(s, BAD, sizeof(struct sockaddr_un)) < 0 && errno == EFAULT, "connect: %s", strerror(errno));

	struct { struct sockaddr_un a; char more[8]; } big;
	memset(&big, 'a', sizeof big);
	big.a.sun_family = AF_UNIX;
	CHECK(bind(s, (struct sockaddr *)&big, sizeof big.a + 1) < 0 && errno == EINVAL, "a too long address: %s", strerror(errno));

	int sv[2];
	CHECK(socketpair(AF_UNIX, SOCK_DGRAM, 0, sv) == 0, "socketpair: %s", strerror(errno));
	CHECK(syscall(SYS_sendmsg, sv[0], BAD, 0) < 0 && errno == EFAULT, "sendmsg header: %s", strerror(errno));
	CHECK(syscall(SYS_recvmsg, sv[0], BAD, 0) < 0 && errno == EFAULT, "recvmsg header: %s", strerror(errno));
	struct iovec iov = { BAD, 4 };
	struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1 };
	CHECK(sendmsg(sv[0], &m, 0) < 0 && errno == EFAULT, "sendmsg data: %s", strerror(errno));
	CHECK(send(sv[0], "data", 4, 0) == 4, "send");
	CHECK(recvmsg(sv[1], &m, 0) < 0 && errno == EFAULT, "recvmsg data: %s", strerror(errno));
	struct msghdr c = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = BAD, .msg_controllen = 64 };
	iov.iov_base = "data";
	CHECK(syscall(SYS_sendmsg, sv[0], &c, 0) < 0 && errno == EFAULT, "sendmsg control: %s", strerror(errno));

	int closed = dup(s);
	close(closed);
	CHECK(listen(closed, 1) < 0 && errno == EBADF, "EBADF: %s", strerror(errno));
	int f = open("/tmp/sock_errors.txt", O_RDWR | O_CREAT, 0600);
	CHECK(listen(f, 1) < 0 && errno == ENOTSOCK, "ENOTSOCK listen: %s", strerror(errno));
	CHECK(send(f, "x", 1, 0) < 0 && errno == ENOTSOCK, "ENOTSOCK send: %s", strerror(errno));
	unlink("/tmp/sock_errors.txt");

	CHECK(listen(s, 1) < 0 && errno == EINVAL, "listen unbound: %s", strerror(errno));
	CHECK(listen(sv[0], 1) < 0 && errno == EOPNOTSUPP, "listen on a datagram socket: %s", strerror(errno));
	int v = 0;
	socklen_t vl = sizeof v;
	CHECK(getsockopt(s, SOL_SOCKET, 12345, &v, &vl) < 0 && errno == ENOPROTOOPT, "unknown option: %s", strerror(errno));

	/* a path names a socket of another type */
	struct sockaddr_un a = { .sun_family = AF_UNIX };
	strcpy(a.sun_path, "/tmp/sock_errors.sock");
	unlink(a.sun_path);
	CHECK(bind(sv[0], (struct sockaddr *)&a, sizeof a) == 0, "bind: %s", strerror(errno));
	CHECK(connect(s, (struct sockaddr *)&a, sizeof a) < 0 && errno == EPROTOTYPE, "EPROTOTYPE: %s", strerror(errno));
	int l = socket(AF_UNIX, SOCK_STREAM, 0);
	strcpy(a.sun_path, "/tmp/sock_errors.listen");
	unlink(a.sun_path);
	CHECK(bind(l, (struct sockaddr *)&a, sizeof a) == 0 && listen(l, 1) == 0, "listen: %s", strerror(errno));
	CHECK(connect(s, (struct sockaddr *)&a, sizeof a) == 0, "connect: %s", strerror(errno));
	CHECK(connect(s, (struct sockaddr *)&a, sizeof a) < 0 && errno == EISCONN, "second connect: %s", strerror(errno));
	unlink(a.sun_path);
	unlink("/tmp/sock_errors.sock");
	return 0;
}
