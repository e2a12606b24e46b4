/* POSIX message queues: Linux's errno for each bad input. Names (after
 * musl drops the leading '/'): "" ENOENT, one with '/' or "." EACCES, over
 * 255 bytes ENAMETOOLONG, missing ENOENT, O_CREAT|O_EXCL on an existing one
 * EEXIST, access mode 3 on an existing one EINVAL; attributes <= 0 or above
 * msg_max/msgsize_max EINVAL (a process with CAP_SYS_RESOURCE up to 65536
 * messages); permissions EACCES, unlinking another user's queue EPERM (the
 * directory is sticky; musl's mq_unlink reports it as EACCES); wrong access mode or not a queue EBADF; EMSGSIZE;
 * priority 32768 EINVAL; mq_setattr flags other than O_NONBLOCK EINVAL;
 * mq_notify's bad kinds and signals EINVAL, a second registration EBUSY;
 * RLIMIT_NOFILE and RLIMIT_MSGQUEUE EMFILE; bad pointers EFAULT. */
#include "ptest.h"
#include <fcntl.h>
#include <mqueue.h>
#include <sys/resource.h>
#include <sys/syscall.h>

#define QNAME "/ptest_mq_errors"

#define ERR(call, want) do { \
	errno = 0; \
	long r_ = (long)(call); \
	CHECK(r_ == -1 && errno == (want), "%s: %ld (%s), expected %s", #call, r_, \
	      strerror(errno), strerror(want)); \
} while (0)

/* CAP_SYS_RESOURCE (24) in CapEff, or root where /proc says nothing. */
static int cap_sys_resource(void)
{
	FILE *f = fopen("/proc/self/status", "r");
	char line[256];
	unsigned long long caps = 0;
	int found = 0;
	while (f && fgets(line, sizeof line, f))
		if (sscanf(line, "CapEff: %llx", &caps) == 1)
			found = 1;
	if (f)
		fclose(f);
	return found ? (caps >> 24) & 1 : geteuid() == 0;
}

static void as_nobody(void (*fn)(void))
{
	pid_t pid = fork_or_fail();
	if (pid == 0) {
		if (setgid(65534) || setuid(65534))
			fail("setuid: %s", strerror(errno));
		fn();
		_exit(0);
	}
	int st = wait_for(pid);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "child failed (status %#x)", st);
}

static void nobody_checks(void)
{
	ERR(mq_open(QNAME, O_RDONLY), EACCES);
	ERR(syscall(SYS_mq_unlink, QNAME + 1), EPERM); /* the sticky directory */
	ERR(mq_unlink(QNAME), EACCES);                  /* musl turns EPERM into EACCES */
	struct mq_attr a = { .mq_maxmsg = 11, .mq_msgsize = 16 };
	ERR(mq_open("/ptest_mq_errors_u", O_CREAT | O_RDWR, 0600, &a), EINVAL);
	a.mq_maxmsg = 10;
	a.mq_msgsize = 8193;
	ERR(mq_open("/ptest_mq_errors_u", O_CREAT | O_RDWR, 0600, &a), EINVAL);
	/* RLIMIT_MSGQUEUE: 10 messages of 8192 bytes cost more than 1000 bytes. */
	struct rlimit rl = { 1000, 1000 };
	CHECK(setrlimit(RLIMIT_MSGQUEUE, &rl) == 0, "setrlimit: %s", strerror(errno));
	a.mq_msgsize = 8192;
	ERR(mq_open("/ptest_mq_errors_u", O_CREAT | O_RDWR, 0600, &a), EMFILE);
	/* One message of 800 bytes costs 800 + 48 + 48: one such queue fits in
	   1000 bytes, a second does not until the first is gone. */
	a.mq_maxmsg = 1;
	a.mq_msgsize = 800;
	mqd_t q = mq_open("/ptest_mq_errors_u", O_CREAT | O_RDWR, 0600, &a);
	CHECK(q != (mqd_t)-1, "a small queue within RLIMIT_MSGQUEUE: %s", strerror(errno));
	ERR(mq_open("/ptest_mq_errors_v", O_CREAT | O_RDWR, 0600, &a), EMFILE);
	CHECK(mq_unlink("/ptest_mq_errors_u") == 0, "unlink own queue: %s", strerror(errno));
	ERR(mq_open("/ptest_mq_errors_v", O_CREAT | O_RDWR, 0600, &a), EMFILE); /* still open */
	mq_close(q);
	q = mq_open("/ptest_mq_errors_v", O_CREAT | O_RDWR, 0600, &a);
	CHECK(q != (mqd_t)-1, "RLIMIT_MSGQUEUE not given back when a queue went: %s",
	      strerror(errno));
	mq_close(q);
	CHECK(mq_unlink("/ptest_mq_errors_v") == 0, "unlink own queue: %s", strerror(errno));
}

static void other_notifier(void)
{
	mqd_t q = mq_open(QNAME, O_RDWR);
	CHECK(q != (mqd_t)-1, "child mq_open: %s", strerror(errno));
	struct sigevent ev = { .sigev_notify = SIGEV_SIGNAL, .sigev_signo = SIGUSR1 };
	ERR(mq_notify(q, &ev), EBUSY);
	CHECK(mq_notify(q, NULL) == 0, "mq_notify(NULL) by another process: %s", strerror(errno));
}

int main(void)
{
	watchdog(30);
	mq_unlink(QNAME);
	char buf[128];
	char longname[300];
	longname[0] = '/';
	memset(longname + 1, 'n', sizeof longname - 2);
	longname[sizeof longname - 1] = 0;

	/* Names. */
	ERR(mq_open("/", O_RDWR | O_CREAT, 0600, NULL), ENOENT);
	ERR(mq_open("/a/b", O_RDWR | O_CREAT, 0600, NULL), EACCES);
	ERR(mq_open("/.", O_RDWR), EACCES);
	ERR(mq_open("/..", O_RDWR), EACCES);
	ERR(mq_open(longname, O_RDWR | O_CREAT, 0600, NULL), ENAMETOOLONG);
	ERR(mq_unlink(longname), ENAMETOOLONG);
	ERR(mq_open(QNAME, O_RDWR), ENOENT);
	ERR(mq_unlink(QNAME), ENOENT);
	ERR(mq_unlink("/"), ENOENT);

	/* Attributes. */
	struct mq_attr a = { .mq_maxmsg = 0, .mq_msgsize = 16 };
	ERR(mq_open(QNAME, O_CREAT | O_RDWR, 0600, &a), EINVAL);
	a.mq_maxmsg = -1;
	ERR(mq_open(QNAME, O_CREAT | O_RDWR, 0600, &a), EINVAL);
	a.mq_maxmsg = 4;
	a.mq_msgsize = 0;
	ERR(mq_open(QNAME, O_CREAT | O_RDWR, 0600, &a), EINVAL);
	a.mq_msgsize = 16;
	a.mq_maxmsg = 65537;
	ERR(mq_open(QNAME, O_CREAT | O_RDWR, 0600, &a), EINVAL);
	a.mq_maxmsg = 11;
	if (cap_sys_resource()) {
		mqd_t big = mq_open(QNAME, O_CREAT | O_RDWR, 0600, &a);
		CHECK(big != (mqd_t)-1, "CAP_SYS_RESOURCE: 11 messages: %s", strerror(errno));
		mq_close(big);
		mq_unlink(QNAME);
	} else {
		ERR(mq_open(QNAME, O_CREAT | O_RDWR, 0600, &a), EINVAL);
	}
	ERR(syscall(SYS_mq_open, QNAME + 1, O_CREAT | O_RDWR, 0600, (void *)8), EFAULT);

	/* The queue for the rest. */
	a.mq_maxmsg = 4;
	a.mq_msgsize = 16;
	mqd_t q = mq_open(QNAME, O_CREAT | O_EXCL | O_RDWR, 0600, &a);
	CHECK(q != (mqd_t)-1, "mq_open: %s", strerror(errno));
	ERR(mq_open(QNAME, O_CREAT | O_EXCL | O_RDWR, 0600, &a), EEXIST);
	ERR(syscall(SYS_mq_open, QNAME + 1, 3, 0, NULL), EINVAL);
	/* Creating with access mode 3 works (Linux checks it only for an existing
	   queue), but such a descriptor neither sends nor receives. */
	long q3 = syscall(SYS_mq_open, "ptest_mq_errors_3", O_CREAT | 3, 0600, NULL);
	CHECK(q3 >= 0, "creating with access mode 3: %s", strerror(errno));
	ERR(mq_send((mqd_t)q3, "x", 1, 0), EBADF);
	ERR(mq_receive((mqd_t)q3, buf, sizeof buf, NULL), EBADF);
	close((int)q3);
	CHECK(mq_unlink("/ptest_mq_errors_3") == 0, "mq_unlink: %s", strerror(errno));
	mqd_t ro = mq_open(QNAME, O_RDONLY), wo = mq_open(QNAME, O_WRONLY);
	CHECK(ro != (mqd_t)-1 && wo != (mqd_t)-1, "mq_open O_RDONLY/O_WRONLY: %s", strerror(errno));

	/* Descriptors. */
	ERR(mq_send(ro, "x", 1, 0), EBADF);
	ERR(mq_receive(wo, buf, sizeof buf, NULL), EBADF);
	int fds[2];
	CHECK(pipe(fds) == 0, "pipe: %s", strerror(errno));
	ERR(mq_send(fds[1], "x", 1, 0), EBADF);
	ERR(mq_receive(fds[0], buf, sizeof buf, NULL), EBADF);
	ERR(mq_getattr(fds[0], &a), EBADF);
	ERR(mq_send(999, "x", 1, 0), EBADF);

	/* Sizes, priorities, pointers. */
	ERR(mq_send(q, buf, 17, 0), EMSGSIZE);
	ERR(mq_receive(q, buf, 15, NULL), EMSGSIZE);
	ERR(mq_send(q, "x", 1, 32768), EINVAL);
	ERR(syscall(SYS_mq_timedsend, q, (void *)8, 4, 0, NULL), EFAULT);
	ERR(syscall(SYS_mq_timedsend, q, "x", 1, 0, (void *)8), EFAULT);
	CHECK(mq_send(q, "kept", 4, 0) == 0, "mq_send: %s", strerror(errno));
	ERR(syscall(SYS_mq_timedreceive, q, (void *)8, 16, NULL, NULL), EFAULT);
	struct mq_attr now;
	CHECK(mq_getattr(q, &now) == 0 && now.mq_curmsgs == 0,
	      "a receive that faulted still takes the message, as Linux (%ld left)", now.mq_curmsgs);

	/* mq_setattr, mq_notify. */
	struct mq_attr bad = { .mq_flags = O_NONBLOCK | O_APPEND };
	ERR(mq_setattr(q, &bad, NULL), EINVAL);
	ERR(syscall(SYS_mq_getsetattr, q, (void *)8, NULL), EFAULT);
	struct sigevent ev = { .sigev_notify = 99 };
	ERR(mq_notify(q, &ev), EINVAL);
	ev.sigev_notify = SIGEV_SIGNAL;
	ev.sigev_signo = 65;
	ERR(mq_notify(q, &ev), EINVAL);
	ev.sigev_signo = SIGUSR1;
	ERR(mq_notify(fds[0], &ev), EBADF);
	CHECK(mq_notify(q, &ev) == 0, "mq_notify: %s", strerror(errno));
	ERR(mq_notify(q, &ev), EBUSY);
	pid_t pid = fork_or_fail();
	if (pid == 0) {
		other_notifier();
		_exit(0);
	}
	int st = wait_for(pid);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "child failed (status %#x)", st);
	CHECK(mq_notify(q, NULL) == 0, "mq_notify(NULL): %s", strerror(errno));

	/* Another user. */
	as_nobody(nobody_checks);

	/* RLIMIT_NOFILE: mq_open needs a descriptor. */
	pid = fork_or_fail();
	if (pid == 0) {
		int top = dup(0);
		struct rlimit rl = { (rlim_t)top, (rlim_t)top };
		close(top);
		CHECK(setrlimit(RLIMIT_NOFILE, &rl) == 0, "setrlimit: %s", strerror(errno));
		while (dup(0) >= 0)
			;
		ERR(mq_open(QNAME, O_RDWR), EMFILE);
		_exit(0);
	}
	st = wait_for(pid);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "child failed (status %#x)", st);

	CHECK(mq_close(q) == 0 && mq_close(ro) == 0 && mq_close(wo) == 0, "mq_close: %s",
	      strerror(errno));
	ERR(mq_close(q), EBADF);
	CHECK(mq_unlink(QNAME) == 0, "mq_unlink: %s", strerror(errno));
	return 0;
}
