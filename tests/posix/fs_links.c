/* Hard and symbolic links: link counts, link to a directory (EPERM),
 * symlink/readlink (truncation, EINVAL on a non-link), lstat vs stat,
 * dangling links (ENOENT), loops (ELOOP), a link in the middle of a path,
 * and a file staying readable after its last name is gone. */
#include "fstest.h"
#include <sys/syscall.h>

int main(void)
{
	fs_begin(20);
	fs_put("f", "data");
	struct stat st, lst;
	OK(link("f", "g"));
	OK(stat("f", &st));
	CHECK(st.st_nlink == 2, "nlink after link: %ld", (long)st.st_nlink);
	OK(stat("g", &lst));
	CHECK(st.st_ino == lst.st_ino, "hard link has another inode");
	CHECK_ERR(link("f", "g"), EEXIST);
	CHECK_ERR(link("missing", "h"), ENOENT);
	OK(mkdir("d", 0755));
	CHECK_ERR(link("d", "d2"), EPERM);

	/* symbolic links */
	OK(symlink("f", "s"));
	OK(lstat("s", &lst));
	OK(stat("s", &st));
	CHECK(S_ISLNK(lst.st_mode) && lst.st_size == 1, "lstat of a link: mode %o size %ld",
	      lst.st_mode, (long)lst.st_size);
	CHECK(S_ISREG(st.st_mode) && st.st_size == 4, "stat through a link");
	char buf[64];
	CHECK(readlink("s", buf, sizeof buf) == 1 && buf[0] == 'f', "readlink");
	OK(symlink("a/long/target", "t"));
	CHECK(readlink("t", buf, 4) == 4 && !memcmp(buf, "a/lo", 4), "readlink truncates");
	CHECK_ERR(readlink("f", buf, sizeof buf), EINVAL);
	CHECK_ERR(syscall(SYS_readlink, "s", buf, 0), EINVAL); /* musl's readlink hides size 0 */
	CHECK_ERR(symlink("x", "s"), EEXIST);
	CHECK_ERR(symlink("", "empty"), ENOENT);

	/* a link to a directory inside a path */
	OK(symlink("d", "ld"));
	fs_put("d/in", "x");
	OK(stat("ld/in", &st));
	OK(symlink(fs_dir, "abs"));
	OK(stat("abs/d/in", &st));

	/* dangling and looping links */
	OK(symlink("nowhere", "dangling"));
	CHECK_ERR(stat("dangling", &st), ENOENT);
	OK(lstat("dangling", &st));
	OK(symlink("loop2", "loop1"));
	OK(symlink("loop1", "loop2"));
	CHECK_ERR(stat("loop1", &st), ELOOP);
	CHECK_ERR(open("loop1/x", O_RDONLY), ELOOP);
	OK(symlink("self", "self"));
	CHECK_ERR(open("self", O_RDONLY), ELOOP);

	/* unlink of a link removes the link, not the target */
	OK(unlink("s"));
	OK(stat("f", &st));
	/* the last name goes, an open descriptor keeps the data */
	int fd = OK(open("f", O_RDONLY));
	OK(unlink("f"));
	OK(unlink("g"));
	OK(fstat(fd, &st));
	CHECK(st.st_nlink == 0, "nlink of an unlinked open file: %ld", (long)st.st_nlink);
	CHECK(read(fd, buf, sizeof buf) == 4 && !memcmp(buf, "data", 4), "data of an unlinked file");
	OK(close(fd));
	CHECK_ERR(stat("f", &st), ENOENT);
	fs_end();
	return 0;
}
