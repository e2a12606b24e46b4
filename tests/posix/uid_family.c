/* getuid/geteuid/getgid/getegid agree with getresuid/getresgid, a child
 * inherits them, and getgroups answers with a sane count. */
#include "ptest.h"
#include <grp.h>

int main(void)
{
	watchdog(20);
	uid_t r, e, s;
	gid_t gr, ge, gs;
	CHECK(getresuid(&r, &e, &s) == 0, "getresuid: %s", strerror(errno));
	CHECK(getresgid(&gr, &ge, &gs) == 0, "getresgid: %s", strerror(errno));
	CHECK(getuid() == r && geteuid() == e, "getuid/geteuid %d/%d vs getresuid %d/%d", (int)getuid(), (int)geteuid(), (int)r, (int)e);
	CHECK(getgid() == gr && getegid() == ge, "getgid/getegid %d/%d vs getresgid %d/%d", (int)getgid(), (int)getegid(), (int)gr, (int)ge);
	int n = getgroups(0, NULL);
	CHECK(n >= 0 && n <= 65536, "getgroups(0) returned %d", n);
	pid_t pid = fork_or_fail();
	if (pid == 0)
		_exit(getuid() == r && geteuid() == e && getgid() == gr && getegid() == ge ? 0 : 1);
	CHECK(wait_for(pid) == 0, "the child's ids differ from the parent's");
	/* Setting the ids one already has is allowed for everyone. */
	CHECK(setuid(getuid()) == 0, "setuid(own uid): %s", strerror(errno));
	CHECK(setgid(getgid()) == 0, "setgid(own gid): %s", strerror(errno));
	return 0;
}
