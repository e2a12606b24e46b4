/* The mqueue filesystem and readiness: type "mqueue" mounts (statfs
 * MQUEUE_MAGIC, a sticky 01777 root) and shows every queue as a regular
 * file, size 80, with the creator's ids and mode less the umask, whose
 * text is "QSIZE:<bytes> NOTIFY:<kind> SIGNO:<sig> NOTIFY_PID:<pid>" in
 * Linux's columns; unlink(2) there removes a queue (a descriptor still
 * holds it), open(O_CREAT) there makes one with the default attributes,
 * mkdir, mknod and symlink are EPERM, write is EINVAL. poll, select and epoll see POLLIN while messages wait
 * and POLLOUT while there is room. On Calyx the filesystem is also
 * mounted at /dev/mqueue, as systemd does. */
#include "ptest.h"
#include <fcntl.h>
#include <mqueue.h>
#include <poll.h>
#include <sys/epoll.h>
#include <sys/mount.h>
#include <sys/select.h>
#include <sys/stat.h>
#include <sys/vfs.h>

#define QNAME "/ptest_mq_fs"
#define MQUEUE_MAGIC 0x19800202

static char dir[64], path[128];

static void text_of(const char *file, char *out, size_t size)
{
	int fd = open(file, O_RDONLY);
	CHECK(fd >= 0, "open %s: %s", file, strerror(errno));
	ssize_t n = read(fd, out, size - 1);
	CHECK(n >= 0, "read %s: %s", file, strerror(errno));
	out[n] = 0;
	close(fd);
}

static short ready(mqd_t q)
{
	struct pollfd p = { q, POLLIN | POLLOUT, 0 };
	CHECK(poll(&p, 1, 0) >= 0, "poll: %s", strerror(errno));
	fd_set r, w;
	FD_ZERO(&r);
	FD_ZERO(&w);
	FD_SET(q, &r);
	FD_SET(q, &w);
	struct timeval tv = { 0, 0 };
	CHECK(select(q + 1, &r, &w, NULL, &tv) >= 0, "select: %s", strerror(errno));
	CHECK(!!FD_ISSET(q, &r) == !!(p.revents & POLLIN) && !!FD_ISSET(q, &w) == !!(p.revents & POLLOUT),
	      "select and poll disagree (revents %#x)", p.revents);
	return p.revents;
}

int main(void)
{
	watchdog(30);
	umask(022);
	strcpy(dir, "/tmp/ptest_mqfs_XXXXXX");
	CHECK(mkdtemp(dir), "mkdtemp: %s", strerror(errno));
	CHECK(mount("none", dir, "mqueue", 0, NULL) == 0, "mount mqueue: %s", strerror(errno));
	struct statfs sf;
	CHECK(statfs(dir, &sf) == 0 && sf.f_type == MQUEUE_MAGIC, "statfs f_type %#lx",
	      (unsigned long)sf.f_type);
	struct stat st;
	CHECK(stat(dir, &st) == 0 && (st.st_mode & 07777) == 01777 && S_ISDIR(st.st_mode),
	      "root mode %o", st.st_mode);
	if (statfs("/dev/mqueue", &sf) == 0)
		CHECK(sf.f_type == MQUEUE_MAGIC, "/dev/mqueue is not an mqueue mount");

	mq_unlink(QNAME);
	struct mq_attr attr = { .mq_maxmsg = 2, .mq_msgsize = 32 };
	mqd_t q = mq_open(QNAME, O_CREAT | O_RDWR, 0666, &attr);
	CHECK(q != (mqd_t)-1, "mq_open: %s", strerror(errno));
	snprintf(path, sizeof path, "%s%s", dir, QNAME);
	CHECK(stat(path, &st) == 0, "stat %s: %s", path, strerror(errno));
	CHECK(S_ISREG(st.st_mode) && (st.st_mode & 07777) == 0644 && st.st_size == 80 &&
	      st.st_uid == geteuid() && st.st_gid == getegid(),
	      "queue file: mode %o size %lld uid %d", st.st_mode, (long long)st.st_size,
	      (int)st.st_uid);

	/* The status text. */
	char text[128], want[128];
	text_of(path, text, sizeof text);
	CHECK(!strcmp(text, "QSIZE:0          NOTIFY:0     SIGNO:0     NOTIFY_PID:0     \n"),
	      "empty queue's text: [%s]", text);
	CHECK(ready(q) == POLLOUT, "empty queue: revents %#x", ready(q));
	CHECK(mq_send(q, "hello", 5, 1) == 0 && mq_send(q, "abc", 3, 9) == 0, "mq_send: %s",
	      strerror(errno));
	struct sigevent ev = { .sigev_notify = SIGEV_SIGNAL, .sigev_signo = SIGUSR2 };
	CHECK(mq_notify(q, &ev) == 0, "mq_notify: %s", strerror(errno));
	text_of(path, text, sizeof text);
	snprintf(want, sizeof want, "QSIZE:%-10d NOTIFY:%-5d SIGNO:%-5d NOTIFY_PID:%-6d\n", 8, 0,
	         SIGUSR2, (int)getpid());
	CHECK(!strcmp(text, want), "text [%s], expected [%s]", text, want);
	CHECK(ready(q) == POLLIN, "full queue: revents %#x", ready(q));
	mq_notify(q, NULL);

	/* epoll sees the same. */
	int ep = epoll_create1(EPOLL_CLOEXEC);
	struct epoll_event e = { .events = EPOLLIN, .data.fd = q };
	CHECK(ep >= 0 && epoll_ctl(ep, EPOLL_CTL_ADD, q, &e) == 0, "epoll: %s", strerror(errno));
	CHECK(epoll_wait(ep, &e, 1, 0) == 1 && (e.events & EPOLLIN), "epoll: no EPOLLIN");
	char buf[32];
	CHECK(mq_receive(q, buf, sizeof buf, NULL) == 3 && mq_receive(q, buf, sizeof buf, NULL) == 5,
	      "mq_receive: %s", strerror(errno));
	CHECK(epoll_wait(ep, &e, 1, 0) == 0, "epoll: EPOLLIN on an empty queue");
	/* A blocked epoll_wait wakes when another process sends. */
	pid_t pid = fork_or_fail();
	if (pid == 0) {
		usleep(200000);
		if (mq_send(q, "late", 4, 0))
			fail("child mq_send: %s", strerror(errno));
		_exit(0);
	}
	CHECK(epoll_wait(ep, &e, 1, 5000) == 1 && (e.events & EPOLLIN), "epoll_wait did not wake");
	wait_for(pid);
	CHECK(ready(q) == (POLLIN | POLLOUT), "one message: revents %#x", ready(q));
	close(ep);

	/* Files' calls on the queue. */
	errno = 0;
	CHECK(write(q, "x", 1) == -1 && errno == EINVAL, "write on a queue: %s", strerror(errno));
	CHECK(read(q, text, sizeof text) > 0 && !strncmp(text, "QSIZE:4 ", 8),
	      "read on the descriptor: [%.20s]", text);

	/* unlink(2) removes the name; the descriptor keeps the queue. */
	CHECK(unlink(path) == 0, "unlink: %s", strerror(errno));
	errno = 0;
	CHECK(mq_open(QNAME, O_RDWR) == (mqd_t)-1 && errno == ENOENT, "open after unlink: %s",
	      strerror(errno));
	CHECK(mq_receive(q, buf, sizeof buf, NULL) == 4, "queue gone with its name: %s",
	      strerror(errno));
	mq_close(q);

	/* Nothing but queues: no directories, nodes, links or renames (EPERM). */
	char other[160];
	snprintf(other, sizeof other, "%s/d", dir);
	errno = 0;
	CHECK(mkdir(other, 0700) == -1 && errno == EPERM, "mkdir in mqueue: %s", strerror(errno));
	errno = 0;
	CHECK(mknod(other, S_IFIFO | 0600, 0) == -1 && errno == EPERM, "mknod in mqueue: %s",
	      strerror(errno));
	errno = 0;
	CHECK(symlink("x", other) == -1 && errno == EPERM, "symlink in mqueue: %s", strerror(errno));

	/* open(O_CREAT) in the filesystem makes a queue with the defaults. */
	snprintf(path, sizeof path, "%s/ptest_mq_fs_made", dir);
	int fd = open(path, O_CREAT | O_RDWR, 0600);
	CHECK(fd >= 0, "open(O_CREAT) in mqueue: %s", strerror(errno));
	close(fd);
	q = mq_open("/ptest_mq_fs_made", O_RDWR);
	CHECK(q != (mqd_t)-1, "mq_open of a queue open(2) made: %s", strerror(errno));
	CHECK(mq_getattr(q, &attr) == 0 && attr.mq_maxmsg == 10 && attr.mq_msgsize == 8192,
	      "default attributes %ld %ld", attr.mq_maxmsg, attr.mq_msgsize);
	mq_close(q);
	CHECK(mq_unlink("/ptest_mq_fs_made") == 0, "mq_unlink: %s", strerror(errno));

	CHECK(umount(dir) == 0 && rmdir(dir) == 0, "umount: %s", strerror(errno));
	return 0;
}
