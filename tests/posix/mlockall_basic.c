/* mlockall and munlockall as Linux: bad flags are EINVAL; MCL_CURRENT
 * locks everything mapped (VmLck), munlockall unlocks it; MCL_FUTURE locks
 * each later mmap, and for a user an mmap beyond RLIMIT_MEMLOCK is then
 * EAGAIN (munlockall ends that); MAP_LOCKED locks one mapping; execve
 * drops every lock and MCL_FUTURE. */
#include "ptest.h"
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/resource.h>

#define PG 4096l


static void *map(long n, int extra)
{
	return mmap(NULL, n * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | extra, -1, 0);
}

int main(int argc, char **argv)
{
	if (argc > 1) { /* after execve */
		CHECK(status_kb("VmLck") == 0, "VmLck %ld kB after execve", status_kb("VmLck"));
		void *p = map(4, 0);
		CHECK(p != MAP_FAILED && status_kb("VmLck") == 0, "MCL_FUTURE survived execve");
		return 0;
	}
	watchdog(30);
	CHECK(mlockall(0) == -1 && errno == EINVAL, "mlockall(0)");
	CHECK(mlockall(MCL_ONFAULT) == -1 && errno == EINVAL, "mlockall(MCL_ONFAULT)");
	CHECK(mlockall(8) == -1 && errno == EINVAL, "mlockall(8)");

	CHECK(mlockall(MCL_CURRENT) == 0, "mlockall(MCL_CURRENT): %s", strerror(errno));
	long all = status_kb("VmLck");
	CHECK(all >= 8, "VmLck %ld kB after mlockall(MCL_CURRENT)", all);
	void *p = map(4, 0);
	CHECK(p != MAP_FAILED && status_kb("VmLck") == all, "a mapping after MCL_CURRENT alone was locked");
	CHECK(munlockall() == 0 && status_kb("VmLck") == 0, "munlockall: VmLck %ld kB", status_kb("VmLck"));
	munmap(p, 4 * PG);

	CHECK(mlockall(MCL_FUTURE) == 0 && status_kb("VmLck") == 0, "mlockall(MCL_FUTURE) locked what exists");
	p = map(4, 0);
	CHECK(p != MAP_FAILED && status_kb("VmLck") == 16, "a mapping under MCL_FUTURE: VmLck %ld kB", status_kb("VmLck"));
	CHECK(munmap(p, 4 * PG) == 0 && status_kb("VmLck") == 0, "munmap of it: VmLck %ld kB", status_kb("VmLck"));
	CHECK(munlockall() == 0, "munlockall");
	p = map(2, MAP_LOCKED);
	CHECK(p != MAP_FAILED && status_kb("VmLck") == 8, "MAP_LOCKED: VmLck %ld kB", status_kb("VmLck"));
	munmap(p, 2 * PG);

	pid_t pid = fork_or_fail();
	if (pid == 0) {
		struct rlimit rl = { 16 * PG, 16 * PG };
		CHECK(setrlimit(RLIMIT_MEMLOCK, &rl) == 0, "setrlimit");
		CHECK(setuid(1000) == 0, "setuid(1000): %s", strerror(errno));
		CHECK(mlockall(MCL_FUTURE) == 0, "mlockall(MCL_FUTURE) as a user: %s", strerror(errno));
		void *q = map(32, 0);
		CHECK(q == MAP_FAILED && errno == EAGAIN, "32 pages beyond a 16-page limit: errno %d", errno);
		q = map(8, 0);
		CHECK(q != MAP_FAILED && status_kb("VmLck") == 32, "8 pages within it: VmLck %ld", status_kb("VmLck"));
		CHECK(munlockall() == 0 && status_kb("VmLck") == 0, "munlockall");
		q = map(32, 0);
		CHECK(q != MAP_FAILED, "32 pages after munlockall: %s", strerror(errno));
		_exit(0);
	}
	int status = wait_for(pid);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "the uid 1000 child failed");

	CHECK(mlockall(MCL_CURRENT | MCL_FUTURE) == 0 && status_kb("VmLck") > 0, "mlockall(MCL_CURRENT|MCL_FUTURE)");
	execl("/proc/self/exe", argv[0], "exec", (char *)NULL);
	fail("execl: %s", strerror(errno));
}
