/* SIGSTOP stops a child (wait4 with WUNTRACED reports WIFSTOPPED/SIGSTOP),
 * SIGCONT resumes it (WCONTINUED reports WIFCONTINUED), and a stopped child
 * can still be killed. */
#include "ptest.h"
#include <sys/mman.h>

int main(void)
{
	watchdog(30);
	volatile unsigned long *ticks = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	CHECK(ticks != MAP_FAILED, "mmap: %s", strerror(errno));
	pid_t pid = fork_or_fail();
	if (pid == 0) {
		alarm(25);
		for (;;) {
			__atomic_add_fetch(ticks, 1, __ATOMIC_RELAXED);
			usleep(1000);
		}
	}
	int status;
	CHECK(kill(pid, SIGSTOP) == 0, "kill SIGSTOP: %s", strerror(errno));
	CHECK(wait4(pid, &status, WUNTRACED, NULL) == pid, "wait4 WUNTRACED: %s", strerror(errno));
	CHECK(WIFSTOPPED(status) && WSTOPSIG(status) == SIGSTOP, "status 0x%x, expected stopped by SIGSTOP", status);
	CHECK(wait4(pid, &status, WNOHANG | WUNTRACED, NULL) == 0, "the stop was reported twice");

	CHECK(kill(pid, SIGCONT) == 0, "kill SIGCONT: %s", strerror(errno));
	CHECK(wait4(pid, &status, WCONTINUED, NULL) == pid, "wait4 WCONTINUED: %s", strerror(errno));
	CHECK(WIFCONTINUED(status), "status 0x%x, expected continued", status);
	/* The child runs again: its counter moves. */
	unsigned long before = __atomic_load_n(ticks, __ATOMIC_RELAXED);
	while (__atomic_load_n(ticks, __ATOMIC_RELAXED) == before)
		usleep(1000);

	kill(pid, SIGSTOP);
	CHECK(wait4(pid, &status, WUNTRACED, NULL) == pid && WIFSTOPPED(status), "second stop: status 0x%x", status);
	kill(pid, SIGKILL);
	status = wait_for(pid);
	CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL, "killed while stopped: status 0x%x", status);
	return 0;
}
