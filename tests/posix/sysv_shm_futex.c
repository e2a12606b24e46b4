/* A futex in System V shared memory joins processes that attached the
 * segment on their own, at different addresses (a shared futex is keyed by
 * the memory, not the address): a child waits on the word through its
 * attachment, the parent wakes it through its own; and a process-shared
 * pthread mutex in the segment excludes across the two. */
#include "ptest.h"
#include "futex_ops.h"
#include <pthread.h>
#include <stdint.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <sys/syscall.h>

struct shared {
	uint32_t word;
	pthread_mutex_t lock;
	int counter;
};

int main(void)
{
	watchdog(30);
	int id = shmget(IPC_PRIVATE, sizeof(struct shared), 0600);
	CHECK(id >= 0, "shmget: %s", strerror(errno));
	struct shared *sh = shmat(id, NULL, 0);
	CHECK(sh != (void *)-1, "shmat: %s", strerror(errno));
	pthread_mutexattr_t ma;
	pthread_mutexattr_init(&ma);
	pthread_mutexattr_setpshared(&ma, PTHREAD_PROCESS_SHARED);
	pthread_mutex_init(&sh->lock, &ma);

	pid_t c = fork_or_fail();
	if (c == 0) {
		/* Its own attachment: at another address than the inherited one. */
		struct shared *mine = shmat(id, NULL, 0);
		if (mine == (void *)-1 || mine == sh)
			fail("child shmat: %p (%s)", (void *)mine, strerror(errno));
		shmdt(sh);
		for (int i = 0; i < 2000; i++) {
			pthread_mutex_lock(&mine->lock);
			mine->counter++;
			pthread_mutex_unlock(&mine->lock);
		}
		__atomic_store_n(&mine->word, 1, __ATOMIC_SEQ_CST);
		while (__atomic_load_n(&mine->word, __ATOMIC_SEQ_CST) == 1)
			if (syscall(SYS_futex, &mine->word, FUTEX_WAIT, 1, NULL, NULL, 0) < 0 &&
			    errno != EAGAIN && errno != EINTR)
				fail("FUTEX_WAIT: %s", strerror(errno));
		_exit(mine->word == 2 ? 0 : 1);
	}
	for (int i = 0; i < 2000; i++) {
		pthread_mutex_lock(&sh->lock);
		sh->counter++;
		pthread_mutex_unlock(&sh->lock);
	}
	while (__atomic_load_n(&sh->word, __ATOMIC_SEQ_CST) != 1)
		usleep(1000);
	usleep(100000); /* the child is likely asleep in FUTEX_WAIT by now */
	__atomic_store_n(&sh->word, 2, __ATOMIC_SEQ_CST);
	long woken = syscall(SYS_futex, &sh->word, FUTEX_WAKE, 1, NULL, NULL, 0);
	CHECK(woken >= 0, "FUTEX_WAKE: %s", strerror(errno));
	int st = wait_for(c);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "child: status %#x", st);
	CHECK(sh->counter == 4000, "counter %d, expected 4000 under the shared mutex", sh->counter);
	CHECK(shmdt(sh) == 0 && shmctl(id, IPC_RMID, NULL) == 0, "cleanup: %s", strerror(errno));
	return 0;
}
