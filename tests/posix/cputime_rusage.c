/* times() and getrusage report CPU time: RUSAGE_SELF and RUSAGE_THREAD grow
 * with computation; a child's time reaches its parent's RUSAGE_CHILDREN,
 * tms_cutime and /proc/self/stat's cutime only once the parent reaps it
 * (with wait4, whose rusage has the child's time); a child's CPU time
 * survives its execve; ru_maxrss grows with memory touched and keeps its
 * peak after munmap, and a reaped child's peak reaches RUSAGE_CHILDREN; a
 * bad who is EINVAL and a bad buffer EFAULT. */
#include "ptest.h"
#include <stdint.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/times.h>
#include <time.h>

static uint64_t tv_ns(struct timeval tv)
{
	return (uint64_t)tv.tv_sec * 1000000000u + (uint64_t)tv.tv_usec * 1000u;
}

static uint64_t usage_ns(int who)
{
	struct rusage ru;
	if (getrusage(who, &ru) != 0)
		fail("getrusage(%d): %s", who, strerror(errno));
	return tv_ns(ru.ru_utime) + tv_ns(ru.ru_stime);
}

static volatile unsigned long sink;

static void burn(int who, uint64_t ns)
{
	uint64_t start = usage_ns(who);
	while (usage_ns(who) - start < ns)
		for (int i = 0; i < 200000; i++)
			sink += (unsigned long)i * 3;
}

/* /proc/self/stat's utime+stime (fields 14, 15) or cutime+cstime (16, 17), in ticks. */
static long stat_ticks(int children)
{
	char buf[1024];
	FILE *f = fopen("/proc/self/stat", "r");
	if (!f || !fgets(buf, sizeof buf, f))
		fail("read /proc/self/stat");
	fclose(f);
	char *p = strrchr(buf, ')');
	long v[4];
	if (!p || sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %ld %ld %ld %ld",
	                 &v[0], &v[1], &v[2], &v[3]) != 4)
		fail("parse /proc/self/stat: %s", buf);
	return children ? v[2] + v[3] : v[0] + v[1];
}

int main(int argc, char **argv)
{
	if (argc > 1) { /* the exec'd child: the time burned before exec is still there */
		CHECK(usage_ns(RUSAGE_SELF) >= 60000000, "CPU time lost at execve: %llu ns",
		      (unsigned long long)usage_ns(RUSAGE_SELF));
		burn(RUSAGE_SELF, 20000000);
		return 0;
	}
	watchdog(50);
	CHECK(usage_ns(RUSAGE_CHILDREN) == 0, "RUSAGE_CHILDREN is not 0 before any child");
	uint64_t s0 = usage_ns(RUSAGE_SELF), th0 = usage_ns(RUSAGE_THREAD);
	burn(RUSAGE_THREAD, 50000000);
	CHECK(usage_ns(RUSAGE_SELF) - s0 >= 45000000, "RUSAGE_SELF did not grow with RUSAGE_THREAD");
	CHECK(usage_ns(RUSAGE_THREAD) - th0 >= 50000000, "RUSAGE_THREAD");
	CHECK(stat_ticks(0) >= 4, "/proc/self/stat utime+stime %ld ticks after 50 ms", stat_ticks(0));
	struct tms tm;
	clock_t c0 = times(&tm);
	CHECK(c0 != (clock_t)-1, "times: %s", strerror(errno));
	CHECK(tm.tms_utime + tm.tms_stime >= 4, "times: %ld ticks after 50 ms",
	      (long)(tm.tms_utime + tm.tms_stime));
	CHECK(tm.tms_cutime == 0 && tm.tms_cstime == 0, "times: children's time before any child");

	/* A child burns 60 ms, execs itself and burns 20 ms more. */
	pid_t pid = fork_or_fail();
	if (pid == 0) {
		CHECK(usage_ns(RUSAGE_SELF) < 45000000, "the child inherited its parent's CPU time");
		burn(RUSAGE_SELF, 60000000);
		execl("/proc/self/exe", argv[0], "child", (char *)NULL);
		fail("execl: %s", strerror(errno));
	}
	siginfo_t si;
	CHECK(waitid(P_PID, pid, &si, WEXITED | WNOWAIT) == 0, "waitid(WNOWAIT)");
	CHECK(usage_ns(RUSAGE_CHILDREN) == 0, "RUSAGE_CHILDREN counts an unreaped child");
	struct rusage ru;
	int status;
	CHECK(wait4(pid, &status, 0, &ru) == pid, "wait4: %s", strerror(errno));
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "the child failed: status %#x", status);
	uint64_t child = tv_ns(ru.ru_utime) + tv_ns(ru.ru_stime);
	CHECK(child >= 80000000, "wait4's rusage: %llu ns", (unsigned long long)child);
	CHECK(usage_ns(RUSAGE_CHILDREN) >= 80000000, "RUSAGE_CHILDREN after the reap: %llu ns",
	      (unsigned long long)usage_ns(RUSAGE_CHILDREN));
	CHECK(times(&tm) != (clock_t)-1 && tm.tms_cutime + tm.tms_cstime >= 7,
	      "tms_cutime+tms_cstime: %ld ticks", (long)(tm.tms_cutime + tm.tms_cstime));
	CHECK(stat_ticks(1) >= 7, "/proc/self/stat cutime+cstime: %ld ticks", stat_ticks(1));

	/* ru_maxrss, in kB: 4 MiB touched shows, and stays after munmap. */
	struct rusage r0, r1;
	CHECK(getrusage(RUSAGE_SELF, &r0) == 0 && r0.ru_maxrss > 0, "ru_maxrss %ld", r0.ru_maxrss);
	char *m = mmap(NULL, 4 << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(m != MAP_FAILED, "mmap");
	memset(m, 1, 4 << 20);
	munmap(m, 4 << 20);
	/* (Linux's resident counts lag a little: only a lower bound.) */
	CHECK(getrusage(RUSAGE_SELF, &r1) == 0 && r1.ru_maxrss >= 3072 && r1.ru_maxrss > r0.ru_maxrss,
	      "ru_maxrss %ld kB after 4 MiB more than %ld kB", r1.ru_maxrss, r0.ru_maxrss);
	CHECK(getrusage(RUSAGE_CHILDREN, &r0) == 0 && r0.ru_maxrss < 6144, "RUSAGE_CHILDREN ru_maxrss %ld",
	      r0.ru_maxrss);
	pid = fork_or_fail();
	if (pid == 0) {
		char *c = mmap(NULL, 8 << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (c == MAP_FAILED)
			_exit(1);
		memset(c, 2, 8 << 20);
		_exit(0);
	}
	wait_for(pid);
	CHECK(getrusage(RUSAGE_CHILDREN, &r0) == 0 && r0.ru_maxrss >= 6144,
	      "RUSAGE_CHILDREN ru_maxrss %ld kB after a child touched 8 MiB", r0.ru_maxrss);

	CHECK(syscall(SYS_getrusage, 2, &ru) == -1 && errno == EINVAL, "getrusage(2): errno %d", errno);
	CHECK(syscall(SYS_getrusage, RUSAGE_SELF, (void *)8) == -1 && errno == EFAULT,
	      "getrusage(bad pointer): errno %d", errno);
	CHECK(syscall(SYS_times, (void *)8) == -1 && errno == EFAULT, "times(bad pointer): errno %d", errno);
	return 0;
}
