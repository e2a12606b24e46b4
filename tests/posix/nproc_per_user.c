/* RLIMIT_NPROC counts a user's tasks (processes and their threads, by real
 * uid): at the limit fork and pthread_create fail with EAGAIN, and root,
 * which is exempt, can still fork while the user holds every slot it may.
 * With the default limit a user forking without end is stopped before it
 * takes the whole process table. */
#include "ptest.h"
#include <pthread.h>
#include <sys/resource.h>

/* Forks children that wait on `hold` until fork fails or max is reached;
   returns how many it made (the children die when hold's writer closes). */
static int fork_until_refused(int hold, int max, int *err)
{
	int n = 0;
	*err = 0;
	for (; n < max; n++) {
		pid_t c = fork();
		if (c < 0) {
			*err = errno;
			break;
		}
		if (c == 0) {
			char x;
			read(hold, &x, 1);
			_exit(0);
		}
	}
	return n;
}

static void *idle(void *arg)
{
	return arg;
}

int main(void)
{
	watchdog(120);
	int hold[2], report[2];
	CHECK(pipe(hold) == 0 && pipe(report) == 0, "pipe: %s", strerror(errno));
	pid_t user = fork_or_fail();
	if (user == 0) {
		close(hold[1]);
		struct rlimit rl = { 5, 5 };
		CHECK(setrlimit(RLIMIT_NPROC, &rl) == 0, "setrlimit: %s", strerror(errno));
		CHECK(setgid(1000) == 0 && setuid(1000) == 0, "setuid: %s", strerror(errno));
		int err;
		int n = fork_until_refused(hold[0], 100, &err);
		CHECK(n == 4 && err == EAGAIN, "with RLIMIT_NPROC 5 the user forked %d more (%s), expected 4 then EAGAIN",
		      n, strerror(err));
		pthread_t th;
		int r = pthread_create(&th, NULL, idle, NULL);
		CHECK(r == EAGAIN, "a thread past the limit: %s", strerror(r));
		write(report[1], "f", 1); /* the user holds its slots now */
		for (int i = 0; i < n; i++)
			wait(NULL); /* until root lets them go */
		CHECK(pthread_create(&th, NULL, idle, NULL) == 0, "a thread after the children left");
		pthread_join(th, NULL);
		_exit(0);
	}
	char x;
	CHECK(read(report[0], &x, 1) == 1, "the user did not report");
	pid_t c = fork_or_fail(); /* root is not counted against the user */
	if (c == 0)
		_exit(0);
	wait_for(c);
	close(hold[1]);
	int status = wait_for(user);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "the user: status 0x%x", status);

	/* The default limit: a user forking without end is stopped, root goes on. */
	CHECK(pipe(hold) == 0, "pipe: %s", strerror(errno));
	user = fork_or_fail();
	if (user == 0) {
		close(hold[1]);
		CHECK(setgid(1000) == 0 && setuid(1000) == 0, "setuid: %s", strerror(errno));
		int err;
		int n = fork_until_refused(hold[0], 100000, &err);
		CHECK(err == EAGAIN, "the endless fork stopped after %d with %s", n, strerror(err));
		write(report[1], "f", 1);
		for (int i = 0; i < n; i++)
			wait(NULL);
		_exit(0);
	}
	CHECK(read(report[0], &x, 1) == 1, "the endless forker did not report");
	c = fork_or_fail();
	if (c == 0)
		_exit(0);
	wait_for(c);
	close(hold[1]);
	status = wait_for(user);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "the endless forker: status 0x%x", status);
	return 0;
}
