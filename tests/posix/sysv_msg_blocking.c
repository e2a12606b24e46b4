/* System V message queues that wait: msgrcv waits for a message of its
 * type, msgsnd waits while the queue is full (msg_qbytes, lowered by
 * IPC_SET) and fails with EAGAIN under IPC_NOWAIT, a waiter gets EIDRM when
 * the queue is removed, and a signal with a handler ends a wait with EINTR
 * even with SA_RESTART (Linux never restarts msgrcv/msgsnd after a handler),
 * while a stop and continue (no handler) leaves the wait going on. */
#include "ptest.h"
#include <sys/ipc.h>
#include <sys/msg.h>

struct m {
	long type;
	char text[16];
};

static void on_usr1(int sig) { (void)sig; }

int main(void)
{
	watchdog(30);
	int q = msgget(IPC_PRIVATE, 0600);
	CHECK(q >= 0, "msgget: %s", strerror(errno));

	/* A receiver waiting for type 2 is not woken by type 1. */
	pid_t c = fork_or_fail();
	if (c == 0) {
		struct m m;
		ssize_t n = msgrcv(q, &m, sizeof m.text, 2, 0);
		if (n != 4 || m.type != 2 || strcmp(m.text, "two") != 0)
			fail("child msgrcv: %zd type %ld (%s)", n, m.type, n < 0 ? strerror(errno) : m.text);
		_exit(0);
	}
	usleep(100000);
	struct m m1 = { 1, "one" }, m2 = { 2, "two" };
	CHECK(msgsnd(q, &m1, 4, 0) == 0, "msgsnd 1: %s", strerror(errno));
	usleep(100000);
	CHECK(msgsnd(q, &m2, 4, 0) == 0, "msgsnd 2: %s", strerror(errno));
	int st = wait_for(c);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "receiver: status %#x", st);
	struct msqid_ds ds;
	CHECK(msgctl(q, IPC_STAT, &ds) == 0 && ds.msg_qnum == 1 && ds.msg_lrpid == c,
	      "after the child: qnum %lu lrpid %d", (unsigned long)ds.msg_qnum, (int)ds.msg_lrpid);

	/* A queue of 8 bytes: the type-1 message (4) is there, 4 more fit, then it is full. */
	ds.msg_qbytes = 8;
	CHECK(msgctl(q, IPC_SET, &ds) == 0, "IPC_SET msg_qbytes 8: %s", strerror(errno));
	CHECK(msgsnd(q, &m2, 4, IPC_NOWAIT) == 0, "msgsnd into room: %s", strerror(errno));
	CHECK(msgsnd(q, &m2, 1, IPC_NOWAIT) < 0 && errno == EAGAIN, "msgsnd into a full queue: %s",
	      strerror(errno));
	c = fork_or_fail();
	if (c == 0) { /* waits for room, then sends */
		struct m m3 = { 3, "abc" };
		if (msgsnd(q, &m3, 4, 0) != 0)
			fail("child msgsnd: %s", strerror(errno));
		_exit(0);
	}
	usleep(200000);
	CHECK(waitpid(c, &st, WNOHANG) == 0, "the sender did not wait for room");
	struct m r;
	CHECK(msgrcv(q, &r, sizeof r.text, 1, 0) == 4, "msgrcv 1: %s", strerror(errno));
	st = wait_for(c);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "sender: status %#x", st);
	CHECK(msgrcv(q, &r, sizeof r.text, 3, IPC_NOWAIT) == 4 && strcmp(r.text, "abc") == 0,
	      "the waiting sender's message: %s", strerror(errno));

	/* A signal handler (SA_RESTART or not) ends the wait with EINTR. */
	for (int restart = 0; restart < 2; restart++) {
		c = fork_or_fail();
		if (c == 0) {
			struct sigaction sa;
			memset(&sa, 0, sizeof sa);
			sa.sa_handler = on_usr1;
			sa.sa_flags = restart ? SA_RESTART : 0;
			sigaction(SIGUSR1, &sa, NULL);
			ssize_t n = msgrcv(q, &r, sizeof r.text, 42, 0);
			if (n >= 0 || errno != EINTR)
				fail("msgrcv interrupted (SA_RESTART %d): %zd %s", restart, n, strerror(errno));
			_exit(0);
		}
		usleep(200000);
		kill(c, SIGUSR1);
		st = wait_for(c);
		CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "interrupted receiver: status %#x", st);
	}

	/* Stopped and continued while waiting: the wait goes on. */
	c = fork_or_fail();
	if (c == 0) {
		ssize_t n = msgrcv(q, &r, sizeof r.text, 43, 0);
		if (n != 4 || r.type != 43)
			fail("msgrcv across a stop: %zd %s", n, n < 0 ? strerror(errno) : "");
		_exit(0);
	}
	usleep(200000);
	kill(c, SIGSTOP);
	usleep(100000);
	kill(c, SIGCONT);
	usleep(200000);
	CHECK(waitpid(c, &st, WNOHANG) == 0, "msgrcv ended at a stop and continue: %#x", st);
	struct m m43 = { 43, "xyz" };
	CHECK(msgsnd(q, &m43, 4, 0) == 0, "msgsnd 43: %s", strerror(errno));
	st = wait_for(c);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "receiver across a stop: status %#x", st);

	/* Removal wakes waiting receivers and senders with EIDRM. */
	pid_t rc = fork_or_fail();
	if (rc == 0) {
		ssize_t n = msgrcv(q, &r, sizeof r.text, 42, 0);
		if (n >= 0 || errno != EIDRM)
			fail("receiver at removal: %zd %s", n, strerror(errno));
		_exit(0);
	}
	while (msgsnd(q, &m2, 4, IPC_NOWAIT) == 0)
		; /* full */
	CHECK(errno == EAGAIN, "filling the queue: %s", strerror(errno));
	pid_t sc = fork_or_fail();
	if (sc == 0) {
		if (msgsnd(q, &m2, 4, 0) == 0 || errno != EIDRM)
			fail("sender at removal: %s", strerror(errno));
		_exit(0);
	}
	usleep(200000);
	CHECK(msgctl(q, IPC_RMID, NULL) == 0, "IPC_RMID: %s", strerror(errno));
	st = wait_for(rc);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "receiver at removal: status %#x", st);
	st = wait_for(sc);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "sender at removal: status %#x", st);
	return 0;
}
