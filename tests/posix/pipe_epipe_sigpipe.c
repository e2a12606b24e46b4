/* Writing to a pipe whose read ends are all closed raises SIGPIPE (default:
 * death by SIGPIPE) and, when SIGPIPE is ignored or caught, fails with EPIPE;
 * a writer blocked on a full pipe gets the same when the last reader goes. */
#include "ptest.h"
#include <fcntl.h>

static volatile sig_atomic_t caught;
static void on_pipe(int sig) { (void)sig; caught++; }

int main(void)
{
	watchdog(20);
	int p[2];
	/* Default action: the writer dies of SIGPIPE. */
	CHECK(pipe(p) == 0, "pipe: %s", strerror(errno));
	pid_t pid = fork_or_fail();
	if (pid == 0) {
		close(p[0]);
		write(p[1], "x", 1);
		_exit(3);
	}
	close(p[0]);
	close(p[1]);
	int st = wait_for(pid);
	CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGPIPE, "writer status 0x%x, expected SIGPIPE", st);

	/* Caught: the handler runs and write fails with EPIPE. */
	struct sigaction sa = { .sa_handler = on_pipe };
	sigemptyset(&sa.sa_mask);
	sigaction(SIGPIPE, &sa, NULL);
	CHECK(pipe(p) == 0, "pipe: %s", strerror(errno));
	close(p[0]);
	ssize_t r = write(p[1], "x", 1);
	CHECK(r == -1 && errno == EPIPE, "write gave %zd (%s), expected EPIPE", r, strerror(errno));
	CHECK(caught == 1, "SIGPIPE handler ran %d times", (int)caught);
	close(p[1]);

	/* A writer blocked on a full pipe: the reader exits, the write ends with EPIPE. */
	signal(SIGPIPE, SIG_IGN);
	CHECK(pipe(p) == 0, "pipe: %s", strerror(errno));
	fcntl(p[1], F_SETFL, O_NONBLOCK);
	static char big[4096];
	while (write(p[1], big, sizeof big) > 0)
		;
	CHECK(errno == EAGAIN, "filling the pipe ended with %s", strerror(errno));
	fcntl(p[1], F_SETFL, 0);
	pid = fork_or_fail();
	if (pid == 0) {
		close(p[1]);
		usleep(200000);
		_exit(0); /* the last reader goes */
	}
	close(p[0]);
	r = write(p[1], big, sizeof big);
	CHECK(r == -1 && errno == EPIPE, "blocked write gave %zd (%s), expected EPIPE", r, strerror(errno));
	wait_for(pid);
	return 0;
}
