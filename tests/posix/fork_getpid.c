/* Across fork: the child's getpid is what fork returned to the parent, the
 * child's getppid is the parent's getpid, and the parent's ids do not change. */
#include "ptest.h"
#include <sys/mman.h>

int main(void)
{
	watchdog(20);
	pid_t *seen = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	CHECK(seen != MAP_FAILED, "mmap: %s", strerror(errno));
	pid_t me = getpid(), parent = getppid();
	CHECK(me > 0 && parent >= 0 && me != parent, "getpid %d getppid %d", (int)me, (int)parent);
	pid_t pid = fork_or_fail();
	if (pid == 0) {
		seen[0] = getpid();
		seen[1] = getppid();
		seen[2] = gettid();
		_exit(0);
	}
	int status = wait_for(pid);
	CHECK(status == 0, "child status 0x%x", status);
	CHECK(seen[0] == pid, "child getpid %d, fork returned %d", (int)seen[0], (int)pid);
	CHECK(seen[1] == me, "child getppid %d, parent is %d", (int)seen[1], (int)me);
	CHECK(seen[2] == pid, "child gettid %d, expected its pid %d", (int)seen[2], (int)pid);
	CHECK(getpid() == me && getppid() == parent, "parent ids changed");
	CHECK(gettid() == me, "gettid %d != getpid %d in a single-threaded process", (int)gettid(), (int)me);
	return 0;
}
