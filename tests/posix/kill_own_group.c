/* kill(0, sig) and kill(-pgrp, sig) reach every member of the group, the
 * caller included: a process that kills its own group (of two or more) dies
 * of the signal with the others, and everything outside the group goes on.
 * (On Calyx this once took the POSIX server down: the caller was freed
 * part-way through the group.) kill(-1, sig) reaches everyone but the
 * caller and init: 0 when it signalled anyone. */
#include "ptest.h"
#include <limits.h>

/* A group of three: a leader that waits until its two members run, then
 * kills the group the way `how` says; all three hold the write end of
 * `done`, so the parent's read sees EOF only when all three are gone. */
static void group_kills_itself(const char *how, int sig)
{
	int done[2];
	CHECK(pipe(done) == 0, "pipe: %s", strerror(errno));
	pid_t leader = fork_or_fail();
	if (leader == 0) {
		int ready[2];
		CHECK(pipe(ready) == 0, "pipe: %s", strerror(errno));
		CHECK(setpgid(0, 0) == 0, "setpgid: %s", strerror(errno));
		close(done[0]);
		for (int i = 0; i < 2; i++) {
			if (fork_or_fail() == 0) {
				write(ready[1], "m", 1);
				for (;;)
					pause();
			}
		}
		close(ready[1]);
		char c;
		for (int i = 0; i < 2; i++)
			CHECK(read(ready[0], &c, 1) == 1, "%s: a member did not start", how);
		int r = strcmp(how, "0") == 0 ? kill(0, sig) : kill(-getpgrp(), sig);
		fail("%s: kill(%s, %d) returned %d (%s) and the caller lived on", how, how, sig, r,
		     strerror(errno));
	}
	close(done[1]);
	int status = wait_for(leader);
	CHECK(WIFSIGNALED(status) && WTERMSIG(status) == sig,
	      "%s: the leader: status 0x%x, expected death by signal %d", how, status, sig);
	char c;
	CHECK(read(done[0], &c, 1) == 0, "%s: a member outlived its group's kill", how);
	close(done[0]);
}

int main(void)
{
	watchdog(30);
	group_kills_itself("0", SIGKILL);
	group_kills_itself("-pgrp", SIGKILL);
	group_kills_itself("0", SIGTERM);

	/* The system goes on: a new child runs and reports. */
	pid_t c = fork_or_fail();
	if (c == 0)
		_exit(42);
	int status = wait_for(c);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 42, "after the kills: status 0x%x", status);

	/* kill(-1, 0) from root: its own child is someone to signal. */
	c = fork_or_fail();
	if (c == 0) {
		for (;;)
			pause();
	}
	CHECK(kill(-1, 0) == 0, "kill(-1, 0) with a child alive: %s", strerror(errno));
	kill(c, SIGKILL);
	wait_for(c);
	CHECK(kill(INT_MIN, 0) == -1 && errno == ESRCH, "kill(INT_MIN): %s", strerror(errno));
	return 0;
}
