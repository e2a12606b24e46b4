/* SEM_UNDO: what a process did with SEM_UNDO is undone when it exits
 * (exit or a fatal signal), clamped at 0 when others took the value lower,
 * and the exit wakes processes waiting on the result; fork does not pass
 * the adjustments to the child, exec keeps them; SETVAL forgets them. */
#include "ptest.h"
#include <sys/ipc.h>
#include <sys/sem.h>

union semun {
	int val;
	struct semid_ds *buf;
	unsigned short *array;
};

static int s;

static int val(int n) { return semctl(s, n, GETVAL); }

static int op(int n, int delta, int flg)
{
	struct sembuf b = { (unsigned short)n, (short)delta, (short)flg };
	return semop(s, &b, 1);
}

static void child_ok(pid_t c, const char *what)
{
	int st = wait_for(c);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "%s: status %#x", what, st);
}

int main(int argc, char **argv)
{
	if (argc == 3 && strcmp(argv[1], "exec") == 0) { /* after exec: the adjustment is still there */
		s = atoi(argv[2]);
		return 0;
	}
	watchdog(30);
	s = semget(IPC_PRIVATE, 2, 0600);
	CHECK(s >= 0, "semget: %s", strerror(errno));

	/* +3 with SEM_UNDO, exit: back to 0 (the pid of the undo is the child's). */
	pid_t c = fork_or_fail();
	if (c == 0) {
		if (op(0, 3, SEM_UNDO) != 0 || val(0) != 3)
			fail("child +3: %s", strerror(errno));
		_exit(0);
	}
	child_ok(c, "+3 child");
	CHECK(val(0) == 0 && semctl(s, 0, GETPID) == c, "after +3 and exit: %d (pid %d)", val(0),
	      semctl(s, 0, GETPID));

	/* A lock taken with SEM_UNDO by a process killed by a signal comes back. */
	CHECK(semctl(s, 1, SETVAL, (union semun){ .val = 1 }) == 0, "SETVAL");
	c = fork_or_fail();
	if (c == 0) {
		if (op(1, -1, SEM_UNDO) != 0)
			fail("child take: %s", strerror(errno));
		pause();
		_exit(1);
	}
	while (val(1) != 0)
		usleep(10000);
	pid_t w = fork_or_fail();
	if (w == 0) { /* waits for the lock the killed one holds */
		if (op(1, -1, 0) != 0)
			fail("waiter: %s", strerror(errno));
		_exit(0);
	}
	while (semctl(s, 1, GETNCNT) != 1)
		usleep(10000);
	kill(c, SIGKILL);
	int st = wait_for(c);
	CHECK(WIFSIGNALED(st), "killed child: %#x", st);
	child_ok(w, "waiter for the killed child's lock");
	CHECK(val(1) == 0, "the waiter took the lock back: %d", val(1));

	/* Clamped at 0: +2 with undo, someone else takes 2, exit: -2 would be
	   below 0. */
	c = fork_or_fail();
	if (c == 0) {
		if (op(0, 2, SEM_UNDO) != 0)
			fail("child +2: %s", strerror(errno));
		if (op(0, -1, 0) != 0 || op(0, -1, 0) != 0)
			fail("child -1 -1: %s", strerror(errno));
		_exit(0);
	}
	child_ok(c, "clamp child");
	CHECK(val(0) == 0, "clamped: %d", val(0));

	/* fork does not copy the adjustment: the child's exit undoes nothing,
	   the parent's own does (checked by a grandchild arrangement). */
	c = fork_or_fail();
	if (c == 0) {
		if (op(0, 5, SEM_UNDO) != 0)
			fail("+5: %s", strerror(errno));
		pid_t g = fork();
		if (g == 0)
			_exit(0);
		int gs;
		waitpid(g, &gs, 0);
		if (val(0) != 5)
			fail("a forked child's exit undid its parent's +5: %d", val(0));
		/* exec keeps it: the new image exits, the +5 goes then */
		char id[16];
		snprintf(id, sizeof id, "%d", s);
		execl("/proc/self/exe", argv[0], "exec", id, (char *)NULL);
		fail("exec: %s", strerror(errno));
	}
	child_ok(c, "fork/exec child");
	CHECK(val(0) == 0, "after exec and exit: %d, expected 0", val(0));

	/* SETVAL forgets the adjustment. */
	c = fork_or_fail();
	if (c == 0) {
		if (op(0, 4, SEM_UNDO) != 0)
			fail("+4: %s", strerror(errno));
		if (semctl(s, 0, SETVAL, (union semun){ .val = 7 }) != 0)
			fail("SETVAL: %s", strerror(errno));
		_exit(0);
	}
	child_ok(c, "SETVAL child");
	CHECK(val(0) == 7, "SETVAL's value after exit: %d, expected 7", val(0));

	CHECK(semctl(s, 0, IPC_RMID) == 0, "IPC_RMID: %s", strerror(errno));
	return 0;
}
