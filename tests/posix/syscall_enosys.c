/* A system call number the kernel does not know returns -1 with ENOSYS, and
 * the process goes on. */
#include "ptest.h"
#include <sys/syscall.h>

int main(void)
{
	static const long numbers[] = { 1000, 4095, 100000, 0x3fffffff, -1 };
	for (unsigned i = 0; i < sizeof numbers / sizeof numbers[0]; i++) {
		errno = 0;
		long r = syscall(numbers[i], 1, 2, 3, 4, 5, 6);
		CHECK(r == -1 && errno == ENOSYS, "syscall %ld returned %ld (%s), expected ENOSYS", numbers[i], r, strerror(errno));
	}
	CHECK(syscall(SYS_getpid) == getpid(), "the process is not sane after unknown syscalls");
	return 0;
}
