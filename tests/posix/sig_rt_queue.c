/* Real-time signals queue: every sigqueue instance stays pending with its
 * own value; sigwaitinfo takes the lowest signal first and, within one
 * signal, the oldest; si_code is SI_QUEUE and si_pid/si_uid name the
 * sender. A standard signal sent twice is pending once. A handler with
 * SA_SIGINFO sees the value, and a sigqueue from another process carries
 * that process's pid. */
#include "ptest.h"

static volatile sig_atomic_t handled_value = -1, handled_code;

static void on_rt(int sig, siginfo_t *si, void *uc)
{
	(void)sig, (void)uc;
	handled_value = si->si_value.sival_int;
	handled_code = si->si_code;
}

static void expect(const sigset_t *set, int sig, int value, pid_t from)
{
	siginfo_t si;
	int got = sigwaitinfo(set, &si);
	CHECK(got == sig, "sigwaitinfo returned %d (%s), expected %d", got,
	      got < 0 ? strerror(errno) : "", sig);
	CHECK(si.si_signo == sig, "si_signo %d, expected %d", si.si_signo, sig);
	CHECK(si.si_code == SI_QUEUE, "signal %d: si_code %d, expected SI_QUEUE", sig, si.si_code);
	CHECK(si.si_value.sival_int == value, "signal %d: value %d, expected %d", sig,
	      si.si_value.sival_int, value);
	CHECK(si.si_pid == from, "signal %d: si_pid %d, expected %d", sig, (int)si.si_pid, (int)from);
	CHECK(si.si_uid == getuid(), "signal %d: si_uid %d", sig, (int)si.si_uid);
}

int main(void)
{
	watchdog(20);
	int a = SIGRTMIN + 1, b = SIGRTMIN + 3;
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, a);
	sigaddset(&set, b);
	sigaddset(&set, SIGUSR1);
	CHECK(sigprocmask(SIG_BLOCK, &set, NULL) == 0, "sigprocmask: %s", strerror(errno));

	/* b first, then a three times: a's three come first, in order. */
	pid_t me = getpid();
	CHECK(sigqueue(me, b, (union sigval){ .sival_int = 40 }) == 0, "sigqueue: %s", strerror(errno));
	for (int i = 1; i <= 3; i++)
		CHECK(sigqueue(me, a, (union sigval){ .sival_int = i }) == 0, "sigqueue %d: %s", i,
		      strerror(errno));
	sigset_t pend;
	CHECK(sigpending(&pend) == 0 && sigismember(&pend, a) && sigismember(&pend, b),
	      "sigpending lacks the queued signals");
	expect(&set, a, 1, me);
	expect(&set, a, 2, me);
	expect(&set, a, 3, me);
	expect(&set, b, 40, me);
	CHECK(sigpending(&pend) == 0 && !sigismember(&pend, a) && !sigismember(&pend, b),
	      "still pending after every instance was taken");

	/* A standard signal is pending once: the second instance is dropped. */
	CHECK(sigqueue(me, SIGUSR1, (union sigval){ .sival_int = 7 }) == 0, "sigqueue SIGUSR1");
	CHECK(sigqueue(me, SIGUSR1, (union sigval){ .sival_int = 8 }) == 0, "sigqueue SIGUSR1");
	expect(&set, SIGUSR1, 7, me);
	struct timespec zero = { 0, 0 };
	CHECK(sigtimedwait(&set, NULL, &zero) < 0 && errno == EAGAIN,
	      "a second SIGUSR1 was pending");

	/* From another process: its pid; to a handler: the value. */
	pid_t child = fork_or_fail();
	if (child == 0) {
		if (sigqueue(getppid(), b, (union sigval){ .sival_int = 99 }) != 0)
			_exit(2);
		_exit(0);
	}
	CHECK(wait_for(child) == 0, "the child's sigqueue failed");
	expect(&set, b, 99, child);

	struct sigaction sa = { .sa_sigaction = on_rt, .sa_flags = SA_SIGINFO };
	sigemptyset(&sa.sa_mask);
	CHECK(sigaction(a, &sa, NULL) == 0, "sigaction: %s", strerror(errno));
	CHECK(sigqueue(me, a, (union sigval){ .sival_int = 1234 }) == 0, "sigqueue to the handler");
	CHECK(sigprocmask(SIG_UNBLOCK, &set, NULL) == 0, "unblock");
	CHECK(handled_value == 1234, "the handler saw value %d, expected 1234", (int)handled_value);
	CHECK(handled_code == SI_QUEUE, "the handler saw si_code %d", (int)handled_code);

	/* Errors. */
	CHECK(sigqueue(me, 65, (union sigval){ 0 }) < 0 && errno == EINVAL, "signal 65: not EINVAL");
	CHECK(sigqueue(me, 0, (union sigval){ 0 }) == 0, "signal 0 to itself failed");
	return 0;
}
