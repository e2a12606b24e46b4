/* access() and faccessat() ask with the real uid and gid (what the user
 * behind a set-user-ID program may do); faccessat2 with AT_EACCESS asks with
 * the effective ones. Checked both ways round: real root with effective
 * user 1000, and real user 1000 with effective root. */
#include "ptest.h"
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/syscall.h>

static int access_eff(const char *path, int mode)
{
	return (int)syscall(SYS_faccessat2, AT_FDCWD, path, mode, AT_EACCESS);
}

int main(void)
{
	watchdog(20);
	const char *mine = "/tmp/access_real_root_only";
	int fd = open(mine, O_CREAT | O_WRONLY | O_TRUNC, 0600);
	CHECK(fd >= 0 && close(fd) == 0, "creating %s: %s", mine, strerror(errno));
	pid_t c = fork_or_fail();
	if (c == 0) {
		/* real 0, effective 1000 */
		CHECK(setresuid(0, 1000, 0) == 0, "setresuid: %s", strerror(errno));
		CHECK(access(mine, R_OK | W_OK) == 0, "access with real root: %s", strerror(errno));
		CHECK(faccessat(AT_FDCWD, mine, R_OK, 0) == 0, "faccessat with real root: %s", strerror(errno));
		CHECK(access_eff(mine, R_OK) == -1 && errno == EACCES,
		      "AT_EACCESS with effective user 1000: %s", strerror(errno));
		CHECK(open(mine, O_RDONLY) == -1 && errno == EACCES, "open as effective user 1000: %s",
		      strerror(errno));
		/* real 1000, effective 0 */
		CHECK(setresuid(1000, 0, 0) == 0, "setresuid back: %s", strerror(errno));
		CHECK(access(mine, R_OK) == -1 && errno == EACCES, "access with real user 1000: %s",
		      strerror(errno));
		CHECK(access_eff(mine, R_OK) == 0, "AT_EACCESS with effective root: %s", strerror(errno));
		fd = open(mine, O_RDONLY);
		CHECK(fd >= 0, "open as effective root: %s", strerror(errno));
		close(fd);
		_exit(0);
	}
	int status = wait_for(c);
	unlink(mine);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "the child: status 0x%x", status);
	return 0;
}
