/* Who may ask for real time, as Linux decides for a user without
 * CAP_SYS_NICE: nobody with RLIMIT_RTPRIO 0 (EPERM); up to the limit with
 * it (a higher priority is EPERM, a lower one or one already held is
 * fine); leaving SCHED_IDLE needs RLIMIT_NICE; SCHED_RESET_ON_FORK cannot
 * be cleared; another user's thread is EPERM; bad priorities are EINVAL
 * first. The checks run in a forked child that becomes uid 1000. */
#include "ptest.h"
#include <sys/resource.h>
#include <sys/syscall.h>

static int set(pid_t tid, int policy, int prio)
{
	struct sched_param sp = { .sched_priority = prio };
	return syscall(SYS_sched_setscheduler, tid, policy, &sp) == 0 ? 0 : errno;
}

static void expect(int got, int want, const char *what)
{
	if (got != want)
		fail("%s: %s, expected %s", what, got ? strerror(got) : "success", want ? strerror(want) : "success");
}

int main(void)
{
	watchdog(30);
	CHECK(sched_get_priority_min(SCHED_FIFO) == 1 && sched_get_priority_max(SCHED_FIFO) == 99 &&
	      sched_get_priority_min(SCHED_RR) == 1 && sched_get_priority_max(SCHED_RR) == 99 &&
	      sched_get_priority_min(SCHED_OTHER) == 0 && sched_get_priority_max(SCHED_OTHER) == 0,
	      "priority ranges");
	CHECK(sched_get_priority_max(42) == -1 && errno == EINVAL, "sched_get_priority_max(42)");

	pid_t pid = fork_or_fail();
	if (pid == 0) {
		struct rlimit rl = { 0, 0 };
		CHECK(setrlimit(RLIMIT_RTPRIO, &rl) == 0, "setrlimit(RLIMIT_RTPRIO, 0)");
		CHECK(setrlimit(RLIMIT_NICE, &rl) == 0, "setrlimit(RLIMIT_NICE, 0)");
		CHECK(setuid(1000) == 0, "setuid(1000): %s", strerror(errno));
		expect(set(0, SCHED_FIFO, 0), EINVAL, "SCHED_FIFO 0");
		expect(set(0, SCHED_FIFO, 100), EINVAL, "SCHED_FIFO 100");
		expect(set(0, SCHED_OTHER, 1), EINVAL, "SCHED_OTHER 1");
		expect(set(0, 42, 0), EINVAL, "policy 42");
		expect(set(0, SCHED_FIFO, 1), EPERM, "SCHED_FIFO 1 with RLIMIT_RTPRIO 0");
		expect(set(0, SCHED_RR, 1), EPERM, "SCHED_RR 1 with RLIMIT_RTPRIO 0");
		expect(set(1, SCHED_OTHER, 0), EPERM, "root's pid 1");
		expect(set(0, SCHED_BATCH, 0), 0, "SCHED_BATCH");
		expect(set(0, SCHED_OTHER, 0), 0, "back to SCHED_OTHER");
		expect(set(0, SCHED_IDLE, 0), 0, "SCHED_IDLE");
		expect(set(0, SCHED_OTHER, 0), EPERM, "leaving SCHED_IDLE with RLIMIT_NICE 0");
		expect(set(0, SCHED_IDLE | SCHED_RESET_ON_FORK, 0), 0, "SCHED_RESET_ON_FORK");
		expect(set(0, SCHED_IDLE, 0), EPERM, "clearing SCHED_RESET_ON_FORK");
		_exit(0);
	}
	int status = wait_for(pid);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "the first child failed");

	pid = fork_or_fail();
	if (pid == 0) {
		struct rlimit rl = { 10, 10 };
		if (setrlimit(RLIMIT_RTPRIO, &rl) != 0 && errno == EPERM)
			_exit(0); /* a container without CAP_SYS_RESOURCE: root cannot raise it */
		CHECK(getrlimit(RLIMIT_RTPRIO, &rl) == 0 && rl.rlim_cur == 10, "setrlimit(RLIMIT_RTPRIO, 10)");
		CHECK(setuid(1000) == 0, "setuid(1000): %s", strerror(errno));
		expect(set(0, SCHED_FIFO, 11), EPERM, "SCHED_FIFO 11 with RLIMIT_RTPRIO 10");
		expect(set(0, SCHED_FIFO, 10), 0, "SCHED_FIFO 10 with RLIMIT_RTPRIO 10");
		expect(set(0, SCHED_RR, 4), 0, "SCHED_RR 4");
		struct rlimit low = { 2, 10 };
		CHECK(setrlimit(RLIMIT_RTPRIO, &low) == 0, "setrlimit(RLIMIT_RTPRIO, 2)");
		expect(set(0, SCHED_RR, 4), 0, "SCHED_RR 4 again (held) with RLIMIT_RTPRIO 2");
		expect(set(0, SCHED_RR, 5), EPERM, "SCHED_RR 5 (a raise) with RLIMIT_RTPRIO 2");
		expect(set(0, SCHED_OTHER, 0), 0, "back to SCHED_OTHER");
		_exit(0);
	}
	status = wait_for(pid);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "the second child failed");
	return 0;
}
