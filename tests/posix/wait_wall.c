/* wait4 with __WALL is wait4, not waitid: it returns the child's pid and
 * writes only the int status word (nothing past it), and reaps the child
 * (a second wait finds none). __WCLONE alone waits only for "clone"
 * children (those that do not signal SIGCHLD), so an ordinary child is not
 * among them. Polling with WNOHANG | __WALL sees 0 until the child ends. */
#include "ptest.h"

int main(void)
{
	watchdog(20);
	int pipefd[2];
	CHECK(pipe(pipefd) == 0, "pipe: %s", strerror(errno));
	pid_t c = fork_or_fail();
	if (c == 0) {
		char x;
		close(pipefd[1]);
		read(pipefd[0], &x, 1); /* until the parent has polled once */
		_exit(7);
	}
	close(pipefd[0]);
	struct {
		int before, status, after[32];
	} w;
	memset(&w, 0x5a, sizeof w);
	pid_t r = waitpid(-1, &w.status, WNOHANG | __WALL);
	CHECK(r == 0, "WNOHANG|__WALL with the child running returned %d (%s)", (int)r, strerror(errno));
	CHECK(waitpid(-1, &w.status, WNOHANG | __WCLONE) == -1 && errno == ECHILD,
	      "__WCLONE with only an ordinary child: %s", strerror(errno));
	close(pipefd[1]);
	do
		r = waitpid(-1, &w.status, WNOHANG | __WALL);
	while (r == 0 || (r < 0 && errno == EINTR));
	CHECK(r == c, "waitpid(-1, WNOHANG|__WALL) returned %d, expected the pid %d (%s)", (int)r, (int)c,
	      strerror(errno));
	CHECK(WIFEXITED(w.status) && WEXITSTATUS(w.status) == 7, "status 0x%x, expected exit 7", w.status);
	CHECK(w.before == 0x5a5a5a5a, "the word before the status was written");
	for (int i = 0; i < 32; i++)
		CHECK(w.after[i] == 0x5a5a5a5a, "the word %d after the status was written", i + 1);
	CHECK(waitpid(-1, &w.status, WNOHANG | __WALL) == -1 && errno == ECHILD,
	      "a second wait: %s (the child was not reaped)", strerror(errno));

	/* The same with a blocking wait4 and __WALL. */
	c = fork_or_fail();
	if (c == 0)
		_exit(3);
	r = wait4(c, &w.status, __WALL, NULL);
	CHECK(r == c && WIFEXITED(w.status) && WEXITSTATUS(w.status) == 3,
	      "wait4(pid, __WALL): %d, status 0x%x", (int)r, w.status);
	return 0;
}
