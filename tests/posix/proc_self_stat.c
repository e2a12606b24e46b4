/* /proc/self/stat describes the caller: pid, (comm), state R (it is running
 * the read), ppid, process group and session equal what getpid, getppid,
 * getpgrp and getsid say, one thread, and all 52 fields of Linux 6.1 are there.
 * The same holds after setsid in a child, whose new ids must show. */
#include "ptest.h"
#include <fcntl.h>

static void check_stat(const char *who)
{
	char buf[1024];
	int fd = open("/proc/self/stat", O_RDONLY);
	CHECK(fd >= 0, "%s: open /proc/self/stat: %s", who, strerror(errno));
	ssize_t n = read(fd, buf, sizeof buf - 1);
	CHECK(n > 0, "%s: read: %s", who, n < 0 ? strerror(errno) : "empty");
	close(fd);
	buf[n] = 0;
	CHECK(buf[n - 1] == '\n', "%s: the line does not end in a newline", who);
	char *open_paren = strchr(buf, '('), *close_paren = strrchr(buf, ')');
	CHECK(open_paren && close_paren && close_paren > open_paren, "%s: no (comm) in \"%s\"", who, buf);
	int pid = atoi(buf);
	CHECK(pid == getpid(), "%s: pid %d, getpid %d", who, pid, (int)getpid());
	char state;
	int ppid, pgrp, session, tty_nr, tpgid;
	unsigned flags;
	CHECK(sscanf(close_paren + 1, " %c %d %d %d %d %d %u", &state, &ppid, &pgrp, &session, &tty_nr,
	             &tpgid, &flags) == 7, "%s: cannot parse \"%s\"", who, close_paren + 1);
	CHECK(state == 'R', "%s: state %c, expected R", who, state);
	CHECK(ppid == getppid(), "%s: ppid %d, getppid %d", who, ppid, (int)getppid());
	CHECK(pgrp == getpgrp(), "%s: pgrp %d, getpgrp %d", who, pgrp, (int)getpgrp());
	CHECK(session == getsid(0), "%s: session %d, getsid %d", who, session, (int)getsid(0));
	int fields = 2; /* pid and (comm) */
	for (char *p = close_paren + 1; *p; ) {
		while (*p == ' ' || *p == '\n')
			p++;
		if (!*p)
			break;
		fields++;
		while (*p && *p != ' ' && *p != '\n')
			p++;
	}
	CHECK(fields >= 52, "%s: %d fields, expected at least 52", who, fields);
	/* field 20: num_threads */
	char *p = close_paren + 2;
	for (int f = 3; f < 20; f++)
		p = strchr(p, ' ') + 1;
	CHECK(atoi(p) == 1, "%s: num_threads %d, expected 1", who, atoi(p));
}

int main(void)
{
	watchdog(20);
	check_stat("parent");
	pid_t pid = fork_or_fail();
	if (pid == 0) {
		CHECK(setsid() == getpid(), "setsid: %s", strerror(errno));
		check_stat("child after setsid");
		_exit(0);
	}
	int status = wait_for(pid);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "child: status 0x%x", status);
	return 0;
}
