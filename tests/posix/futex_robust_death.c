/* Robust mutexes survive their owner's death: when a thread or a process
 * dies holding one, the next locker gets EOWNERDEAD (the kernel walked the
 * dead owner's robust list and set FUTEX_OWNER_DIED), can make it
 * consistent and use it again; a locker already waiting when the owner
 * dies is woken with EOWNERDEAD too. Covers a thread's exit, a process's
 * _exit and a process killed by a signal, on a process-shared mutex in
 * MAP_SHARED memory. */
#include "ptest.h"
#include <pthread.h>
#include <sys/mman.h>

static pthread_mutex_t *m;

static void *lock_and_leave(void *arg)
{
	(void)arg;
	if (pthread_mutex_lock(m) != 0)
		fail("thread: lock failed");
	return NULL; /* ends holding it */
}

static void expect_owner_dead(const char *how)
{
	int r = pthread_mutex_lock(m);
	CHECK(r == EOWNERDEAD, "%s: lock returned %d (%s), expected EOWNERDEAD", how, r, strerror(r));
	CHECK(pthread_mutex_consistent(m) == 0, "%s: pthread_mutex_consistent failed", how);
	CHECK(pthread_mutex_unlock(m) == 0, "%s: unlock failed", how);
	CHECK(pthread_mutex_lock(m) == 0, "%s: the mutex is not usable again", how);
	CHECK(pthread_mutex_unlock(m) == 0, "%s: unlock failed", how);
}

int main(void)
{
	watchdog(30);
	m = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	CHECK(m != MAP_FAILED, "mmap: %s", strerror(errno));
	pthread_mutexattr_t a;
	pthread_mutexattr_init(&a);
	pthread_mutexattr_setrobust(&a, PTHREAD_MUTEX_ROBUST);
	pthread_mutexattr_setpshared(&a, PTHREAD_PROCESS_SHARED);
	CHECK(pthread_mutex_init(m, &a) == 0, "pthread_mutex_init");

	/* A thread ends holding it. */
	pthread_t th;
	CHECK(pthread_create(&th, NULL, lock_and_leave, NULL) == 0, "pthread_create");
	CHECK(pthread_join(th, NULL) == 0, "pthread_join");
	expect_owner_dead("thread exit");

	/* A process ends holding it. */
	pid_t child = fork_or_fail();
	if (child == 0) {
		if (pthread_mutex_lock(m) != 0)
			_exit(2);
		_exit(0);
	}
	CHECK(wait_for(child) == 0, "the child could not lock");
	expect_owner_dead("process exit");

	/* A process killed while the parent waits for the mutex. */
	int ready[2];
	CHECK(pipe(ready) == 0, "pipe");
	child = fork_or_fail();
	if (child == 0) {
		if (pthread_mutex_lock(m) != 0)
			_exit(2);
		write(ready[1], "x", 1);
		for (;;)
			pause();
	}
	char c;
	CHECK(read(ready[0], &c, 1) == 1, "the child did not lock");
	pid_t killer = fork_or_fail();
	if (killer == 0) {
		usleep(100000); /* the parent is waiting by then, most likely */
		kill(child, SIGKILL);
		_exit(0);
	}
	expect_owner_dead("killed while another waits");
	int status = wait_for(child);
	CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL, "the child was not killed");
	wait_for(killer);
	return 0;
}
