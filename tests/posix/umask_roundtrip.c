/* umask returns the previous mask, keeps only the permission bits, and a
 * child inherits it across fork. */
#include "ptest.h"
#include <sys/stat.h>

int main(void)
{
	watchdog(20);
	mode_t first = umask(027);
	CHECK((first & ~0777) == 0, "initial umask %o has non-permission bits", (unsigned)first);
	CHECK(umask(0777 | 07000) == 027, "umask did not return 027");
	CHECK(umask(022) == 0777, "umask kept bits beyond 0777");
	pid_t pid = fork_or_fail();
	if (pid == 0)
		_exit(umask(0) == 022 ? 0 : 1);
	CHECK(wait_for(pid) == 0, "the child did not inherit umask 022");
	CHECK(umask(first) == 022, "the child's umask changed the parent's");
	return 0;
}
