/* exit() called by a non-main thread ends the whole process with that code;
 * after the main thread calls pthread_exit, the process lives on until its
 * last thread ends. */
#include "ptest.h"
#include <pthread.h>
#include <time.h>

static void *exits_process(void *arg)
{
	(void)arg;
	exit(9);
}

static void *last_thread(void *arg)
{
	(void)arg;
	struct timespec t = { 0, 100 * 1000000L };
	nanosleep(&t, NULL); /* let the main thread finish first */
	exit(12);
}

static void *block(void *arg)
{
	(void)arg;
	for (;;)
		pause();
	return NULL;
}

int main(void)
{
	watchdog(20);
	pid_t pid = fork_or_fail();
	if (pid == 0) {
		pthread_t t;
		pthread_create(&t, NULL, block, NULL);
		pthread_create(&t, NULL, exits_process, NULL);
		for (;;)
			pause();
	}
	int status = wait_for(pid);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 9, "exit from a thread: status 0x%x, expected 0x900", status);

	pid = fork_or_fail();
	if (pid == 0) {
		pthread_t t;
		pthread_create(&t, NULL, last_thread, NULL);
		pthread_exit(NULL);
	}
	status = wait_for(pid);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 12, "after main's pthread_exit: status 0x%x, expected 0xc00", status);
	return 0;
}
