/* /proc/sys files programs read: kernel/{pid_max, threads-max,
 * ngroups_max, core_uses_pid} and fs/{nr_open, file-max} are numbers;
 * kernel/core_pattern is "core"; fs/file-nr is "open\t0\tfile-max" with at
 * least the files this test holds; fs/pipe-max-size is 1048576, root
 * writes it (rounded up to a power of two, a page at least; not a number:
 * EINVAL) and F_SETPIPE_SZ of others then stops there (EPERM); others
 * cannot open it for writing (EACCES). */
#include "ptest.h"
#include <fcntl.h>

static long long read_num(const char *path)
{
	char buf[64] = { 0 };
	int fd = open(path, O_RDONLY);
	CHECK(fd >= 0, "open %s: %s", path, strerror(errno));
	CHECK(read(fd, buf, sizeof buf - 1) > 0, "read %s", path);
	close(fd);
	char *end;
	long long v = strtoll(buf, &end, 10);
	CHECK(end != buf && *end == '\n', "%s: \"%s\" is not a number and a newline", path, buf);
	return v;
}

static int write_str(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY);
	if (fd < 0)
		return -errno;
	ssize_t r = write(fd, s, strlen(s));
	int e = errno;
	close(fd);
	return r < 0 ? -e : 0;
}

int main(void)
{
	watchdog(20);
	const char *nums[] = { "/proc/sys/kernel/pid_max", "/proc/sys/kernel/threads-max",
			       "/proc/sys/kernel/ngroups_max", "/proc/sys/kernel/core_uses_pid",
			       "/proc/sys/fs/nr_open", "/proc/sys/fs/file-max" };
	for (size_t i = 0; i < sizeof nums / sizeof nums[0]; i++)
		CHECK(read_num(nums[i]) >= 0, "%s is negative", nums[i]);
	char buf[128] = { 0 };
	int fd = open("/proc/sys/kernel/core_pattern", O_RDONLY);
	CHECK(fd >= 0 && read(fd, buf, sizeof buf) > 0, "core_pattern");
	close(fd);
	CHECK(!strcmp(buf, "core\n"), "core_pattern \"%s\"", buf);
	memset(buf, 0, sizeof buf);
	fd = open("/proc/sys/fs/file-nr", O_RDONLY);
	CHECK(fd >= 0 && read(fd, buf, sizeof buf) > 0, "file-nr");
	close(fd);
	unsigned long long open_files, zero, max;
	CHECK(sscanf(buf, "%llu\t%llu\t%llu", &open_files, &zero, &max) == 3, "file-nr \"%s\"", buf);
	CHECK(zero == 0 && max == (unsigned long long)read_num("/proc/sys/fs/file-max"),
	      "file-nr \"%s\"", buf);

	const char *pms = "/proc/sys/fs/pipe-max-size";
	CHECK(read_num(pms) == 1048576, "pipe-max-size %lld", read_num(pms));
	if (getuid() == 0) {
		CHECK(write_str(pms, "5000\n") == 0, "root writing pipe-max-size");
		CHECK(read_num(pms) == 8192, "5000 reads back as %lld, not 8192", read_num(pms));
		CHECK(write_str(pms, "many\n") == -EINVAL, "not a number: not EINVAL");
		pid_t child = fork_or_fail();
		if (child == 0) {
			int p[2];
			if (setuid(1000) != 0 || pipe(p) != 0)
				_exit(2);
			if (fcntl(p[0], F_SETPIPE_SZ, 16384) != -1 || errno != EPERM)
				_exit(3);
			if (fcntl(p[0], F_SETPIPE_SZ, 8192) != 8192)
				_exit(4);
			_exit(write_str(pms, "65536\n") == -EACCES ? 0 : 5);
		}
		int st = wait_for(child);
		CHECK(write_str(pms, "1048576\n") == 0, "restoring pipe-max-size");
		CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "as uid 1000: step %d", WEXITSTATUS(st));
	}
	return 0;
}
