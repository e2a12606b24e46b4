/* clone3 as Linux: a process child with exit_signal and CLONE_PARENT_SETTID
 * / CLONE_CHILD_SETTID; CLONE_CLEAR_SIGHAND resets caught signals in the
 * child and keeps ignored ones; and the argument checks: a size below 64 is EINVAL, above a
 * page E2BIG, non-zero bytes past the known struct E2BIG, CSIGNAL bits in
 * flags EINVAL, exit_signal with CLONE_THREAD EINVAL, stack without
 * stack_size EINVAL, CLONE_SIGHAND with CLONE_CLEAR_SIGHAND EINVAL. */
#include "ptest.h"
#include <sched.h>
#include <stdint.h>
#include <sys/syscall.h>

struct clone_args_ {
	uint64_t flags, pidfd, child_tid, parent_tid, exit_signal, stack, stack_size, tls;
	uint64_t set_tid, set_tid_size, cgroup;
};

#ifndef CLONE_CLEAR_SIGHAND
#define CLONE_CLEAR_SIGHAND 0x100000000ULL
#endif

static long clone3_(struct clone_args_ *ca, size_t size)
{
	return syscall(SYS_clone3, ca, size);
}

static void on_usr1(int sig) { (void)sig; }

#define EXPECT_ERR(ca, size, err, what) do { \
	errno = 0; long r_ = clone3_(ca, size); \
	if (r_ == 0) _exit(99); \
	CHECK(r_ == -1 && errno == (err), "%s: %ld (%s), expected %s", what, r_, strerror(errno), #err); \
} while (0)

static char stack[4096];

int main(void)
{
	watchdog(20);
	/* A plain child, with its tid written both ways. */
	pid_t ptid = 0, ctid = 0;
	struct clone_args_ ca = { .flags = CLONE_PARENT_SETTID | CLONE_CHILD_SETTID,
				  .parent_tid = (uintptr_t)&ptid, .child_tid = (uintptr_t)&ctid,
				  .exit_signal = SIGCHLD };
	long pid = clone3_(&ca, sizeof ca);
	CHECK(pid >= 0, "clone3: %s", strerror(errno));
	if (pid == 0)
		_exit(ctid == getpid() ? 7 : 8);
	CHECK(ptid == pid, "parent_tid %d, child %ld", (int)ptid, pid);
	int st = wait_for((pid_t)pid);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 7, "the child saw child_tid wrong (status %#x)", st);

	/* CLONE_CLEAR_SIGHAND: caught -> default, ignored stays. */
	signal(SIGUSR1, on_usr1);
	signal(SIGUSR2, SIG_IGN);
	struct clone_args_ cs = { .flags = CLONE_CLEAR_SIGHAND, .exit_signal = SIGCHLD };
	pid = clone3_(&cs, 64);
	CHECK(pid >= 0, "clone3 CLEAR_SIGHAND: %s", strerror(errno));
	if (pid == 0) {
		struct sigaction sa;
		sigaction(SIGUSR1, NULL, &sa);
		if (sa.sa_handler != SIG_DFL)
			_exit(2);
		sigaction(SIGUSR2, NULL, &sa);
		_exit(sa.sa_handler == SIG_IGN ? 0 : 3);
	}
	st = wait_for((pid_t)pid);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "CLONE_CLEAR_SIGHAND: child step %d", WEXITSTATUS(st));

	/* Checks. */
	struct clone_args_ bad = { .exit_signal = SIGCHLD };
	EXPECT_ERR(&bad, 63, EINVAL, "size 63");
	EXPECT_ERR(&bad, 4097, E2BIG, "size 4097");
	static struct { struct clone_args_ a; uint64_t extra; } big = { .a = { .exit_signal = SIGCHLD }, .extra = 1 };
	EXPECT_ERR(&big.a, sizeof big, E2BIG, "non-zero bytes past the struct");
	bad.flags = SIGCHLD;
	EXPECT_ERR(&bad, sizeof bad, EINVAL, "CSIGNAL bits in flags");
	bad.flags = CLONE_THREAD | CLONE_SIGHAND | CLONE_VM;
	EXPECT_ERR(&bad, sizeof bad, EINVAL, "exit_signal with CLONE_THREAD");
	bad.flags = 0, bad.stack = (uintptr_t)stack;
	EXPECT_ERR(&bad, sizeof bad, EINVAL, "stack without stack_size");
	bad.stack = 0, bad.flags = CLONE_SIGHAND | CLONE_VM | CLONE_CLEAR_SIGHAND;
	EXPECT_ERR(&bad, sizeof bad, EINVAL, "CLONE_SIGHAND with CLONE_CLEAR_SIGHAND");
	bad.flags = 0, bad.exit_signal = 65;
	EXPECT_ERR(&bad, sizeof bad, EINVAL, "exit_signal 65");
	EXPECT_ERR((struct clone_args_ *)8, sizeof bad, EFAULT, "args at 8");
	return 0;
}
