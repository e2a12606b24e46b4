/* Directories: mkdir/mkdirat (EEXIST, ENOENT, mode), getdents64 sees
 * exactly the entries, rmdir (ENOTEMPTY, ENOTDIR, EINVAL for "."), unlink
 * of a directory (EISDIR), unlinkat with and without AT_REMOVEDIR, the
 * link count of a directory, and nlink 0 readdir of a removed directory. */
#include "fstest.h"
#include <sys/syscall.h>

struct lx_dirent64 {
	unsigned long long d_ino;
	long long d_off;
	unsigned short d_reclen;
	unsigned char d_type;
	char d_name[];
};

/* Names in directory fd (without . and ..) as one sorted-by-order string. */
static int list(int fd, char *out, size_t size, int *dots)
{
	char buf[4096];
	int n, count = 0;
	size_t used = 0;
	*dots = 0;
	out[0] = 0;
	OK(lseek(fd, 0, SEEK_SET));
	while ((n = (int)syscall(SYS_getdents64, fd, buf, sizeof buf)) > 0) {
		for (int at = 0; at < n;) {
			struct lx_dirent64 *d = (void *)(buf + at);
			at += d->d_reclen;
			if (!strcmp(d->d_name, ".") || !strcmp(d->d_name, "..")) {
				(*dots)++;
				CHECK(d->d_type == DT_DIR, "%s has d_type %d", d->d_name, d->d_type);
				continue;
			}
			used += (size_t)snprintf(out + used, size - used, "%s%s:%d", count ? "," : "",
						 d->d_name, d->d_type);
			count++;
		}
	}
	CHECK(n == 0, "getdents64: %s", strerror(errno));
	return count;
}

static int has(const char *names, const char *entry)
{
	return strstr(names, entry) != NULL;
}

int main(void)
{
	fs_begin(20);
	OK(mkdir("d", 0750));
	struct stat st;
	OK(stat("d", &st));
	CHECK(S_ISDIR(st.st_mode) && (st.st_mode & 0777) == 0750, "mkdir mode %o", st.st_mode);
	CHECK(st.st_nlink == 2, "empty directory nlink %ld", (long)st.st_nlink);
	CHECK_ERR(mkdir("d", 0755), EEXIST);
	CHECK_ERR(mkdir("nope/x", 0755), ENOENT);
	CHECK_ERR(mkdir(".", 0755), EEXIST);

	int dfd = OK(open("d", O_RDONLY | O_DIRECTORY));
	OK(mkdirat(dfd, "sub", 0755));
	int f = OK(openat(dfd, "file", O_CREAT | O_WRONLY, 0644));
	OK(close(f));
	OK(symlinkat("file", dfd, "link"));
	OK(stat("d", &st));
	CHECK(st.st_nlink == 3, "nlink with one subdirectory: %ld", (long)st.st_nlink);

	char names[512];
	int dots;
	int n = list(dfd, names, sizeof names, &dots);
	CHECK(n == 3 && dots == 2, "getdents64 saw %d entries + %d dots: %s", n, dots, names);
	CHECK(has(names, "sub:4") && has(names, "file:8") && has(names, "link:10"), "entries: %s", names);

	/* a too small buffer is EINVAL; an entry is seen once across calls */
	char tiny[8];
	OK(lseek(dfd, 0, SEEK_SET));
	CHECK_ERR(syscall(SYS_getdents64, dfd, tiny, sizeof tiny), EINVAL);

	/* removal rules */
	CHECK_ERR(rmdir("d"), ENOTEMPTY);
	CHECK_ERR(rmdir("d/file"), ENOTDIR);
	CHECK_ERR(rmdir("d/."), EINVAL);
	CHECK_ERR(unlink("d/sub"), EISDIR);
	CHECK_ERR(unlinkat(dfd, "sub", 0), EISDIR);
	CHECK_ERR(unlinkat(dfd, "file", AT_REMOVEDIR), ENOTDIR);
	CHECK_ERR(unlinkat(dfd, "file", 0x4000), EINVAL);
	OK(unlinkat(dfd, "sub", AT_REMOVEDIR));
	OK(unlinkat(dfd, "file", 0));
	OK(unlinkat(dfd, "link", 0));
	CHECK_ERR(unlinkat(dfd, "file", 0), ENOENT);
	n = list(dfd, names, sizeof names, &dots);
	CHECK(n == 0 && dots == 2, "after removing all: %d entries: %s", n, names);
	OK(stat("d", &st));
	CHECK(st.st_nlink == 2, "nlink back to 2: %ld", (long)st.st_nlink);

	/* a removed directory: its fd stays, nothing can be created in it */
	OK(rmdir("d"));
	CHECK_ERR(openat(dfd, "x", O_CREAT | O_WRONLY, 0644), ENOENT);
	CHECK_ERR(mkdirat(dfd, "x", 0755), ENOENT);
	OK(fstat(dfd, &st));
	CHECK(st.st_nlink == 0, "removed directory nlink %ld", (long)st.st_nlink);
	OK(close(dfd));
	CHECK_ERR(rmdir("d"), ENOENT);
	fs_end();
	return 0;
}
