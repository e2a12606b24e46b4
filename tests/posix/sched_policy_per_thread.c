/* Scheduling policies belong to threads, as on Linux: setting one thread's
 * policy by its tid leaves the others' alone; /proc/<pid>/stat shows the
 * first thread's (rt_priority, policy, priority -1 - rt_priority); a new
 * thread and a forked child take the creating thread's policy, unless it
 * set SCHED_RESET_ON_FORK, and execve keeps it; sched_getattr agrees;
 * sched_setattr changes only the named thread. Runs as root. */
#include "ptest.h"
#include <pthread.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <time.h>

struct attr { /* struct sched_attr (linux/sched/types.h) */
	uint32_t size, policy;
	uint64_t flags;
	int32_t nice;
	uint32_t priority;
	uint64_t runtime, deadline, period;
};

static int set(pid_t tid, int policy, int prio)
{
	struct sched_param sp = { .sched_priority = prio };
	return (int)syscall(SYS_sched_setscheduler, tid, policy, &sp);
}

static int policy_of(pid_t tid) { return (int)syscall(SYS_sched_getscheduler, tid); }

static int prio_of(pid_t tid)
{
	struct sched_param sp = { .sched_priority = -1 };
	if (syscall(SYS_sched_getparam, tid, &sp) != 0)
		fail("sched_getparam(%d): %s", (int)tid, strerror(errno));
	return sp.sched_priority;
}

/* /proc/self/stat fields 18 (priority), 40 (rt_priority), 41 (policy). */
static void stat_sched(long *prio, long *rtprio, long *policy)
{
	char buf[1024];
	FILE *f = fopen("/proc/self/stat", "r");
	if (!f || !fgets(buf, sizeof buf, f))
		fail("read /proc/self/stat");
	fclose(f);
	char *p = strrchr(buf, ')') + 2;
	long v[40];
	int n = 0;
	v[n++] = 0; /* field 3, the state, is a letter */
	p = strchr(p, ' ');
	while (p && n < 40) {
		v[n++] = strtol(p + 1, &p, 10);
		if (*p != ' ')
			break;
	}
	if (n < 39)
		fail("/proc/self/stat has %d fields after the name", n);
	*prio = v[18 - 3];
	*rtprio = v[40 - 3];
	*policy = v[41 - 3];
}

static volatile pid_t worker_tid;
static volatile int worker_stop, inherited_policy = -1, inherited_prio = -1;

static void *worker(void *arg)
{
	(void)arg;
	worker_tid = (pid_t)syscall(SYS_gettid);
	while (!worker_stop)
		usleep(1000);
	return NULL;
}

static void *child_thread(void *arg)
{
	(void)arg;
	pid_t me = (pid_t)syscall(SYS_gettid);
	inherited_policy = policy_of(me);
	inherited_prio = prio_of(me);
	return NULL;
}

int main(int argc, char **argv)
{
	if (argc > 1) /* exec'd by a SCHED_FIFO 3 thread */
		return policy_of(0) == SCHED_FIFO && prio_of(0) == 3 ? 0 : 1;
	watchdog(30);
	pid_t me = (pid_t)syscall(SYS_gettid);
	pthread_t w;
	CHECK(pthread_create(&w, NULL, worker, NULL) == 0, "pthread_create");
	while (!worker_tid)
		usleep(1000);

	/* The worker alone becomes SCHED_RR 5. */
	CHECK(set(worker_tid, SCHED_RR, 5) == 0, "SCHED_RR for the worker: %s", strerror(errno));
	CHECK(policy_of(worker_tid) == SCHED_RR && prio_of(worker_tid) == 5, "the worker's policy");
	struct timespec rr;
	CHECK(sched_rr_get_interval(worker_tid, &rr) == 0 && rr.tv_sec == 0 && rr.tv_nsec == 100000000,
	      "SCHED_RR's interval: %ld.%09ld s", (long)rr.tv_sec, rr.tv_nsec);
	CHECK(policy_of(me) == SCHED_OTHER && policy_of(0) == SCHED_OTHER && prio_of(me) == 0,
	      "the main thread's policy changed with the worker's: %d", policy_of(me));
	long prio, rtprio, policy;
	stat_sched(&prio, &rtprio, &policy);
	CHECK(policy == SCHED_OTHER && rtprio == 0 && prio == 20,
	      "/proc/self/stat shows %ld %ld %ld, not the first thread's", prio, rtprio, policy);

	/* The main thread becomes SCHED_FIFO 3: /proc shows it. */
	CHECK(set(0, SCHED_FIFO, 3) == 0, "SCHED_FIFO for the main thread: %s", strerror(errno));
	stat_sched(&prio, &rtprio, &policy);
	CHECK(policy == SCHED_FIFO && rtprio == 3 && prio == -4,
	      "/proc/self/stat after SCHED_FIFO 3: priority %ld rt_priority %ld policy %ld", prio, rtprio, policy);
	CHECK(policy_of(worker_tid) == SCHED_RR && prio_of(worker_tid) == 5, "the worker's policy moved");
	CHECK(sched_rr_get_interval(0, &rr) == 0 && rr.tv_sec == 0 && rr.tv_nsec == 0,
	      "SCHED_FIFO's interval: %ld.%09ld s", (long)rr.tv_sec, rr.tv_nsec);

	/* A new thread inherits the creating thread's policy. */
	pthread_t c;
	CHECK(pthread_create(&c, NULL, child_thread, NULL) == 0, "pthread_create");
	pthread_join(c, NULL);
	CHECK(inherited_policy == SCHED_FIFO && inherited_prio == 3, "a new thread has policy %d priority %d",
	      inherited_policy, inherited_prio);

	/* A forked child too; with SCHED_RESET_ON_FORK it starts as SCHED_OTHER. */
	for (int reset = 0; reset < 2; reset++) {
		CHECK(set(0, SCHED_FIFO | (reset ? SCHED_RESET_ON_FORK : 0), 3) == 0, "reset %d", reset);
		CHECK(policy_of(0) == (SCHED_FIFO | (reset ? SCHED_RESET_ON_FORK : 0)),
		      "sched_getscheduler shows %#x", policy_of(0));
		pid_t pid = fork_or_fail();
		if (pid == 0) {
			int want = reset ? SCHED_OTHER : SCHED_FIFO;
			_exit(policy_of(0) == want && prio_of(0) == (reset ? 0 : 3) ? 0 : 1);
		}
		int status = wait_for(pid);
		CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "fork (reset %d): the child's policy", reset);
	}

	/* sched_getattr / sched_setattr name threads too. */
	struct attr a;
	memset(&a, 0, sizeof a);
	CHECK(syscall(SYS_sched_getattr, worker_tid, &a, sizeof a, 0) == 0, "sched_getattr: %s", strerror(errno));
	CHECK(a.size == 48 && a.policy == SCHED_RR && a.priority == 5 && a.flags == 0,
	      "sched_getattr: size %u policy %u priority %u", a.size, a.policy, a.priority);
	memset(&a, 0, sizeof a);
	a.size = 48;
	a.policy = SCHED_OTHER;
	CHECK(syscall(SYS_sched_setattr, worker_tid, &a, 0) == 0, "sched_setattr: %s", strerror(errno));
	CHECK(policy_of(worker_tid) == SCHED_OTHER, "sched_setattr did not change the worker");
	CHECK(policy_of(me) == (SCHED_FIFO | SCHED_RESET_ON_FORK), "sched_setattr changed another thread");
	CHECK(syscall(SYS_sched_getattr, 0, &a, 47, 0) == -1 && errno == EINVAL, "sched_getattr size 47");
	a.size = 40;
	CHECK(syscall(SYS_sched_setattr, 0, &a, 0) == -1 && errno == E2BIG && a.size >= 48,
	      "sched_setattr size 40: errno %d size %u", errno, a.size);

	pid_t pid = fork_or_fail();
	if (pid == 0) {
		if (set(0, SCHED_FIFO, 3) != 0)
			_exit(2);
		execl("/proc/self/exe", argv[0], "exec", (char *)NULL);
		_exit(3);
	}
	int status = wait_for(pid);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "execve lost the policy (status %#x)", status);

	CHECK(set(0, SCHED_OTHER, 0) == 0, "back to SCHED_OTHER");
	worker_stop = 1;
	pthread_join(w, NULL);
	return 0;
}
