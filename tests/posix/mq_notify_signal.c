/* mq_notify with SIGEV_SIGNAL and SIGEV_NONE: a message arriving on an
 * empty queue sends the registered signal once, with si_code SI_MESGQ, the
 * sender's pid and real uid and the registered si_value, and removes the
 * registration (registering again works, a second one is EBUSY until then);
 * no signal when the queue was not empty or when a receiver was blocked
 * (the registration stays then); SIGEV_NONE sends nothing but is removed
 * the same way; closing a descriptor of the queue removes the closer's
 * registration; mq_notify(NULL) removes it too; a process that exec'd since
 * it registered (keeping the descriptor) gets no signal, and the
 * registration is gone all the same. */
#include "ptest.h"
#include <fcntl.h>
#include <mqueue.h>
#include <pthread.h>
#include <time.h>

#define QNAME "/ptest_mq_notify_sig"

static mqd_t q;

static void reg(int kind, int sig, int value)
{
	struct sigevent ev = { .sigev_notify = kind, .sigev_signo = sig };
	ev.sigev_value.sival_int = value;
	CHECK(mq_notify(q, &ev) == 0, "mq_notify: %s", strerror(errno));
}

static int registered(void)
{
	struct sigevent ev = { .sigev_notify = SIGEV_NONE };
	if (mq_notify(q, &ev) == 0) {
		mq_notify(q, NULL);
		return 0;
	}
	CHECK(errno == EBUSY, "mq_notify probe: %s", strerror(errno));
	return 1;
}

/* The signal if one is pending now (sigtimedwait, SIGUSR1 blocked). */
static int take_signal(siginfo_t *si, int ms)
{
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
	return sigtimedwait(&set, si, &ts);
}

static void drain(void)
{
	char buf[64];
	struct timespec past = { 0, 0 };
	while (mq_timedreceive(q, buf, sizeof buf, NULL, &past) >= 0)
		;
}

static void *receiver(void *arg)
{
	(void)arg;
	char buf[64];
	ssize_t n = mq_receive(q, buf, sizeof buf, NULL);
	return (void *)(long)n;
}

/* After the exec: SIGUSR1 is still blocked; tell the parent, then no signal may come. */
static int exec_child(int ready_fd)
{
	siginfo_t si;
	if (write(ready_fd, "r", 1) != 1)
		fail("write: %s", strerror(errno));
	errno = 0;
	CHECK(take_signal(&si, 1000) == -1 && errno == EAGAIN,
	      "a registration made before exec sent its signal to the new program");
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 3 && !strcmp(argv[1], "exec-child"))
		return exec_child(atoi(argv[2]));
	watchdog(30);
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	CHECK(sigprocmask(SIG_BLOCK, &set, NULL) == 0, "sigprocmask: %s", strerror(errno));
	mq_unlink(QNAME);
	struct mq_attr attr = { .mq_maxmsg = 4, .mq_msgsize = 64 };
	q = mq_open(QNAME, O_CREAT | O_RDWR, 0666, &attr);
	CHECK(q != (mqd_t)-1, "mq_open: %s", strerror(errno));
	siginfo_t si;

	/* A child of another user sends: the signal names it. */
	reg(SIGEV_SIGNAL, SIGUSR1, 42);
	pid_t pid = fork_or_fail();
	if (pid == 0) {
		if (setgid(65534) || setuid(65534))
			fail("setuid: %s", strerror(errno));
		if (mq_send(q, "one", 3, 1))
			fail("child mq_send: %s", strerror(errno));
		_exit(0);
	}
	int st = wait_for(pid);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "child failed (status %#x)", st);
	CHECK(take_signal(&si, 5000) == SIGUSR1, "no notification signal: %s", strerror(errno));
	CHECK(si.si_code == SI_MESGQ && si.si_pid == pid && si.si_uid == 65534 &&
	      si.si_value.sival_int == 42,
	      "siginfo: code %d pid %d (child %d) uid %d value %d", si.si_code, (int)si.si_pid,
	      (int)pid, (int)si.si_uid, si.si_value.sival_int);
	CHECK(!registered(), "the registration stayed after it fired");
	drain();

	/* Not empty: no signal, the registration stays. */
	reg(SIGEV_SIGNAL, SIGUSR1, 7);
	CHECK(mq_send(q, "two", 3, 1) == 0, "mq_send: %s", strerror(errno));
	CHECK(take_signal(&si, 1000) == SIGUSR1 && si.si_value.sival_int == 7,
	      "no signal for the second registration");
	reg(SIGEV_SIGNAL, SIGUSR1, 8);
	CHECK(mq_send(q, "three", 5, 1) == 0, "mq_send: %s", strerror(errno));
	errno = 0;
	CHECK(take_signal(&si, 200) == -1 && errno == EAGAIN,
	      "a message on a non-empty queue notified");
	CHECK(registered(), "the registration went without firing");
	drain();

	/* A blocked receiver gets the message; no signal, the registration stays. */
	pthread_t th;
	CHECK(pthread_create(&th, NULL, receiver, NULL) == 0, "pthread_create");
	usleep(300000);
	CHECK(mq_send(q, "four", 4, 1) == 0, "mq_send: %s", strerror(errno));
	void *got;
	pthread_join(th, &got);
	CHECK((long)got == 4, "blocked receiver got %ld", (long)got);
	errno = 0;
	CHECK(take_signal(&si, 200) == -1 && errno == EAGAIN,
	      "notified although a receiver was waiting");
	CHECK(registered(), "the registration went although a receiver took the message");

	/* mq_notify(NULL) removes it. */
	CHECK(mq_notify(q, NULL) == 0 && !registered(), "mq_notify(NULL) kept the registration");

	/* SIGEV_NONE: nothing sent, but removed when a message comes. */
	reg(SIGEV_NONE, 0, 0);
	CHECK(registered(), "SIGEV_NONE is not a registration");
	CHECK(mq_send(q, "five", 4, 1) == 0, "mq_send: %s", strerror(errno));
	errno = 0;
	CHECK(take_signal(&si, 200) == -1 && errno == EAGAIN, "SIGEV_NONE sent a signal");
	CHECK(!registered(), "SIGEV_NONE's registration stayed after a message came");
	drain();

	/* Closing any descriptor of the queue removes the closer's registration. */
	reg(SIGEV_SIGNAL, SIGUSR1, 9);
	mqd_t q2 = mq_open(QNAME, O_RDWR);
	CHECK(q2 != (mqd_t)-1, "mq_open: %s", strerror(errno));
	CHECK(mq_close(q2) == 0, "mq_close: %s", strerror(errno));
	CHECK(!registered(), "closing a descriptor kept the registration");

	/* A child's close does not remove the parent's. */
	reg(SIGEV_SIGNAL, SIGUSR1, 10);
	pid = fork_or_fail();
	if (pid == 0) {
		mq_close(q);
		_exit(0);
	}
	wait_for(pid);
	CHECK(registered(), "a child's close removed the parent's registration");
	CHECK(mq_send(q, "six", 3, 1) == 0, "mq_send: %s", strerror(errno));
	CHECK(take_signal(&si, 5000) == SIGUSR1 && si.si_value.sival_int == 10 &&
	      si.si_pid == getpid() && si.si_uid == getuid(),
	      "own send: value %d pid %d uid %d", si.si_value.sival_int, (int)si.si_pid,
	      (int)si.si_uid);

	/* A registration from before an exec sends no signal to the new program. */
	int rp[2];
	CHECK(pipe(rp) == 0, "pipe: %s", strerror(errno));
	pid = fork_or_fail();
	if (pid == 0) {
		close(rp[0]);
		CHECK(fcntl(q, F_SETFD, 0) == 0, "F_SETFD: %s", strerror(errno));
		reg(SIGEV_SIGNAL, SIGUSR1, 11);
		char fdtext[16];
		snprintf(fdtext, sizeof fdtext, "%d", rp[1]);
		execl("/proc/self/exe", argv[0], "exec-child", fdtext, (char *)NULL);
		fail("execl: %s", strerror(errno));
	}
	close(rp[1]);
	char c;
	CHECK(read(rp[0], &c, 1) == 1, "the exec'd child did not start");
	CHECK(registered(), "the child's registration is not there");
	CHECK(mq_send(q, "seven", 5, 1) == 0, "mq_send: %s", strerror(errno));
	st = wait_for(pid);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "exec'd child failed (status %#x)", st);
	CHECK(!registered(), "the registration stayed after its message came");
	drain();

	CHECK(mq_close(q) == 0 && mq_unlink(QNAME) == 0, "cleanup: %s", strerror(errno));
	return 0;
}
