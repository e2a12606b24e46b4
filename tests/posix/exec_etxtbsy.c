/* A running program's file cannot be written (Linux's deny_write_access):
 * while a copy of this test runs from /tmp, opening that file for writing
 * and truncate(2) are ETXTBSY (reading works); once it has exited, both
 * work. The other way round: execve of a file open for writing is ETXTBSY. */
#include "ptest.h"
#include <sys/stat.h>

static char copy[] = "/tmp/exec_etxtbsy_XXXXXX";

static void copy_self(void)
{
	int in = open("/proc/self/exe", O_RDONLY);
	int out = mkstemp(copy);
	CHECK(in >= 0 && out >= 0, "open: %s", strerror(errno));
	char buf[65536];
	ssize_t n;
	while ((n = read(in, buf, sizeof buf)) > 0)
		CHECK(write(out, buf, (size_t)n) == n, "write: %s", strerror(errno));
	CHECK(n == 0 && fchmod(out, 0755) == 0, "copy: %s", strerror(errno));
	close(in);
	close(out);
}

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "wait")) { /* the running copy */
		char c;
		return read(0, &c, 1) < 0; /* until the parent closes the pipe */
	}
	copy_self();
	int p[2];
	CHECK(pipe(p) == 0, "pipe: %s", strerror(errno));
	pid_t pid = fork_or_fail();
	if (pid == 0) {
		dup2(p[0], 0);
		close(p[1]);
		execl(copy, copy, "wait", (char *)NULL);
		_exit(100 + errno);
	}
	close(p[0]);
	/* The child has exec'd once /proc/<pid>/exe names the copy. */
	char link[64], exe[256];
	snprintf(link, sizeof link, "/proc/%d/exe", (int)pid);
	for (int i = 0; i < 2000; i++) {
		ssize_t n = readlink(link, exe, sizeof exe - 1);
		if (n > 0 && (exe[n] = 0, !strcmp(exe, copy)))
			break;
		usleep(1000);
	}
	errno = 0;
	CHECK(open(copy, O_WRONLY) == -1 && errno == ETXTBSY, "open for writing while it runs: %s", strerror(errno));
	errno = 0;
	CHECK(open(copy, O_RDWR) == -1 && errno == ETXTBSY, "open O_RDWR while it runs: %s", strerror(errno));
	errno = 0;
	CHECK(truncate(copy, 0) == -1 && errno == ETXTBSY, "truncate while it runs: %s", strerror(errno));
	int r = open(copy, O_RDONLY);
	CHECK(r >= 0, "open for reading while it runs: %s", strerror(errno));
	close(r);
	close(p[1]);
	int st;
	CHECK(waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0, "the copy ran: %#x", st);
	int w = open(copy, O_WRONLY);
	CHECK(w >= 0, "open for writing after it ended: %s", strerror(errno));

	/* execve of a file open for writing. */
	pid = fork_or_fail();
	if (pid == 0) {
		execl(copy, copy, "wait", (char *)NULL);
		_exit(errno == ETXTBSY ? 0 : 100 + errno);
	}
	CHECK(waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0,
	      "execve of a file open for writing: status %#x (100 + errno)", st);
	close(w);
	unlink(copy);
	return 0;
}
