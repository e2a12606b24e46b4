/* memfd_create makes an unnamed regular file (S_IFREG | 0777, O_RDWR |
 * O_LARGEFILE) whose fd link reads "/memfd:NAME (deleted)"; file seals
 * (fcntl F_ADD_SEALS, F_GET_SEALS) then refuse what each forbids with
 * EPERM: SHRINK and GROW size changes, WRITE and FUTURE_WRITE writes and
 * writable shared mappings. F_SEAL_WRITE is EBUSY while a shared mapping
 * through a writable descriptor exists, and SEAL stops further seals.
 * Without MFD_ALLOW_SEALING a memfd starts with F_SEAL_SEAL; a file in
 * /dev/shm (tmpfs) reports F_SEAL_SEAL too, a pipe has no seals (EINVAL).
 * Only what Linux 6.1 and later agree on is checked (6.3 added F_SEAL_EXEC
 * and MFD_EXEC, later kernels treat read-only shared mappings apart). */
#include "ptest.h"
#include <stdint.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>

#define PAGE 4096

static int memfd(const char *name, unsigned flags)
{
	int fd = (int)syscall(SYS_memfd_create, name, flags);
	CHECK(fd >= 0, "memfd_create(\"%s\", %#x): %s", name, flags, strerror(errno));
	return fd;
}

/* The call's result was -1 with errno want. */
static void expect_err(long r, int want, const char *what)
{
	CHECK(r == -1 && errno == want, "%s: returned %ld (%s), expected %s", what, r,
	      r == -1 ? strerror(errno) : "no error", strerror(want));
}

static void expect_ok(long r, const char *what)
{
	CHECK(r >= 0, "%s: %s", what, strerror(errno));
}

static int seals_of(int fd)
{
	int s = fcntl(fd, F_GET_SEALS);
	CHECK(s >= 0, "F_GET_SEALS: %s", strerror(errno));
	return s;
}

static void check_link(int fd, const char *want)
{
	char path[64], link[512];
	snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
	ssize_t n = readlink(path, link, sizeof link - 1);
	CHECK(n >= 0, "readlink %s: %s", path, strerror(errno));
	link[n] = 0;
	CHECK(strcmp(link, want) == 0, "fd link is \"%s\", expected \"%s\"", link, want);
}

/* Creation, the file's attributes, data and a shared mapping seeing it. */
static void check_file(void)
{
	int fd = memfd("calyx test", MFD_CLOEXEC);
	struct stat st;
	expect_ok(fstat(fd, &st), "fstat");
	CHECK(st.st_mode == (S_IFREG | 0777), "st_mode %#o, expected %#o", (unsigned)st.st_mode,
	      (unsigned)(S_IFREG | 0777));
	CHECK(st.st_size == 0 && st.st_nlink == 0, "new memfd: size %lld, nlink %lu",
	      (long long)st.st_size, (unsigned long)st.st_nlink);
	int fl = fcntl(fd, F_GETFL);
	CHECK((fl & O_ACCMODE) == O_RDWR, "F_GETFL %#x: not O_RDWR", fl);
	CHECK(fcntl(fd, F_GETFD) == FD_CLOEXEC, "MFD_CLOEXEC did not set FD_CLOEXEC");
	check_link(fd, "/memfd:calyx test (deleted)");
	CHECK(seals_of(fd) == F_SEAL_SEAL, "without MFD_ALLOW_SEALING: seals %#x, expected F_SEAL_SEAL",
	      seals_of(fd));
	expect_err(fcntl(fd, F_ADD_SEALS, F_SEAL_WRITE), EPERM, "F_ADD_SEALS without MFD_ALLOW_SEALING");

	CHECK(write(fd, "hello memfd", 11) == 11, "write: %s", strerror(errno));
	char buf[16] = { 0 };
	CHECK(pread(fd, buf, sizeof buf, 0) == 11 && memcmp(buf, "hello memfd", 11) == 0,
	      "pread did not give back what was written");
	expect_ok(fstat(fd, &st), "fstat");
	CHECK(st.st_size == 11, "size %lld after writing 11 bytes", (long long)st.st_size);
	expect_ok(ftruncate(fd, PAGE), "ftruncate");
	char *m = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	CHECK(m != MAP_FAILED, "mmap MAP_SHARED: %s", strerror(errno));
	CHECK(memcmp(m, "hello memfd", 11) == 0, "the mapping does not show the file's bytes");
	CHECK(pwrite(fd, "J", 1, 0) == 1, "pwrite: %s", strerror(errno));
	CHECK(m[0] == 'J', "the mapping does not see a write");
	m[1] = 'E';
	CHECK(pread(fd, buf, 2, 0) == 2 && buf[1] == 'E', "read does not see a store in the mapping");
	munmap(m, PAGE);
	close(fd);
	fd = memfd("", 0);
	check_link(fd, "/memfd: (deleted)");
	close(fd);
}

/* Names up to 249 bytes, known flags only, a readable name. */
static void check_args(void)
{
	char name[300];
	memset(name, 'n', sizeof name);
	name[249] = 0;
	close(memfd(name, 0));
	name[249] = 'n';
	name[250] = 0;
	expect_err(syscall(SYS_memfd_create, name, 0), EINVAL, "a 250-byte name");
	expect_err(syscall(SYS_memfd_create, (char *)8, 0), EFAULT, "a name at address 8");
	expect_err(syscall(SYS_memfd_create, "x", 0x40u), EINVAL, "unknown flag 0x40");
	expect_err(syscall(SYS_memfd_create, "x", 21u << 26), EINVAL, "a huge page size without MFD_HUGETLB");
	expect_err(syscall(SYS_memfd_create, (char *)8, 0x40u), EINVAL, "a bad flag before a bad name");
}

/* SHRINK and GROW: size changes one way or the other. */
static void check_size_seals(void)
{
	int fd = memfd("size", MFD_ALLOW_SEALING);
	CHECK(seals_of(fd) == 0, "MFD_ALLOW_SEALING: seals %#x, expected 0", seals_of(fd));
	expect_ok(ftruncate(fd, 100), "ftruncate 100");
	expect_ok(fcntl(fd, F_ADD_SEALS, F_SEAL_SHRINK), "F_ADD_SEALS SHRINK");
	expect_err(ftruncate(fd, 50), EPERM, "shrinking with F_SEAL_SHRINK");
	expect_ok(ftruncate(fd, 100), "ftruncate to the same size with F_SEAL_SHRINK");
	expect_ok(ftruncate(fd, 200), "growing with F_SEAL_SHRINK");
	expect_ok(fcntl(fd, F_ADD_SEALS, F_SEAL_GROW), "F_ADD_SEALS GROW");
	CHECK(seals_of(fd) == (F_SEAL_SHRINK | F_SEAL_GROW), "seals %#x, expected SHRINK|GROW", seals_of(fd));
	expect_err(ftruncate(fd, 300), EPERM, "growing with F_SEAL_GROW");
	expect_err(pwrite(fd, "abc", 3, 199), EPERM, "a pwrite past the end with F_SEAL_GROW");
	CHECK(lseek(fd, 0, SEEK_END) == 200, "lseek SEEK_END: %s", strerror(errno));
	expect_err(write(fd, "x", 1), EPERM, "a write at the end with F_SEAL_GROW");
	CHECK(pwrite(fd, "abc", 3, 10) == 3, "a pwrite inside the file with F_SEAL_GROW: %s", strerror(errno));
	expect_err(fallocate(fd, 0, 0, 400), EPERM, "fallocate past the end with F_SEAL_GROW");
	expect_err(fallocate(fd, FALLOC_FL_KEEP_SIZE, 0, 400), EPERM, "fallocate KEEP_SIZE past the end with F_SEAL_GROW");
	expect_ok(fallocate(fd, 0, 0, 200), "fallocate inside the file with F_SEAL_GROW");
	struct stat st;
	expect_ok(fstat(fd, &st), "fstat");
	CHECK(st.st_size == 200, "size %lld after refused changes, expected 200", (long long)st.st_size);
	close(fd);
}

/* WRITE: no writes, no hole punching, no writable shared mapping; EBUSY
   while a shared mapping through a writable descriptor exists. */
static void check_write_seal(void)
{
	int fd = memfd("write", MFD_ALLOW_SEALING);
	CHECK(pwrite(fd, "data", 4, 0) == 4, "pwrite: %s", strerror(errno));
	expect_ok(ftruncate(fd, PAGE), "ftruncate");
	char *m = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	CHECK(m != MAP_FAILED, "mmap MAP_SHARED: %s", strerror(errno));
	expect_err(fcntl(fd, F_ADD_SEALS, F_SEAL_WRITE), EBUSY, "F_SEAL_WRITE with a writable shared mapping");
	CHECK(seals_of(fd) == 0, "a refused F_ADD_SEALS left seals %#x", seals_of(fd));
	munmap(m, PAGE);
	char *priv = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	CHECK(priv != MAP_FAILED, "mmap MAP_PRIVATE: %s", strerror(errno));
	expect_ok(fcntl(fd, F_ADD_SEALS, F_SEAL_WRITE), "F_SEAL_WRITE after munmap, with a private mapping");
	CHECK(seals_of(fd) == F_SEAL_WRITE, "seals %#x, expected F_SEAL_WRITE", seals_of(fd));
	priv[0] = 'P'; /* a private copy: allowed, and not the file's */
	char c;
	CHECK(pread(fd, &c, 1, 0) == 1 && c == 'd', "a private store reached the sealed file");
	munmap(priv, PAGE);
	expect_err(write(fd, "x", 1), EPERM, "write with F_SEAL_WRITE");
	expect_err(pwrite(fd, "x", 1, 0), EPERM, "pwrite with F_SEAL_WRITE");
	expect_err(fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, 0, PAGE), EPERM,
	           "punching a hole with F_SEAL_WRITE");
	errno = 0;
	expect_err((long)mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0), EPERM,
	           "a writable shared mapping with F_SEAL_WRITE");
	CHECK(pread(fd, &c, 1, 0) == 1 && c == 'd', "read after F_SEAL_WRITE: %s", strerror(errno));
	close(fd);
}

/* FUTURE_WRITE: an existing writable mapping keeps writing, new writes
   and writable shared mappings are refused, and a read-only shared
   mapping cannot become writable. */
static void check_future_write_seal(void)
{
	int fd = memfd("future", MFD_ALLOW_SEALING);
	expect_ok(ftruncate(fd, PAGE), "ftruncate");
	char *m = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	CHECK(m != MAP_FAILED, "mmap MAP_SHARED: %s", strerror(errno));
	expect_ok(fcntl(fd, F_ADD_SEALS, F_SEAL_FUTURE_WRITE), "F_SEAL_FUTURE_WRITE with a mapping");
	m[0] = 'M';
	char c;
	CHECK(pread(fd, &c, 1, 0) == 1 && c == 'M', "a store through the older mapping was lost");
	expect_err(pwrite(fd, "x", 1, 0), EPERM, "pwrite with F_SEAL_FUTURE_WRITE");
	errno = 0;
	expect_err((long)mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0), EPERM,
	           "a writable shared mapping with F_SEAL_FUTURE_WRITE");
	char *r = mmap(NULL, PAGE, PROT_READ, MAP_SHARED, fd, 0);
	CHECK(r != MAP_FAILED, "a read-only shared mapping with F_SEAL_FUTURE_WRITE: %s", strerror(errno));
	CHECK(r[0] == 'M', "the read-only mapping does not show the file");
	expect_err(mprotect(r, PAGE, PROT_READ | PROT_WRITE), EACCES,
	           "mprotect of a read-only shared mapping with F_SEAL_FUTURE_WRITE");
	munmap(r, PAGE);
	munmap(m, PAGE);
	close(fd);
}

/* SEAL stops further seals; bad arguments and files without seals. */
static void check_seal_rules(void)
{
	int fd = memfd("rules", MFD_ALLOW_SEALING);
	expect_err(fcntl(fd, F_ADD_SEALS, 0x80), EINVAL, "unknown seal 0x80");
	expect_ok(fcntl(fd, F_ADD_SEALS, 0), "F_ADD_SEALS 0");
	char path[64];
	snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
	int ro = open(path, O_RDONLY);
	CHECK(ro >= 0, "reopening %s read-only: %s", path, strerror(errno));
	expect_err(fcntl(ro, F_ADD_SEALS, F_SEAL_GROW), EPERM, "F_ADD_SEALS through a read-only descriptor");
	CHECK(seals_of(ro) == 0, "F_GET_SEALS through a read-only descriptor: %#x", seals_of(ro));
	expect_ok(fcntl(fd, F_ADD_SEALS, F_SEAL_SEAL | F_SEAL_SHRINK), "F_ADD_SEALS SEAL|SHRINK");
	CHECK(seals_of(ro) == (F_SEAL_SEAL | F_SEAL_SHRINK), "seals %#x, expected SEAL|SHRINK", seals_of(ro));
	expect_err(fcntl(fd, F_ADD_SEALS, F_SEAL_GROW), EPERM, "F_ADD_SEALS after F_SEAL_SEAL");
	expect_err(fcntl(fd, F_ADD_SEALS, 0), EPERM, "F_ADD_SEALS 0 after F_SEAL_SEAL");
	close(ro);
	close(fd);

	int p[2];
	expect_ok(pipe(p), "pipe");
	expect_err(fcntl(p[0], F_GET_SEALS), EINVAL, "F_GET_SEALS on a pipe");
	expect_err(fcntl(p[1], F_ADD_SEALS, F_SEAL_GROW), EINVAL, "F_ADD_SEALS on a pipe's write end");
	close(p[0]);
	close(p[1]);

	/* tmpfs files are Linux's shmem files: sealed against sealing. */
	char shm[64];
	snprintf(shm, sizeof shm, "/dev/shm/memfd_seals.%d", (int)getpid());
	int t = open(shm, O_RDWR | O_CREAT | O_EXCL, 0600);
	CHECK(t >= 0, "creating %s: %s", shm, strerror(errno));
	unlink(shm);
	CHECK(seals_of(t) == F_SEAL_SEAL, "a /dev/shm file's seals: %#x, expected F_SEAL_SEAL", seals_of(t));
	expect_err(fcntl(t, F_ADD_SEALS, F_SEAL_GROW), EPERM, "F_ADD_SEALS on a /dev/shm file");
	close(t);
}

int main(void)
{
	watchdog(30);
	check_file();
	check_args();
	check_size_seals();
	check_write_seal();
	check_future_write_seal();
	check_seal_rules();
	return 0;
}
