/* kill(-pgid) signals every member of a process group and nobody else. */
#include "ptest.h"

#define MEMBERS 3

int main(void)
{
	watchdog(30);
	pid_t members[MEMBERS], pgid = 0;
	for (int i = 0; i < MEMBERS; i++) {
		pid_t pid = fork_or_fail();
		if (pid == 0) {
			alarm(25);
			for (;;)
				pause();
		}
		if (i == 0)
			pgid = pid;
		/* Both sides may call setpgid; the parent's call removes the race. */
		CHECK(setpgid(pid, pgid) == 0, "setpgid(%d, %d): %s", (int)pid, (int)pgid, strerror(errno));
		members[i] = pid;
	}
	pid_t outsider = fork_or_fail();
	if (outsider == 0) {
		alarm(25);
		for (;;)
			pause();
	}
	CHECK(getpgid(members[2]) == pgid, "getpgid of a member: %d, expected %d", (int)getpgid(members[2]), (int)pgid);
	CHECK(getpgid(outsider) == getpgrp(), "the outsider left the parent's group");
	CHECK(kill(-pgid, SIGTERM) == 0, "kill(-%d): %s", (int)pgid, strerror(errno));
	for (int i = 0; i < MEMBERS; i++) {
		int status = wait_for(members[i]);
		CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGTERM, "member %d: status 0x%x, expected SIGTERM", i, status);
	}
	int status;
	CHECK(wait4(outsider, &status, WNOHANG, NULL) == 0, "the outsider died too");
	kill(outsider, SIGKILL);
	status = wait_for(outsider);
	CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL, "outsider: status 0x%x", status);
	CHECK(kill(-pgid, SIGTERM) == -1 && errno == ESRCH, "kill of an empty group: %s, expected ESRCH", strerror(errno));
	return 0;
}
