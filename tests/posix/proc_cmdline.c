/* /proc/<pid>/cmdline is the argv a process was exec'd with, each string
 * followed by a NUL (an empty argument is an empty string), and
 * /proc/<pid>/comm is the basename of the executed path plus a newline.
 * The parent forks, the child execs this program with chosen arguments and
 * says it is ready through a pipe; the parent reads the child's files. */
#include "ptest.h"
#include <fcntl.h>
#include <libgen.h>

static ssize_t read_file(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		fail("open %s: %s", path, strerror(errno));
	size_t got = 0;
	ssize_t n;
	while ((n = read(fd, buf + got, size - got)) > 0)
		got += n;
	if (n < 0)
		fail("read %s: %s", path, strerror(errno));
	close(fd);
	return (ssize_t)got;
}

int main(int argc, char **argv)
{
	if (argc > 2 && strcmp(argv[1], "--child") == 0) {
		int fd = atoi(argv[2]);
		CHECK(write(fd, "r", 1) == 1, "child: write: %s", strerror(errno));
		pause(); /* the parent kills it */
		return 1;
	}
	watchdog(20);
	int p[2];
	CHECK(pipe(p) == 0, "pipe: %s", strerror(errno));
	char fdarg[16];
	snprintf(fdarg, sizeof fdarg, "%d", p[1]);
	char *child_argv[] = { argv[0], "--child", fdarg, "two words", "", NULL };
	pid_t pid = fork_or_fail();
	if (pid == 0) {
		close(p[0]);
		execv(argv[0], child_argv);
		fail("execv %s: %s", argv[0], strerror(errno));
	}
	close(p[1]);
	char c;
	CHECK(read(p[0], &c, 1) == 1, "the child did not start: %s", strerror(errno));

	char want[256], got[512], path[64];
	size_t wlen = 0;
	for (int i = 0; child_argv[i]; i++) {
		size_t l = strlen(child_argv[i]) + 1;
		memcpy(want + wlen, child_argv[i], l);
		wlen += l;
	}
	snprintf(path, sizeof path, "/proc/%d/cmdline", (int)pid);
	ssize_t n = read_file(path, got, sizeof got);
	CHECK((size_t)n == wlen && memcmp(got, want, wlen) == 0,
	      "%s: %zd bytes, expected %zu (\"%s --child %s two words \")", path, n, wlen, argv[0], fdarg);

	char comm[64], want_comm[32];
	snprintf(want_comm, sizeof want_comm, "%.15s\n", basename(argv[0]));
	snprintf(path, sizeof path, "/proc/%d/comm", (int)pid);
	n = read_file(path, comm, sizeof comm - 1);
	comm[n] = 0;
	CHECK(strcmp(comm, want_comm) == 0, "%s: \"%s\", expected \"%s\"", path, comm, want_comm);

	kill(pid, SIGKILL);
	int status = wait_for(pid);
	CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL, "child: status 0x%x", status);
	return 0;
}
