/* execve closes the descriptors marked close-on-exec (FD_CLOEXEC by fcntl and
 * O_CLOEXEC at open or pipe2) and keeps the others, offsets included. The
 * program re-executes itself with the descriptor numbers as arguments. */
#include "ptest.h"
#include <fcntl.h>

#define PATH "/tmp/cloexec_execve.tmp"

static int is_open(int fd) { return fcntl(fd, F_GETFD) != -1; }

int main(int argc, char **argv)
{
	if (argc == 6) { /* after execve: kept, fcntl-cloexec, O_CLOEXEC, pipe kept, pipe2-cloexec */
		int kept = atoi(argv[1]), fcl = atoi(argv[2]), ocl = atoi(argv[3]);
		int pk = atoi(argv[4]), pcl = atoi(argv[5]);
		CHECK(is_open(kept), "fd %d without FD_CLOEXEC was closed", kept);
		CHECK(lseek(kept, 0, SEEK_CUR) == 3, "kept fd's offset %ld, expected 3",
		      (long)lseek(kept, 0, SEEK_CUR));
		CHECK(!is_open(fcl), "fd %d with FD_CLOEXEC stayed open", fcl);
		CHECK(!is_open(ocl), "fd %d opened O_CLOEXEC stayed open", ocl);
		CHECK(!is_open(pcl), "pipe2(O_CLOEXEC) fd %d stayed open", pcl);
		CHECK(is_open(pk) && write(pk, "ok", 2) == 2, "kept pipe fd %d unusable", pk);
		return 0;
	}
	watchdog(20);
	int kept = open(PATH, O_RDWR | O_CREAT | O_TRUNC, 0600);
	int fcl = open(PATH, O_RDONLY);
	int ocl = open(PATH, O_RDONLY | O_CLOEXEC);
	CHECK(kept >= 0 && fcl >= 0 && ocl >= 0, "open: %s", strerror(errno));
	unlink(PATH);
	CHECK(write(kept, "abc", 3) == 3, "write failed");
	CHECK(fcntl(fcl, F_SETFD, FD_CLOEXEC) == 0, "F_SETFD failed");
	int p[2], q[2];
	CHECK(pipe(p) == 0 && pipe2(q, O_CLOEXEC) == 0, "pipe: %s", strerror(errno));
	pid_t pid = fork_or_fail();
	if (pid == 0) {
		char a[5][16];
		int fds[5] = { kept, fcl, ocl, p[1], q[1] };
		for (int i = 0; i < 5; i++)
			snprintf(a[i], sizeof a[i], "%d", fds[i]);
		close(p[0]);
		execl("/proc/self/exe", argv[0], a[0], a[1], a[2], a[3], a[4], (char *)NULL);
		execl(argv[0], argv[0], a[0], a[1], a[2], a[3], a[4], (char *)NULL);
		fail("execl: %s", strerror(errno));
	}
	close(p[1]);
	close(q[1]);
	char buf[4];
	CHECK(read(p[0], buf, sizeof buf) == 2 && memcmp(buf, "ok", 2) == 0, "the new image did not write to the kept pipe");
	int st = wait_for(pid);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "re-executed child status 0x%x", st);
	return 0;
}
