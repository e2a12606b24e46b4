/* Permission checks for a non-root user (root creates the files, then the
 * process becomes uid/gid 1000): EACCES for read, write, search and create,
 * group bits through a supplementary group, a sticky directory (EPERM when
 * deleting another user's file), access/faccessat and faccessat2 with
 * AT_EACCESS, truncate and O_TRUNC needing write permission. */
#include "fstest.h"
#include <grp.h>
#include <sys/syscall.h>

#ifndef SYS_faccessat2
#define SYS_faccessat2 439
#endif

int main(void)
{
	fs_begin(20);
	OK(chmod(".", 0777));
	fs_put("secret", "s");
	OK(chmod("secret", 0600));
	fs_put("public", "p");                 /* 0644 */
	fs_put("grp", "g");
	OK(chown("grp", 0, 500));
	OK(chmod("grp", 0060));                /* group only */
	OK(mkdir("closed", 0700));
	fs_put("closed/f", "c");
	OK(mkdir("ro", 0555));
	OK(mkdir("sticky", 0777));
	OK(chmod("sticky", 01777)); /* the umask took the write bits */
	fs_put("sticky/root-file", "r");
	OK(chmod("sticky/root-file", 0666));

	pid_t pid = fork_or_fail();
	if (pid > 0) { /* the parent stays root and cleans up */
		int status = wait_for(pid);
		CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "the non-root child failed (status %#x)", status);
		fs_end();
		return 0;
	}
	gid_t groups[1] = { 500 };
	OK(setgroups(1, groups));
	OK(setgid(1000));
	OK(setuid(1000));
	CHECK(geteuid() == 1000 && getegid() == 1000, "ids not 1000");
	gid_t got[4];
	CHECK(getgroups(4, got) == 1 && got[0] == 500, "getgroups");

	CHECK_ERR(open("secret", O_RDONLY), EACCES);
	CHECK_ERR(open("public", O_WRONLY), EACCES);
	CHECK_ERR(open("public", O_RDONLY | O_TRUNC), EACCES);
	CHECK_ERR(truncate("public", 0), EACCES);
	int fd = OK(open("public", O_RDONLY));
	OK(close(fd));
	fd = OK(open("grp", O_RDWR)); /* through the supplementary group */
	OK(close(fd));
	CHECK_ERR(open("closed/f", O_RDONLY), EACCES);
	CHECK_ERR(stat("closed/f", &(struct stat){0}), EACCES);
	CHECK_ERR(chdir("closed"), EACCES);
	CHECK_ERR(open("ro/new", O_CREAT | O_WRONLY, 0644), EACCES);
	CHECK_ERR(mkdir("ro/new", 0755), EACCES);
	CHECK_ERR(chmod("public", 0666), EPERM);

	/* sticky: another user's file cannot be removed or renamed away */
	CHECK_ERR(unlink("sticky/root-file"), EPERM);
	CHECK_ERR(rename("sticky/root-file", "sticky/mine"), EPERM);
	fs_put("sticky/mine", "m");
	OK(unlink("sticky/mine"));

	/* access checks */
	CHECK_ERR(access("secret", R_OK), EACCES);
	OK(access("secret", F_OK));
	OK(access("public", R_OK));
	CHECK_ERR(access("public", W_OK), EACCES);
	CHECK_ERR(access("public", X_OK), EACCES);
	OK(faccessat(AT_FDCWD, "grp", R_OK | W_OK, 0));
	OK(syscall(SYS_faccessat2, AT_FDCWD, "public", R_OK, AT_EACCESS));
	CHECK_ERR(syscall(SYS_faccessat2, AT_FDCWD, "secret", R_OK, AT_EACCESS), EACCES);
	CHECK_ERR(syscall(SYS_faccessat2, AT_FDCWD, "public", R_OK, 0x8000), EINVAL);
	CHECK_ERR(access("public", 8), EINVAL);
	CHECK_ERR(access("closed/f", F_OK), EACCES);
	_exit(0);
}
