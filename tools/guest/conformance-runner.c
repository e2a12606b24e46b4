/* The guest half of tools/conformance: runs test programs one after another
 * inside one VM (Calyx or the Linux reference VM) and reports each on stdout.
 *
 * usage: conformance-runner [-t SECONDS] [-l LIST] [TEST...]
 *
 * TEST is a name in /bin or a path; LIST is a file of such names, one a line
 * (Calyx starts its first program with at most CX_START_MAX_ARGS strings). Each runs as its own process group with
 * argv[0] = its path, stdin /dev/null, stdout and stderr in files under
 * /tmp, cwd /, umask 022 and this program's environment. After SECONDS
 * (default 60) its group is killed. Whatever happens, the next test runs.
 * Stdout carries only framed records, which tools/conformance parses:
 *
 *     @@conformance start NAME
 *     @@conformance out NAME SIZE SHOWN      then SHOWN bytes of its stdout and "\n"
 *     @@conformance err NAME SIZE SHOWN      then SHOWN bytes of its stderr and "\n"
 *     @@conformance end NAME exit N | signal N | timeout | error TEXT
 *     @@conformance done
 *
 * SIZE is how many bytes the test wrote, SHOWN how many follow (at most
 * OUTPUT_SHOWN_MAX). A "start" without its "end" means the VM died during
 * that test. Built static with musl-gcc; the same binary runs on both. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define DEFAULT_TIMEOUT 60          /* seconds a test may run before its group is killed */
#define OUTPUT_SHOWN_MAX (64 * 1024)  /* bytes of each output stream reported */
#define OUT_FILE "/tmp/conformance.out"
#define ERR_FILE "/tmp/conformance.err"
#define PATH_MAX_LEN 512
#define LIST_MAX (256 * 1024)       /* largest -l LIST file */

extern char **environ;

static volatile sig_atomic_t running_pid; /* the test's process group, 0 between tests */
static volatile sig_atomic_t timed_out;

/* The timeout kills right here, so a wait4 that has not started yet when the
 * alarm rings still sees the test die. */
static void on_alarm(int sig)
{
	(void)sig;
	if (running_pid > 0) {
		timed_out = 1;
		kill(-running_pid, SIGKILL);
		kill(running_pid, SIGKILL);
	}
}

/* Writes all of buf to stdout; the host reads nothing else from there. */
static void put(const void *buf, size_t len)
{
	const char *p = buf;
	while (len > 0) {
		ssize_t n = write(1, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			_exit(3); /* the console is gone: nothing left to report to */
		p += n;
		len -= (size_t)n;
	}
}

static void putf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void putf(const char *fmt, ...)
{
	char line[PATH_MAX_LEN + 256];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	put(line, (size_t)n < sizeof line ? (size_t)n : sizeof line - 1);
}

/* Reports one captured stream: a header line, up to OUTPUT_SHOWN_MAX bytes, "\n". */
static void report_output(const char *kind, const char *name, const char *path)
{
	static char buf[OUTPUT_SHOWN_MAX];
	size_t shown = 0;
	long long size = 0;
	int fd = open(path, O_RDONLY);
	if (fd >= 0) {
		struct stat st;
		if (fstat(fd, &st) == 0)
			size = st.st_size;
		while (shown < sizeof buf) {
			ssize_t n = read(fd, buf + shown, sizeof buf - shown);
			if (n < 0 && errno == EINTR)
				continue;
			if (n <= 0)
				break;
			shown += (size_t)n;
		}
		close(fd);
	}
	putf("@@conformance %s %s %lld %zu\n", kind, name, size, shown);
	put(buf, shown);
	put("\n", 1);
}

/* The child's side: its own process group, files for output, then exec. */
static _Noreturn void start_test(const char *path)
{
	setpgid(0, 0);
	int in = open("/dev/null", O_RDONLY);
	int out = open(OUT_FILE, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	int err = open(ERR_FILE, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (out < 0 || err < 0 || dup2(out, 1) < 0 || dup2(err, 2) < 0)
		_exit(126);
	if (in >= 0)
		dup2(in, 0);
	else
		close(0);
	for (int fd = 3; fd < 32; fd++)
		close(fd);
	signal(SIGALRM, SIG_DFL);
	sigset_t none;
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	if (chdir("/") < 0)
		_exit(126);
	umask(022);
	char *argv[] = { (char *)path, NULL };
	execve(path, argv, environ);
	dprintf(2, "conformance-runner: execve %s: %s\n", path, strerror(errno));
	_exit(127);
}

/* Runs one test to its end or its timeout and reports it. */
static void run_test(const char *name, unsigned timeout)
{
	char path[PATH_MAX_LEN];
	if (strlen(name) + 6 >= sizeof path || strchr(name, ' ') || strchr(name, '\n')) {
		putf("@@conformance start %s\n@@conformance end %s error bad test name\n", name, name);
		return;
	}
	snprintf(path, sizeof path, strchr(name, '/') ? "%s" : "/bin/%s", name);
	putf("@@conformance start %s\n", name);

	pid_t pid = fork();
	if (pid < 0) {
		putf("@@conformance end %s error fork: %s\n", name, strerror(errno));
		return;
	}
	if (pid == 0)
		start_test(path);
	setpgid(pid, pid); /* also here, so the kill below cannot race the child's own call */

	timed_out = 0;
	running_pid = pid;
	alarm(timeout);
	int status = 0;
	for (;;) {
		pid_t got = wait4(-1, &status, 0, NULL);
		if (got == pid)
			break;
		if (got < 0 && errno == ECHILD) {
			status = -1;
			break;
		}
		/* Another child: an orphan of an earlier test, reaped. */
	}
	alarm(0);
	running_pid = 0;
	/* Whatever the test left behind in its group goes with it. */
	kill(-pid, SIGKILL);
	while (waitpid(-1, NULL, WNOHANG) > 0)
		;

	report_output("out", name, OUT_FILE);
	report_output("err", name, ERR_FILE);
	if (timed_out)
		putf("@@conformance end %s timeout\n", name);
	else if (status == -1)
		putf("@@conformance end %s error lost the child\n", name);
	else if (WIFSIGNALED(status))
		putf("@@conformance end %s signal %d\n", name, WTERMSIG(status));
	else
		putf("@@conformance end %s exit %d\n", name, WEXITSTATUS(status));
	unlink(OUT_FILE);
	unlink(ERR_FILE);
}

/* Runs every test named in the file at path, one name a line. */
static void run_list(const char *path, unsigned timeout)
{
	static char list[LIST_MAX + 1];
	size_t len = 0;
	int fd = open(path, O_RDONLY);
	if (fd < 0) {
		dprintf(2, "conformance-runner: %s: %s\n", path, strerror(errno));
		exit(2);
	}
	for (;;) {
		ssize_t n = read(fd, list + len, LIST_MAX - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		len += (size_t)n;
	}
	close(fd);
	list[len] = '\0';
	for (char *name = strtok(list, "\n"); name; name = strtok(NULL, "\n"))
		run_test(name, timeout);
}

int main(int argc, char **argv)
{
	unsigned timeout = DEFAULT_TIMEOUT;
	const char *list = NULL;
	int i = 1;
	for (; i + 1 < argc && argv[i][0] == '-'; i += 2) {
		if (strcmp(argv[i], "-t") == 0) {
			timeout = (unsigned)strtoul(argv[i + 1], NULL, 10);
			if (timeout == 0)
				timeout = DEFAULT_TIMEOUT;
		} else if (strcmp(argv[i], "-l") == 0) {
			list = argv[i + 1];
		} else {
			dprintf(2, "usage: conformance-runner [-t SECONDS] [-l LIST] [TEST...]\n");
			return 2;
		}
	}
	/* On Linux the runner is not pid 1: orphans of tests come here, as on Calyx. */
	prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);

	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_alarm;
	sa.sa_flags = SA_RESTART;
	sigaction(SIGALRM, &sa, NULL);

	if (list)
		run_list(list, timeout);
	for (; i < argc; i++)
		run_test(argv[i], timeout);
	put("@@conformance done\n", 19);
	return 0;
}
