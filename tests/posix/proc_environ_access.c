/* /proc/<pid>/environ is the environment a process was exec'd with, as
 * NUL-terminated strings, readable by the process's own user (and root) but
 * EACCES for another user, who can still read its stat. */
#include "ptest.h"
#include <fcntl.h>

int main(int argc, char **argv, char **envp)
{
	if (argc > 1 && strcmp(argv[1], "--exec") == 0) {
		char buf[4096], want[4096];
		size_t wlen = 0;
		for (int i = 0; envp[i]; i++) {
			size_t l = strlen(envp[i]) + 1;
			memcpy(want + wlen, envp[i], l);
			wlen += l;
		}
		int fd = open("/proc/self/environ", O_RDONLY);
		CHECK(fd >= 0, "open /proc/self/environ: %s", strerror(errno));
		ssize_t n = read(fd, buf, sizeof buf);
		close(fd);
		CHECK(n == (ssize_t)wlen && memcmp(buf, want, wlen) == 0,
		      "/proc/self/environ: %zd bytes, expected %zu", n, wlen);
		pid_t parent = getppid();
		pid_t pid = fork_or_fail();
		if (pid == 0) {
			char path[64];
			CHECK(setuid(65534) == 0, "setuid: %s", strerror(errno));
			snprintf(path, sizeof path, "/proc/%d/environ", (int)parent);
			CHECK(open(path, O_RDONLY) < 0 && errno == EACCES, "another user opens %s: %s",
			      path, strerror(errno));
			snprintf(path, sizeof path, "/proc/%d/stat", (int)parent);
			fd = open(path, O_RDONLY);
			CHECK(fd >= 0 && read(fd, buf, sizeof buf) > 0, "another user reads %s: %s", path,
			      strerror(errno));
			_exit(0);
		}
		int status = wait_for(pid);
		CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "setuid child: status 0x%x", status);
		return 0;
	}
	watchdog(20);
	if (geteuid() != 0) {
		printf("proc_environ_access: not root, cannot change user: skipped\n");
		return 0;
	}
	pid_t pid = fork_or_fail();
	if (pid == 0) {
		char *args[] = { argv[0], "--exec", NULL };
		char *env[] = { "A=1", "EMPTY=", "SPACES=a b", NULL };
		execve(argv[0], args, env);
		fail("execve: %s", strerror(errno));
	}
	int status = wait_for(pid);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "child: status 0x%x", status);
	return 0;
}
