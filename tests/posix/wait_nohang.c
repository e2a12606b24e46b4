/* wait4 with WNOHANG returns 0 while the child still runs and reports the
 * child once it has exited. */
#include "ptest.h"
#include <sys/mman.h>

int main(void)
{
	watchdog(20);
	volatile int *go = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	CHECK(go != MAP_FAILED, "mmap: %s", strerror(errno));
	pid_t pid = fork_or_fail();
	if (pid == 0) {
		while (!__atomic_load_n(go, __ATOMIC_ACQUIRE))
			sched_yield();
		_exit(5);
	}
	int status = -1;
	pid_t r = wait4(pid, &status, WNOHANG, NULL);
	CHECK(r == 0, "WNOHANG on a running child returned %d (%s), expected 0", (int)r, strerror(errno));
	r = wait4(-1, &status, WNOHANG, NULL);
	CHECK(r == 0, "WNOHANG for any child returned %d, expected 0", (int)r);
	__atomic_store_n(go, 1, __ATOMIC_RELEASE);
	for (;;) {
		r = wait4(pid, &status, WNOHANG, NULL);
		if (r == pid)
			break;
		CHECK(r == 0, "WNOHANG returned %d (%s)", (int)r, strerror(errno));
		usleep(1000);
	}
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 5, "status 0x%x, expected 0x500", status);
	r = wait4(pid, &status, WNOHANG, NULL);
	CHECK(r == -1 && errno == ECHILD, "after reaping: %d (%s), expected ECHILD", (int)r, strerror(errno));
	return 0;
}
