/* POSIX message queues that must wait: O_NONBLOCK gives EAGAIN on an empty
 * or full queue (set at open or by mq_setattr, which changes nothing else);
 * mq_timedreceive/mq_timedsend with an absolute CLOCK_REALTIME timeout
 * give ETIMEDOUT once it passed (at once for a past one, EINVAL for a bad
 * one); a blocked receive wakes when another process sends and a blocked
 * send when another receives; a signal whose handler has no SA_RESTART
 * ends a blocked receive with EINTR, one with SA_RESTART lets it go on. */
#include "ptest.h"
#include <fcntl.h>
#include <mqueue.h>
#include <time.h>

#define QNAME "/ptest_mq_blocking"

static volatile sig_atomic_t caught;
static void on_usr1(int sig) { (void)sig; caught++; }

static struct timespec in_ms(long ms)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_sec += ms / 1000;
	ts.tv_nsec += (ms % 1000) * 1000000L;
	if (ts.tv_nsec >= 1000000000L) {
		ts.tv_sec++;
		ts.tv_nsec -= 1000000000L;
	}
	return ts;
}

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void set_handler(int flags)
{
	struct sigaction sa = { .sa_handler = on_usr1, .sa_flags = flags };
	sigemptyset(&sa.sa_mask);
	CHECK(sigaction(SIGUSR1, &sa, NULL) == 0, "sigaction: %s", strerror(errno));
}

/* A child that, after a pause, signals the parent (sig != 0) and/or sends or receives. */
static pid_t helper(mqd_t q, int sig, int send, int recv)
{
	pid_t parent = getpid();
	pid_t pid = fork_or_fail();
	if (pid)
		return pid;
	usleep(200000);
	if (sig) {
		kill(parent, sig);
		usleep(100000);
	}
	if (send && mq_send(q, "wake", 4, 2) != 0)
		fail("child mq_send: %s", strerror(errno));
	char buf[64];
	if (recv && mq_receive(q, buf, sizeof buf, NULL) < 0)
		fail("child mq_receive: %s", strerror(errno));
	_exit(0);
}

static void reap(pid_t pid)
{
	int st = wait_for(pid);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "child failed (status %#x)", st);
}

int main(void)
{
	watchdog(40);
	mq_unlink(QNAME);
	struct mq_attr attr = { .mq_maxmsg = 2, .mq_msgsize = 64 };
	mqd_t q = mq_open(QNAME, O_CREAT | O_RDWR | O_NONBLOCK, 0600, &attr);
	CHECK(q != (mqd_t)-1, "mq_open: %s", strerror(errno));
	char buf[64];

	/* Non-blocking. */
	errno = 0;
	CHECK(mq_receive(q, buf, sizeof buf, NULL) == -1 && errno == EAGAIN,
	      "empty non-blocking receive: %s", strerror(errno));
	CHECK(mq_send(q, "a", 1, 0) == 0 && mq_send(q, "b", 1, 0) == 0, "mq_send: %s",
	      strerror(errno));
	errno = 0;
	CHECK(mq_send(q, "c", 1, 0) == -1 && errno == EAGAIN, "full non-blocking send: %s",
	      strerror(errno));
	struct mq_attr nattr = { .mq_flags = 0, .mq_maxmsg = 99 }, old;
	CHECK(mq_setattr(q, &nattr, &old) == 0, "mq_setattr: %s", strerror(errno));
	CHECK(old.mq_flags == O_NONBLOCK && old.mq_maxmsg == 2 && old.mq_curmsgs == 2,
	      "old attributes %ld %ld %ld", old.mq_flags, old.mq_maxmsg, old.mq_curmsgs);
	CHECK(mq_getattr(q, &old) == 0 && old.mq_flags == 0 && old.mq_maxmsg == 2,
	      "mq_setattr changed more than O_NONBLOCK (%ld %ld)", old.mq_flags, old.mq_maxmsg);
	CHECK(!(fcntl(q, F_GETFL) & O_NONBLOCK), "O_NONBLOCK still in F_GETFL");

	/* Timeouts on a full queue, then an empty one. */
	struct timespec past = { 1, 0 };
	errno = 0;
	CHECK(mq_timedsend(q, "c", 1, 0, &past) == -1 && errno == ETIMEDOUT,
	      "send with a past timeout: %s", strerror(errno));
	struct timespec bad = { 0, 1000000000L };
	errno = 0;
	CHECK(mq_timedsend(q, "c", 1, 0, &bad) == -1 && errno == EINVAL,
	      "send with tv_nsec 1e9: %s", strerror(errno));
	double t0 = now_s();
	struct timespec soon = in_ms(200);
	errno = 0;
	CHECK(mq_timedsend(q, "c", 1, 0, &soon) == -1 && errno == ETIMEDOUT,
	      "send with a 200 ms timeout: %s", strerror(errno));
	CHECK(now_s() - t0 >= 0.15, "timed send returned after %.3f s", now_s() - t0);
	CHECK(mq_receive(q, buf, sizeof buf, NULL) == 1 && mq_receive(q, buf, sizeof buf, NULL) == 1,
	      "draining: %s", strerror(errno));
	errno = 0;
	CHECK(mq_timedreceive(q, buf, sizeof buf, NULL, &past) == -1 && errno == ETIMEDOUT,
	      "receive with a past timeout: %s", strerror(errno));
	t0 = now_s();
	soon = in_ms(200);
	errno = 0;
	CHECK(mq_timedreceive(q, buf, sizeof buf, NULL, &soon) == -1 && errno == ETIMEDOUT,
	      "receive with a 200 ms timeout: %s", strerror(errno));
	CHECK(now_s() - t0 >= 0.15, "timed receive returned after %.3f s", now_s() - t0);

	/* A blocked receive wakes when another process sends. */
	pid_t pid = helper(q, 0, 1, 0);
	unsigned prio = 0;
	soon = in_ms(10000);
	ssize_t n = mq_timedreceive(q, buf, sizeof buf, &prio, &soon);
	CHECK(n == 4 && !memcmp(buf, "wake", 4) && prio == 2, "woken receive: %zd (%s)", n,
	      strerror(errno));
	reap(pid);

	/* A blocked send wakes when another process receives. */
	CHECK(mq_send(q, "x", 1, 0) == 0 && mq_send(q, "y", 1, 0) == 0, "filling: %s",
	      strerror(errno));
	pid = helper(q, 0, 0, 1);
	CHECK(mq_send(q, "z", 1, 0) == 0, "woken send: %s", strerror(errno));
	reap(pid);
	CHECK(mq_getattr(q, &old) == 0 && old.mq_curmsgs == 2, "mq_curmsgs %ld", old.mq_curmsgs);
	while (mq_timedreceive(q, buf, sizeof buf, NULL, &past) > 0)
		;

	/* A signal without SA_RESTART: EINTR. */
	set_handler(0);
	pid = helper(q, SIGUSR1, 0, 0);
	errno = 0;
	n = mq_receive(q, buf, sizeof buf, NULL);
	CHECK(n == -1 && errno == EINTR && caught == 1, "interrupted receive: %zd (%s), caught %d",
	      n, strerror(errno), (int)caught);
	reap(pid);

	/* With SA_RESTART the receive goes on and gets the message. */
	set_handler(SA_RESTART);
	pid = helper(q, SIGUSR1, 1, 0);
	n = mq_receive(q, buf, sizeof buf, NULL);
	CHECK(n == 4 && caught == 2, "restarted receive: %zd (%s), caught %d", n, strerror(errno),
	      (int)caught);
	reap(pid);

	CHECK(mq_close(q) == 0 && mq_unlink(QNAME) == 0, "cleanup: %s", strerror(errno));
	return 0;
}
