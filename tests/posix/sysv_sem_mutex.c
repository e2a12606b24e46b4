/* A System V semaphore as a lock between processes: four processes each
 * take it (semop -1, SEM_UNDO) and give it back 300 times around a
 * non-atomic update of a counter in a System V shared memory segment, and
 * a fifth waits for zero on a second semaphore the workers count down as
 * they finish. No update is lost, nobody is left waiting, and the lock is
 * free at the end. */
#include "ptest.h"
#include <sys/ipc.h>
#include <sys/sem.h>
#include <sys/shm.h>

#define WORKERS 4
#define ROUNDS 300

union semun {
	int val;
	struct semid_ds *buf;
	unsigned short *array;
};

static int s;

static void op(int n, int delta, int flg)
{
	struct sembuf b = { (unsigned short)n, (short)delta, (short)flg };
	while (semop(s, &b, 1) != 0)
		if (errno != EINTR)
			fail("semop(%d, %d): %s", n, delta, strerror(errno));
}

int main(void)
{
	watchdog(50);
	s = semget(IPC_PRIVATE, 2, 0600);
	int h = shmget(IPC_PRIVATE, 4096, 0600);
	CHECK(s >= 0 && h >= 0, "semget/shmget: %s", strerror(errno));
	unsigned short init[2] = { 1, WORKERS };
	CHECK(semctl(s, 0, SETALL, (union semun){ .array = init }) == 0, "SETALL: %s", strerror(errno));
	volatile long *counter = shmat(h, NULL, 0);
	CHECK(counter != (void *)-1, "shmat: %s", strerror(errno));

	pid_t waiter = fork_or_fail();
	if (waiter == 0) {
		op(1, 0, 0); /* until every worker is done */
		_exit(*counter == WORKERS * ROUNDS ? 0 : 1);
	}
	pid_t w[WORKERS];
	for (int i = 0; i < WORKERS; i++) {
		w[i] = fork_or_fail();
		if (w[i] == 0) {
			for (int r = 0; r < ROUNDS; r++) {
				op(0, -1, SEM_UNDO);
				long v = *counter;
				if (r % 7 == 0)
					sched_yield(); /* let the others pile up on the lock */
				*counter = v + 1;
				op(0, 1, SEM_UNDO);
			}
			op(1, -1, 0);
			_exit(0);
		}
	}
	for (int i = 0; i < WORKERS; i++) {
		int st = wait_for(w[i]);
		CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "worker %d: status %#x", i, st);
	}
	int st = wait_for(waiter);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "the waiter for zero: status %#x (counter %ld)", st,
	      *counter);
	CHECK(*counter == WORKERS * ROUNDS, "counter %ld, expected %d", *counter, WORKERS * ROUNDS);
	CHECK(semctl(s, 0, GETVAL) == 1 && semctl(s, 1, GETVAL) == 0, "at the end: lock %d, count %d",
	      semctl(s, 0, GETVAL), semctl(s, 1, GETVAL));
	CHECK(semctl(s, 0, IPC_RMID) == 0 && shmdt((void *)counter) == 0 && shmctl(h, IPC_RMID, NULL) == 0,
	      "cleanup: %s", strerror(errno));
	return 0;
}
