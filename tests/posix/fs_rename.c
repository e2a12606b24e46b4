/* rename/renameat/renameat2: moving files and directories, replacing a
 * target of the same kind (EISDIR, ENOTDIR, ENOTEMPTY otherwise),
 * RENAME_NOREPLACE (EEXIST), a directory into itself (EINVAL), same name
 * (nothing happens), ENOENT, and the link counts of the parents. */
#include "fstest.h"
#include <sys/syscall.h>

#ifndef RENAME_NOREPLACE
#define RENAME_NOREPLACE 1
#endif

static long renameat2_(int od, const char *o, int nd, const char *n, unsigned flags)
{
	return syscall(SYS_renameat2, od, o, nd, n, flags);
}

int main(void)
{
	fs_begin(20);
	fs_put("a", "A");
	fs_put("b", "B");
	OK(mkdir("d", 0755));
	OK(mkdir("e", 0755));
	fs_put("e/x", "x");

	OK(rename("a", "c"));
	struct stat st;
	CHECK_ERR(stat("a", &st), ENOENT);
	OK(stat("c", &st));
	/* replace a file: b's data now under c's old name */
	OK(rename("b", "c"));
	char buf[4] = {0};
	int fd = OK(open("c", O_RDONLY));
	CHECK(read(fd, buf, 4) == 1 && buf[0] == 'B', "replaced target has '%s'", buf);
	OK(close(fd));
	OK(rename("c", "c")); /* same name */

	CHECK_ERR(rename("c", "d"), EISDIR);
	CHECK_ERR(rename("d", "c"), ENOTDIR);
	CHECK_ERR(rename("d", "e"), ENOTEMPTY);
	CHECK_ERR(rename("d", "d/sub"), EINVAL);
	CHECK_ERR(rename("missing", "z"), ENOENT);
	CHECK_ERR(rename("c", "nodir/z"), ENOENT);
	CHECK_ERR(rename("c/", "z"), ENOTDIR);

	/* move a directory: parents' link counts follow */
	OK(rename("d", "e/d"));
	OK(stat("e", &st));
	CHECK(st.st_nlink == 3, "new parent nlink %ld", (long)st.st_nlink);
	OK(stat(".", &st));
	CHECK(st.st_nlink == 3, "old parent nlink %ld (e only)", (long)st.st_nlink);
	OK(stat("e/d/..", &st));
	struct stat e;
	OK(stat("e", &e));
	CHECK(st.st_ino == e.st_ino, "'..' of a moved directory is not its new parent");
	/* an empty directory replaces an empty directory */
	OK(mkdir("f", 0755));
	OK(rename("e/d", "f"));
	CHECK_ERR(stat("e/d", &st), ENOENT);

	/* renameat with directory descriptors, renameat2 NOREPLACE */
	int dfd = OK(open("e", O_RDONLY | O_DIRECTORY));
	OK(renameat(AT_FDCWD, "c", dfd, "c2"));
	OK(stat("e/c2", &st));
	CHECK_ERR(renameat2_(dfd, "c2", dfd, "x", RENAME_NOREPLACE), EEXIST);
	OK(renameat2_(dfd, "c2", AT_FDCWD, "c3", RENAME_NOREPLACE));
	CHECK_ERR(renameat2_(AT_FDCWD, "c3", AT_FDCWD, "c4", 0x100), EINVAL);
	OK(close(dfd));
	OK(stat("c3", &st));
	fs_end();
	return 0;
}
