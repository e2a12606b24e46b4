/* AF_UNIX abstract names (sun_path[0] == 0): no filesystem node; the name is
 * the exact bytes and length given (getsockname reports them), is in use
 * while the socket is open (EADDRINUSE) and free again when it closes;
 * binding with only the family (autobind) picks an abstract name of five
 * hex digits; datagrams reach a socket by its abstract name. */
#include "ptest.h"
#include <stddef.h>
#include <sys/socket.h>
#include <sys/un.h>

int main(void)
{
	watchdog(30);
	struct sockaddr_un a = { .sun_family = AF_UNIX };
	memcpy(a.sun_path, "\0calyx-abstract\0x", 17); /* embedded NULs count */
	socklen_t alen = offsetof(struct sockaddr_un, sun_path) + 17;
	int s = socket(AF_UNIX, SOCK_DGRAM, 0);
	CHECK(bind(s, (struct sockaddr *)&a, alen) == 0, "bind: %s", strerror(errno));
	struct sockaddr_un got;
	socklen_t gl = sizeof got;
	CHECK(getsockname(s, (struct sockaddr *)&got, &gl) == 0 && gl == alen && memcmp(&got, &a, alen) == 0,
	      "getsockname: length %u", (unsigned)gl);
	int t = socket(AF_UNIX, SOCK_DGRAM, 0);
	CHECK(bind(t, (struct sockaddr *)&a, alen) < 0 && errno == EADDRINUSE, "second bind: %s", strerror(errno));
	/* a shorter name is another name */
	CHECK(bind(t, (struct sockaddr *)&a, alen - 2) == 0, "bind of a prefix: %s", strerror(errno));

	int u = socket(AF_UNIX, SOCK_DGRAM, 0);
	CHECK(bind(u, (struct sockaddr *)&a, sizeof(sa_family_t)) == 0, "autobind: %s", strerror(errno));
	gl = sizeof got;
	CHECK(getsockname(u, (struct sockaddr *)&got, &gl) == 0, "getsockname: %s", strerror(errno));
	CHECK(gl == offsetof(struct sockaddr_un, sun_path) + 6 && got.sun_path[0] == 0, "autobind name length %u", (unsigned)gl);
	for (int i = 1; i < 6; i++)
		CHECK(strchr("0123456789abcdef", got.sun_path[i]) && got.sun_path[i], "autobind name byte %d", i);

	CHECK(sendto(u, "abs", 3, 0, (struct sockaddr *)&a, alen) == 3, "sendto: %s", strerror(errno));
	char buf[8];
	struct sockaddr_un from;
	socklen_t fl = sizeof from;
	CHECK(recvfrom(s, buf, sizeof buf, 0, (struct sockaddr *)&from, &fl) == 3, "recvfrom: %s", strerror(errno));
	CHECK(fl == gl && memcmp(&from, &got, gl) == 0, "sender: the autobound name");

	close(s);
	s = socket(AF_UNIX, SOCK_DGRAM, 0);
	CHECK(bind(s, (struct sockaddr *)&a, alen) == 0, "bind after close: %s", strerror(errno));
	return 0;
}
