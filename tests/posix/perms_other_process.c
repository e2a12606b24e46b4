/* A user may not touch another user's (here root's) process: prlimit reads
 * and writes, sched_setaffinity, sched_setscheduler/setparam, setpriority,
 * kill, ptrace attach and process_vm_readv all answer EPERM, as Linux; the
 * same calls on the user's own process work, and a missing pid is ESRCH. */
#include "ptest.h"
#include <sys/resource.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/uio.h>

static long prlimit_raw(pid_t pid, int res, const struct rlimit *n, struct rlimit *old)
{
	return syscall(SYS_prlimit64, pid, res, n, old);
}

/* musl's wrappers answer ENOSYS without asking the kernel (its choice:
   Linux's calls act on threads, POSIX's on processes): the raw calls. */
#define sched_setscheduler(pid, pol, sp) syscall(SYS_sched_setscheduler, pid, pol, sp)
#define sched_setparam(pid, sp) syscall(SYS_sched_setparam, pid, sp)
#define sched_getscheduler(pid) syscall(SYS_sched_getscheduler, pid)
#define sched_getparam(pid, sp) syscall(SYS_sched_getparam, pid, sp)
#define sched_rr_get_interval(pid, ts) syscall(SYS_sched_rr_get_interval, pid, ts)

#define EXPECT(call, err, what) \
	CHECK((call) == -1 && errno == (err), "%s: %s, expected %s", what, strerror(errno), strerror(err))

int main(void)
{
	watchdog(20);
	pid_t root = getpid();
	pid_t c = fork_or_fail();
	if (c == 0) {
		CHECK(setgid(1000) == 0 && setuid(1000) == 0, "setuid: %s", strerror(errno));
		struct rlimit rl = { 10, 10 }, old;
		EXPECT(prlimit_raw(root, RLIMIT_NOFILE, NULL, &old), EPERM, "reading root's limits");
		EXPECT(prlimit_raw(root, RLIMIT_NOFILE, &rl, NULL), EPERM, "lowering root's limits");
		EXPECT(prlimit_raw(999999, RLIMIT_NOFILE, NULL, &old), ESRCH, "limits of a missing pid");
		EXPECT(prlimit_raw(root, 999, NULL, &old), EPERM, "an unknown resource of root's (permission first)");
		EXPECT(prlimit_raw(0, 999, NULL, &old), EINVAL, "an unknown resource");
		CHECK(prlimit_raw(getpid(), RLIMIT_NOFILE, NULL, &old) == 0, "own limits: %s", strerror(errno));
		CHECK(prlimit_raw(0, RLIMIT_CORE, &(struct rlimit){ 0, 0 }, NULL) == 0,
		      "lowering own limit: %s", strerror(errno));

		cpu_set_t set;
		CPU_ZERO(&set);
		CPU_SET(0, &set);
		EXPECT(sched_setaffinity(root, sizeof set, &set), EPERM, "root's affinity");
		CHECK(sched_setaffinity(0, sizeof set, &set) == 0, "own affinity: %s", strerror(errno));
		CHECK(sched_getaffinity(root, sizeof set, &set) == 0, "reading root's affinity: %s",
		      strerror(errno));
		EXPECT(sched_getaffinity(999999, sizeof set, &set), ESRCH, "affinity of a missing pid");
		CPU_ZERO(&set);
		EXPECT(sched_setaffinity(0, sizeof set, &set), EINVAL, "an empty mask");

		struct sched_param sp = { 0 };
		EXPECT(sched_setscheduler(root, SCHED_OTHER, &sp), EPERM, "root's policy");
		EXPECT(sched_setparam(root, &sp), EPERM, "root's parameters");
		CHECK(sched_setscheduler(0, SCHED_BATCH, &sp) == 0, "own policy: %s", strerror(errno));
		CHECK(sched_getscheduler(0) == SCHED_BATCH, "own policy not kept");
		sp.sched_priority = 1;
		EXPECT(sched_setscheduler(0, SCHED_FIFO, &sp), EPERM, "real time without RLIMIT_RTPRIO");
		EXPECT(sched_setscheduler(0, SCHED_OTHER, &sp), EINVAL, "priority 1 for SCHED_OTHER");
		EXPECT(sched_setscheduler(0, 77, &sp), EINVAL, "an unknown policy");

		EXPECT(setpriority(PRIO_PROCESS, root, 10), EPERM, "root's nice value");
		EXPECT(kill(root, 0), EPERM, "kill(root, 0)");
		EXPECT(kill(root, SIGTERM), EPERM, "kill(root, SIGTERM)");

		EXPECT(ptrace(PTRACE_ATTACH, root, 0, 0), EPERM, "attaching to root's process");
		EXPECT(ptrace(PTRACE_ATTACH, 999999, 0, 0), ESRCH, "attaching to a missing pid");
		char buf[8];
		struct iovec l = { buf, sizeof buf }, r = { buf, sizeof buf };
		EXPECT(process_vm_readv(root, &l, 1, &r, 1, 0), EPERM, "reading root's memory");
		EXPECT(process_vm_writev(root, &l, 1, &r, 1, 0), EPERM, "writing root's memory");
		EXPECT(process_vm_readv(999999, &l, 1, &r, 1, 0), ESRCH, "reading a missing pid's memory");
		EXPECT(process_vm_readv(root, &l, 1, &r, 1, 1), EINVAL, "process_vm_readv flags");
		_exit(0);
	}
	int status = wait_for(c);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "the user's child: status 0x%x", status);

	/* Root may do all of it to anyone, and sets real-time policies. */
	struct sched_param sp = { .sched_priority = 10 };
	CHECK(sched_getscheduler(0) == SCHED_OTHER, "root's starting policy");
	CHECK(sched_get_priority_max(SCHED_FIFO) == 99 && sched_get_priority_min(SCHED_RR) == 1 &&
	      sched_get_priority_max(SCHED_OTHER) == 0, "priority ranges");
	CHECK(sched_setscheduler(0, SCHED_RR, &sp) == 0, "root to SCHED_RR: %s", strerror(errno));
	sp.sched_priority = 0;
	CHECK(sched_getscheduler(0) == SCHED_RR && sched_getparam(0, &sp) == 0 && sp.sched_priority == 10,
	      "SCHED_RR 10 not kept");
	struct timespec ts;
	CHECK(sched_rr_get_interval(0, &ts) == 0 && (ts.tv_sec > 0 || ts.tv_nsec > 0),
	      "sched_rr_get_interval: %s", strerror(errno));
	sp.sched_priority = 0;
	CHECK(sched_setscheduler(0, SCHED_OTHER, &sp) == 0, "back to SCHED_OTHER: %s", strerror(errno));
	return 0;
}
