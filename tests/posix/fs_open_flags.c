/* open(2) flags: O_CREAT (mode and umask), O_EXCL (also on a symbolic
 * link), O_TRUNC, O_APPEND, O_DIRECTORY, O_NOFOLLOW, O_CLOEXEC, O_PATH,
 * EISDIR for a directory opened to write, ENOENT/ENOTDIR/ENAMETOOLONG. */
#include "fstest.h"

int main(void)
{
	fs_begin(20);
	umask(027);
	int fd = OK(open("f", O_CREAT | O_WRONLY, 0666));
	struct stat st;
	OK(fstat(fd, &st));
	CHECK((st.st_mode & 07777) == 0640, "O_CREAT mode %o, expected 0640 (umask 027)", st.st_mode & 07777);
	CHECK(S_ISREG(st.st_mode) && st.st_size == 0, "new file not an empty regular file");
	OK(write(fd, "hello", 5));
	OK(close(fd));
	umask(022);

	CHECK_ERR(open("f", O_CREAT | O_EXCL | O_WRONLY, 0644), EEXIST);
	OK(symlink("nowhere", "dangling"));
	CHECK_ERR(open("dangling", O_CREAT | O_EXCL | O_WRONLY, 0644), EEXIST);
	/* without O_EXCL a dangling link creates its target */
	fd = OK(open("dangling", O_CREAT | O_WRONLY, 0600));
	OK(close(fd));
	OK(stat("nowhere", &st));
	CHECK(S_ISREG(st.st_mode) && (st.st_mode & 0777) == 0600, "file made through a link: mode %o", st.st_mode);
	OK(symlink("dangling2", "chain"));
	OK(symlink("d2/x", "dangling2"));
	CHECK_ERR(open("chain", O_CREAT | O_WRONLY, 0644), ENOENT); /* d2 is missing */
	CHECK_ERR(open("missing", O_RDONLY), ENOENT);

	/* O_APPEND: every write goes to the end, whatever the offset */
	fd = OK(open("f", O_WRONLY | O_APPEND));
	OK(lseek(fd, 0, SEEK_SET));
	OK(write(fd, "!", 1));
	CHECK(lseek(fd, 0, SEEK_CUR) == 6, "O_APPEND offset after write: %ld", (long)lseek(fd, 0, SEEK_CUR));
	CHECK((fcntl(fd, F_GETFL) & O_APPEND) != 0, "F_GETFL lost O_APPEND");
	OK(close(fd));
	char buf[16] = {0};
	fd = OK(open("f", O_RDONLY));
	CHECK(read(fd, buf, sizeof buf) == 6 && !memcmp(buf, "hello!", 6), "append result '%s'", buf);
	OK(close(fd));

	/* O_TRUNC empties, and needs write permission */
	fd = OK(open("f", O_WRONLY | O_TRUNC));
	OK(fstat(fd, &st));
	CHECK(st.st_size == 0, "O_TRUNC left %ld bytes", (long)st.st_size);
	OK(close(fd));

	/* directories */
	OK(mkdir("d", 0755));
	CHECK_ERR(open("d", O_WRONLY), EISDIR);
	CHECK_ERR(open("d", O_RDWR), EISDIR);
	CHECK_ERR(open("d", O_CREAT | O_WRONLY, 0644), EISDIR);
	CHECK_ERR(open("f", O_RDONLY | O_DIRECTORY), ENOTDIR);
	fd = OK(open("d", O_RDONLY | O_DIRECTORY));
	OK(close(fd));
	CHECK_ERR(open("f/x", O_RDONLY), ENOTDIR);
	CHECK_ERR(open("f/", O_RDONLY), ENOTDIR);

	/* O_NOFOLLOW: a final symbolic link is ELOOP; earlier ones are followed */
	OK(symlink("f", "lf"));
	OK(symlink("d", "ld"));
	CHECK_ERR(open("lf", O_RDONLY | O_NOFOLLOW), ELOOP);
	fd = OK(open("ld/../f", O_RDONLY | O_NOFOLLOW));
	OK(close(fd));
	fd = OK(open("lf", O_RDONLY));
	OK(close(fd));

	/* O_CLOEXEC shows in F_GETFD */
	fd = OK(open("f", O_RDONLY | O_CLOEXEC));
	CHECK(fcntl(fd, F_GETFD) == FD_CLOEXEC, "O_CLOEXEC not set");
	OK(close(fd));
	fd = OK(open("f", O_RDONLY));
	CHECK(fcntl(fd, F_GETFD) == 0, "close-on-exec set without O_CLOEXEC");
	OK(close(fd));

	/* O_PATH: fstat and *at work, read and write do not */
	fd = OK(open("d", O_PATH | O_DIRECTORY));
	OK(fstat(fd, &st));
	CHECK(S_ISDIR(st.st_mode), "O_PATH fstat: not a directory");
	int in = OK(openat(fd, "../f", O_RDONLY));
	OK(close(in));
	CHECK_ERR(read(fd, buf, 1), EBADF);
	OK(close(fd));
	fd = OK(open("f", O_PATH));
	CHECK_ERR(read(fd, buf, 1), EBADF);
	CHECK_ERR(write(fd, "x", 1), EBADF);
	OK(close(fd));
	fd = OK(open("lf", O_PATH | O_NOFOLLOW)); /* the link itself */
	OK(fstat(fd, &st));
	CHECK(S_ISLNK(st.st_mode), "O_PATH|O_NOFOLLOW did not open the link");
	OK(close(fd));

	/* names */
	char longname[300];
	memset(longname, 'n', 256);
	longname[256] = 0;
	CHECK_ERR(open(longname, O_CREAT | O_WRONLY, 0644), ENAMETOOLONG);
	/* access mode 3 (Linux: ioctl only): neither read nor write */
	fd = OK(open("f", 3));
	CHECK_ERR(read(fd, buf, 1), EBADF);
	CHECK_ERR(write(fd, "x", 1), EBADF);
	OK(close(fd));
	fs_end();
	return 0;
}
