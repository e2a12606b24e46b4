/* prctl: PR_SET_NAME renames the process (PR_GET_NAME and /proc/self/comm
   agree, long names are cut to 15 bytes); a child subreaper receives its
   orphaned grandchild, and that grandchild's PR_SET_PDEATHSIG signal arrives
   when its parent dies. */
#include "ptest.h"
#include <fcntl.h>
#include <sys/prctl.h>

int main(void)
{
	watchdog(20);
	char name[16] = { 0 };
	CHECK(prctl(PR_SET_NAME, "a-very-long-process-name") == 0, "PR_SET_NAME: %s", strerror(errno));
	CHECK(prctl(PR_GET_NAME, name) == 0, "PR_GET_NAME: %s", strerror(errno));
	CHECK(strcmp(name, "a-very-long-pro") == 0, "PR_GET_NAME gave '%s'", name);
	int fd = open("/proc/self/comm", O_RDONLY);
	CHECK(fd >= 0, "open /proc/self/comm: %s", strerror(errno));
	char comm[32] = { 0 };
	CHECK(read(fd, comm, sizeof comm - 1) > 0, "read comm: %s", strerror(errno));
	CHECK(strcmp(comm, "a-very-long-pro\n") == 0, "/proc/self/comm is '%s'", comm);
	close(fd);
	CHECK(prctl(12345, 0, 0, 0, 0) == -1 && errno == EINVAL, "unknown option: not EINVAL");

	CHECK(prctl(PR_SET_CHILD_SUBREAPER, 1) == 0, "PR_SET_CHILD_SUBREAPER: %s", strerror(errno));
	int ready[2];
	CHECK(pipe(ready) == 0, "pipe: %s", strerror(errno));
	pid_t mid = fork_or_fail();
	if (mid == 0) {
		pid_t gc = fork();
		if (gc < 0)
			_exit(2);
		if (gc == 0) {
			int sig = 0;
			if (prctl(PR_SET_PDEATHSIG, SIGTERM) != 0 || prctl(PR_GET_PDEATHSIG, &sig) != 0 ||
			    sig != SIGTERM)
				_exit(3);
			if (write(ready[1], "r", 1) != 1)
				_exit(4);
			for (;;)
				pause();
		}
		char c;
		if (read(ready[0], &c, 1) != 1)
			_exit(5);
		_exit(0); /* the grandchild's parent dies */
	}
	int st = wait_for(mid);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "middle child: status 0x%x", st);
	pid_t got = waitpid(-1, &st, 0);
	CHECK(got > 0, "the orphan did not come to the subreaper: %s", strerror(errno));
	CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGTERM,
	      "orphan: status 0x%x, expected death by SIGTERM (PR_SET_PDEATHSIG)", st);
	return 0;
}
