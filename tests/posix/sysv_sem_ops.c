/* System V semaphores: semctl's GETVAL/SETVAL/GETALL/SETALL/GETPID/GETNCNT/
 * GETZCNT and IPC_STAT, semop's operations all done or none (IPC_NOWAIT on
 * the one that would wait: EAGAIN, nothing changed), waiting for an
 * increase and for zero (counted by GETNCNT/GETZCNT at the operation that
 * waits), ERANGE past SEMVMX (32767), EFBIG for a semaphore past the set,
 * E2BIG past SEMOPM (500 operations), semtimedop's timeout (EAGAIN), EINTR
 * after a handler and after a stop and continue (semop is never restarted),
 * EIDRM for waiters when the set is removed. */
#include "ptest.h"
#include <sys/ipc.h>
#include <sys/sem.h>
#include <time.h>

union semun {
	int val;
	struct semid_ds *buf;
	unsigned short *array;
};

static int s;

static int val(int n)
{
	return semctl(s, n, GETVAL);
}

static void op(int n, int delta, int flg)
{
	struct sembuf b = { (unsigned short)n, (short)delta, (short)flg };
	CHECK(semop(s, &b, 1) == 0, "semop(%d, %d): %s", n, delta, strerror(errno));
}

static void on_usr1(int sig) { (void)sig; }

/* Waits (in wall time) until semaphore n has want waiters of the kind asked. */
static void until_waiting(int n, int cmd, int want)
{
	for (int i = 0; i < 400 && semctl(s, n, cmd) != want; i++)
		usleep(10000);
	CHECK(semctl(s, n, cmd) == want, "%s(%d) = %d, expected %d", cmd == GETNCNT ? "GETNCNT" : "GETZCNT",
	      n, semctl(s, n, cmd), want);
}

int main(void)
{
	watchdog(30);
	time_t before = time(NULL);
	s = semget(IPC_PRIVATE, 3, 0600);
	CHECK(s >= 0, "semget: %s", strerror(errno));
	struct semid_ds ds;
	CHECK(semctl(s, 0, IPC_STAT, (union semun){ .buf = &ds }) == 0, "IPC_STAT: %s", strerror(errno));
	CHECK(ds.sem_nsems == 3 && ds.sem_otime == 0 && ds.sem_ctime >= before, "nsems %lu otime %ld",
	      (unsigned long)ds.sem_nsems, (long)ds.sem_otime);
	CHECK(val(0) == 0 && val(2) == 0, "new semaphores are 0");

	CHECK(semctl(s, 1, SETVAL, (union semun){ .val = 5 }) == 0, "SETVAL: %s", strerror(errno));
	CHECK(val(1) == 5 && semctl(s, 1, GETPID) == getpid(), "GETVAL/GETPID after SETVAL");
	CHECK(semctl(s, 1, SETVAL, (union semun){ .val = 32768 }) < 0 && errno == ERANGE,
	      "SETVAL 32768: %s", strerror(errno));
	CHECK(semctl(s, 1, SETVAL, (union semun){ .val = -1 }) < 0 && errno == ERANGE,
	      "SETVAL -1: %s", strerror(errno));
	CHECK(semctl(s, 3, SETVAL, (union semun){ .val = 1 }) < 0 && errno == EINVAL,
	      "SETVAL semnum 3: %s", strerror(errno));
	unsigned short all[3] = { 1, 2, 3 }, got[3];
	CHECK(semctl(s, 0, SETALL, (union semun){ .array = all }) == 0, "SETALL: %s", strerror(errno));
	CHECK(semctl(s, 0, GETALL, (union semun){ .array = got }) == 0 && got[0] == 1 && got[1] == 2 &&
	      got[2] == 3, "GETALL: %d %d %d", got[0], got[1], got[2]);
	unsigned short big[3] = { 1, 32768, 3 };
	CHECK(semctl(s, 0, SETALL, (union semun){ .array = big }) < 0 && errno == ERANGE,
	      "SETALL 32768: %s", strerror(errno));
	CHECK(val(1) == 2, "a failed SETALL changed semaphore 1 to %d", val(1));

	/* All or nothing: the second operation would wait, IPC_NOWAIT says no. */
	struct sembuf two[2] = { { 0, -1, 0 }, { 1, -3, IPC_NOWAIT } };
	CHECK(semop(s, two, 2) < 0 && errno == EAGAIN, "semop that cannot finish: %s", strerror(errno));
	CHECK(val(0) == 1 && val(1) == 2, "a failed semop changed values: %d %d", val(0), val(1));
	two[1].sem_op = -2;
	CHECK(semop(s, two, 2) == 0 && val(0) == 0 && val(1) == 0, "semop -1 -2: %s", strerror(errno));
	CHECK(semctl(s, 0, IPC_STAT, (union semun){ .buf = &ds }) == 0 && ds.sem_otime >= before,
	      "sem_otime %ld after semop", (long)ds.sem_otime);

	/* ERANGE past 32767, EFBIG, E2BIG. */
	CHECK(semctl(s, 2, SETVAL, (union semun){ .val = 32767 }) == 0, "SETVAL 32767");
	struct sembuf up = { 2, 1, 0 };
	CHECK(semop(s, &up, 1) < 0 && errno == ERANGE, "32767 + 1: %s", strerror(errno));
	struct sembuf far = { 3, 1, 0 };
	CHECK(semop(s, &far, 1) < 0 && errno == EFBIG, "semaphore 3 of 3: %s", strerror(errno));
	static struct sembuf many[501];
	CHECK(semop(s, many, 501) < 0 && errno == E2BIG, "501 operations: %s", strerror(errno));
	CHECK(semop(s, many, 0) < 0 && errno == EINVAL, "0 operations: %s", strerror(errno));
	CHECK(semctl(s, 2, SETVAL, (union semun){ .val = 0 }) == 0, "SETVAL 0");

	/* Waiting for an increase and for zero, counted where each waits. */
	op(2, 1, 0);
	pid_t dec = fork_or_fail();
	if (dec == 0) { /* waits at semaphore 0, whatever semaphore 2 is */
		struct sembuf b[2] = { { 2, 0, IPC_NOWAIT | 0 }, { 0, -2, 0 } };
		b[0].sem_op = -1;
		if (semop(s, b, 2) != 0)
			fail("child semop -1 -2: %s", strerror(errno));
		_exit(0);
	}
	pid_t zero = fork_or_fail();
	if (zero == 0) {
		struct sembuf b = { 2, 0, 0 };
		if (semop(s, &b, 1) != 0)
			fail("child wait for zero: %s", strerror(errno));
		_exit(0);
	}
	until_waiting(0, GETNCNT, 1);
	until_waiting(2, GETZCNT, 1);
	CHECK(semctl(s, 2, GETNCNT) == 0 && semctl(s, 0, GETZCNT) == 0, "counts elsewhere");
	op(0, 1, 0); /* not enough yet */
	usleep(100000);
	int st;
	CHECK(waitpid(dec, &st, WNOHANG) == 0, "the decrement did not wait for 2");
	op(0, 1, 0); /* now both of the child's operations happen: semaphore 2 becomes 0 */
	st = wait_for(dec);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "decrementing child: %#x", st);
	st = wait_for(zero);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "waiting-for-zero child: %#x", st);
	CHECK(val(0) == 0 && val(2) == 0 && semctl(s, 0, GETPID) == dec, "after: %d %d pid %d", val(0),
	      val(2), semctl(s, 0, GETPID));

	/* semtimedop's timeout. */
	struct sembuf w = { 0, -1, 0 };
	struct timespec ts = { 0, 200000000 };
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	CHECK(semtimedop(s, &w, 1, &ts) < 0 && errno == EAGAIN, "semtimedop timeout: %s", strerror(errno));
	clock_gettime(CLOCK_MONOTONIC, &t1);
	long ms = (t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000;
	CHECK(ms >= 190, "semtimedop returned after %ld ms, before its timeout", ms);
	ts.tv_nsec = 1000000000;
	CHECK(semtimedop(s, &w, 1, &ts) < 0 && errno == EINVAL, "tv_nsec 1e9: %s", strerror(errno));

	/* A handler ends a wait with EINTR, SA_RESTART or not. */
	pid_t c = fork_or_fail();
	if (c == 0) {
		struct sigaction sa;
		memset(&sa, 0, sizeof sa);
		sa.sa_handler = on_usr1;
		sa.sa_flags = SA_RESTART;
		sigaction(SIGUSR1, &sa, NULL);
		if (semop(s, &w, 1) == 0 || errno != EINTR)
			fail("semop interrupted: %s", strerror(errno));
		_exit(0);
	}
	until_waiting(0, GETNCNT, 1);
	kill(c, SIGUSR1);
	st = wait_for(c);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "interrupted child: %#x", st);
	CHECK(semctl(s, 0, GETNCNT) == 0, "GETNCNT after the interruption: %d", semctl(s, 0, GETNCNT));

	/* A stop and continue ends the wait too: EINTR. */
	c = fork_or_fail();
	if (c == 0) {
		if (semop(s, &w, 1) == 0 || errno != EINTR)
			fail("semop across a stop: %s", strerror(errno));
		_exit(0);
	}
	until_waiting(0, GETNCNT, 1);
	kill(c, SIGSTOP);
	usleep(100000);
	kill(c, SIGCONT);
	st = wait_for(c);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "child stopped and continued: %#x", st);

	/* Removal: EIDRM for the waiter. */
	c = fork_or_fail();
	if (c == 0) {
		if (semop(s, &w, 1) == 0 || errno != EIDRM)
			fail("semop at removal: %s", strerror(errno));
		_exit(0);
	}
	until_waiting(0, GETNCNT, 1);
	CHECK(semctl(s, 0, IPC_RMID) == 0, "IPC_RMID: %s", strerror(errno));
	st = wait_for(c);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "child at removal: %#x", st);
	CHECK(semctl(s, 0, GETVAL) < 0 && errno == EINVAL, "GETVAL after IPC_RMID: %s", strerror(errno));
	return 0;
}
