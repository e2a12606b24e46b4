/* uname's sysname is "Linux", as programs built for Linux test for (on
 * Calyx too, as gVisor and Starnix answer); /proc/sys/kernel/ostype and
 * /proc/version say the same. */
#include "ptest.h"
#include <fcntl.h>
#include <sys/utsname.h>

static void read_file(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY);
	CHECK(fd >= 0, "open %s: %s", path, strerror(errno));
	ssize_t n = read(fd, buf, size - 1);
	CHECK(n > 0, "read %s: %s", path, strerror(errno));
	buf[n] = 0;
	close(fd);
}

int main(void)
{
	watchdog(20);
	struct utsname u;
	CHECK(uname(&u) == 0, "uname: %s", strerror(errno));
	CHECK(!strcmp(u.sysname, "Linux"), "sysname is \"%s\"", u.sysname);
	char buf[256];
	read_file("/proc/sys/kernel/ostype", buf, sizeof buf);
	CHECK(!strcmp(buf, "Linux\n"), "/proc/sys/kernel/ostype is \"%s\"", buf);
	read_file("/proc/version", buf, sizeof buf);
	CHECK(!strncmp(buf, "Linux version ", 14), "/proc/version begins \"%.20s\"", buf);
	CHECK(strstr(buf, u.release) != NULL, "/proc/version does not name the release %s", u.release);
	return 0;
}
