/* A PTHREAD_PROCESS_SHARED mutex and condition variable placed in a
 * MAP_SHARED mapping of a file in /tmp work across fork: the parent and the
 * child each add 1 to a counter 1000 times under the mutex and the total is
 * 2000 (also in the file, read with pread); then a condition handshake: the
 * child waits on the condition for a flag the parent sets and signals, and
 * answers through the same condition. */
#include "ptest.h"
#include <pthread.h>
#include <stddef.h>
#include <sys/mman.h>

#define ROUNDS 1000

struct shared {
	pthread_mutex_t lock;
	pthread_cond_t cond;
	int counter;
	int waiting; /* the child is in pthread_cond_wait */
	int go;      /* the parent's flag */
	int done;    /* the child's answer */
};

static void add(struct shared *s)
{
	for (int i = 0; i < ROUNDS; i++) {
		int e = pthread_mutex_lock(&s->lock);
		if (e)
			fail("pthread_mutex_lock: %s", strerror(e));
		/* A read, maybe a yield, a write: lost updates if the lock did not exclude. */
		int v = s->counter;
		if (i % 50 == 0)
			sched_yield();
		s->counter = v + 1;
		pthread_mutex_unlock(&s->lock);
	}
}

int main(void)
{
	watchdog(20);
	const long pg = sysconf(_SC_PAGESIZE);
	char path[] = "/tmp/pshared_mutexXXXXXX";
	int fd = mkstemp(path);
	CHECK(fd >= 0, "mkstemp: %s", strerror(errno));
	CHECK(ftruncate(fd, pg) == 0, "ftruncate: %s", strerror(errno));
	struct shared *s = mmap(NULL, pg, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	CHECK(s != MAP_FAILED, "mmap: %s", strerror(errno));

	pthread_mutexattr_t ma;
	pthread_condattr_t ca;
	int e;
	CHECK(!pthread_mutexattr_init(&ma) && !pthread_condattr_init(&ca), "attr init");
	CHECK(!(e = pthread_mutexattr_setpshared(&ma, PTHREAD_PROCESS_SHARED)), "mutexattr_setpshared: %s", strerror(e));
	CHECK(!(e = pthread_condattr_setpshared(&ca, PTHREAD_PROCESS_SHARED)), "condattr_setpshared: %s", strerror(e));
	CHECK(!(e = pthread_mutex_init(&s->lock, &ma)), "pthread_mutex_init: %s", strerror(e));
	CHECK(!(e = pthread_cond_init(&s->cond, &ca)), "pthread_cond_init: %s", strerror(e));

	pid_t pid = fork_or_fail();
	if (pid == 0) {
		add(s);
		pthread_mutex_lock(&s->lock);
		s->waiting = 1;
		while (!s->go)
			if ((e = pthread_cond_wait(&s->cond, &s->lock)))
				fail("child: pthread_cond_wait: %s", strerror(e));
		s->done = 1;
		pthread_cond_broadcast(&s->cond);
		pthread_mutex_unlock(&s->lock);
		_exit(0);
	}
	add(s);

	/* Once the parent holds the lock and sees waiting, the child is blocked
	 * in pthread_cond_wait (it released the lock only by waiting). */
	for (;;) {
		pthread_mutex_lock(&s->lock);
		if (s->waiting)
			break;
		pthread_mutex_unlock(&s->lock);
		sched_yield();
	}
	CHECK(!s->done, "the child answered before the flag was set");
	s->go = 1;
	pthread_cond_signal(&s->cond);
	while (!s->done)
		CHECK(!(e = pthread_cond_wait(&s->cond, &s->lock)), "pthread_cond_wait: %s", strerror(e));
	int counter = s->counter;
	pthread_mutex_unlock(&s->lock);

	CHECK(wait_for(pid) == 0, "child failed");
	CHECK(counter == 2 * ROUNDS, "counter %d, expected %d", counter, 2 * ROUNDS);
	int in_file = -1;
	CHECK(pread(fd, &in_file, sizeof in_file, offsetof(struct shared, counter)) == sizeof in_file,
	      "pread: %s", strerror(errno));
	CHECK(in_file == 2 * ROUNDS, "the file's counter is %d, expected %d", in_file, 2 * ROUNDS);
	pthread_cond_destroy(&s->cond);
	pthread_mutex_destroy(&s->lock);
	munmap(s, pg);
	close(fd);
	unlink(path);
	return 0;
}
