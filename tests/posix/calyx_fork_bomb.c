/* Calyx only (never run it on a host: it forks until the system refuses).
 * Forking until fork fails ends in a clean EAGAIN at the documented process
 * limit, not a crash or a hang; after the children are killed and reaped,
 * a fresh fork works again. */
#include "ptest.h"

#define MAX_TRIES 100000 /* far above any sane process limit */

int main(void)
{
	watchdog(55);
	pid_t *kids = malloc(MAX_TRIES * sizeof *kids);
	CHECK(kids, "malloc failed");
	int n = 0, err = 0;
	fflush(stdout);
	while (n < MAX_TRIES) {
		pid_t pid = fork();
		if (pid < 0) {
			err = errno;
			break;
		}
		if (pid == 0) {
			for (;;)
				pause();
		}
		kids[n++] = pid;
	}
	for (int i = 0; i < n; i++)
		kill(kids[i], SIGKILL);
	for (int i = 0; i < n; i++) {
		int status = wait_for(kids[i]);
		CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL, "child %d: status 0x%x", i, status);
	}
	CHECK(n < MAX_TRIES, "%d forks succeeded: no process limit", n);
	CHECK(err == EAGAIN, "fork failed after %d children with %s, expected EAGAIN", n, strerror(err));
	CHECK(n > 0, "not even one fork succeeded");
	int status;
	CHECK(wait4(-1, &status, WNOHANG, NULL) == -1 && errno == ECHILD, "children left after reaping them all");

	pid_t pid = fork_or_fail();
	if (pid == 0)
		_exit(5);
	status = wait_for(pid);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 5, "a fresh fork after the bomb: status 0x%x", status);
	free(kids);
	return 0;
}
