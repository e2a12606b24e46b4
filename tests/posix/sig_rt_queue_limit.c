/* RLIMIT_SIGPENDING bounds the signals queued for one user: past it,
 * sigqueue of a real-time signal fails with EAGAIN, while kill still makes
 * the signal pending (without its details: si_code SI_USER, si_pid 0) and a
 * standard signal still arrives. Taking an instance frees its place. Runs as a user of its own
 * (uid 4242) so no other process's signals count. */
#include "ptest.h"
#include <sys/resource.h>

int main(void)
{
	watchdog(20);
	if (getuid() != 0)
		fail("must run as root (it switches to uid 4242)");
	pid_t child = fork_or_fail();
	if (child == 0) {
		int a = SIGRTMIN + 2, b = SIGRTMIN + 4;
		sigset_t set;
		sigemptyset(&set);
		sigaddset(&set, a);
		sigaddset(&set, b);
		sigaddset(&set, SIGUSR2);
		CHECK(sigprocmask(SIG_BLOCK, &set, NULL) == 0, "sigprocmask");
		CHECK(setgid(4242) == 0 && setuid(4242) == 0, "setuid: %s", strerror(errno));
		struct rlimit rl = { 3, 3 };
		CHECK(setrlimit(RLIMIT_SIGPENDING, &rl) == 0, "setrlimit: %s", strerror(errno));
		pid_t me = getpid();
		for (int i = 0; i < 3; i++)
			CHECK(sigqueue(me, a, (union sigval){ .sival_int = i }) == 0, "sigqueue %d: %s", i,
			      strerror(errno));
		CHECK(sigqueue(me, a, (union sigval){ .sival_int = 3 }) < 0 && errno == EAGAIN,
		      "sigqueue past the limit: not EAGAIN");
		/* kill and standard signals are not refused. */
		CHECK(kill(me, b) == 0, "kill past the limit: %s", strerror(errno));
		CHECK(sigqueue(me, SIGUSR2, (union sigval){ .sival_int = 5 }) == 0,
		      "sigqueue of a standard signal past the limit: %s", strerror(errno));
		siginfo_t si;
		CHECK(sigwaitinfo(&set, &si) == SIGUSR2, "SIGUSR2 did not come first");
		for (int i = 0; i < 3; i++) {
			CHECK(sigwaitinfo(&set, &si) == a, "instance %d missing", i);
			CHECK(si.si_value.sival_int == i, "instance %d has value %d", i, si.si_value.sival_int);
		}
		struct timespec zero = { 0, 0 };
		CHECK(sigtimedwait(&set, &si, &zero) == b, "kill's instance was lost");
		CHECK(si.si_code == SI_USER && si.si_pid == 0, "kill's instance past the limit: si_code %d "
		      "si_pid %d, expected SI_USER and 0 (no details)", si.si_code, (int)si.si_pid);
		CHECK(sigtimedwait(&set, &si, &zero) < 0 && errno == EAGAIN, "more than was sent");
		/* Room again. */
		CHECK(sigqueue(me, a, (union sigval){ .sival_int = 9 }) == 0, "sigqueue after taking: %s",
		      strerror(errno));
		CHECK(sigwaitinfo(&set, &si) == a && si.si_value.sival_int == 9, "the last instance");
		_exit(0);
	}
	int status = wait_for(child);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "the child failed (status 0x%x)", status);
	return 0;
}
