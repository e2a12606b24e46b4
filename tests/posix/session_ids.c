/* setsid in a child that leads no group makes it leader of a new session and
 * group (getsid = getpgid = getpid); a group leader's setsid is EPERM;
 * setpgid(0, 0) makes a new group; ids of unknown pids are ESRCH. */
#include "ptest.h"

int main(void)
{
	watchdog(20);
	pid_t pid = fork_or_fail();
	if (pid == 0) {
		pid_t me = getpid();
		if (getsid(0) == me || getpgid(0) == me)
			_exit(10); /* a fresh child leads nothing */
		if (setsid() != me)
			_exit(11);
		if (getsid(0) != me || getpgid(0) != me || getpgrp() != me)
			_exit(12);
		if (setsid() != -1 || errno != EPERM)
			_exit(13);
		if (setpgid(0, getppid()) != -1)
			_exit(14); /* a session leader may not change group */
		_exit(0);
	}
	int status = wait_for(pid);
	CHECK(WIFEXITED(status), "child status 0x%x", status);
	static const char *const what[] = { "a fresh child already led a session or group", "setsid failed",
	                                    "getsid/getpgid/getpgrp do not name the new leader",
	                                    "a second setsid was not EPERM", "a session leader changed its group" };
	CHECK(WEXITSTATUS(status) == 0, "%s", WEXITSTATUS(status) >= 10 && WEXITSTATUS(status) <= 14 ? what[WEXITSTATUS(status) - 10] : "?");

	pid = fork_or_fail();
	if (pid == 0) {
		if (setpgid(0, 0) != 0 || getpgrp() != getpid())
			_exit(1);
		_exit(getsid(0) == getsid(getppid()) ? 0 : 2); /* same session as the parent */
	}
	status = wait_for(pid);
	CHECK(status == 0, "setpgid(0, 0) child: status 0x%x", status);
	CHECK(getsid(0) == getsid(getpid()), "getsid(0) != getsid(getpid())");
	CHECK(getpgid(pid) == -1 && errno == ESRCH, "getpgid of a reaped child: %s, expected ESRCH", strerror(errno));
	CHECK(getsid(pid) == -1 && errno == ESRCH, "getsid of a reaped child: %s, expected ESRCH", strerror(errno));
	return 0;
}
