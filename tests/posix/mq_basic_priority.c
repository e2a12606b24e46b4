/* POSIX message queues: mq_open with attributes, messages come out highest
 * priority first and in FIFO order within one priority, mq_getattr counts
 * them, mq_receive gives each one's length and priority, the descriptor is
 * close-on-exec, and a forked child shares the queue through the inherited
 * descriptor. */
#include "ptest.h"
#include <fcntl.h>
#include <mqueue.h>

#define QNAME "/ptest_mq_basic"

static void send_one(mqd_t q, const char *text, unsigned prio)
{
	CHECK(mq_send(q, text, strlen(text), prio) == 0, "mq_send %s: %s", text, strerror(errno));
}

static void expect(mqd_t q, const char *text, unsigned prio)
{
	char buf[64];
	unsigned got_prio = 12345;
	ssize_t n = mq_receive(q, buf, sizeof buf, &got_prio);
	CHECK(n >= 0, "mq_receive: %s", strerror(errno));
	CHECK((size_t)n == strlen(text) && !memcmp(buf, text, n) && got_prio == prio,
	      "got \"%.*s\" prio %u, expected \"%s\" prio %u", (int)n, buf, got_prio, text, prio);
}

int main(void)
{
	watchdog(30);
	mq_unlink(QNAME);
	struct mq_attr attr = { .mq_maxmsg = 8, .mq_msgsize = 64 };
	mqd_t q = mq_open(QNAME, O_CREAT | O_EXCL | O_RDWR, 0600, &attr);
	CHECK(q != (mqd_t)-1, "mq_open: %s", strerror(errno));
	CHECK(fcntl(q, F_GETFD) == FD_CLOEXEC, "mq_open's descriptor is not close-on-exec");
	CHECK((fcntl(q, F_GETFL) & O_ACCMODE) == O_RDWR, "F_GETFL %#x", fcntl(q, F_GETFL));

	struct mq_attr got;
	CHECK(mq_getattr(q, &got) == 0, "mq_getattr: %s", strerror(errno));
	CHECK(got.mq_maxmsg == 8 && got.mq_msgsize == 64 && got.mq_curmsgs == 0 && got.mq_flags == 0,
	      "attributes %ld %ld %ld %ld", got.mq_maxmsg, got.mq_msgsize, got.mq_curmsgs,
	      got.mq_flags);

	send_one(q, "low-a", 1);
	send_one(q, "high", 32767);
	send_one(q, "low-b", 1);
	send_one(q, "zero", 0);
	send_one(q, "mid-a", 10);
	send_one(q, "mid-b", 10);
	CHECK(mq_send(q, "", 0, 5) == 0, "empty message: %s", strerror(errno));
	CHECK(mq_getattr(q, &got) == 0 && got.mq_curmsgs == 7, "mq_curmsgs %ld, expected 7",
	      got.mq_curmsgs);

	expect(q, "high", 32767);
	expect(q, "mid-a", 10);
	expect(q, "mid-b", 10);
	expect(q, "", 5);
	expect(q, "low-a", 1);

	/* The child receives through the descriptor fork gave it. */
	pid_t pid = fork_or_fail();
	if (pid == 0) {
		expect(q, "low-b", 1);
		send_one(q, "from-child", 3);
		_exit(0);
	}
	int st = wait_for(pid);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "child failed (status %#x)", st);
	expect(q, "from-child", 3);
	expect(q, "zero", 0);
	CHECK(mq_getattr(q, &got) == 0 && got.mq_curmsgs == 0, "mq_curmsgs %ld, expected 0",
	      got.mq_curmsgs);

	/* A second open of the same name reaches the same queue. */
	mqd_t q2 = mq_open(QNAME, O_WRONLY);
	CHECK(q2 != (mqd_t)-1, "second mq_open: %s", strerror(errno));
	send_one(q2, "via-q2", 7);
	expect(q, "via-q2", 7);
	CHECK(mq_close(q2) == 0 && mq_close(q) == 0, "mq_close: %s", strerror(errno));
	CHECK(mq_unlink(QNAME) == 0, "mq_unlink: %s", strerror(errno));
	errno = 0;
	CHECK(mq_open(QNAME, O_RDWR) == (mqd_t)-1 && errno == ENOENT, "open after unlink: %s",
	      strerror(errno));
	return 0;
}
