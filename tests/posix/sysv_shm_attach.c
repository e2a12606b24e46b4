/* System V shared memory: a segment attached in two processes is the same
 * memory (inherited by fork, or attached anew by id in a child), shm_nattch
 * counts attachments as Linux counts mappings (fork adds; shmdt, munmap, a
 * MAP_FIXED mapping over it, exec and exit take away; munmap in the middle
 * of one makes two),
 * SHM_RDONLY maps read-only (a write is SIGSEGV), shmat at a chosen address
 * (SHM_RND rounds down to SHMLBA, an unaligned one is EINVAL, one over a
 * mapping EINVAL), shm_segsz/cpid/lpid/atime/dtime, and IPC_RMID deferred
 * while attached: SHM_DEST in the mode, key IPC_PRIVATE, gone at the last
 * detach. */
#include "ptest.h"
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/shm.h>
#include <time.h>

#ifndef SHM_DEST
#define SHM_DEST 01000
#endif

static int id;

static struct shmid_ds stat_of(void)
{
	struct shmid_ds ds;
	CHECK(shmctl(id, IPC_STAT, &ds) == 0, "IPC_STAT: %s", strerror(errno));
	return ds;
}

static void child_ok(pid_t c, const char *what)
{
	int st = wait_for(c);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "%s: status %#x", what, st);
}

int main(int argc, char **argv)
{
	if (argc == 3 && strcmp(argv[1], "exec") == 0) { /* after exec: nothing attached here */
		id = atoi(argv[2]);
		return stat_of().shm_nattch == 1 ? 0 : 3;
	}
	watchdog(30);
	time_t before = time(NULL);
	key_t key = 0x5157a77 + getpid();
	id = shmget(key, 10000, IPC_CREAT | IPC_EXCL | 0600);
	CHECK(id >= 0, "shmget: %s", strerror(errno));
	struct shmid_ds ds = stat_of();
	CHECK(ds.shm_segsz == 10000 && ds.shm_nattch == 0 && ds.shm_cpid == getpid() &&
	      ds.shm_lpid == 0 && ds.shm_atime == 0 && ds.shm_dtime == 0 && ds.shm_ctime >= before,
	      "new segment: size %zu nattch %lu cpid %d lpid %d", ds.shm_segsz,
	      (unsigned long)ds.shm_nattch, ds.shm_cpid, ds.shm_lpid);

	char *a = shmat(id, NULL, 0);
	CHECK(a != (void *)-1, "shmat: %s", strerror(errno));
	CHECK(((unsigned long)a & 4095) == 0, "shmat address %p not page aligned", (void *)a);
	CHECK(a[0] == 0 && a[9999] == 0 && a[12287] == 0, "a new segment is zeroed (to the page end)");
	strcpy(a, "parent");
	ds = stat_of();
	CHECK(ds.shm_nattch == 1 && ds.shm_lpid == getpid() && ds.shm_atime >= before,
	      "after shmat: nattch %lu lpid %d", (unsigned long)ds.shm_nattch, ds.shm_lpid);

	/* fork: the child shares the attachment. */
	pid_t c = fork_or_fail();
	if (c == 0) {
		if (strcmp(a, "parent") != 0)
			fail("child sees \"%s\"", a);
		if (stat_of().shm_nattch != 2)
			fail("nattch in the forked child: %lu", (unsigned long)stat_of().shm_nattch);
		strcpy(a + 100, "child");
		_exit(0);
	}
	child_ok(c, "forked child");
	CHECK(strcmp(a + 100, "child") == 0, "the child's write is not seen: \"%s\"", a + 100);
	ds = stat_of();
	CHECK(ds.shm_nattch == 1 && ds.shm_lpid == c && ds.shm_dtime >= before,
	      "after the child's exit: nattch %lu lpid %d", (unsigned long)ds.shm_nattch, ds.shm_lpid);

	/* A child that detaches, then attaches again by key, read-only. */
	c = fork_or_fail();
	if (c == 0) {
		if (shmdt(a) != 0)
			fail("shmdt in the child: %s", strerror(errno));
		if (shmdt(a) == 0 || errno != EINVAL)
			fail("second shmdt: %s", strerror(errno));
		int again = shmget(key, 0, 0);
		if (again != id)
			fail("shmget by key: %d, expected %d", again, id);
		const char *r = shmat(id, NULL, SHM_RDONLY);
		if (r == (void *)-1 || strcmp(r, "parent") != 0)
			fail("read-only attach: %s", r == (void *)-1 ? strerror(errno) : r);
		pid_t g = fork();
		if (g == 0) {
			*(volatile char *)r = 'x'; /* read-only: SIGSEGV */
			_exit(0);
		}
		int gs;
		waitpid(g, &gs, 0);
		if (!WIFSIGNALED(gs) || WTERMSIG(gs) != SIGSEGV)
			fail("write to a SHM_RDONLY attachment: status %#x", gs);
		_exit(0);
	}
	child_ok(c, "re-attaching child");

	/* At a chosen address; SHM_RND; unaligned without SHM_RND; over a mapping. */
	char *want = (char *)0x600000000000ul;
	char *b = shmat(id, want, 0);
	CHECK(b == want, "shmat at %p: %p (%s)", (void *)want, (void *)b, strerror(errno));
	CHECK(strcmp(b, "parent") == 0, "the second attachment shows \"%s\"", b);
	b[200] = 'z';
	CHECK(a[200] == 'z', "two attachments in one process are not the same memory");
	CHECK(shmat(id, want + 100, 0) == (void *)-1 && errno == EINVAL, "unaligned: %s", strerror(errno));
	CHECK(shmat(id, want + 100, SHM_RND) == (void *)-1 && errno == EINVAL,
	      "SHM_RND onto an attachment: %s", strerror(errno));
	char *c2 = shmat(id, want + 0x100000 + 100, SHM_RND);
	CHECK(c2 == want + 0x100000, "SHM_RND: %p (%s)", (void *)c2, strerror(errno));
	CHECK(stat_of().shm_nattch == 3, "three attachments: nattch %lu", (unsigned long)stat_of().shm_nattch);
	CHECK(shmdt(c2) == 0 && shmdt(b) == 0, "shmdt: %s", strerror(errno));
	CHECK(shmdt(b) == -1 && errno == EINVAL, "shmdt twice: %s", strerror(errno));
	CHECK(shmdt(a + 1) == -1 && errno == EINVAL, "shmdt unaligned: %s", strerror(errno));

	/* munmap, or a MAP_FIXED mapping over it, detaches a whole attachment. */
	b = shmat(id, NULL, 0);
	CHECK(b != (void *)-1 && stat_of().shm_nattch == 2, "another attachment: %s", strerror(errno));
	CHECK(munmap(b, 12288) == 0 && stat_of().shm_nattch == 1, "munmap: nattch %lu",
	      (unsigned long)stat_of().shm_nattch);
	b = shmat(id, NULL, 0);
	CHECK(b != (void *)-1 && stat_of().shm_nattch == 2, "another attachment: %s", strerror(errno));
	CHECK(mmap(b, 12288, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) == b &&
	      stat_of().shm_nattch == 1, "MAP_FIXED over it: nattch %lu", (unsigned long)stat_of().shm_nattch);
	CHECK(shmdt(b) == -1 && errno == EINVAL, "shmdt of what MAP_FIXED replaced: %s", strerror(errno));
	munmap(b, 12288);

	/* Linux counts mappings: munmap in the middle makes two, a trim keeps one;
	   shmdt takes every piece of the attachment begun at its address, even
	   when the first page went. */
	b = shmat(id, NULL, 0);
	CHECK(b != (void *)-1, "shmat: %s", strerror(errno));
	CHECK(munmap(b + 4096, 4096) == 0 && stat_of().shm_nattch == 3, "cut in two: nattch %lu",
	      (unsigned long)stat_of().shm_nattch);
	CHECK(b[0] == 'p' && b[8192 + 100] == 0, "the pieces still show the segment");
	CHECK(shmdt(b) == 0 && stat_of().shm_nattch == 1, "shmdt of both pieces: nattch %lu",
	      (unsigned long)stat_of().shm_nattch);
	b = shmat(id, NULL, 0);
	CHECK(b != (void *)-1 && munmap(b + 8192, 4096) == 0 && stat_of().shm_nattch == 2,
	      "trimmed: nattch %lu", (unsigned long)stat_of().shm_nattch);
	CHECK(munmap(b, 4096) == 0 && stat_of().shm_nattch == 2, "trimmed at the start: nattch %lu",
	      (unsigned long)stat_of().shm_nattch);
	CHECK(shmdt(b + 4096) == -1 && errno == EINVAL, "shmdt where no attachment starts: %s",
	      strerror(errno));
	CHECK(shmdt(b) == 0 && stat_of().shm_nattch == 1, "shmdt of an attachment without its first page: "
	      "%s, nattch %lu", strerror(errno), (unsigned long)stat_of().shm_nattch);
	CHECK(shmdt(b) == -1 && errno == EINVAL, "shmdt again: %s", strerror(errno));

	/* exec drops the attachments (the new image sees nattch 1: the parent's). */
	c = fork_or_fail();
	if (c == 0) {
		char arg[16];
		snprintf(arg, sizeof arg, "%d", id);
		execl("/proc/self/exe", argv[0], "exec", arg, (char *)NULL);
		_exit(2);
	}
	child_ok(c, "exec'd child");

	/* IPC_RMID while attached: deferred. */
	CHECK(shmctl(id, IPC_RMID, NULL) == 0, "IPC_RMID: %s", strerror(errno));
	ds = stat_of();
	CHECK((ds.shm_perm.mode & SHM_DEST) && ds.shm_perm.__key == IPC_PRIVATE && ds.shm_nattch == 1,
	      "removed while attached: mode %o key %d nattch %lu", ds.shm_perm.mode, ds.shm_perm.__key,
	      (unsigned long)ds.shm_nattch);
	CHECK(shmget(key, 0, 0) < 0 && errno == ENOENT, "shmget of a removed key: %s", strerror(errno));
	CHECK(strcmp(a, "parent") == 0, "the memory stays while attached");
	c = fork_or_fail(); /* a fork still shares it */
	if (c == 0)
		_exit(stat_of().shm_nattch == 2 ? 0 : 1);
	child_ok(c, "fork after IPC_RMID");
	CHECK(shmdt(a) == 0, "last shmdt: %s", strerror(errno));
	struct shmid_ds gone;
	CHECK(shmctl(id, IPC_STAT, &gone) < 0 && errno == EINVAL, "IPC_STAT after the last detach: %s",
	      strerror(errno));

	/* Removed with nobody attached: at once. */
	id = shmget(IPC_PRIVATE, 4096, 0600);
	CHECK(id >= 0, "shmget: %s", strerror(errno));
	CHECK(shmctl(id, IPC_RMID, NULL) == 0, "IPC_RMID: %s", strerror(errno));
	CHECK(shmat(id, NULL, 0) == (void *)-1 && errno == EINVAL, "shmat of a removed id: %s",
	      strerror(errno));
	return 0;
}
