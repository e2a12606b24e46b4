/* System V IPC in /proc: the limits in /proc/sys/kernel are Linux 6.1's
 * defaults and agree with IPC_INFO; root may change them (a value out of
 * range is EINVAL and changes nothing), others may not open them for
 * writing (EACCES); a lowered msgmax is what msgsnd enforces, a lowered
 * msgmni what msgget does (ENOSPC); /proc/sysvipc/{msg,sem,shm} have
 * Linux's header lines and one line per object in Linux's columns. */
#include "ptest.h"
#include <fcntl.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>

union semun {
	int val;
	struct semid_ds *buf;
	unsigned short *array;
	struct seminfo *info;
};

static char *slurp(const char *path)
{
	static char buf[8192];
	int fd = open(path, O_RDONLY);
	CHECK(fd >= 0, "open %s: %s", path, strerror(errno));
	ssize_t n = read(fd, buf, sizeof buf - 1);
	CHECK(n >= 0, "read %s: %s", path, strerror(errno));
	buf[n] = 0;
	close(fd);
	return buf;
}

static void expect(const char *path, const char *want)
{
	const char *got = slurp(path);
	CHECK(strcmp(got, want) == 0, "%s: \"%s\", expected \"%s\"", path, got, want);
}

/* Writes text; the errno, or 0. */
static int put(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY);
	if (fd < 0)
		return errno;
	ssize_t n = write(fd, text, strlen(text));
	int e = n < 0 ? errno : 0;
	close(fd);
	return e;
}

/* The line of /proc/sysvipc/<kind> that starts with "%10d %10d" of key and id. */
static const char *line_of(const char *path, int key, int id)
{
	char start[32];
	snprintf(start, sizeof start, "%10d %10d ", key, id);
	const char *t = slurp(path);
	static char line[512];
	for (const char *p = t; *p;) {
		const char *e = strchr(p, '\n');
		size_t n = e ? (size_t)(e - p) + 1 : strlen(p);
		if (strncmp(p, start, strlen(start)) == 0 && n < sizeof line) {
			memcpy(line, p, n);
			line[n] = 0;
			return line;
		}
		p += n;
	}
	fail("%s: no line for key %d id %d in:\n%s", path, key, id, t);
}

int main(void)
{
	watchdog(30);
	expect("/proc/sys/kernel/msgmax", "8192\n");
	expect("/proc/sys/kernel/msgmnb", "16384\n");
	expect("/proc/sys/kernel/msgmni", "32000\n");
	expect("/proc/sys/kernel/sem", "32000\t1024000000\t500\t32000\n");
	expect("/proc/sys/kernel/shmmax", "18446744073692774399\n");
	expect("/proc/sys/kernel/shmall", "18446744073692774399\n");
	expect("/proc/sys/kernel/shmmni", "4096\n");

	struct msginfo mi;
	CHECK(msgctl(0, IPC_INFO, (struct msqid_ds *)&mi) >= 0, "IPC_INFO: %s", strerror(errno));
	CHECK(mi.msgmax == 8192 && mi.msgmnb == 16384 && mi.msgmni == 32000 && mi.msgssz == 16 &&
	      mi.msgseg == 0xffff && mi.msgpool == 512000 && mi.msgmap == 16384 && mi.msgtql == 16384,
	      "msginfo %d %d %d %d %d %d %d %d", mi.msgmax, mi.msgmnb, mi.msgmni, mi.msgssz, mi.msgseg,
	      mi.msgpool, mi.msgmap, mi.msgtql);
	struct seminfo si;
	CHECK(semctl(0, 0, IPC_INFO, (union semun){ .info = &si }) >= 0, "sem IPC_INFO: %s", strerror(errno));
	CHECK(si.semmsl == 32000 && si.semmns == 1024000000 && si.semopm == 500 && si.semmni == 32000 &&
	      si.semvmx == 32767 && si.semaem == 32767 && si.semusz == 20 && si.semume == 500,
	      "seminfo %d %d %d %d %d %d %d", si.semmsl, si.semmns, si.semopm, si.semmni, si.semvmx,
	      si.semaem, si.semusz);
	struct shminfo hi;
	CHECK(shmctl(0, IPC_INFO, (struct shmid_ds *)&hi) >= 0, "shm IPC_INFO: %s", strerror(errno));
	CHECK(hi.shmmax == 18446744073692774399ul && hi.shmmni == 4096 && hi.shmseg == 4096 &&
	      hi.shmmin == 1 && hi.shmall == 18446744073692774399ul, "shminfo %lu %lu %lu", hi.shmmax,
	      hi.shmmni, hi.shmall);

	/* Linux's header lines. */
	CHECK(strncmp(slurp("/proc/sysvipc/msg"),
	              "       key      msqid perms      cbytes       qnum lspid lrpid   uid   gid  cuid  cgid      stime      rtime      ctime\n",
	              120) == 0, "/proc/sysvipc/msg header: %s", slurp("/proc/sysvipc/msg"));
	CHECK(strncmp(slurp("/proc/sysvipc/sem"),
	              "       key      semid perms      nsems   uid   gid  cuid  cgid      otime      ctime\n",
	              85) == 0, "/proc/sysvipc/sem header: %s", slurp("/proc/sysvipc/sem"));
	CHECK(strncmp(slurp("/proc/sysvipc/shm"),
	              "       key      shmid perms                  size  cpid  lpid nattch   uid   gid  cuid  cgid      atime      dtime      ctime                   rss                  swap\n",
	              170) == 0, "/proc/sysvipc/shm header: %s", slurp("/proc/sysvipc/shm"));

	/* One line per object, in Linux's columns. */
	key_t key = 0x9c000000 + getpid();
	int q = msgget(key, IPC_CREAT | 0640);
	struct { long type; char text[8]; } m = { 7, "abcde" };
	CHECK(q >= 0 && msgsnd(q, &m, 6, 0) == 0, "msgget/msgsnd: %s", strerror(errno));
	struct msqid_ds mds;
	CHECK(msgctl(q, IPC_STAT, &mds) == 0, "IPC_STAT");
	char want[512];
	snprintf(want, sizeof want, "%10d %10d  %4o  %10lu %10lu %5u %5u %5u %5u %5u %5u %10llu %10llu %10llu\n",
	         key, q, 0640, 6ul, 1ul, (unsigned)getpid(), 0u, getuid(), getgid(), getuid(), getgid(),
	         (unsigned long long)mds.msg_stime, 0ull, (unsigned long long)mds.msg_ctime);
	const char *got = line_of("/proc/sysvipc/msg", key, q);
	CHECK(strcmp(got, want) == 0, "msg line:\n%s, expected\n%s", got, want);

	int s = semget(key, 3, IPC_CREAT | 0600);
	struct semid_ds sds;
	CHECK(s >= 0 && semctl(s, 0, IPC_STAT, (union semun){ .buf = &sds }) == 0, "semget: %s", strerror(errno));
	snprintf(want, sizeof want, "%10d %10d  %4o %10u %5u %5u %5u %5u %10llu %10llu\n", key, s, 0600, 3u,
	         getuid(), getgid(), getuid(), getgid(), 0ull, (unsigned long long)sds.sem_ctime);
	got = line_of("/proc/sysvipc/sem", key, s);
	CHECK(strcmp(got, want) == 0, "sem line:\n%s, expected\n%s", got, want);

	int h = shmget(key, 12345, IPC_CREAT | 0600);
	struct shmid_ds hds;
	CHECK(h >= 0 && shmctl(h, IPC_STAT, &hds) == 0, "shmget: %s", strerror(errno));
	snprintf(want, sizeof want, "%10d %10d  %4o %21lu %5u %5u  %5lu %5u %5u %5u %5u %10llu %10llu %10llu %21lu %21lu\n",
	         key, h, 0600, 12345ul, (unsigned)getpid(), 0u, 0ul, getuid(), getgid(), getuid(), getgid(),
	         0ull, 0ull, (unsigned long long)hds.shm_ctime, 0ul, 0ul);
	got = line_of("/proc/sysvipc/shm", key, h);
	CHECK(strcmp(got, want) == 0, "shm line:\n%s, expected\n%s", got, want);

	/* Writing the limits: root only, checked, enforced. */
	if (geteuid() == 0) {
		pid_t c = fork_or_fail();
		if (c == 0) {
			if (setuid(1000) != 0)
				fail("setuid: %s", strerror(errno));
			int e = put("/proc/sys/kernel/msgmax", "100\n");
			if (e != EACCES)
				fail("uid 1000 writing msgmax: %s", strerror(e));
			_exit(0);
		}
		int st = wait_for(c);
		CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "non-root writer: %#x", st);
		CHECK(put("/proc/sys/kernel/msgmax", "5\n") == 0, "root writing msgmax");
		expect("/proc/sys/kernel/msgmax", "5\n");
		int e = msgsnd(q, &m, 6, IPC_NOWAIT) < 0 ? errno : 0;
		CHECK(put("/proc/sys/kernel/msgmax", "8192\n") == 0, "restoring msgmax");
		CHECK(e == EINVAL, "msgsnd of 6 bytes with msgmax 5: %s", strerror(e));
		CHECK(put("/proc/sys/kernel/msgmax", "-1\n") == EINVAL, "msgmax -1 accepted");
		CHECK(put("/proc/sys/kernel/msgmni", "32769\n") == EINVAL, "msgmni 32769 accepted");
		e = put("/proc/sys/kernel/sem", "250 32000 32 40000\n");
		expect("/proc/sys/kernel/sem", "250\t32000\t32\t32000\n"); /* only semmni is refused */
		CHECK(put("/proc/sys/kernel/sem", "32000 1024000000 500 32000\n") == 0, "restoring sem");
		CHECK(e == ERANGE, "semmni 40000: %s", strerror(e));
		CHECK(put("/proc/sys/kernel/msgmax", "\n") == EINVAL, "an empty msgmax accepted");
		expect("/proc/sys/kernel/msgmax", "8192\n");
		expect("/proc/sys/kernel/sem", "32000\t1024000000\t500\t32000\n");
		CHECK(put("/proc/sys/kernel/sem", "32000 1024000000 2 32000\n") == 0, "root writing sem");
		struct sembuf ops[3] = { { 0, 1, 0 }, { 1, 1, 0 }, { 2, 1, 0 } };
		e = semop(s, ops, 3) < 0 ? errno : 0;
		CHECK(put("/proc/sys/kernel/sem", "32000\t1024000000\t500\t32000\n") == 0, "restoring sem");
		CHECK(e == E2BIG, "3 operations with semopm 2: %s", strerror(e));
		expect("/proc/sys/kernel/sem", "32000\t1024000000\t500\t32000\n");
		CHECK(put("/proc/sys/kernel/shmmax", "4096\n") == 0, "root writing shmmax");
		e = shmget(IPC_PRIVATE, 4097, 0600) < 0 ? errno : 0;
		CHECK(put("/proc/sys/kernel/shmmax", "18446744073692774399\n") == 0, "restoring shmmax");
		CHECK(e == EINVAL, "shmget of 4097 bytes with shmmax 4096: %s", strerror(e));
		expect("/proc/sys/kernel/shmmax", "18446744073692774399\n");
		/* msgmni: ENOSPC once as many queues exist (0: at once); msgmnb: a new queue's size. */
		CHECK(put("/proc/sys/kernel/msgmni", "0\n") == 0, "root writing msgmni");
		e = msgget(IPC_PRIVATE, 0600) < 0 ? errno : 0;
		CHECK(put("/proc/sys/kernel/msgmni", "32000\n") == 0, "restoring msgmni");
		CHECK(e == ENOSPC, "msgget with msgmni 0: %s", strerror(e));
		CHECK(put("/proc/sys/kernel/msgmnb", "100\n") == 0, "root writing msgmnb");
		int q2 = msgget(IPC_PRIVATE, 0600);
		e = errno;
		CHECK(put("/proc/sys/kernel/msgmnb", "16384\n") == 0, "restoring msgmnb");
		CHECK(q2 >= 0 && msgctl(q2, IPC_STAT, &mds) == 0 && mds.msg_qbytes == 100,
		      "a queue made with msgmnb 100: %s, qbytes %lu", strerror(e), (unsigned long)mds.msg_qbytes);
		CHECK(msgctl(q2, IPC_RMID, NULL) == 0, "IPC_RMID");
		CHECK(put("/proc/sys/kernel/shmmni", "0\n") == 0, "root writing shmmni");
		e = shmget(IPC_PRIVATE, 4096, 0600) < 0 ? errno : 0;
		CHECK(put("/proc/sys/kernel/shmmni", "4096\n") == 0, "restoring shmmni");
		CHECK(e == ENOSPC, "shmget with shmmni 0: %s", strerror(e));
	}

	CHECK(msgctl(q, IPC_RMID, NULL) == 0 && semctl(s, 0, IPC_RMID) == 0 && shmctl(h, IPC_RMID, NULL) == 0,
	      "IPC_RMID: %s", strerror(errno));
	return 0;
}
