/* vfork suspends the parent until the child exits (or execs); the child's
 * _exit status reaches the parent, and the parent resumes afterwards. */
#include "ptest.h"
#include <sys/mman.h>

int main(void)
{
	watchdog(20);
	/* Shared memory, so the check holds whether or not vfork shares the
	 * whole address space (writing ordinary memory in the child is undefined). */
	volatile int *child_ran = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	CHECK(child_ran != MAP_FAILED, "mmap: %s", strerror(errno));
	fflush(stdout);
	pid_t pid = vfork();
	if (pid < 0)
		fail("vfork: %s", strerror(errno));
	if (pid == 0) {
		*child_ran = 1;
		_exit(9);
	}
	CHECK(*child_ran == 1, "the parent resumed before the vfork child ran");
	int status = wait_for(pid);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 9, "status 0x%x, expected 0x900", status);
	return 0;
}
