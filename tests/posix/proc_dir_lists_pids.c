/* readdir(/proc) lists one numeric directory per process: a forked child's
 * pid is there while it lives (and while it is a zombie), /proc/<pid> is a
 * directory, and both are gone once the child has been reaped. */
#include "ptest.h"
#include <dirent.h>
#include <sys/stat.h>

static int listed(pid_t pid)
{
	DIR *d = opendir("/proc");
	if (!d)
		fail("opendir /proc: %s", strerror(errno));
	char want[16];
	snprintf(want, sizeof want, "%d", (int)pid);
	int found = 0, self = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (strcmp(e->d_name, want) == 0)
			found++;
		if (atoi(e->d_name) == getpid())
			self++;
	}
	closedir(d);
	CHECK(self == 1, "the caller's own pid is listed %d times", self);
	return found;
}

int main(void)
{
	watchdog(20);
	pid_t pid = fork_or_fail();
	if (pid == 0) {
		pause();
		_exit(1);
	}
	CHECK(listed(pid) == 1, "live child %d is not listed once in /proc", (int)pid);
	char path[32];
	struct stat st;
	snprintf(path, sizeof path, "/proc/%d", (int)pid);
	CHECK(stat(path, &st) == 0 && S_ISDIR(st.st_mode), "%s is not a directory", path);
	CHECK(st.st_uid == geteuid(), "%s owner %d, expected %d", path, (int)st.st_uid, (int)geteuid());

	kill(pid, SIGKILL);
	siginfo_t si;
	CHECK(waitid(P_PID, pid, &si, WEXITED | WNOWAIT) == 0, "waitid: %s", strerror(errno));
	CHECK(listed(pid) == 1, "zombie child %d is not listed in /proc", (int)pid);

	int status = wait_for(pid);
	CHECK(WIFSIGNALED(status), "child: status 0x%x", status);
	CHECK(listed(pid) == 0, "reaped child %d is still listed in /proc", (int)pid);
	CHECK(stat(path, &st) < 0 && errno == ENOENT, "stat %s after reaping: %s", path,
	      strerror(errno));
	return 0;
}
