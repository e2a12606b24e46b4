/* System V message queues: msgrcv picks messages by type as Linux does
 * (msgtyp 0: the first; > 0: the first of that type, or with MSG_EXCEPT the
 * first of another; < 0: the first of the lowest type up to -msgtyp),
 * E2BIG for a message longer than the buffer unless MSG_NOERROR cuts it,
 * ENOMSG with IPC_NOWAIT, MSG_COPY (a copy of the n-th message, which must
 * come with IPC_NOWAIT), and IPC_STAT's counts, pids and times. */
#include "ptest.h"
#include <sys/ipc.h>
#include <sys/msg.h>
#include <time.h>

#ifndef MSG_COPY
#define MSG_COPY 040000
#endif

struct m {
	long type;
	char text[64];
};

static int q;

static void put(long type, const char *text)
{
	struct m m = { type, "" };
	strcpy(m.text, text);
	CHECK(msgsnd(q, &m, strlen(text) + 1, 0) == 0, "msgsnd type %ld: %s", type, strerror(errno));
}

/* Receives with msgtyp/flags and checks the type and text got. */
static void get(long msgtyp, int flags, long want_type, const char *want)
{
	struct m m;
	memset(&m, 0, sizeof m);
	ssize_t n = msgrcv(q, &m, sizeof m.text, msgtyp, flags | IPC_NOWAIT);
	CHECK(n == (ssize_t)strlen(want) + 1, "msgrcv(%ld, %#x): %zd (%s), expected %zu bytes", msgtyp,
	      flags, n, n < 0 ? strerror(errno) : "", strlen(want) + 1);
	CHECK(m.type == want_type && strcmp(m.text, want) == 0,
	      "msgrcv(%ld, %#x): type %ld \"%s\", expected %ld \"%s\"", msgtyp, flags, m.type, m.text,
	      want_type, want);
}

int main(void)
{
	watchdog(20);
	q = msgget(IPC_PRIVATE, IPC_CREAT | 0600);
	CHECK(q >= 0, "msgget: %s", strerror(errno));
	time_t before = time(NULL);

	put(3, "three");
	put(1, "one");
	put(2, "two-a");
	put(5, "five");
	put(2, "two-b");

	struct msqid_ds ds;
	CHECK(msgctl(q, IPC_STAT, &ds) == 0, "IPC_STAT: %s", strerror(errno));
	CHECK(ds.msg_qnum == 5, "msg_qnum %lu, expected 5", (unsigned long)ds.msg_qnum);
	CHECK(ds.msg_cbytes == 6 + 4 + 6 + 5 + 6, "msg_cbytes %lu, expected 27", (unsigned long)ds.msg_cbytes);
	CHECK(ds.msg_qbytes == 16384, "msg_qbytes %lu, expected msgmnb 16384", (unsigned long)ds.msg_qbytes);
	CHECK(ds.msg_lspid == getpid() && ds.msg_lrpid == 0, "lspid %d lrpid %d", (int)ds.msg_lspid,
	      (int)ds.msg_lrpid);
	CHECK(ds.msg_stime >= before && ds.msg_rtime == 0, "stime %ld rtime %ld", (long)ds.msg_stime,
	      (long)ds.msg_rtime);
	CHECK((ds.msg_perm.mode & 0777) == 0600 && ds.msg_perm.uid == geteuid() &&
	      ds.msg_perm.cuid == geteuid() && ds.msg_perm.__key == IPC_PRIVATE,
	      "perm mode %o uid %d cuid %d key %d", ds.msg_perm.mode, ds.msg_perm.uid,
	      ds.msg_perm.cuid, ds.msg_perm.__key);

	/* MSG_COPY: the n-th message, left in place; only with IPC_NOWAIT. */
	struct m m;
	errno = 0;
	CHECK(msgrcv(q, &m, sizeof m.text, 0, MSG_COPY) < 0 && (errno == EINVAL || errno == ENOSYS),
	      "MSG_COPY without IPC_NOWAIT: %s", strerror(errno));
	ssize_t n = msgrcv(q, &m, sizeof m.text, 3, MSG_COPY | IPC_NOWAIT);
	if (n >= 0) { /* a kernel with CONFIG_CHECKPOINT_RESTORE, as Debian's */
		CHECK(m.type == 5 && strcmp(m.text, "five") == 0, "MSG_COPY 3: type %ld %s", m.type, m.text);
		CHECK(msgrcv(q, &m, sizeof m.text, 9, MSG_COPY | IPC_NOWAIT) < 0 && errno == ENOMSG,
		      "MSG_COPY past the end: %s", strerror(errno));
		CHECK(msgrcv(q, &m, sizeof m.text, 0, MSG_COPY | MSG_EXCEPT | IPC_NOWAIT) < 0 && errno == EINVAL,
		      "MSG_COPY|MSG_EXCEPT: %s", strerror(errno));
	} else {
		CHECK(errno == ENOSYS, "MSG_COPY: %s", strerror(errno));
	}

	/* Too long: E2BIG, the message stays; MSG_NOERROR cuts it. */
	CHECK(msgrcv(q, &m, 3, 3, IPC_NOWAIT) < 0 && errno == E2BIG, "short buffer: %s", strerror(errno));
	n = msgrcv(q, &m, 3, 3, IPC_NOWAIT | MSG_NOERROR);
	CHECK(n == 3 && m.type == 3 && memcmp(m.text, "thr", 3) == 0, "MSG_NOERROR: %zd", n);

	get(2, 0, 2, "two-a");          /* the first of type 2 */
	get(2, MSG_EXCEPT, 1, "one");   /* the first not of type 2 */
	get(-4, 0, 2, "two-b");         /* the lowest type up to 4 */
	CHECK(msgrcv(q, &m, sizeof m.text, -4, IPC_NOWAIT) < 0 && errno == ENOMSG, "-4 on {5}: %s",
	      strerror(errno));
	CHECK(msgrcv(q, &m, sizeof m.text, 7, IPC_NOWAIT) < 0 && errno == ENOMSG, "type 7: %s",
	      strerror(errno));
	get(0, 0, 5, "five");

	CHECK(msgctl(q, IPC_STAT, &ds) == 0, "IPC_STAT: %s", strerror(errno));
	CHECK(ds.msg_qnum == 0 && ds.msg_cbytes == 0, "after: qnum %lu cbytes %lu",
	      (unsigned long)ds.msg_qnum, (unsigned long)ds.msg_cbytes);
	CHECK(ds.msg_lrpid == getpid() && ds.msg_rtime >= before, "lrpid %d rtime %ld",
	      (int)ds.msg_lrpid, (long)ds.msg_rtime);

	/* A zero-length message and the lowest of many types. */
	put(9, "");
	put(4, "four");
	put(4, "four-b");
	get(-9, 0, 4, "four");
	get(-(long)((~0ul) >> 1), 0, 4, "four-b");

	CHECK(msgctl(q, IPC_RMID, NULL) == 0, "IPC_RMID: %s", strerror(errno));
	CHECK(msgctl(q, IPC_STAT, &ds) < 0 && errno == EINVAL, "IPC_STAT after IPC_RMID: %s",
	      strerror(errno));
	return 0;
}
