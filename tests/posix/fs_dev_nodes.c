/* The standard devices: /dev/null (EOF, writes vanish), /dev/zero (zeros,
 * writes succeed), /dev/full (zeros, writes ENOSPC), /dev/urandom and
 * /dev/random (bytes that change), their device numbers and modes, the
 * /dev/stdin|stdout|stderr|fd links and the /dev/shm directory. */
#include "fstest.h"
#include <sys/sysmacros.h>

static void node(const char *path, unsigned major_, unsigned minor_)
{
	struct stat st;
	OK(stat(path, &st));
	CHECK(S_ISCHR(st.st_mode) && (st.st_mode & 0777) == 0666, "%s: mode %o", path, st.st_mode);
	CHECK(major(st.st_rdev) == major_ && minor(st.st_rdev) == minor_, "%s: rdev %u:%u", path,
	      major(st.st_rdev), minor(st.st_rdev));
}

static int all(const char *buf, size_t n, char c)
{
	for (size_t i = 0; i < n; i++)
		if (buf[i] != c)
			return 0;
	return 1;
}

int main(void)
{
	watchdog(20);
	node("/dev/null", 1, 3);
	node("/dev/zero", 1, 5);
	node("/dev/full", 1, 7);
	node("/dev/random", 1, 8);
	node("/dev/urandom", 1, 9);
	char buf[256];

	int fd = OK(open("/dev/null", O_RDWR));
	CHECK(read(fd, buf, sizeof buf) == 0, "/dev/null read");
	CHECK(write(fd, buf, 100) == 100, "/dev/null write");
	OK(close(fd));

	fd = OK(open("/dev/zero", O_RDWR));
	memset(buf, 'x', sizeof buf);
	CHECK(read(fd, buf, sizeof buf) == sizeof buf && all(buf, sizeof buf, 0), "/dev/zero read");
	CHECK(write(fd, buf, 77) == 77, "/dev/zero write");
	OK(close(fd));

	fd = OK(open("/dev/full", O_RDWR));
	memset(buf, 'x', sizeof buf);
	CHECK(read(fd, buf, 10) == 10 && all(buf, 10, 0), "/dev/full read");
	CHECK_ERR(write(fd, buf, 1), ENOSPC);
	OK(close(fd));

	const char *rnd[] = { "/dev/urandom", "/dev/random" };
	for (int i = 0; i < 2; i++) {
		char one[64], two[64];
		fd = OK(open(rnd[i], O_RDONLY));
		CHECK(read(fd, one, sizeof one) == sizeof one, "%s read", rnd[i]);
		CHECK(read(fd, two, sizeof two) == sizeof two, "%s read", rnd[i]);
		CHECK(memcmp(one, two, sizeof one) != 0, "%s gave the same bytes twice", rnd[i]);
		CHECK(!all(one, sizeof one, 0), "%s gave zeros", rnd[i]);
		OK(close(fd));
	}

	const char *links[][2] = { { "/dev/stdin", "/proc/self/fd/0" }, { "/dev/stdout", "/proc/self/fd/1" },
				   { "/dev/stderr", "/proc/self/fd/2" }, { "/dev/fd", "/proc/self/fd" } };
	for (int i = 0; i < 4; i++) {
		ssize_t n = readlink(links[i][0], buf, sizeof buf - 1);
		CHECK(n > 0, "readlink %s: %s", links[i][0], strerror(errno));
		buf[n] = 0;
		CHECK(!strcmp(buf, links[i][1]), "%s -> %s, expected %s", links[i][0], buf, links[i][1]);
	}
	struct stat st;
	OK(stat("/dev/shm", &st));
	CHECK(S_ISDIR(st.st_mode) && (st.st_mode & 07777) == 01777, "/dev/shm mode %o", st.st_mode);
	return 0;
}
