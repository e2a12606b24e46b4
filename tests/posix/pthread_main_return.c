/* When main returns while other threads still run, the whole process ends
 * with main's return value (the other threads die with it). */
#include "ptest.h"
#include <pthread.h>

static void *spin(void *arg)
{
	(void)arg;
	for (;;)
		sched_yield();
	return NULL;
}

static void *block(void *arg)
{
	(void)arg;
	for (;;)
		pause();
	return NULL;
}

int main(int argc, char **argv)
{
	(void)argv;
	if (argc > 1) {
		/* The process under test. */
		pthread_t t;
		for (int i = 0; i < 3; i++) {
			pthread_create(&t, NULL, spin, NULL);
			pthread_create(&t, NULL, block, NULL);
		}
		return 7;
	}
	watchdog(20);
	pid_t pid = fork_or_fail();
	if (pid == 0) {
		char *args[] = { argv[0], "--threads", NULL };
		execv(argv[0], args);
		fail("execv: %s", strerror(errno));
	}
	int status = wait_for(pid);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 7, "status 0x%x, expected exit 7 (0x700)", status);
	return 0;
}
