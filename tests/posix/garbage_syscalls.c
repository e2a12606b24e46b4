/* Garbage arguments in many system calls: a child calls each of a list of
 * syscalls thousands of times with arguments drawn from nasty values (bad
 * pointers, huge lengths, negative fds, random bits) and must survive; the
 * parent then checks the child ended normally and that a fresh fork works.
 * The list leaves out calls that could legitimately harm the caller or the
 * host with such arguments: exit, kill, fork, execve, clone, blocking waits
 * and sleeps, alarm and timers, fd-clobbering dup2/close/ioctl/fcntl, brk,
 * prctl, arch_prctl, rseq, setrlimit and anything taking another pid's
 * limits or priority. Memory calls get addresses inside a reservation of
 * their own, never the program's memory. No pointer to writable program
 * memory is ever passed. */
#include "ptest.h"
#include <stdint.h>
#include <sys/mman.h>
#include <sys/syscall.h>

#define ROUNDS 300
#define RESERVE (1024 * 1024)

static const char path_text[] = "/tmp/garbage-syscalls-file";
static uint64_t rng = 0x9e3779b97f4a7c15ULL;

static uint64_t next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static uint64_t unmapped_page;

static uint64_t nasty(void)
{
	static const uint64_t fixed[] = {
		0, 1, 2, 3, 16, 4095, 4096, 0x7fffffff, 0x80000000, 0xffffffff, UINT64_MAX, UINT64_MAX - 4095,
		0x8000000000000000ULL, 0x00007fffffffffffULL, 0x0000800000000000ULL, 0xffff800000000000ULL,
		0xdeadbeefdeadbeefULL, (uint64_t)-100,
	};
	uint64_t pick = next() % 22;
	if (pick < sizeof fixed / sizeof fixed[0])
		return fixed[pick];
	if (pick == 18)
		return (uint64_t)(uintptr_t)path_text; /* read-only, NUL-terminated */
	if (pick == 19)
		return unmapped_page + next() % 4096;
	if (pick == 20)
		return next() & 0xffff;
	return next();
}

/* Calls that are safe with any nasty value in any argument. */
static const long anything_goes[] = {
	SYS_stat, SYS_fstat, SYS_lstat, SYS_access, SYS_pipe, SYS_pipe2, SYS_sched_yield, SYS_dup,
	SYS_getpid, SYS_getppid, SYS_gettid, SYS_getuid, SYS_geteuid, SYS_getgid, SYS_getegid,
	SYS_getpgrp, SYS_getpgid, SYS_getsid, SYS_setpgid, SYS_setsid, SYS_uname, SYS_getrandom,
	SYS_clock_gettime, SYS_clock_getres, SYS_gettimeofday, SYS_time, SYS_getrlimit, SYS_getrusage,
	SYS_sysinfo, SYS_times, SYS_umask, SYS_getcwd, SYS_chdir, SYS_readlink, SYS_getdents64,
	SYS_getgroups, SYS_getresuid, SYS_getresgid, SYS_rt_sigpending, SYS_rt_sigaction,
	SYS_rt_sigprocmask, SYS_sigaltstack, SYS_getitimer, SYS_wait4, SYS_waitid, SYS_futex,
	SYS_set_tid_address, SYS_set_robust_list, SYS_get_robust_list, SYS_sched_getaffinity,
	SYS_openat, SYS_newfstatat, SYS_faccessat, SYS_mkdir, SYS_rmdir, SYS_unlink, SYS_capget,
	1000, 4095, 100000,
};

static const long memory_calls[] = { SYS_mmap, SYS_munmap, SYS_mprotect, SYS_mremap, SYS_madvise, SYS_msync, SYS_mincore };

static uint64_t reserve;

static uint64_t mem_addr(void)
{
	static const uint64_t off[] = { 0, 1, 4096, RESERVE / 2, RESERVE - 4096 };
	uint64_t pick = next() % 8;
	if (pick < 5)
		return reserve + off[pick];
	return pick == 5 ? 0xffff800000000000ULL : pick == 6 ? 0x0000800000000000ULL : 0;
}

static uint64_t mem_len(void)
{
	static const uint64_t lens[] = { 0, 1, 4095, 4096, RESERVE / 2, UINT64_MAX, UINT64_MAX - 4095, 0x8000000000000000ULL };
	return lens[next() % (sizeof lens / sizeof lens[0])];
}

static void memory_garbage(long nr)
{
	uint64_t a[6];
	for (int i = 0; i < 6; i++)
		a[i] = nasty();
	switch (nr) {
	case SYS_mmap: /* never MAP_FIXED (0x10) or MAP_FIXED_NOREPLACE-free replacement; no populate of huge sizes */
		a[0] = mem_addr();
		a[1] = mem_len();
		a[3] &= ~(uint64_t)(MAP_FIXED | MAP_POPULATE | MAP_LOCKED);
		break;
	case SYS_mremap:
		a[0] = mem_addr();
		a[1] = mem_len();
		a[2] = mem_len();
		a[3] &= ~(uint64_t)(MREMAP_FIXED | 4 /* MREMAP_DONTUNMAP */);
		break;
	case SYS_munmap:
	case SYS_mprotect:
	case SYS_madvise:
	case SYS_msync:
		a[0] = mem_addr();
		a[1] = mem_len();
		break;
	case SYS_mincore:
		a[0] = mem_addr();
		a[1] = mem_len();
		break;
	}
	long r = syscall(nr, a[0], a[1], a[2], a[3], a[4], a[5]);
	if (nr == SYS_mmap && r != -1 && (r < (long)reserve || r >= (long)(reserve + RESERVE)))
		syscall(SYS_munmap, r, a[1]); /* do not let stray mappings pile up */
}

static void run_garbage(void)
{
	/* A reservation the memory calls may wreck, and an unmapped page. */
	void *res = mmap(NULL, RESERVE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	void *gone = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (res == MAP_FAILED || gone == MAP_FAILED)
		_exit(20);
	munmap(gone, 4096);
	reserve = (uint64_t)(uintptr_t)res;
	unmapped_page = (uint64_t)(uintptr_t)gone;
	pid_t me = getpid();
	for (int round = 0; round < ROUNDS; round++) {
		for (unsigned i = 0; i < sizeof anything_goes / sizeof anything_goes[0]; i++) {
			uint64_t a[6];
			for (int j = 0; j < 6; j++)
				a[j] = nasty();
			if (anything_goes[i] == SYS_futex)
				a[3] = 0x10; /* a bad timeout pointer: never block */
			syscall(anything_goes[i], a[0], a[1], a[2], a[3], a[4], a[5]);
		}
		for (unsigned i = 0; i < sizeof memory_calls / sizeof memory_calls[0]; i++)
			memory_garbage(memory_calls[i]);
	}
	/* Still the same, working process. */
	if (syscall(SYS_getpid) != me)
		_exit(21);
	_exit(0);
}

int main(void)
{
	watchdog(50);
	pid_t pid = fork_or_fail();
	if (pid == 0) {
		alarm(45);
		run_garbage();
	}
	int status = wait_for(pid);
	CHECK(WIFEXITED(status), "the garbage child died: status 0x%x (signal %d)", status, WIFSIGNALED(status) ? WTERMSIG(status) : 0);
	CHECK(WEXITSTATUS(status) == 0, "the garbage child exited with %d", WEXITSTATUS(status));
	pid = fork_or_fail();
	if (pid == 0)
		_exit(33);
	status = wait_for(pid);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 33, "a fresh fork afterwards: status 0x%x", status);
	unlink(path_text);
	rmdir(path_text);
	return 0;
}
