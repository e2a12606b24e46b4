/* Calyx only. Every native authority the POSIX server grants is revoked again
 * when the program execs or ends, so grants never pile up: this program
 * (which asks for the authority with the note and runs from a root-owned
 * 0755 file) execs itself ROUNDS times, each time in a fresh child too, and
 * every image must hold the authority and create a native process with it.
 * ROUNDS is above the server's capability space (1023 slots,
 * kernel/cspace.h) and its table of live grants, so one capability left
 * behind per grant would run either out long before the end. */
#include "calyx_native.h"

CALYX_ASKS_FOR_NATIVE_AUTHORITY;

#define ROUNDS 1100

int main(int argc, char **argv)
{
	long left = argc > 1 ? strtol(argv[1], NULL, 10) : ROUNDS;
	if (argc == 1)
		watchdog(55); /* kept across exec: one alarm for the whole run */
	CHECK(native_authority_held() == 1, "%ld execs before the end: not granted", left);
	if (left == 0)
		return 0;
	if (left % 2) { /* an image that ends (a child's) as well as one that execs */
		pid_t pid = fork_or_fail();
		if (pid == 0) {
			execl("/proc/self/exe", argv[0], "0", (char *)NULL);
			_exit(41);
		}
		int status = wait_for(pid);
		CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "%ld execs before the end: child status 0x%x", left,
		      status);
	}
	char next[24];
	snprintf(next, sizeof next, "%ld", left - 1);
	execl("/proc/self/exe", argv[0], next, (char *)NULL);
	fail("execl: %s", strerror(errno));
}
