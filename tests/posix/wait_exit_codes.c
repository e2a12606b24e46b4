/* Every exit code 0..255 reaches the parent through wait4 as WIFEXITED with
 * the same WEXITSTATUS, and only the low 8 bits of the exit argument count. */
#include "ptest.h"

int main(void)
{
	watchdog(50);
	for (int code = 0; code <= 256 + 7; code++) {
		pid_t pid = fork_or_fail();
		if (pid == 0)
			_exit(code);
		int status = wait_for(pid);
		CHECK(WIFEXITED(status), "exit(%d): status 0x%x is not an exit", code, status);
		CHECK(!WIFSIGNALED(status) && !WIFSTOPPED(status),
		      "exit(%d): status 0x%x also looks signalled or stopped", code, status);
		CHECK(WEXITSTATUS(status) == (code & 0xff),
		      "exit(%d): WEXITSTATUS %d, expected %d", code, WEXITSTATUS(status), code & 0xff);
		CHECK(status == (code & 0xff) << 8, "exit(%d): status 0x%x, expected 0x%x",
		      code, status, (code & 0xff) << 8);
	}
	return 0;
}
