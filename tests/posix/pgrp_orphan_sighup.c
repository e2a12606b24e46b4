/* A process group that becomes orphaned while one of its members is
 * stopped gets SIGHUP and then SIGCONT (POSIX _exit): a session leader M
 * forks C into a group of its own, C stops itself, M exits. C's handler
 * reports the SIGHUP through a pipe and C, continued, exits. A group that
 * is orphaned with nobody stopped gets nothing: the same again with a C
 * that keeps running. */
#include "ptest.h"
#include <fcntl.h>

static int report = -1;

static void on_hup(int sig)
{
	(void)sig;
	write(report, "H", 1);
}

/* In M: a child in its own group that stops itself (stop) or waits. */
static pid_t make_child(int stop, int out)
{
	pid_t c = fork_or_fail();
	if (c == 0) {
		report = out;
		signal(SIGHUP, on_hup);
		if (setpgid(0, 0) < 0)
			fail("setpgid: %s", strerror(errno));
		if (stop) {
			raise(SIGSTOP);
			write(out, "C", 1); /* continued */
		} else {
			signal(SIGALRM, SIG_DFL); /* not the watchdog's handler */
			alarm(2);
			pause(); /* the alarm ends it */
		}
		_exit(0);
	}
	return c;
}

/* Runs the scenario; what the child wrote to the pipe. */
static void scenario(int stop, char *got, size_t size)
{
	int p[2];
	if (pipe(p) < 0)
		fail("pipe: %s", strerror(errno));
	pid_t m = fork_or_fail();
	if (m == 0) {
		close(p[0]);
		if (setsid() < 0)
			fail("setsid: %s", strerror(errno));
		pid_t c = make_child(stop, p[1]);
		if (stop) {
			int st;
			if (waitpid(c, &st, WUNTRACED) != c || !WIFSTOPPED(st))
				fail("the child did not stop: 0x%x", st);
		}
		_exit(0); /* C's group is orphaned now */
	}
	close(p[1]);
	int status = wait_for(m);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "the session leader: status 0x%x", status);
	size_t len = 0;
	long n;
	while (len + 1 < size && (n = read(p[0], got + len, size - 1 - len)) > 0)
		len += (size_t)n;
	got[len] = 0;
	close(p[0]);
}

int main(void)
{
	watchdog(20);
	char got[16];
	scenario(1, got, sizeof got);
	CHECK(!strcmp(got, "HC"), "stopped member of an orphaned group: got \"%s\", expected SIGHUP then SIGCONT (\"HC\")", got);
	scenario(0, got, sizeof got);
	CHECK(!strcmp(got, ""), "running members of an orphaned group: got \"%s\", expected no SIGHUP", got);
	return 0;
}
