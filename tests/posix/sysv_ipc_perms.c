/* System V IPC permissions, checked as Linux's ipcperms: a child running as
 * uid 1000 (gid 1000) against objects root made. The owner's bits apply to
 * the owner or creator, the group bits to their groups, the others' bits
 * otherwise; msgget/semget/shmget with a mode asks for those rights
 * (EACCES), with 0 for none; IPC_STAT and MSG_STAT need read, *_STAT_ANY
 * nothing; IPC_SET and IPC_RMID need the owner, the creator or root
 * (EPERM), raising msg_qbytes past msgmnb needs root (EPERM). */
#include "ptest.h"
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>

#ifndef MSG_STAT_ANY
#define MSG_STAT_ANY 13
#endif

union semun {
	int val;
	struct semid_ds *buf;
	unsigned short *array;
};

struct m {
	long type;
	char text[8];
};

/* Runs fn as uid/gid 1000 in a child; fails when it fails. */
static void as_user(const char *what, void (*fn)(void))
{
	pid_t c = fork_or_fail();
	if (c == 0) {
		if (setgroups(0, NULL) != 0 || setgid(1000) != 0 || setuid(1000) != 0)
			fail("%s: becoming uid 1000: %s", what, strerror(errno));
		fn();
		_exit(0);
	}
	int st = wait_for(c);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "%s: child status %#x", what, st);
}

#define EXPECT_ERR(call, err) do { errno = 0; \
	if ((call) != -1 || errno != (err)) \
		fail("%s: %s, expected %s", #call, strerror(errno), strerror(err)); } while (0)
#define EXPECT_OK(call) do { if ((long)(call) == -1) fail("%s: %s", #call, strerror(errno)); } while (0)

static key_t qkey;
static int q, s, shm;

static void msg_private(void) /* q is 0600, root's */
{
	struct m m = { 1, "x" };
	struct msqid_ds ds;
	EXPECT_OK(msgget(qkey, 0));
	EXPECT_ERR(msgget(qkey, 0400), EACCES);
	EXPECT_ERR(msgsnd(q, &m, 2, IPC_NOWAIT), EACCES);
	EXPECT_ERR(msgrcv(q, &m, 8, 0, IPC_NOWAIT), EACCES);
	EXPECT_ERR(msgctl(q, IPC_STAT, &ds), EACCES);
	EXPECT_ERR(msgctl(q % 32768, MSG_STAT, &ds), EACCES);
	CHECK(msgctl(q % 32768, MSG_STAT_ANY, &ds) == q, "MSG_STAT_ANY: %s", strerror(errno));
	EXPECT_ERR(msgctl(q, IPC_RMID, NULL), EPERM);
	EXPECT_ERR(msgctl(q, IPC_SET, &ds), EPERM);
}

static void msg_readable(void) /* 0604 */
{
	struct m m = { 1, "x" };
	EXPECT_OK(msgget(qkey, 0444));
	EXPECT_ERR(msgget(qkey, 0222), EACCES);
	EXPECT_ERR(msgrcv(q, &m, 8, 0, IPC_NOWAIT), ENOMSG);
	EXPECT_ERR(msgsnd(q, &m, 2, IPC_NOWAIT), EACCES);
}

static void msg_group(void) /* 0060, group 1000 */
{
	struct m m = { 1, "x" };
	EXPECT_OK(msgsnd(q, &m, 2, IPC_NOWAIT));
	EXPECT_OK(msgrcv(q, &m, 8, 0, IPC_NOWAIT));
	EXPECT_ERR(msgctl(q, IPC_RMID, NULL), EPERM);
}

static void msg_owner(void) /* owner uid 1000, mode 0600 */
{
	struct msqid_ds ds;
	EXPECT_OK(msgctl(q, IPC_STAT, &ds));
	if (ds.msg_perm.uid != 1000 || ds.msg_perm.cuid != 0)
		fail("uid %d cuid %d", ds.msg_perm.uid, ds.msg_perm.cuid);
	ds.msg_qbytes = 16385; /* past msgmnb */
	EXPECT_ERR(msgctl(q, IPC_SET, &ds), EPERM);
	ds.msg_qbytes = 100;
	ds.msg_perm.mode = 0640;
	EXPECT_OK(msgctl(q, IPC_SET, &ds));
	EXPECT_OK(msgctl(q, IPC_RMID, NULL));
}

static void sem_readonly(void) /* 0404 */
{
	struct sembuf zero = { 0, 0, IPC_NOWAIT }, up = { 0, 1, IPC_NOWAIT };
	unsigned short v[2];
	CHECK(semctl(s, 0, GETVAL) == 0, "GETVAL: %s", strerror(errno));
	EXPECT_OK(semctl(s, 0, GETALL, (union semun){ .array = v }));
	EXPECT_OK(semop(s, &zero, 1)); /* waiting for zero only reads */
	EXPECT_ERR(semop(s, &up, 1), EACCES);
	EXPECT_ERR(semctl(s, 0, SETVAL, (union semun){ .val = 1 }), EACCES);
	EXPECT_ERR(semctl(s, 0, SETALL, (union semun){ .array = v }), EACCES);
	EXPECT_ERR(semctl(s, 0, IPC_RMID), EPERM);
}

static void shm_readonly(void) /* 0604 */
{
	EXPECT_ERR((long)shmat(shm, NULL, 0), EACCES);
	const char *p = shmat(shm, NULL, SHM_RDONLY);
	if (p == (void *)-1)
		fail("SHM_RDONLY: %s", strerror(errno));
	EXPECT_ERR(shmctl(shm, IPC_RMID, NULL), EPERM);
	EXPECT_ERR(shmctl(shm, SHM_LOCK, NULL), EPERM);
}

static void shm_private(void) /* 0600 */
{
	struct shmid_ds ds;
	EXPECT_ERR((long)shmat(shm, NULL, SHM_RDONLY), EACCES);
	EXPECT_ERR(shmctl(shm, IPC_STAT, &ds), EACCES);
}

int main(void)
{
	watchdog(30);
	if (geteuid() != 0)
		return 0; /* needs root to become uid 1000 */
	qkey = 0x7e570000 + getpid();
	q = msgget(qkey, IPC_CREAT | IPC_EXCL | 0600);
	CHECK(q >= 0, "msgget: %s", strerror(errno));
	as_user("0600 queue", msg_private);

	struct msqid_ds ds;
	CHECK(msgctl(q, IPC_STAT, &ds) == 0, "IPC_STAT");
	ds.msg_perm.mode = 0604;
	CHECK(msgctl(q, IPC_SET, &ds) == 0, "IPC_SET 0604: %s", strerror(errno));
	as_user("0604 queue", msg_readable);

	ds.msg_perm.mode = 0060;
	ds.msg_perm.gid = 1000;
	CHECK(msgctl(q, IPC_SET, &ds) == 0, "IPC_SET 0060 gid 1000: %s", strerror(errno));
	as_user("0060 queue of group 1000", msg_group);

	ds.msg_perm.mode = 0600;
	ds.msg_perm.uid = 1000;
	CHECK(msgctl(q, IPC_SET, &ds) == 0, "IPC_SET uid 1000: %s", strerror(errno));
	as_user("queue owned by 1000", msg_owner);
	CHECK(msgctl(q, IPC_STAT, &ds) < 0 && errno == EINVAL, "the owner's IPC_RMID: %s", strerror(errno));

	ds.msg_perm.uid = (uid_t)-1;
	q = msgget(IPC_PRIVATE, 0600);
	CHECK(q >= 0 && msgctl(q, IPC_SET, &ds) < 0 && errno == EINVAL, "IPC_SET uid -1: %s",
	      strerror(errno));
	CHECK(msgctl(q, IPC_RMID, NULL) == 0, "IPC_RMID");

	s = semget(IPC_PRIVATE, 2, 0404);
	CHECK(s >= 0, "semget: %s", strerror(errno));
	as_user("0404 semaphores", sem_readonly);
	CHECK(semctl(s, 0, IPC_RMID) == 0, "semctl IPC_RMID: %s", strerror(errno));

	shm = shmget(IPC_PRIVATE, 4096, 0604);
	CHECK(shm >= 0, "shmget: %s", strerror(errno));
	as_user("0604 segment", shm_readonly);
	struct shmid_ds sds;
	CHECK(shmctl(shm, IPC_STAT, &sds) == 0 && sds.shm_nattch == 0, "nattch after the child: %lu",
	      (unsigned long)sds.shm_nattch);
	sds.shm_perm.mode = 0600;
	CHECK(shmctl(shm, IPC_SET, &sds) == 0, "shm IPC_SET: %s", strerror(errno));
	as_user("0600 segment", shm_private);
	CHECK(shmctl(shm, IPC_RMID, NULL) == 0, "shmctl IPC_RMID: %s", strerror(errno));
	return 0;
}
