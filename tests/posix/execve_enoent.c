/* execve of a file that does not exist fails with ENOENT and the caller goes
 * on running with its memory intact; so does a path through a missing directory. */
#include "ptest.h"

int main(void)
{
	static int canary = 1234;
	char *args[] = { "nothing", NULL };
	char *env[] = { NULL };
	errno = 0;
	int r = execve("/no/such/program", args, env);
	CHECK(r == -1 && errno == ENOENT, "execve(missing) returned %d (%s), expected ENOENT", r, strerror(errno));
	errno = 0;
	r = execve("/tmp/calyx-test-no-such-file", args, env);
	CHECK(r == -1 && errno == ENOENT, "execve(/tmp/missing) returned %d (%s), expected ENOENT", r, strerror(errno));
	errno = 0;
	r = execve("", args, env);
	CHECK(r == -1 && errno == ENOENT, "execve(\"\") returned %d (%s), expected ENOENT", r, strerror(errno));
	CHECK(canary == 1234, "memory changed after a failed execve");
	return 0;
}
