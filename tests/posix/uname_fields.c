/* uname fills every field with a non-empty, terminated string, and machine
 * is "x86_64" (what the program was built for). */
#include "ptest.h"
#include <sys/utsname.h>

static void check_field(const char *name, const char *v, size_t size)
{
	CHECK(memchr(v, 0, size) != NULL, "%s is not NUL-terminated", name);
	CHECK(v[0] != 0, "%s is empty", name);
}

int main(void)
{
	struct utsname u;
	memset(&u, 0x7f, sizeof u);
	CHECK(uname(&u) == 0, "uname: %s", strerror(errno));
	check_field("sysname", u.sysname, sizeof u.sysname);
	check_field("nodename", u.nodename, sizeof u.nodename);
	check_field("release", u.release, sizeof u.release);
	check_field("version", u.version, sizeof u.version);
	check_field("machine", u.machine, sizeof u.machine);
	CHECK(strcmp(u.machine, "x86_64") == 0, "machine \"%s\", expected \"x86_64\"", u.machine);
	return 0;
}
