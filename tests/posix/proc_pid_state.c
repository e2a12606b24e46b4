/* The state letter of /proc/<pid>/stat follows the process: S while it is
 * parked in a blocking call (pause), T once SIGSTOP stopped it, and Z once it
 * has died and not been reaped. status's State line agrees. */
#include "ptest.h"
#include <fcntl.h>

static char state_of(pid_t pid, char *status_state)
{
	char path[64], buf[1024];
	snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
	int fd = open(path, O_RDONLY);
	CHECK(fd >= 0, "open %s: %s", path, strerror(errno));
	ssize_t n = read(fd, buf, sizeof buf - 1);
	CHECK(n > 0, "read %s: %s", path, strerror(errno));
	close(fd);
	buf[n] = 0;
	char *p = strrchr(buf, ')');
	CHECK(p && p[1] == ' ', "no (comm) in %s", path);
	char state = p[2];
	snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
	FILE *f = fopen(path, "r");
	CHECK(f, "fopen %s: %s", path, strerror(errno));
	*status_state = 0;
	while (fgets(buf, sizeof buf, f))
		if (sscanf(buf, "State: %c", status_state) == 1)
			break;
	fclose(f);
	return state;
}

/* Waits (bounded by the watchdog) until pid's state is want. */
static void expect_state(pid_t pid, char want, const char *when)
{
	char st, status_st;
	for (;;) {
		st = state_of(pid, &status_st);
		if (st == want)
			break;
		CHECK(want == 'S' && st == 'R', "%s: state %c, expected %c", when, st, want);
		usleep(10000); /* the child has not reached pause yet */
	}
	CHECK(status_st == want, "%s: status says State %c, stat says %c", when, status_st, st);
}

int main(void)
{
	watchdog(20);
	pid_t pid = fork_or_fail();
	if (pid == 0) {
		for (;;)
			pause();
	}
	expect_state(pid, 'S', "in pause");
	CHECK(kill(pid, SIGSTOP) == 0, "kill SIGSTOP: %s", strerror(errno));
	siginfo_t si;
	CHECK(waitid(P_PID, pid, &si, WSTOPPED) == 0, "waitid WSTOPPED: %s", strerror(errno));
	expect_state(pid, 'T', "stopped");
	CHECK(kill(pid, SIGKILL) == 0, "kill SIGKILL: %s", strerror(errno));
	CHECK(waitid(P_PID, pid, &si, WEXITED | WNOWAIT) == 0, "waitid WNOWAIT: %s", strerror(errno));
	expect_state(pid, 'Z', "dead, not reaped");
	int status = wait_for(pid);
	CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL, "status 0x%x", status);
	return 0;
}
