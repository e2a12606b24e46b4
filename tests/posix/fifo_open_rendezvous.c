/* FIFOs (mkfifo): a blocking O_RDONLY open waits until a writer opens and a
 * blocking O_WRONLY open until a reader opens; O_RDONLY|O_NONBLOCK opens at
 * once; O_WRONLY|O_NONBLOCK with no reader is ENXIO; O_RDWR never waits. Data
 * written by one process is read by the other; the node is a FIFO in stat. */
#include "ptest.h"
#include <fcntl.h>
#include <sys/stat.h>

#define PATH "/tmp/fifo_open_rendezvous"

int main(void)
{
	watchdog(30);
	unlink(PATH);
	CHECK(mkfifo(PATH, 0600) == 0, "mkfifo: %s", strerror(errno));
	struct stat st;
	CHECK(stat(PATH, &st) == 0 && S_ISFIFO(st.st_mode), "not a FIFO: mode %o", st.st_mode);
	CHECK(mkfifo(PATH, 0600) == -1 && errno == EEXIST, "second mkfifo: %s", strerror(errno));

	int fd = open(PATH, O_WRONLY | O_NONBLOCK);
	CHECK(fd == -1 && errno == ENXIO, "O_WRONLY|O_NONBLOCK with no reader gave %d (%s)", fd,
	      strerror(errno));

	/* Reader first: it blocks until the child opens for writing. */
	pid_t pid = fork_or_fail();
	if (pid == 0) {
		usleep(200000);
		int w = open(PATH, O_WRONLY);
		if (w < 0)
			_exit(2);
		_exit(write(w, "hello", 5) == 5 ? 0 : 3);
	}
	int r = open(PATH, O_RDONLY);
	CHECK(r >= 0, "blocking O_RDONLY open: %s", strerror(errno));
	char buf[16];
	ssize_t n = read(r, buf, sizeof buf);
	CHECK(n == 5 && memcmp(buf, "hello", 5) == 0, "read %zd bytes", n);
	n = read(r, buf, sizeof buf);
	CHECK(n == 0, "read after the writer exited gave %zd", n);
	int status = wait_for(pid);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "writer child status 0x%x", status);
	close(r);

	/* Writer first: it blocks until the child opens for reading. */
	pid = fork_or_fail();
	if (pid == 0) {
		usleep(200000);
		int rd = open(PATH, O_RDONLY);
		if (rd < 0)
			_exit(2);
		char b[8];
		_exit(read(rd, b, sizeof b) == 3 && memcmp(b, "abc", 3) == 0 ? 0 : 3);
	}
	int w = open(PATH, O_WRONLY);
	CHECK(w >= 0, "blocking O_WRONLY open: %s", strerror(errno));
	CHECK(write(w, "abc", 3) == 3, "write: %s", strerror(errno));
	status = wait_for(pid);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "reader child status 0x%x", status);
	close(w);

	/* Non-blocking reader: opens at once; then a non-blocking writer succeeds. */
	r = open(PATH, O_RDONLY | O_NONBLOCK);
	CHECK(r >= 0, "O_RDONLY|O_NONBLOCK open: %s", strerror(errno));
	n = read(r, buf, sizeof buf);
	CHECK(n == 0, "read of a FIFO with no writer ever gave %zd (%s)", n, strerror(errno));
	w = open(PATH, O_WRONLY | O_NONBLOCK);
	CHECK(w >= 0, "O_WRONLY|O_NONBLOCK with a reader: %s", strerror(errno));
	close(w);
	close(r);

	/* O_RDWR never waits. */
	int rw = open(PATH, O_RDWR);
	CHECK(rw >= 0, "O_RDWR open: %s", strerror(errno));
	CHECK(write(rw, "q", 1) == 1 && read(rw, buf, 1) == 1 && buf[0] == 'q', "O_RDWR round trip");
	close(rw);
	CHECK(unlink(PATH) == 0, "unlink: %s", strerror(errno));
	return 0;
}
