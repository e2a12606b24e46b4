/* The CPU-time clocks: CLOCK_THREAD_CPUTIME_ID and CLOCK_PROCESS_CPUTIME_ID
 * advance while the caller computes and not while it sleeps; the process
 * clock counts every thread; pthread_getcpuclockid and clock_getcpuclockid
 * name the same clocks (another thread's, a child process's, read from
 * outside); a clock of a pid that does not exist and a per-thread clock of
 * another process's thread are EINVAL, as Linux (so musl's
 * clock_getcpuclockid answers EINVAL, glibc's ESRCH). */
#include "ptest.h"
#include <pthread.h>
#include <stdint.h>
#include <time.h>

static uint64_t read_ns(clockid_t c)
{
	struct timespec ts;
	if (clock_gettime(c, &ts) != 0)
		fail("clock_gettime(%d): %s", (int)c, strerror(errno));
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static volatile unsigned long sink;

/* Compute until clock c has advanced by ns (bounded by the watchdog). */
static void burn(clockid_t c, uint64_t ns)
{
	uint64_t start = read_ns(c);
	while (read_ns(c) - start < ns)
		for (int i = 0; i < 200000; i++)
			sink += (unsigned long)i * 7;
}

static volatile int worker_go, worker_done, worker_stop;

static void *worker(void *arg)
{
	(void)arg;
	while (!worker_go)
		sched_yield();
	burn(CLOCK_THREAD_CPUTIME_ID, 30000000);
	worker_done = 1;
	while (!worker_stop)
		sched_yield();
	return NULL;
}

int main(void)
{
	watchdog(50);
	/* The thread clock moves with computation. */
	uint64_t t0 = read_ns(CLOCK_THREAD_CPUTIME_ID), p0 = read_ns(CLOCK_PROCESS_CPUTIME_ID);
	burn(CLOCK_THREAD_CPUTIME_ID, 50000000);
	uint64_t t1 = read_ns(CLOCK_THREAD_CPUTIME_ID), p1 = read_ns(CLOCK_PROCESS_CPUTIME_ID);
	CHECK(t1 - t0 >= 50000000, "thread clock moved %llu ns", (unsigned long long)(t1 - t0));
	/* (Linux's process clock may lag its running thread's by a little.) */
	CHECK(p1 - p0 >= (t1 - t0) / 10 * 9, "process clock moved %llu ns, its thread %llu",
	      (unsigned long long)(p1 - p0), (unsigned long long)(t1 - t0));

	/* Sleeping takes (almost) no CPU time: less than the time slept. */
	struct timespec nap = { 0, 300000000 };
	nanosleep(&nap, NULL);
	uint64_t t2 = read_ns(CLOCK_THREAD_CPUTIME_ID);
	CHECK(t2 - t1 < 300000000, "300 ms of sleep cost %llu ns of CPU", (unsigned long long)(t2 - t1));

	/* Another thread's clock, read from here; the process clock counts it. */
	pthread_t th;
	CHECK(pthread_create(&th, NULL, worker, NULL) == 0, "pthread_create");
	clockid_t wc;
	CHECK(pthread_getcpuclockid(th, &wc) == 0, "pthread_getcpuclockid");
	uint64_t p2 = read_ns(CLOCK_PROCESS_CPUTIME_ID);
	worker_go = 1;
	while (!worker_done)
		sched_yield();
	uint64_t w = read_ns(wc);
	CHECK(w >= 30000000, "the worker's clock says %llu ns", (unsigned long long)w);
	uint64_t p3 = read_ns(CLOCK_PROCESS_CPUTIME_ID);
	CHECK(p3 - p2 >= 27000000,
	      "the process clock moved %llu ns while the worker ran 30 ms",
	      (unsigned long long)(p3 - p2));
	worker_stop = 1;
	pthread_join(th, NULL);
	/* Its time stays in the process after it ended. */
	CHECK(read_ns(CLOCK_PROCESS_CPUTIME_ID) >= p3, "the process clock went back");

	/* My own process by pid, and the resolution. */
	clockid_t me;
	CHECK(clock_getcpuclockid(getpid(), &me) == 0, "clock_getcpuclockid(self)");
	CHECK(read_ns(me) >= p3, "clock_getcpuclockid(self) reads less than the process clock");
	struct timespec res;
	CHECK(clock_getres(CLOCK_PROCESS_CPUTIME_ID, &res) == 0 && res.tv_sec == 0 && res.tv_nsec > 0,
	      "clock_getres(CLOCK_PROCESS_CPUTIME_ID)");

	/* A child's process clock, read by its parent; its thread clock is not ours. */
	int ready[2], go[2];
	CHECK(pipe(ready) == 0 && pipe(go) == 0, "pipe");
	pid_t pid = fork_or_fail();
	if (pid == 0) {
		burn(CLOCK_PROCESS_CPUTIME_ID, 40000000);
		char c = 1;
		write(ready[1], &c, 1);
		read(go[0], &c, 1);
		_exit(0);
	}
	char c;
	CHECK(read(ready[0], &c, 1) == 1, "the child did not get ready");
	clockid_t cc;
	CHECK(clock_getcpuclockid(pid, &cc) == 0, "clock_getcpuclockid(child)");
	uint64_t cns = read_ns(cc);
	CHECK(cns >= 40000000, "the child's clock says %llu ns", (unsigned long long)cns);
	clockid_t cthread = (clockid_t)((~(unsigned)pid << 3) | 6); /* per-thread, SCHED */
	struct timespec ts;
	CHECK(clock_gettime(cthread, &ts) == -1 && errno == EINVAL,
	      "another process's thread clock: expected EINVAL, got %d", errno);
	write(go[1], &c, 1);
	wait_for(pid);

	/* Nobody: EINVAL from the syscalls, which musl passes on. */
	clockid_t none;
	int e = clock_getcpuclockid(pid, &none); /* reaped: gone */
	CHECK(e == EINVAL || e == ESRCH, "clock_getcpuclockid(reaped child) = %d", e);
	clockid_t gone = (clockid_t)((~(unsigned)pid << 3) | 2);
	CHECK(clock_gettime(gone, &ts) == -1 && errno == EINVAL, "a reaped child's clock: errno %d", errno);
	return 0;
}
