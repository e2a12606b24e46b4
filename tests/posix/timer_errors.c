/* POSIX timer calls refuse bad input with Linux's errors: an unknown clock,
 * notify kind, signal or thread is EINVAL; an unknown timer id is EINVAL for
 * every call; a bad timespec is EINVAL; bad pointers are EFAULT; a timer is
 * not inherited by fork. Raw system calls, so the kernel's answers are seen
 * and not the C library's. */
#include "ptest.h"
#include <stdint.h>
#include <sys/syscall.h>
#include <time.h>

struct ksigevent {
	union sigval value;
	int signo, notify, tid, pad[11];
};

static long tcreate(clockid_t clk, void *ev, void *id)
{
	return syscall(SYS_timer_create, clk, ev, id);
}

#define EXPECT_ERR(call, err, what) do { \
	errno = 0; long r_ = (call); \
	CHECK(r_ == -1 && errno == (err), "%s: returned %ld errno %d (%s), expected %s", what, r_, \
	      errno, strerror(errno), #err); } while (0)

int main(void)
{
	watchdog(20);
	int id;
	struct ksigevent ev = { .notify = SIGEV_SIGNAL, .signo = SIGUSR1 };
	EXPECT_ERR(tcreate(12345, &ev, &id), EINVAL, "unknown clock");
	ev.notify = 77;
	EXPECT_ERR(tcreate(CLOCK_MONOTONIC, &ev, &id), EINVAL, "unknown notify");
	ev.notify = SIGEV_SIGNAL, ev.signo = 0;
	EXPECT_ERR(tcreate(CLOCK_MONOTONIC, &ev, &id), EINVAL, "signal 0");
	ev.signo = 65;
	EXPECT_ERR(tcreate(CLOCK_MONOTONIC, &ev, &id), EINVAL, "signal 65");
	ev.signo = SIGUSR1, ev.notify = 4 /* SIGEV_THREAD_ID */, ev.tid = 999999;
	EXPECT_ERR(tcreate(CLOCK_MONOTONIC, &ev, &id), EINVAL, "no such thread");
	ev.notify = SIGEV_SIGNAL;
	EXPECT_ERR(tcreate(CLOCK_MONOTONIC, (void *)8, &id), EFAULT, "sigevent at 8");
	EXPECT_ERR(tcreate(CLOCK_MONOTONIC, &ev, (void *)8), EFAULT, "timer id at 8");

	CHECK(tcreate(CLOCK_MONOTONIC, &ev, &id) == 0, "timer_create: %s", strerror(errno));
	struct itimerspec its = { { 0, 0 }, { 1, 0 } }, cur;
	EXPECT_ERR(syscall(SYS_timer_settime, id + 1000, 0, &its, NULL), EINVAL, "settime of no timer");
	EXPECT_ERR(syscall(SYS_timer_gettime, id + 1000, &cur), EINVAL, "gettime of no timer");
	EXPECT_ERR(syscall(SYS_timer_getoverrun, id + 1000), EINVAL, "getoverrun of no timer");
	EXPECT_ERR(syscall(SYS_timer_delete, id + 1000), EINVAL, "delete of no timer");
	EXPECT_ERR(syscall(SYS_timer_settime, id, 0, NULL, NULL), EINVAL, "no new setting");
	struct itimerspec bad = { { 0, 0 }, { 0, 1000000000 } };
	EXPECT_ERR(syscall(SYS_timer_settime, id, 0, &bad, NULL), EINVAL, "tv_nsec 1e9");
	bad.it_value.tv_nsec = 0, bad.it_value.tv_sec = -1;
	EXPECT_ERR(syscall(SYS_timer_settime, id, 0, &bad, NULL), EINVAL, "negative seconds");
	EXPECT_ERR(syscall(SYS_timer_settime, id, 0, (void *)8, NULL), EFAULT, "setting at 8");
	EXPECT_ERR(syscall(SYS_timer_gettime, id, (void *)8), EFAULT, "gettime into 8");
	/* The old value goes out after the new one is set. */
	EXPECT_ERR(syscall(SYS_timer_settime, id, 0, &its, (void *)8), EFAULT, "old value into 8");
	CHECK(syscall(SYS_timer_gettime, id, &cur) == 0 && cur.it_value.tv_sec == 0 &&
	      cur.it_value.tv_nsec > 0, "the setting was not made when the old value could not be written");

	/* Not inherited. */
	pid_t child = fork_or_fail();
	if (child == 0) {
		if (syscall(SYS_timer_gettime, id, &cur) == 0 || errno != EINVAL)
			_exit(1);
		_exit(0);
	}
	CHECK(wait_for(child) == 0, "the child has its parent's timer");
	CHECK(syscall(SYS_timer_delete, id) == 0, "timer_delete");
	EXPECT_ERR(syscall(SYS_timer_delete, id), EINVAL, "second delete");
	return 0;
}
