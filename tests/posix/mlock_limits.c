/* mlock, mlock2 and munlock as Linux: whole pages around the range are
 * locked and shown in /proc/self/status VmLck, a page locked twice counts
 * once, munmap drops its locks, fork does not pass them on; a range with
 * an unmapped hole is ENOMEM, bad mlock2 flags EINVAL, length 0 nothing;
 * for a user, RLIMIT_MEMLOCK 0 is EPERM and more than the limit ENOMEM
 * (re-locking what is locked is free); root is not bound by the limit. */
#include "ptest.h"
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/syscall.h>

#define PG 4096l


static char *pages(long n)
{
	char *p = mmap(NULL, n * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		fail("mmap %ld pages: %s", n, strerror(errno));
	return p;
}

static int err_of(int r) { return r == 0 ? 0 : errno; }

static void as_user(long limit_pages, void (*body)(void))
{
	pid_t pid = fork_or_fail();
	if (pid == 0) {
		struct rlimit rl = { limit_pages * PG, limit_pages * PG };
		CHECK(setrlimit(RLIMIT_MEMLOCK, &rl) == 0, "setrlimit(RLIMIT_MEMLOCK)");
		CHECK(setuid(1000) == 0, "setuid(1000): %s", strerror(errno));
		body();
		_exit(0);
	}
	int status = wait_for(pid);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "a uid 1000 child failed (status %#x)", status);
}

static void no_limit(void)
{
	char *p = pages(2);
	int e = err_of(mlock(p, PG));
	CHECK(e == EPERM, "mlock with RLIMIT_MEMLOCK 0: %s, expected EPERM", strerror(e));
	e = err_of(mlockall(MCL_CURRENT));
	CHECK(e == EPERM, "mlockall with RLIMIT_MEMLOCK 0: %s, expected EPERM", strerror(e));
	CHECK(munlock(p, PG) == 0, "munlock needs no limit");
}

static void small_limit(void) /* 16 pages */
{
	long base = status_kb("VmLck");
	char *p = pages(20);
	CHECK(mlock(p, 16 * PG) == 0, "mlock of 16 pages within a 16-page limit: %s", strerror(errno));
	CHECK(status_kb("VmLck") == base + 64, "VmLck %ld kB after 64 kB", status_kb("VmLck"));
	CHECK(mlock(p + 4 * PG, 8 * PG) == 0, "re-locking locked pages: %s", strerror(errno));
	int e = err_of(mlock(p + 16 * PG, 1));
	CHECK(e == ENOMEM, "a 17th page: %s, expected ENOMEM", strerror(e));
	CHECK(munlock(p, 4 * PG) == 0 && mlock(p + 16 * PG, 2 * PG) == 0, "room after munlock");
	CHECK(status_kb("VmLck") == base + 56, "VmLck %ld kB, expected %ld", status_kb("VmLck"), base + 56);
}

int main(void)
{
	watchdog(30);
	long base = status_kb("VmLck");
	char *p = pages(4);
	CHECK(mlock(p + 100, 10) == 0 && status_kb("VmLck") == base + 4, "one page from a byte range: VmLck %ld", status_kb("VmLck"));
	CHECK(mlock(p + PG - 1, 2) == 0 && status_kb("VmLck") == base + 8, "two pages around a page edge: VmLck %ld",
	      status_kb("VmLck"));
	CHECK(mlock(p, 2 * PG) == 0 && status_kb("VmLck") == base + 8, "a page locked twice counts once");
	CHECK(mlock(p, 0) == 0 && status_kb("VmLck") == base + 8, "length 0");
	CHECK(syscall(SYS_mlock2, p, PG, 2) == -1 && errno == EINVAL, "mlock2 flags 2: errno %d", errno);
	CHECK(syscall(SYS_mlock2, p + 2 * PG, PG, 1) == 0 && status_kb("VmLck") == base + 12, "mlock2 MLOCK_ONFAULT");
	p[2 * PG] = 1; /* still writable memory */

	pid_t pid = fork_or_fail();
	if (pid == 0)
		_exit(status_kb("VmLck") == base ? 0 : 1);
	int status = wait_for(pid);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "a forked child inherited locks");

	CHECK(munlock(p + PG, PG) == 0 && status_kb("VmLck") == base + 8, "munlock of one page");
	CHECK(munmap(p, 4 * PG) == 0 && status_kb("VmLck") == base, "munmap drops the locks: VmLck %ld", status_kb("VmLck"));

	char *h = pages(3);
	CHECK(munmap(h + PG, PG) == 0, "munmap");
	CHECK(mlock(h, 3 * PG) == -1 && errno == ENOMEM, "mlock over a hole: errno %d", errno);
	CHECK(munlock(h, 3 * PG) == -1 && errno == ENOMEM, "munlock over a hole: errno %d", errno);
	CHECK(status_kb("VmLck") == base, "a failed mlock locked something");

	/* Root is not bound by the limit (CAP_IPC_LOCK). */
	struct rlimit old;
	getrlimit(RLIMIT_MEMLOCK, &old);
	struct rlimit rl = { 4 * PG, old.rlim_max };
	CHECK(setrlimit(RLIMIT_MEMLOCK, &rl) == 0, "setrlimit");
	char *big = pages(8);
	CHECK(mlock(big, 8 * PG) == 0, "root beyond RLIMIT_MEMLOCK: %s", strerror(errno));
	CHECK(munlock(big, 8 * PG) == 0, "munlock");
	setrlimit(RLIMIT_MEMLOCK, &old);

	as_user(0, no_limit);
	as_user(16, small_limit);
	return 0;
}
