/* System calls that write results through a pointer fail with EFAULT when the
 * pointer is bad (clock_gettime, gettimeofday, uname, getrandom, pipe2,
 * sigaction, sigprocmask, sigpending, getrlimit, wait4, getresuid, sigaltstack,
 * nanosleep's request). Raw syscalls: libc wrappers may read these themselves. */
#include "ptest.h"
#include <sys/syscall.h>
#include <time.h>

#define BAD16 ((void *)16)
#define KERNEL ((void *)0xffff800000000000UL)

static void expect_efault(long r, const char *what)
{
	CHECK(r == -1 && errno == EFAULT, "%s returned %ld (%s), expected EFAULT", what, r, strerror(errno));
}

int main(void)
{
	watchdog(20);
	expect_efault(syscall(SYS_clock_gettime, CLOCK_MONOTONIC, BAD16), "clock_gettime(MONOTONIC, 16)");
	expect_efault(syscall(SYS_clock_gettime, CLOCK_REALTIME, KERNEL), "clock_gettime(REALTIME, kernel)");
	expect_efault(syscall(SYS_clock_getres, CLOCK_MONOTONIC, BAD16), "clock_getres(16)");
	expect_efault(syscall(SYS_gettimeofday, BAD16, NULL), "gettimeofday(16)");
	expect_efault(syscall(SYS_uname, BAD16), "uname(16)");
	expect_efault(syscall(SYS_getrandom, BAD16, 32, 0), "getrandom(16, 32)");
	expect_efault(syscall(SYS_pipe2, BAD16, 0), "pipe2(16)");
	expect_efault(syscall(SYS_rt_sigaction, SIGUSR1, BAD16, NULL, 8), "rt_sigaction(new = 16)");
	struct sigaction sa = { .sa_handler = SIG_IGN };
	expect_efault(syscall(SYS_rt_sigaction, SIGUSR1, NULL, KERNEL, 8), "rt_sigaction(old = kernel)");
	(void)sa;
	expect_efault(syscall(SYS_rt_sigprocmask, SIG_BLOCK, BAD16, NULL, 8), "rt_sigprocmask(set = 16)");
	expect_efault(syscall(SYS_rt_sigprocmask, SIG_BLOCK, NULL, BAD16, 8), "rt_sigprocmask(old = 16)");
	expect_efault(syscall(SYS_rt_sigpending, BAD16, 8), "rt_sigpending(16)");
	expect_efault(syscall(SYS_getrlimit, RLIMIT_NOFILE, BAD16), "getrlimit(16)");
	expect_efault(syscall(SYS_getresuid, BAD16, BAD16, BAD16), "getresuid(16)");
	expect_efault(syscall(SYS_sigaltstack, BAD16, NULL), "sigaltstack(16)");
	expect_efault(syscall(SYS_nanosleep, BAD16, NULL), "nanosleep(16)");
	expect_efault(syscall(SYS_sched_getaffinity, 0, 128, BAD16), "sched_getaffinity(16)");

	/* wait4 with a bad status pointer still fails cleanly. */
	pid_t pid = fork_or_fail();
	if (pid == 0)
		_exit(0);
	siginfo_t si;
	CHECK(waitid(P_PID, pid, &si, WEXITED | WNOWAIT) == 0, "waitid: %s", strerror(errno));
	expect_efault(syscall(SYS_wait4, pid, BAD16, 0, NULL), "wait4(status = 16)");

	/* Nothing above changed the process: the mask and SIGUSR1 are as before. */
	sigset_t mask;
	sigprocmask(SIG_BLOCK, NULL, &mask);
	CHECK(!sigismember(&mask, SIGUSR1), "SIGUSR1 became blocked");
	struct sigaction cur;
	sigaction(SIGUSR1, NULL, &cur);
	CHECK(cur.sa_handler == SIG_DFL, "SIGUSR1's disposition changed");
	return 0;
}
