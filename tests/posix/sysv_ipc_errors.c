/* System V IPC's answers to bad input, as Linux's: ENOENT for a key that
 * names nothing, EEXIST with IPC_CREAT|IPC_EXCL, EINVAL for bad ids
 * (negative, free, removed: a reused slot gets a new id), commands, sizes
 * and types, EFAULT for bad pointers (never a crash), and the size checks
 * of an existing key (a larger shmget size or semget count: EINVAL). */
#include "ptest.h"
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>

#define BAD ((void *)16)

#define EXPECT_ERR(call, err) do { errno = 0; long r_ = (long)(call); \
	if (r_ != -1 || errno != (err)) \
		fail("%s: %ld %s, expected %s", #call, r_, strerror(errno), strerror(err)); } while (0)

struct m {
	long type;
	char text[16];
};

int main(void)
{
	watchdog(30);
	key_t key = 0x3e770000 + getpid();

	/* Keys. */
	EXPECT_ERR(msgget(key, 0600), ENOENT);
	EXPECT_ERR(semget(key, 1, 0600), ENOENT);
	EXPECT_ERR(shmget(key, 4096, 0600), ENOENT);
	int q = msgget(key, IPC_CREAT | 0600);
	CHECK(q >= 0, "msgget: %s", strerror(errno));
	CHECK(msgget(key, IPC_CREAT | 0600) == q && msgget(key, 0) == q, "msgget of an existing key");
	EXPECT_ERR(msgget(key, IPC_CREAT | IPC_EXCL | 0600), EEXIST);
	int s = semget(key, 4, IPC_CREAT | 0600);
	CHECK(s >= 0, "semget: %s", strerror(errno));
	CHECK(semget(key, 0, 0) == s && semget(key, 4, 0) == s, "semget of an existing key, fewer semaphores");
	EXPECT_ERR(semget(key, 5, 0), EINVAL);
	EXPECT_ERR(semget(key, 1, IPC_CREAT | IPC_EXCL), EEXIST);
	EXPECT_ERR(semget(IPC_PRIVATE, 0, 0600), EINVAL);
	EXPECT_ERR(semget(IPC_PRIVATE, -1, 0600), EINVAL);
	EXPECT_ERR(semget(IPC_PRIVATE, 32001, 0600), EINVAL);
	int shm = shmget(key, 5000, IPC_CREAT | 0600);
	CHECK(shm >= 0, "shmget: %s", strerror(errno));
	CHECK(shmget(key, 100, 0) == shm && shmget(key, 0, 0) == shm, "shmget of an existing key, smaller");
	EXPECT_ERR(shmget(key, 5001, 0), EINVAL);
	EXPECT_ERR(shmget(IPC_PRIVATE, 0, 0600), EINVAL);

	/* Ids: negative, never used, removed; a new object in a reused slot
	   has another id. */
	struct msqid_ds mds;
	struct semid_ds sds;
	struct shmid_ds hds;
	EXPECT_ERR(msgctl(-1, IPC_STAT, &mds), EINVAL);
	EXPECT_ERR(msgctl(q + 32768 * 7, IPC_STAT, &mds), EINVAL);
	EXPECT_ERR(semctl(-1, 0, GETVAL), EINVAL);
	EXPECT_ERR(shmctl(-1, IPC_STAT, &hds), EINVAL);
	EXPECT_ERR((long)shmat(-1, NULL, 0), EINVAL);
	int q2 = msgget(IPC_PRIVATE, 0600);
	CHECK(q2 >= 0 && q2 != q, "msgget: %d", q2);
	CHECK(msgctl(q2, IPC_RMID, NULL) == 0, "IPC_RMID");
	EXPECT_ERR(msgctl(q2, IPC_STAT, &mds), EINVAL);
	EXPECT_ERR(msgctl(q2, IPC_RMID, NULL), EINVAL);
	int q3 = msgget(IPC_PRIVATE, 0600);
	CHECK(q3 >= 0 && q3 != q2, "a new queue has the removed one's id %d", q2);
	CHECK(msgctl(q3, IPC_RMID, NULL) == 0, "IPC_RMID");

	/* Commands. */
	EXPECT_ERR(msgctl(q, 99, &mds), EINVAL);
	EXPECT_ERR(msgctl(q, -1, &mds), EINVAL);
	EXPECT_ERR(semctl(s, 0, 99), EINVAL);
	EXPECT_ERR(shmctl(shm, 99, &hds), EINVAL);
	EXPECT_ERR(msgctl(q, IPC_STAT | 0x100, &mds), EINVAL); /* IPC_64 is not taken on x86_64 */

	/* Messages: size, type, flags. */
	struct m m = { 1, "hi" };
	EXPECT_ERR(msgsnd(q, &m, 8193, 0), EINVAL);
	EXPECT_ERR(msgsnd(q, &m, (size_t)-1, 0), EINVAL);
	m.type = 0;
	EXPECT_ERR(msgsnd(q, &m, 3, 0), EINVAL);
	m.type = -5;
	EXPECT_ERR(msgsnd(q, &m, 3, 0), EINVAL);
	EXPECT_ERR(msgsnd(-1, &m, 3, 0), EINVAL);
	m.type = 1;
	EXPECT_ERR(msgsnd(q + 32768, &m, 3, 0), EINVAL);
	EXPECT_ERR(msgrcv(q, &m, (size_t)-1, 0, IPC_NOWAIT), EINVAL);
	EXPECT_ERR(msgrcv(-1, &m, 8, 0, IPC_NOWAIT), EINVAL);

	/* Bad pointers: EFAULT. */
	EXPECT_ERR(msgsnd(q, BAD, 3, 0), EFAULT);
	EXPECT_ERR(msgctl(q, IPC_STAT, BAD), EFAULT);
	EXPECT_ERR(msgctl(q, IPC_SET, BAD), EFAULT);
	EXPECT_ERR(msgctl(0, IPC_INFO, BAD), EFAULT);
	EXPECT_ERR(semop(s, BAD, 1), EFAULT);
	EXPECT_ERR(semtimedop(s, &(struct sembuf){ 0, -1, 0 }, 1, BAD), EFAULT);
	EXPECT_ERR(semctl(s, 0, GETALL, BAD), EFAULT);
	EXPECT_ERR(semctl(s, 0, SETALL, BAD), EFAULT);
	EXPECT_ERR(semctl(s, 0, IPC_STAT, BAD), EFAULT);
	EXPECT_ERR(semctl(s, 0, IPC_SET, BAD), EFAULT);
	EXPECT_ERR(shmctl(shm, IPC_STAT, BAD), EFAULT);
	EXPECT_ERR(shmctl(shm, IPC_SET, BAD), EFAULT);
	EXPECT_ERR(shmctl(0, IPC_INFO, BAD), EFAULT);
	/* A message taken into a bad buffer is lost, as on Linux. */
	m.type = 1;
	CHECK(msgsnd(q, &m, 3, 0) == 0, "msgsnd: %s", strerror(errno));
	EXPECT_ERR(msgrcv(q, BAD, 8, 0, IPC_NOWAIT), EFAULT);
	CHECK(msgctl(q, IPC_STAT, &mds) == 0 && mds.msg_qnum == 0, "qnum %lu after EFAULT",
	      (unsigned long)mds.msg_qnum);

	/* semctl's semaphore number. */
	EXPECT_ERR(semctl(s, 4, GETVAL), EINVAL);
	EXPECT_ERR(semctl(s, -1, GETVAL), EINVAL);
	EXPECT_ERR(semctl(s, 4, GETNCNT), EINVAL);

	/* shmat flags and addresses; shmdt of nothing. */
	EXPECT_ERR((long)shmat(shm, NULL, SHM_REMAP), EINVAL);
	EXPECT_ERR((long)shmat(shm, (void *)4097, 0), EINVAL);
	EXPECT_ERR(shmdt((void *)0x10000), EINVAL);

	/* *_STAT of an index with nothing. */
	EXPECT_ERR(msgctl(32767, MSG_STAT, &mds), EINVAL);
	EXPECT_ERR(semctl(32767, 0, SEM_STAT, &sds), EINVAL);
	EXPECT_ERR(shmctl(32767, SHM_STAT, &hds), EINVAL);

	CHECK(msgctl(q, IPC_RMID, NULL) == 0 && semctl(s, 0, IPC_RMID) == 0 &&
	      shmctl(shm, IPC_RMID, NULL) == 0, "IPC_RMID: %s", strerror(errno));
	return 0;
}
