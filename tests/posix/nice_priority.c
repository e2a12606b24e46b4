/* Nice values: nice() and setpriority raise a process's nice value, a child
 * inherits it, getpriority reads it (for the process, its group and its
 * user), /proc/self/stat shows it, values are clamped to 19, only root lowers
 * one (EACCES), others' processes are EPERM, and a missing pid is ESRCH. */
#include "ptest.h"
#include <fcntl.h>
#include <sys/resource.h>

/* Field 19 of /proc/self/stat: the nice value. */
static long stat_nice(void)
{
	char buf[1024];
	int fd = open("/proc/self/stat", O_RDONLY);
	long n = fd < 0 ? -1 : read(fd, buf, sizeof buf - 1);
	if (n <= 0)
		fail("reading /proc/self/stat: %s", strerror(errno));
	close(fd);
	buf[n] = 0;
	char *s = strrchr(buf, ')'); /* after the command name */
	long v = 0;
	for (int field = 3; s && field <= 19; field++) {
		s = strchr(s + 1, ' ');
		if (s && field == 19)
			v = strtol(s + 1, NULL, 10);
	}
	return v;
}

int main(void)
{
	watchdog(20);
	errno = 0;
	CHECK(getpriority(PRIO_PROCESS, 0) == 0 && errno == 0, "starting nice value is not 0");
	CHECK(nice(5) == 5, "nice(5): %s", strerror(errno));
	CHECK(getpriority(PRIO_PROCESS, 0) == 5, "getpriority after nice(5)");
	CHECK(getpriority(PRIO_PROCESS, getpid()) == 5, "getpriority by pid");
	CHECK(getpriority(PRIO_PGRP, 0) <= 5, "getpriority of the group");
	CHECK(getpriority(PRIO_USER, 0) <= 5, "getpriority of the user");
	CHECK(stat_nice() == 5, "/proc/self/stat nice %ld", stat_nice());
	CHECK(setpriority(PRIO_PROCESS, 0, 100) == 0, "setpriority 100: %s", strerror(errno));
	CHECK(getpriority(PRIO_PROCESS, 0) == 19, "nice not clamped to 19");
	CHECK(setpriority(PRIO_PROCESS, 0, 3) == 0, "root lowers its nice value: %s", strerror(errno));
	CHECK(setpriority(PRIO_PROCESS, 999999, 1) == -1 && errno == ESRCH, "a missing pid: %s", strerror(errno));
	CHECK(setpriority(7, 0, 1) == -1 && errno == EINVAL, "a bad which: %s", strerror(errno));

	pid_t c = fork_or_fail();
	if (c == 0) {
		CHECK(getpriority(PRIO_PROCESS, 0) == 3, "the child did not inherit nice 3");
		CHECK(setuid(1000) == 0, "setuid: %s", strerror(errno));
		CHECK(setpriority(PRIO_PROCESS, 0, 1) == -1 && errno == EACCES,
		      "a user lowering its nice value: %s", strerror(errno));
		CHECK(setpriority(PRIO_PROCESS, 0, 10) == 0, "a user raising its nice value: %s", strerror(errno));
		CHECK(setpriority(PRIO_PROCESS, getppid(), 10) == -1 && errno == EPERM,
		      "a user changing root's process: %s", strerror(errno));
		_exit(0);
	}
	int status = wait_for(c);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "the child: status 0x%x", status);
	CHECK(getpriority(PRIO_PROCESS, 0) == 3, "the child changed the parent's nice value");
	return 0;
}
