/* What a file mapping does to the file's times and what limits it meets, as
 * Linux: mmap stamps the file's atime (relatime: it was not newer than the
 * mtime); a store through a writable shared mapping shows in mtime and ctime
 * by msync(MS_SYNC) at the latest; msync(MS_INVALIDATE) of locked pages is
 * EBUSY; with RLIMIT_AS set, mmap and brk beyond it are ENOMEM. */
#include "ptest.h"
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>

/* a is later than b. */
static int after(const struct timespec *a, const struct timespec *b)
{
	return a->tv_sec > b->tv_sec || (a->tv_sec == b->tv_sec && a->tv_nsec > b->tv_nsec);
}

int main(void)
{
	char path[] = "/tmp/mmap_times_XXXXXX";
	int fd = mkstemp(path);
	CHECK(fd >= 0, "mkstemp: %s", strerror(errno));
	CHECK(write(fd, "0123456789", 10) == 10, "write: %s", strerror(errno));
	struct stat before, now;
	CHECK(fstat(fd, &before) == 0, "fstat: %s", strerror(errno));
	sleep(1);
	char *m = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	CHECK(m != MAP_FAILED, "mmap: %s", strerror(errno));
	CHECK(fstat(fd, &now) == 0 && after(&now.st_atim, &before.st_atim), "mmap did not move the atime");

	CHECK(fstat(fd, &before) == 0, "fstat: %s", strerror(errno));
	sleep(1);
	m[0] = 'x';
	CHECK(msync(m, 4096, MS_SYNC) == 0, "msync: %s", strerror(errno));
	CHECK(fstat(fd, &now) == 0 && after(&now.st_mtim, &before.st_mtim) && after(&now.st_ctim, &before.st_ctim),
	      "a store and msync(MS_SYNC) did not move mtime and ctime");

	CHECK(mlock(m, 4096) == 0, "mlock: %s", strerror(errno));
	CHECK_ERR(msync(m, 4096, MS_INVALIDATE), EBUSY);
	CHECK(munlock(m, 4096) == 0 && msync(m, 4096, MS_INVALIDATE) == 0, "msync after munlock: %s",
	      strerror(errno));
	munmap(m, 4096);
	unlink(path);

	pid_t pid = fork_or_fail();
	if (pid == 0) {
		struct rlimit rl = { 64 << 20, 64 << 20 };
		CHECK(setrlimit(RLIMIT_AS, &rl) == 0, "setrlimit: %s", strerror(errno));
		CHECK_ERR(mmap(NULL, 128 << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), ENOMEM);
		void *small = mmap(NULL, 1 << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		CHECK(small != MAP_FAILED, "1 MiB under a 64 MiB RLIMIT_AS: %s", strerror(errno));
		long brk0 = syscall(SYS_brk, 0);
		CHECK(syscall(SYS_brk, brk0 + (100 << 20)) == brk0, "brk past RLIMIT_AS moved");
		_exit(0);
	}
	int st;
	CHECK(waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0, "RLIMIT_AS child: %#x", st);
	return 0;
}
