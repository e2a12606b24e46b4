/* renameat2's RENAME_EXCHANGE and RENAME_WHITEOUT on tmpfs, as Linux:
 * EXCHANGE swaps two names atomically whatever their types (files,
 * directories, across directories, fixing the parents' link counts), needs
 * both to exist (ENOENT), refuses making a directory its own descendant
 * (EINVAL) and any combination with NOREPLACE or WHITEOUT (EINVAL);
 * WHITEOUT renames and leaves a 0:0 character device at the old name (any
 * user may since Linux 5.8). */
#include "fstest.h"
#include <sys/syscall.h>
#include <sys/sysmacros.h>

#define RENAME_NOREPLACE 1
#define RENAME_EXCHANGE 2
#define RENAME_WHITEOUT 4

static long rename2(const char *o, const char *n, unsigned flags)
{
	return syscall(SYS_renameat2, AT_FDCWD, o, AT_FDCWD, n, flags);
}

static void expect_content(const char *name, const char *want)
{
	char buf[64] = { 0 };
	int fd = OK(open(name, O_RDONLY));
	OK(read(fd, buf, sizeof buf - 1));
	close(fd);
	CHECK(!strcmp(buf, want), "%s holds \"%s\", expected \"%s\"", name, buf, want);
}

static nlink_t links(const char *name)
{
	struct stat st;
	OK(stat(name, &st));
	return st.st_nlink;
}

int main(void)
{
	fs_begin(20);
	fs_put("a", "A");
	fs_put("b", "B");
	OK(rename2("a", "b", RENAME_EXCHANGE));
	expect_content("a", "B");
	expect_content("b", "A");

	/* A file and a directory in different directories. */
	OK(mkdir("d1", 0755));
	OK(mkdir("d2", 0755));
	OK(mkdir("d2/sub", 0755));
	fs_put("d1/f", "F");
	nlink_t d1 = links("d1"), d2 = links("d2");
	OK(rename2("d1/f", "d2/sub", RENAME_EXCHANGE));
	struct stat st;
	OK(stat("d1/f", &st));
	CHECK(S_ISDIR(st.st_mode), "d1/f is not the directory now");
	expect_content("d2/sub", "F");
	CHECK(links("d1") == d1 + 1 && links("d2") == d2 - 1, "parents' links %lu %lu, expected %lu %lu",
	      (unsigned long)links("d1"), (unsigned long)links("d2"), (unsigned long)d1 + 1,
	      (unsigned long)d2 - 1);
	OK(stat("d1/f/..", &st));
	struct stat d1st;
	OK(stat("d1", &d1st));
	CHECK(st.st_ino == d1st.st_ino, "the moved directory's .. is not its new parent");

	/* Errors. */
	CHECK_ERR(rename2("a", "missing", RENAME_EXCHANGE), ENOENT);
	CHECK_ERR(rename2("missing", "a", RENAME_EXCHANGE), ENOENT);
	CHECK_ERR(rename2("a", "b", RENAME_EXCHANGE | RENAME_NOREPLACE), EINVAL);
	CHECK_ERR(rename2("a", "b", RENAME_EXCHANGE | RENAME_WHITEOUT), EINVAL);
	CHECK_ERR(rename2("a", "b", 8), EINVAL);
	OK(mkdir("d1/f/inner", 0755));
	CHECK_ERR(rename2("d1", "d1/f/inner", RENAME_EXCHANGE), EINVAL);
	CHECK_ERR(rename2("d1/f/inner", "d1", RENAME_EXCHANGE), EINVAL);
	OK(rename2("a", "a", RENAME_EXCHANGE));
	expect_content("a", "B");

	/* Whiteout. */
	OK(rename2("a", "w", RENAME_WHITEOUT));
	expect_content("w", "B");
	OK(lstat("a", &st));
	CHECK(S_ISCHR(st.st_mode) && st.st_rdev == makedev(0, 0),
	      "the whiteout is mode %o rdev %lx", st.st_mode, (unsigned long)st.st_rdev);
	fs_end();
	return 0;
}
