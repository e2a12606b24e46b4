/* POSIX message queues between threads of one process: several threads
 * blocked in mq_receive on an empty queue each get one of the messages
 * sent afterwards (none is lost or given twice), a thread blocked in
 * mq_send on a full queue goes on when another thread receives, and a
 * thread's timed receive ends with ETIMEDOUT while others keep waiting. */
#include "ptest.h"
#include <fcntl.h>
#include <mqueue.h>
#include <pthread.h>
#include <time.h>

#define QNAME "/ptest_mq_threads"
#define READERS 3

static mqd_t q;

static void *reader(void *arg)
{
	(void)arg;
	char buf[32];
	ssize_t n = mq_receive(q, buf, sizeof buf, NULL);
	if (n != 1)
		fail("blocked reader: %zd (%s)", n, strerror(errno));
	return (void *)(long)buf[0];
}

static void *timed_reader(void *arg)
{
	(void)arg;
	char buf[32];
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_nsec += 300000000L;
	if (ts.tv_nsec >= 1000000000L) {
		ts.tv_sec++;
		ts.tv_nsec -= 1000000000L;
	}
	errno = 0;
	ssize_t n = mq_timedreceive(q, buf, sizeof buf, NULL, &ts);
	return (void *)(long)(n == -1 && errno == ETIMEDOUT);
}

static void *writer(void *arg)
{
	(void)arg;
	if (mq_send(q, "w", 1, 0))
		fail("blocked writer: %s", strerror(errno));
	return NULL;
}

static void waiters_settle(void)
{
	usleep(300000); /* only gives the threads time to block; never a verdict */
}

int main(void)
{
	watchdog(30);
	mq_unlink(QNAME);
	struct mq_attr attr = { .mq_maxmsg = 2, .mq_msgsize = 32 };
	q = mq_open(QNAME, O_CREAT | O_RDWR, 0600, &attr);
	CHECK(q != (mqd_t)-1, "mq_open: %s", strerror(errno));

	/* Blocked readers share out the messages. */
	pthread_t th[READERS];
	for (int i = 0; i < READERS; i++)
		CHECK(pthread_create(&th[i], NULL, reader, NULL) == 0, "pthread_create");
	waiters_settle();
	pthread_t timed;
	CHECK(pthread_create(&timed, NULL, timed_reader, NULL) == 0, "pthread_create");
	void *timed_out;
	pthread_join(timed, &timed_out);
	CHECK((long)timed_out == 1, "a timed receive among blocked ones did not time out");
	const char msgs[READERS] = { 'a', 'b', 'c' };
	for (int i = 0; i < READERS; i++)
		CHECK(mq_send(q, &msgs[i], 1, 0) == 0, "mq_send: %s", strerror(errno));
	int seen = 0;
	for (int i = 0; i < READERS; i++) {
		void *got;
		pthread_join(th[i], &got);
		int k = (int)(long)got - 'a';
		CHECK(k >= 0 && k < READERS && !(seen & (1 << k)), "reader %d got %c twice or wrong",
		      i, (int)(long)got);
		seen |= 1 << k;
	}
	CHECK(seen == 7, "messages given: %#x", seen);
	struct mq_attr now;
	CHECK(mq_getattr(q, &now) == 0 && now.mq_curmsgs == 0, "left in the queue: %ld",
	      now.mq_curmsgs);

	/* A blocked writer goes on when another thread receives. */
	CHECK(mq_send(q, "1", 1, 0) == 0 && mq_send(q, "2", 1, 0) == 0, "filling: %s",
	      strerror(errno));
	pthread_t w;
	CHECK(pthread_create(&w, NULL, writer, NULL) == 0, "pthread_create");
	waiters_settle();
	char buf[32];
	CHECK(mq_receive(q, buf, sizeof buf, NULL) == 1 && buf[0] == '1', "first receive: %s",
	      strerror(errno));
	pthread_join(w, NULL);
	CHECK(mq_receive(q, buf, sizeof buf, NULL) == 1 && buf[0] == '2', "second receive");
	CHECK(mq_receive(q, buf, sizeof buf, NULL) == 1 && buf[0] == 'w', "the blocked writer's");

	CHECK(mq_close(q) == 0 && mq_unlink(QNAME) == 0, "cleanup: %s", strerror(errno));
	return 0;
}
