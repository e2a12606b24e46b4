/* fstest.h: helpers for the file-call tests (fs_*.c), on top of ptest.h.
 * Each test works in a fresh directory under /dev/shm, which is a tmpfs on
 * Linux and on Calyx (the POSIX server's RAM filesystem), so sizes, blocks
 * and statfs answers can be compared exactly. */
#ifndef FSTEST_H
#define FSTEST_H

#include "ptest.h"
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>

/* expr must succeed (>= 0); its value. */
#define OK(expr) ok_((long)(expr), #expr, __LINE__)
static inline long ok_(long r, const char *what, int line)
{
	if (r < 0)
		fail("line %d: %s: %s", line, what, strerror(errno));
	return r;
}

static char fs_dir[256];

/* Removes path and everything under it (the test's own files). */
static inline void fs_rmtree(const char *path)
{
	struct stat st;
	if (lstat(path, &st) < 0)
		return;
	if (S_ISDIR(st.st_mode)) {
		chmod(path, 0700);
		DIR *d = opendir(path);
		struct dirent *e;
		while (d && (e = readdir(d))) {
			if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
				continue;
			char sub[4096];
			if (snprintf(sub, sizeof sub, "%s/%s", path, e->d_name) < (int)sizeof sub)
				fs_rmtree(sub);
		}
		if (d)
			closedir(d);
		rmdir(path);
	} else {
		unlink(path);
	}
}

/* Makes /dev/shm/<test>.<pid>, enters it and bounds the test. */
static inline void fs_begin(unsigned seconds)
{
	watchdog(seconds);
	umask(022);
	snprintf(fs_dir, sizeof fs_dir, "/dev/shm/%s.%d", program_invocation_short_name, (int)getpid());
	fs_rmtree(fs_dir);
	if (mkdir(fs_dir, 0755) < 0 || chdir(fs_dir) < 0)
		fail("cannot make %s: %s", fs_dir, strerror(errno));
}

/* Leaves and removes the directory: call at the end of a passing test. */
static inline void fs_end(void)
{
	if (chdir("/") < 0)
		fail("chdir /: %s", strerror(errno));
	fs_rmtree(fs_dir);
}

/* Writes len bytes of s to a new file name (mode 0644). */
static inline void fs_put(const char *name, const char *s)
{
	int fd = open(name, O_CREAT | O_WRONLY | O_TRUNC, 0644);
	if (fd < 0 || write(fd, s, strlen(s)) != (ssize_t)strlen(s) || close(fd) < 0)
		fail("cannot write %s: %s", name, strerror(errno));
}

#endif
