/* FUTEX_WAIT returns EAGAIN at once when the word does not hold the expected
 * value; an unaligned or unmapped address gives EINVAL or EFAULT. */
#include "ptest.h"
#include "futex_ops.h"
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>

int main(void)
{
	watchdog(20);
	static int word[2] = { 1, 0 };
	struct timespec long_wait = { 10, 0 };
	long r = syscall(SYS_futex, &word[0], FUTEX_WAIT, 2, &long_wait, NULL, 0);
	CHECK(r == -1 && errno == EAGAIN, "FUTEX_WAIT on 1 expecting 2: %ld (%s), expected EAGAIN", r, strerror(errno));
	r = syscall(SYS_futex, &word[0], FUTEX_WAIT_PRIVATE, 0, NULL, NULL, 0);
	CHECK(r == -1 && errno == EAGAIN, "private, no timeout: %ld (%s), expected EAGAIN", r, strerror(errno));
	r = syscall(SYS_futex, (char *)word + 1, FUTEX_WAIT, 0, &long_wait, NULL, 0);
	CHECK(r == -1 && errno == EINVAL, "unaligned address: %ld (%s), expected EINVAL", r, strerror(errno));
	void *page = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(page != MAP_FAILED, "mmap: %s", strerror(errno));
	munmap(page, 4096);
	r = syscall(SYS_futex, page, FUTEX_WAIT, 0, &long_wait, NULL, 0);
	CHECK(r == -1 && errno == EFAULT, "unmapped address: %ld (%s), expected EFAULT", r, strerror(errno));
	return 0;
}
