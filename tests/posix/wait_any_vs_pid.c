/* wait4 for a specific pid returns that child even while an older one is
 * still running; wait4(-1) then returns the remaining child. */
#include "ptest.h"
#include <sys/mman.h>

int main(void)
{
	watchdog(20);
	volatile int *release = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	CHECK(release != MAP_FAILED, "mmap: %s", strerror(errno));
	pid_t slow = fork_or_fail();
	if (slow == 0) {
		while (!__atomic_load_n(release, __ATOMIC_ACQUIRE))
			sched_yield();
		_exit(1);
	}
	pid_t fast = fork_or_fail();
	if (fast == 0)
		_exit(2);
	int status = wait_for(fast);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 2, "fast child: status 0x%x, expected 0x200", status);
	CHECK(wait4(slow, &status, WNOHANG, NULL) == 0, "the slow child was reaped too early");
	__atomic_store_n(release, 1, __ATOMIC_RELEASE);
	pid_t r;
	do
		r = wait4(-1, &status, 0, NULL);
	while (r < 0 && errno == EINTR);
	CHECK(r == slow, "wait4(-1) returned %d, expected the slow child %d", (int)r, (int)slow);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 1, "slow child: status 0x%x, expected 0x100", status);
	return 0;
}
