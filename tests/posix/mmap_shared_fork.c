/* MAP_SHARED anonymous memory is shared with a forked child, both ways. */
#include "ptest.h"
#include <sys/mman.h>

int main(void)
{
	watchdog(20);
	const size_t len = 8 * 4096;
	volatile unsigned char *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	CHECK(p != MAP_FAILED, "mmap: %s", strerror(errno));
	p[0] = 1;
	pid_t pid = fork_or_fail();
	if (pid == 0) {
		if (p[0] != 1)
			_exit(2);
		for (size_t i = 1; i < len; i++)
			p[i] = (unsigned char)(i % 251);
		while (__atomic_load_n(&p[0], __ATOMIC_ACQUIRE) != 3)
			sched_yield();
		_exit(0);
	}
	int status = -1;
	/* Tell the child to finish once the parent has seen its writes. */
	size_t last = len - 1;
	while (p[last] != (unsigned char)(last % 251))
		sched_yield();
	for (size_t i = 1; i < len; i++)
		CHECK(p[i] == (unsigned char)(i % 251), "byte %zu written by the child reads %d in the parent", i, p[i]);
	__atomic_store_n(&p[0], 3, __ATOMIC_RELEASE);
	status = wait_for(pid);
	CHECK(status == 0, "child status 0x%x", status);
	return 0;
}
