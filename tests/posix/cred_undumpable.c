/* A process whose effective user or group changes is no longer dumpable
 * (Linux's commit_creds with suid_dumpable 0): PR_GET_DUMPABLE says 0 after
 * setuid(1000) or setegid; setting the ids it already has changes nothing;
 * PR_SET_DUMPABLE 1 makes it dumpable again. Runs as root. */
#include "ptest.h"
#include <sys/prctl.h>

static int dumpable(void)
{
	return prctl(PR_GET_DUMPABLE, 0, 0, 0, 0);
}

static void in_child(int step, void (*fn)(void))
{
	pid_t pid = fork_or_fail();
	if (pid == 0) {
		fn();
		_exit(0);
	}
	int st = wait_for(pid);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "step %d failed (status %#x)", step, st);
}

static void same_ids(void)
{
	if (dumpable() != 1 || setuid(0) != 0 || setresgid(0, 0, 0) != 0 || dumpable() != 1)
		fail("setting the same ids made it undumpable");
}

static void new_euid(void)
{
	if (setuid(1000) != 0 || dumpable() != 0)
		fail("setuid(1000): dumpable %d", dumpable());
	if (prctl(PR_SET_DUMPABLE, 1, 0, 0, 0) != 0 || dumpable() != 1)
		fail("PR_SET_DUMPABLE 1 did not take");
}

static void new_egid(void)
{
	if (setegid(1000) != 0 || dumpable() != 0)
		fail("setegid(1000): dumpable %d", dumpable());
}

int main(void)
{
	watchdog(20);
	if (getuid() != 0)
		fail("must run as root");
	in_child(1, same_ids);
	in_child(2, new_euid);
	in_child(3, new_egid);
	return 0;
}
