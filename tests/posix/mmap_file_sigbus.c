/* A shared file mapping that reaches past the end of the file: the page
 * holding the end of the file can be read and written (the bytes past the
 * end read 0, and stores there do not grow the file), but touching a page
 * wholly past the end raises SIGBUS with si_code BUS_ADRERR and si_addr the
 * byte touched. After ftruncate shrinks the mapped file to 0, touching page
 * 0 raises SIGBUS; after ftruncate grows it again, the pages can be touched
 * and read zeros (the old bytes are gone). */
#include "ptest.h"
#include <setjmp.h>
#include <sys/mman.h>
#include <sys/stat.h>

#define OK(expr) do { \
	if ((long)(expr) == -1) \
		fail("line %d: %s: %s", __LINE__, #expr, strerror(errno)); \
} while (0)

static sigjmp_buf env;
static volatile sig_atomic_t faults;
static volatile int fault_code;
static void *volatile fault_addr;

static void on_sigbus(int sig, siginfo_t *si, void *ctx)
{
	(void)sig, (void)ctx;
	faults++;
	fault_code = si->si_code;
	fault_addr = si->si_addr;
	siglongjmp(env, 1);
}

/* Reads (or, with store, writes) the byte at p; whether it raised SIGBUS. */
static int touch(volatile char *p, int store)
{
	if (sigsetjmp(env, 1))
		return 1;
	if (store)
		*p = 'w';
	else
		(void)*p;
	return 0;
}

/* Touching p must raise SIGBUS, BUS_ADRERR, at p. */
static void expect_sigbus(volatile char *p, int store, const char *what)
{
	int before = faults;
	fault_addr = NULL;
	fault_code = 0;
	CHECK(touch(p, store) == 1, "%s: a %s at %p did not raise SIGBUS", what, store ? "store" : "load", (void *)p);
	CHECK(faults == before + 1, "%s: %d SIGBUS, expected 1", what, faults - before);
	CHECK(fault_code == BUS_ADRERR, "%s: si_code %d, expected BUS_ADRERR (%d)", what, fault_code, BUS_ADRERR);
	CHECK(fault_addr == (void *)p, "%s: si_addr %p, expected %p", what, fault_addr, (void *)p);
}

static void expect_no_fault(volatile char *p, int store, const char *what)
{
	CHECK(touch(p, store) == 0, "%s: a %s at %p raised SIGBUS (si_code %d, si_addr %p)", what,
	      store ? "store" : "load", (void *)p, fault_code, fault_addr);
}

static off_t file_size(int fd)
{
	struct stat st;
	OK(fstat(fd, &st));
	return st.st_size;
}

int main(void)
{
	watchdog(20);
	struct sigaction sa = { .sa_sigaction = on_sigbus, .sa_flags = SA_SIGINFO };
	sigemptyset(&sa.sa_mask);
	OK(sigaction(SIGBUS, &sa, NULL));
	const long pg = sysconf(_SC_PAGESIZE);
	const off_t size = pg + 100; /* page 1 holds the end; page 2 is wholly past it */

	char path[] = "/tmp/mmap_sigbusXXXXXX";
	int fd = mkstemp(path);
	CHECK(fd >= 0, "mkstemp: %s", strerror(errno));
	char *buf = malloc(size);
	CHECK(buf, "malloc");
	memset(buf, 'f', size);
	CHECK(write(fd, buf, size) == size, "write: %s", strerror(errno));
	volatile char *m = mmap(NULL, 3 * pg, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	CHECK(m != MAP_FAILED, "mmap: %s", strerror(errno));

	/* The page holding the end of the file. */
	expect_no_fault(m + pg + 99, 0, "the last byte of the file");
	CHECK(m[0] == 'f' && m[pg + 99] == 'f', "the file's bytes through the mapping");
	for (long i = 100; i < pg; i++)
		CHECK(m[pg + i] == 0, "byte %ld, past the end in the last page, reads %d, expected 0", pg + i, m[pg + i]);
	expect_no_fault(m + pg + 200, 1, "past the end, in the last page");
	CHECK(m[pg + 200] == 'w', "a store past the end, in the last page, is not seen by the mapping");
	CHECK(file_size(fd) == size, "a store past the end made the file %lld bytes, expected %lld",
	      (long long)file_size(fd), (long long)size);
	char c;
	CHECK(pread(fd, &c, 1, pg + 200) == 0, "pread past the end read something");

	/* A page wholly past the end. */
	expect_sigbus(m + 2 * pg, 0, "page 2, wholly past the end");
	expect_sigbus(m + 2 * pg + 123, 1, "page 2, wholly past the end");
	expect_sigbus(m + 3 * pg - 1, 0, "the last byte of page 2");
	CHECK(file_size(fd) == size, "a faulting store changed the file's size");

	/* Shrunk to nothing: page 0 is past the end too. */
	OK(ftruncate(fd, 0));
	expect_sigbus(m, 0, "page 0 after ftruncate to 0");
	expect_sigbus(m + 5, 1, "page 0 after ftruncate to 0");
	expect_sigbus(m + pg + 1, 0, "page 1 after ftruncate to 0");

	/* Grown again: zeros, and no fault. */
	OK(ftruncate(fd, size));
	expect_no_fault(m, 0, "page 0 after growing");
	expect_no_fault(m + pg + 99, 0, "page 1 after growing");
	for (long i = 0; i < 2 * pg; i++)
		CHECK(m[i] == 0, "byte %ld after ftruncate to 0 and back reads %d, expected 0", i, m[i]);
	expect_no_fault(m + 7, 1, "page 0 after growing");
	CHECK(pread(fd, &c, 1, 7) == 1 && c == 'w', "a store after growing is not seen by pread");
	expect_sigbus(m + 2 * pg, 0, "page 2 after growing to 1 page + 100");

	OK(munmap((void *)m, 3 * pg));
	close(fd);
	unlink(path);
	free(buf);
	return 0;
}
