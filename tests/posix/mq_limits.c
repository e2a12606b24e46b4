/* The message queue limits in /proc/sys/fs/mqueue: msg_max, msgsize_max,
 * msg_default, msgsize_default and queues_max read as decimal numbers
 * (Linux's defaults 10, 8192, 10, 8192, 256 unless changed), root writes
 * them within Linux's ranges (EINVAL outside: msg_max 1..65536, msgsize_max
 * 128..16 MiB), others may not open them for writing (EACCES); new limits
 * apply to new queues: the defaults a queue without attributes gets
 * (bounded by the maxima), the most a user may ask, and queues_max
 * (ENOSPC for a user, a process with CAP_SYS_RESOURCE passes). Every value is put back at the end. */
#include "ptest.h"
#include <fcntl.h>
#include <mqueue.h>

#define DIR "/proc/sys/fs/mqueue/"
static const char *const names[] = { "msg_max", "msgsize_max", "msg_default", "msgsize_default",
				     "queues_max" };
#define N 5

static long get(const char *name)
{
	char path[128], buf[32];
	snprintf(path, sizeof path, DIR "%s", name);
	int fd = open(path, O_RDONLY);
	CHECK(fd >= 0, "open %s: %s", path, strerror(errno));
	ssize_t n = read(fd, buf, sizeof buf - 1);
	close(fd);
	CHECK(n > 1 && buf[n - 1] == '\n', "read %s: %zd", path, n);
	buf[n] = 0;
	return strtol(buf, NULL, 10);
}

/* 0 or the errno of the write. */
static int put(const char *name, const char *text)
{
	char path[128];
	snprintf(path, sizeof path, DIR "%s", name);
	int fd = open(path, O_WRONLY | O_TRUNC);
	if (fd < 0)
		return errno;
	ssize_t n = write(fd, text, strlen(text));
	int e = n == (ssize_t)strlen(text) ? 0 : errno;
	close(fd);
	return e;
}

static void put_ok(const char *name, const char *text)
{
	int e = put(name, text);
	CHECK(e == 0, "writing %s to %s: %s", text, name, strerror(e));
}

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

static void user_no_write(void)
{
	CHECK(put("msg_max", "20\n") == EACCES, "a user wrote msg_max");
}

static void user_big_queue(void)
{
	struct mq_attr a = { .mq_maxmsg = 20, .mq_msgsize = 16 };
	mqd_t q = mq_open("/ptest_mq_limits_u", O_CREAT | O_RDWR, 0600, &a);
	CHECK(q != (mqd_t)-1, "20 messages under msg_max 20: %s", strerror(errno));
	mq_close(q);
	mq_unlink("/ptest_mq_limits_u");
	a.mq_maxmsg = 21;
	errno = 0;
	CHECK(mq_open("/ptest_mq_limits_u", O_CREAT | O_RDWR, 0600, &a) == (mqd_t)-1 &&
	      errno == EINVAL, "21 messages under msg_max 20: %s", strerror(errno));
}

static void user_no_room(void)
{
	struct mq_attr a = { .mq_maxmsg = 1, .mq_msgsize = 16 };
	errno = 0;
	CHECK(mq_open("/ptest_mq_limits_u", O_CREAT | O_RDWR, 0600, &a) == (mqd_t)-1 &&
	      errno == ENOSPC, "past queues_max: %s", strerror(errno));
}

static void checks(void)
{
	for (int i = 0; i < N; i++)
		CHECK(get(names[i]) > 0, "%s reads %ld", names[i], get(names[i]));
	as_nobody(user_no_write);
	CHECK(put("msg_max", "0\n") == EINVAL, "msg_max 0 accepted");
	CHECK(put("msg_max", "65537\n") == EINVAL, "msg_max 65537 accepted");
	CHECK(put("msgsize_max", "127\n") == EINVAL, "msgsize_max 127 accepted");
	CHECK(put("msgsize_max", "16777217\n") == EINVAL, "msgsize_max 16777217 accepted");
	CHECK(put("msg_default", "x\n") == EINVAL, "msg_default x accepted");

	put_ok("msg_max", "20\n");
	CHECK(get("msg_max") == 20, "msg_max reads %ld after writing 20", get("msg_max"));
	as_nobody(user_big_queue);

	/* Defaults: min(msg_max, msg_default) and min(msgsize_max, msgsize_default). */
	put_ok("msg_default", "5");
	put_ok("msgsize_default", "256");
	put_ok("msgsize_max", "200");
	mq_unlink("/ptest_mq_limits");
	mqd_t q = mq_open("/ptest_mq_limits", O_CREAT | O_RDWR, 0600, NULL);
	CHECK(q != (mqd_t)-1, "mq_open without attributes: %s", strerror(errno));
	struct mq_attr a;
	CHECK(mq_getattr(q, &a) == 0 && a.mq_maxmsg == 5 && a.mq_msgsize == 200,
	      "default attributes %ld %ld, expected 5 200", a.mq_maxmsg, a.mq_msgsize);
	mq_close(q);
	mq_unlink("/ptest_mq_limits");

	/* queues_max: users get ENOSPC, CAP_SYS_RESOURCE passes. */
	put_ok("queues_max", "0");
	as_nobody(user_no_room);
	if (cap_sys_resource()) {
		q = mq_open("/ptest_mq_limits", O_CREAT | O_RDWR, 0600, NULL);
		CHECK(q != (mqd_t)-1, "root past queues_max: %s", strerror(errno));
		mq_close(q);
		mq_unlink("/ptest_mq_limits");
	}
}

int main(void)
{
	watchdog(30);
	long saved[N];
	for (int i = 0; i < N; i++)
		saved[i] = get(names[i]);
	/* The checks run in a child so that the values are put back whatever happens. */
	pid_t pid = fork_or_fail();
	if (pid == 0) {
		checks();
		_exit(0);
	}
	int st = wait_for(pid);
	for (int i = 0; i < N; i++) {
		char text[32];
		snprintf(text, sizeof text, "%ld\n", saved[i]);
		put_ok(names[i], text);
	}
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "checks failed (status %#x)", st);
	return 0;
}
