/* ptest.h: the few helpers every POSIX test shares. Each test is one ordinary
 * C program checking one behaviour; its exit status is the verdict (0 = pass).
 * On failure it prints one line to stderr saying what differed and exits 1.
 * Include this header first: it selects the GNU feature set. */
#ifndef PTEST_H
#define PTEST_H

#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

/* Say what differed and end the process (any process: parent, child or thread). */
static inline __attribute__((noreturn, format(printf, 1, 2)))
void fail(const char *fmt, ...)
{
	char line[512];
	va_list ap;
	int n = snprintf(line, sizeof line, "%s: ", program_invocation_short_name);
	va_start(ap, fmt);
	vsnprintf(line + n, sizeof line - n, fmt, ap);
	va_end(ap);
	fflush(stdout);
	fprintf(stderr, "%s\n", line);
	_exit(1);
}

#define CHECK(cond, ...) do { if (!(cond)) fail(__VA_ARGS__); } while (0)

/* expr must fail (-1, or MAP_FAILED) with errno err. */
#define CHECK_ERR(expr, err) do { \
	errno = 0; \
	long r_ = (long)(expr); \
	if (r_ != -1 || errno != (err)) \
		fail("line %d: %s: got %ld (%s), expected %s", __LINE__, #expr, r_, \
		     r_ == -1 ? strerror(errno) : "no error", #err); \
} while (0)

static inline void ptest_watchdog_fired(int sig)
{
	static const char msg[] = "watchdog: the test did not finish in time\n";
	(void)sig;
	write(2, msg, sizeof msg - 1);
	_exit(1);
}

/* Bound a test that could hang: after SECONDS the process fails. Tests that
 * use SIGALRM themselves bound their waits in other ways. */
static inline void watchdog(unsigned seconds)
{
	signal(SIGALRM, ptest_watchdog_fired);
	alarm(seconds);
}

/* wait4 for PID, retrying on EINTR; returns the status word. */
static inline int wait_for(pid_t pid)
{
	int status;
	pid_t r;
	do
		r = wait4(pid, &status, 0, NULL);
	while (r < 0 && errno == EINTR);
	if (r != pid)
		fail("wait4(%d) returned %d (%s)", (int)pid, (int)r, strerror(errno));
	return status;
}

/* fork, failing the test if fork fails; stdout is flushed first so that
 * buffered output is never printed twice. */
static inline pid_t fork_or_fail(void)
{
	fflush(stdout);
	pid_t pid = fork();
	if (pid < 0)
		fail("fork: %s", strerror(errno));
	return pid;
}

/* Whether capability cap (CAP_SYS_RESOURCE is 24) is in the effective set,
 * as /proc/self/status's CapEff says (root where it says nothing): root in
 * a container may lack some. */
static inline int has_capability(int cap)
{
	FILE *f = fopen("/proc/self/status", "r");
	char line[256];
	unsigned long long caps = 0;
	int found = 0;
	while (f && fgets(line, sizeof line, f))
		if (sscanf(line, "CapEff: %llx", &caps) == 1)
			found = 1;
	if (f)
		fclose(f);
	return found ? (int)((caps >> cap) & 1) : geteuid() == 0;
}

/* Runs fn in a child as user and group nobody (65534); fails the test
 * unless it exits 0. */
static inline void as_nobody(void (*fn)(void))
{
	pid_t pid = fork_or_fail();
	if (pid == 0) {
		if (setgid(65534) || setuid(65534))
			fail("setuid: %s", strerror(errno));
		fn();
		_exit(0);
	}
	int st = wait_for(pid);
	if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
		fail("child failed (status %#x)", st);
}

/* A "Name:  N kB" field of /proc/self/status (VmLck, VmRSS...), read
 * without stdio: a FILE would be a new mapping, which mlockall(MCL_FUTURE)
 * locks and VmRSS counts. */
static inline long status_kb(const char *field)
{
	static char buf[4096];
	int fd = open("/proc/self/status", O_RDONLY);
	if (fd < 0)
		fail("open /proc/self/status: %s", strerror(errno));
	ssize_t n = read(fd, buf, sizeof buf - 1);
	close(fd);
	buf[n > 0 ? n : 0] = 0;
	size_t len = strlen(field);
	for (const char *l = buf; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL)
		if (!strncmp(l, field, len) && l[len] == ':')
			return strtol(l + len + 1, NULL, 10);
	fail("no %s in /proc/self/status", field);
}

#endif
