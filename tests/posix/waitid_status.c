/* waitid fills siginfo for an exited child (CLD_EXITED, exit code) and a
 * killed one (CLD_KILLED, signal), and WNOWAIT leaves the child waitable. */
#include "ptest.h"

int main(void)
{
	watchdog(20);
	pid_t pid = fork_or_fail();
	if (pid == 0)
		_exit(77);
	siginfo_t si;
	memset(&si, 0, sizeof si);
	int r = waitid(P_PID, pid, &si, WEXITED | WNOWAIT);
	CHECK(r == 0, "waitid WNOWAIT: %s", strerror(errno));
	CHECK(si.si_pid == pid && si.si_code == CLD_EXITED && si.si_status == 77,
	      "WNOWAIT: pid %d code %d status %d, expected %d CLD_EXITED 77",
	      (int)si.si_pid, si.si_code, si.si_status, (int)pid);
	memset(&si, 0, sizeof si);
	r = waitid(P_PID, pid, &si, WEXITED);
	CHECK(r == 0, "waitid: %s", strerror(errno));
	CHECK(si.si_signo == SIGCHLD, "si_signo %d, expected SIGCHLD", si.si_signo);
	CHECK(si.si_pid == pid && si.si_code == CLD_EXITED && si.si_status == 77,
	      "pid %d code %d status %d, expected %d CLD_EXITED 77",
	      (int)si.si_pid, si.si_code, si.si_status, (int)pid);
	CHECK(si.si_uid == getuid(), "si_uid %d, expected %d", (int)si.si_uid, (int)getuid());

	pid = fork_or_fail();
	if (pid == 0)
		for (;;)
			pause();
	kill(pid, SIGKILL);
	memset(&si, 0, sizeof si);
	do
		r = waitid(P_ALL, 0, &si, WEXITED);
	while (r < 0 && errno == EINTR);
	CHECK(r == 0, "waitid P_ALL: %s", strerror(errno));
	CHECK(si.si_pid == pid && si.si_code == CLD_KILLED && si.si_status == SIGKILL,
	      "killed: pid %d code %d status %d, expected %d CLD_KILLED %d",
	      (int)si.si_pid, si.si_code, si.si_status, (int)pid, SIGKILL);

	r = waitid(P_ALL, 0, &si, WEXITED);
	CHECK(r == -1 && errno == ECHILD, "no children: %d (%s), expected ECHILD", r, strerror(errno));
	return 0;
}
