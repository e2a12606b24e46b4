/* /proc/<pid>/mem is the process's memory at the file offset: pread and
 * pwrite there read and change it (our own and, as root, a child's), a
 * place with nothing mapped is EIO, and another user's process is EACCES
 * to open (mem and maps alike). */
#include "ptest.h"
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/prctl.h>

static volatile long value = 1234;

int main(void)
{
	watchdog(20);
	int fd = open("/proc/self/mem", O_RDWR);
	CHECK(fd >= 0, "open /proc/self/mem: %s", strerror(errno));
	long got = 0;
	CHECK(pread(fd, &got, sizeof got, (off_t)(uintptr_t)&value) == sizeof got && got == 1234,
	      "pread of a variable: %ld (%s)", got, strerror(errno));
	long put = 5678;
	CHECK(pwrite(fd, &put, sizeof put, (off_t)(uintptr_t)&value) == sizeof put, "pwrite: %s",
	      strerror(errno));
	CHECK(value == 5678, "the variable after pwrite: %ld", value);
	CHECK(lseek(fd, (off_t)(uintptr_t)&value, SEEK_SET) == (off_t)(uintptr_t)&value, "lseek: %s",
	      strerror(errno));
	CHECK(read(fd, &got, sizeof got) == sizeof got && got == 5678, "read after lseek: %ld", got);

	long page = sysconf(_SC_PAGESIZE);
	char *hole = mmap(NULL, page, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(hole != MAP_FAILED && munmap(hole, page) == 0, "mmap: %s", strerror(errno));
	CHECK(pread(fd, &got, sizeof got, (off_t)(uintptr_t)hole) == -1 && errno == EIO,
	      "pread of an unmapped page: %s", strerror(errno));
	close(fd);

	int go[2], done[2];
	CHECK(pipe(go) == 0 && pipe(done) == 0, "pipe: %s", strerror(errno));
	pid_t root = getpid();
	pid_t c = fork_or_fail();
	if (c == 0) {
		value = 42;
		CHECK(setgid(1000) == 0 && setuid(1000) == 0, "setuid: %s", strerror(errno));
		prctl(PR_SET_DUMPABLE, 1); /* Linux made it undumpable at setuid */
		char path[64];
		snprintf(path, sizeof path, "/proc/%d/mem", (int)root);
		CHECK(open(path, O_RDONLY) == -1 && errno == EACCES, "a user opening root's mem: %s",
		      strerror(errno));
		snprintf(path, sizeof path, "/proc/%d/maps", (int)root);
		CHECK(open(path, O_RDONLY) == -1 && errno == EACCES, "a user opening root's maps: %s",
		      strerror(errno));
		int own = open("/proc/self/mem", O_RDONLY);
		CHECK(own >= 0, "a user opening its own mem: %s", strerror(errno));
		close(own);
		write(go[1], "r", 1);
		char x;
		read(done[0], &x, 1);
		_exit(value == 99 ? 0 : 2);
	}
	char x;
	CHECK(read(go[0], &x, 1) == 1, "the child did not get ready");
	char path[64];
	snprintf(path, sizeof path, "/proc/%d/mem", (int)c);
	fd = open(path, O_RDWR);
	CHECK(fd >= 0, "root opening the child's mem: %s", strerror(errno));
	CHECK(pread(fd, &got, sizeof got, (off_t)(uintptr_t)&value) == sizeof got && got == 42,
	      "the child's variable: %ld", got);
	put = 99;
	CHECK(pwrite(fd, &put, sizeof put, (off_t)(uintptr_t)&value) == sizeof put, "writing the child's: %s",
	      strerror(errno));
	close(fd);
	write(done[1], "d", 1);
	int status = wait_for(c);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "the child: status 0x%x", status);
	return 0;
}
