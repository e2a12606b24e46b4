/* POSIX shared memory and named semaphores between a parent and a forked
 * child: shm_open(O_CREAT|O_EXCL) makes an object that appears in /dev/shm,
 * ftruncate sizes it and a MAP_SHARED mapping of it is shared across fork;
 * a second O_EXCL create is EEXIST; after shm_unlink it is gone from
 * /dev/shm, an open without O_CREAT is ENOENT, and the mapping still works.
 * sem_open(O_CREAT|O_EXCL) with value 0: sem_trywait is EAGAIN, the child
 * writes into the shared memory then sem_post, the parent's sem_wait
 * returns and sees the data; sem_getvalue follows posts and waits; after
 * sem_close and sem_unlink, sem_open of the name without O_CREAT is ENOENT. */
#include "ptest.h"
#include <semaphore.h>
#include <sys/mman.h>
#include <sys/stat.h>

/* sem_open(...) must fail (SEM_FAILED) with errno err. */
#define CHECK_SEM_ERR(expr, err) do { \
	errno = 0; \
	sem_t *s_ = (expr); \
	if (s_ != SEM_FAILED || errno != (err)) \
		fail("line %d: %s: %s, expected %s", __LINE__, #expr, \
		     s_ == SEM_FAILED ? strerror(errno) : "opened", #err); \
} while (0)

#define OK(expr) do { \
	if ((long)(expr) == -1) \
		fail("line %d: %s: %s", __LINE__, #expr, strerror(errno)); \
} while (0)

static const char message[] = "written by the child";

static int sem_value(sem_t *s)
{
	int v = -1;
	OK(sem_getvalue(s, &v));
	return v;
}

int main(void)
{
	watchdog(20);
	const long pg = sysconf(_SC_PAGESIZE);
	char shm_name[64], sem_name[64], shm_path[80];
	snprintf(shm_name, sizeof shm_name, "/cx_test_shm_%d", (int)getpid());
	snprintf(sem_name, sizeof sem_name, "/cx_test_sem_%d", (int)getpid());
	snprintf(shm_path, sizeof shm_path, "/dev/shm%s", shm_name);

	int fd = shm_open(shm_name, O_CREAT | O_EXCL | O_RDWR, 0600);
	CHECK(fd >= 0, "shm_open %s: %s", shm_name, strerror(errno));
	struct stat st;
	CHECK(stat(shm_path, &st) == 0, "%s is not in /dev/shm: %s", shm_path, strerror(errno));
	CHECK(S_ISREG(st.st_mode) && (st.st_mode & 0777) == 0600 && st.st_size == 0,
	      "%s: mode %o size %lld, expected a regular file 0600 of 0 bytes", shm_path,
	      (unsigned)st.st_mode, (long long)st.st_size);
	OK(ftruncate(fd, 2 * pg));
	OK(fstat(fd, &st));
	CHECK(st.st_size == 2 * pg, "size %lld after ftruncate, expected %ld", (long long)st.st_size, 2 * pg);
	char *shm = mmap(NULL, 2 * pg, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	CHECK(shm != MAP_FAILED, "mmap: %s", strerror(errno));
	CHECK(shm[0] == 0 && shm[2 * pg - 1] == 0, "new shared memory is not zero");
	CHECK_ERR(shm_open(shm_name, O_CREAT | O_EXCL | O_RDWR, 0600), EEXIST);

	sem_t *sem = sem_open(sem_name, O_CREAT | O_EXCL, 0600, 0);
	CHECK(sem != SEM_FAILED, "sem_open %s: %s", sem_name, strerror(errno));
	CHECK_SEM_ERR(sem_open(sem_name, O_CREAT | O_EXCL, 0600, 0), EEXIST);
	CHECK(sem_value(sem) == 0, "new semaphore value %d, expected 0", sem_value(sem));
	CHECK_ERR(sem_trywait(sem), EAGAIN);

	pid_t pid = fork_or_fail();
	if (pid == 0) {
		memcpy(shm + pg + 16, message, sizeof message);
		if (sem_post(sem))
			fail("child: sem_post: %s", strerror(errno));
		_exit(0);
	}
	int r;
	while ((r = sem_wait(sem)) < 0 && errno == EINTR)
		;
	CHECK(r == 0, "sem_wait: %s", strerror(errno));
	CHECK(!memcmp(shm + pg + 16, message, sizeof message), "the parent does not see the child's write");
	CHECK(wait_for(pid) == 0, "child failed");
	CHECK(sem_value(sem) == 0, "value %d after a post and a wait, expected 0", sem_value(sem));
	CHECK_ERR(sem_trywait(sem), EAGAIN);
	OK(sem_post(sem));
	OK(sem_post(sem));
	CHECK(sem_value(sem) == 2, "value %d after two posts, expected 2", sem_value(sem));
	OK(sem_trywait(sem));
	CHECK(sem_value(sem) == 1, "value %d after a trywait, expected 1", sem_value(sem));

	/* A second open of the object sees the same memory. */
	int fd2 = shm_open(shm_name, O_RDONLY, 0);
	CHECK(fd2 >= 0, "shm_open without O_CREAT: %s", strerror(errno));
	char got[sizeof message];
	CHECK(pread(fd2, got, sizeof got, pg + 16) == (ssize_t)sizeof got && !memcmp(got, message, sizeof got),
	      "pread of a second shm_open does not see the child's write");
	close(fd2);

	/* Unlinked: gone by name, still mapped. */
	OK(shm_unlink(shm_name));
	CHECK(stat(shm_path, &st) < 0 && errno == ENOENT, "%s is still in /dev/shm after shm_unlink", shm_path);
	CHECK_ERR(shm_open(shm_name, O_RDWR, 0), ENOENT);
	CHECK_ERR(shm_unlink(shm_name), ENOENT);
	shm[0] = 'z';
	CHECK(pread(fd, got, 1, 0) == 1 && got[0] == 'z', "the unlinked object's mapping is not its memory");
	OK(munmap(shm, 2 * pg));
	close(fd);

	OK(sem_close(sem));
	OK(sem_unlink(sem_name));
	CHECK_SEM_ERR(sem_open(sem_name, 0), ENOENT);
	CHECK_ERR(sem_unlink(sem_name), ENOENT);
	return 0;
}
