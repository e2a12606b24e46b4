/* A SCHED_FIFO thread that spins without ever blocking does not take the
 * CPU for good: ordinary threads still get some of it (Linux's RT
 * throttling, 950 ms of every second for real-time threads; Calyx's
 * scheduler does the same), so the SCHED_OTHER parent can tell the
 * spinning child to stop. Both are pinned to CPU 0. Runs as root. */
#include "ptest.h"
#include <sys/mman.h>
#include <sys/syscall.h>

int main(void)
{
	watchdog(30);
	cpu_set_t one;
	CPU_ZERO(&one);
	CPU_SET(0, &one);
	CHECK(sched_setaffinity(0, sizeof one, &one) == 0, "sched_setaffinity: %s", strerror(errno));
	volatile int *flag = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	CHECK(flag != MAP_FAILED, "mmap: %s", strerror(errno));
	int ready[2];
	CHECK(pipe(ready) == 0, "pipe");
	pid_t pid = fork_or_fail();
	if (pid == 0) {
		alarm(25); /* never outlive the test */
		struct sched_param sp = { .sched_priority = 1 };
		if (sched_setscheduler(0, SCHED_FIFO, &sp) != 0 &&
		    syscall(SYS_sched_setscheduler, 0, SCHED_FIFO, &sp) != 0)
			_exit(2);
		char c = 1;
		write(ready[1], &c, 1);
		while (!flag[0])
			flag[1]++; /* spin: no system call */
		_exit(0);
	}
	char c;
	CHECK(read(ready[0], &c, 1) == 1, "the child did not become SCHED_FIFO");
	/* Here only while the child is throttled: it spins at FIFO 1. */
	flag[0] = 1;
	int status = wait_for(pid);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "child status %#x", status);
	CHECK(flag[1] != 0, "the child never spun");
	return 0;
}
