/* A signal interrupts a blocked AF_UNIX receive or accept like a pipe read:
 * EINTR after a handler without SA_RESTART; after an SA_RESTART handler the
 * call goes on and receives the data that came later. */
#include "ptest.h"
#include <stddef.h>
#include <sys/socket.h>
#include <sys/un.h>

static volatile sig_atomic_t hits;

static void on_usr1(int sig)
{
	(void)sig;
	hits++;
}

static void handle(int restart)
{
	struct sigaction sa = { .sa_handler = on_usr1, .sa_flags = restart ? SA_RESTART : 0 };
	sigemptyset(&sa.sa_mask);
	CHECK(sigaction(SIGUSR1, &sa, NULL) == 0, "sigaction: %s", strerror(errno));
}

int main(void)
{
	watchdog(30);
	int sv[2];
	CHECK(socketpair(AF_UNIX, SOCK_DGRAM, 0, sv) == 0, "socketpair: %s", strerror(errno));
	pid_t parent = getpid();
	char buf[8];

	handle(0);
	pid_t pid = fork_or_fail();
	if (pid == 0) {
		usleep(100000);
		kill(parent, SIGUSR1);
		_exit(0);
	}
	errno = 0;
	CHECK(recv(sv[0], buf, sizeof buf, 0) < 0 && errno == EINTR, "recv: %s, expected EINTR", strerror(errno));
	CHECK(hits == 1, "handler ran %d times", (int)hits);
	wait_for(pid);

	handle(1);
	pid = fork_or_fail();
	if (pid == 0) {
		usleep(100000);
		kill(parent, SIGUSR1);
		usleep(100000);
		send(sv[1], "late", 4, 0);
		_exit(0);
	}
	ssize_t n = recv(sv[0], buf, sizeof buf, 0);
	CHECK(n == 4 && memcmp(buf, "late", 4) == 0, "restarted recv: %zd %s", n, strerror(errno));
	CHECK(hits == 2, "handler ran %d times", (int)hits);
	wait_for(pid);

	/* accept too */
	handle(0);
	struct sockaddr_un a = { .sun_family = AF_UNIX };
	memcpy(a.sun_path, "\0sock_recv_eintr", 16);
	int l = socket(AF_UNIX, SOCK_STREAM, 0);
	CHECK(bind(l, (struct sockaddr *)&a, offsetof(struct sockaddr_un, sun_path) + 16) == 0 && listen(l, 1) == 0,
	      "bind/listen: %s", strerror(errno));
	pid = fork_or_fail();
	if (pid == 0) {
		usleep(100000);
		kill(parent, SIGUSR1);
		_exit(0);
	}
	errno = 0;
	CHECK(accept(l, NULL, NULL) < 0 && errno == EINTR, "accept: %s, expected EINTR", strerror(errno));
	wait_for(pid);
	return 0;
}
