/* process_vm_readv and process_vm_writev move bytes between a process and
 * its child: scattered on both sides, a remote range that reaches an
 * unmapped page stops the copy there (a short count; EFAULT when nothing
 * moved), and zero local vectors move nothing. */
#include "ptest.h"
#include <sys/mman.h>
#include <sys/uio.h>

static char data[64];

int main(void)
{
	watchdog(20);
	int go[2], done[2];
	CHECK(pipe(go) == 0 && pipe(done) == 0, "pipe: %s", strerror(errno));
	long page = sysconf(_SC_PAGESIZE);
	/* Two pages, the second unmapped: the child's copy too. */
	char *area = mmap(NULL, 2 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(area != MAP_FAILED && munmap(area + page, page) == 0, "mmap: %s", strerror(errno));
	pid_t c = fork_or_fail();
	if (c == 0) {
		strcpy(data, "the child's data");
		memset(area + page - 8, 'z', 8);
		write(go[1], "r", 1);
		char x;
		CHECK(read(done[0], &x, 1) == 1, "the parent did not finish");
		CHECK(strcmp(data, "written by parent") == 0, "the child sees \"%s\"", data);
		_exit(0);
	}
	char x;
	CHECK(read(go[0], &x, 1) == 1, "the child did not start");
	char a[6], b[32];
	memset(b, 0, sizeof b);
	struct iovec local[2] = { { a, sizeof a }, { b, 11 } };
	struct iovec remote[1] = { { data, 17 } };
	CHECK(process_vm_readv(c, local, 2, remote, 1, 0) == 17, "readv: %s", strerror(errno));
	CHECK(memcmp(a, "the ch", 6) == 0 && strcmp(b, "ild's data") == 0, "read \"%.6s\" \"%s\"", a, b);

	/* Across into the unmapped page: only the mapped 8 bytes come. */
	char big[64];
	struct iovec l1 = { big, sizeof big }, r1 = { area + page - 8, 64 };
	CHECK(process_vm_readv(c, &l1, 1, &r1, 1, 0) == 8, "a read that meets a hole: %s", strerror(errno));
	CHECK(memcmp(big, "zzzzzzzz", 8) == 0, "the bytes before the hole");
	struct iovec r2 = { area + page, 8 };
	CHECK(process_vm_readv(c, &l1, 1, &r2, 1, 0) == -1 && errno == EFAULT, "a read of the hole: %s",
	      strerror(errno));
	CHECK(process_vm_readv(c, &l1, 0, &r1, 1, 0) == 0, "no local vectors");

	char msg[] = "written by parent";
	struct iovec lw = { msg, sizeof msg }, rw = { data, sizeof msg };
	CHECK(process_vm_writev(c, &lw, 1, &rw, 1, 0) == (ssize_t)sizeof msg, "writev: %s", strerror(errno));
	write(done[1], "d", 1);
	int status = wait_for(c);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "the child: status 0x%x", status);
	return 0;
}
