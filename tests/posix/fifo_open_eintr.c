/* A blocking FIFO open waiting for the other side is cut short by a caught
 * signal (no SA_RESTART): open fails with EINTR and leaves nothing behind (a
 * later O_WRONLY|O_NONBLOCK open still finds no reader: ENXIO); with
 * SA_RESTART the open goes on waiting and completes when a writer comes. */
#include "ptest.h"
#include <fcntl.h>
#include <sys/stat.h>

#define PATH "/tmp/fifo_open_eintr"

static volatile sig_atomic_t fired;
static void on_usr1(int sig) { (void)sig; fired++; }

int main(void)
{
	watchdog(30);
	unlink(PATH);
	CHECK(mkfifo(PATH, 0600) == 0, "mkfifo: %s", strerror(errno));
	struct sigaction sa = { .sa_handler = on_usr1 };
	sigemptyset(&sa.sa_mask);
	sigaction(SIGUSR1, &sa, NULL);
	pid_t parent = getpid();
	pid_t pid = fork_or_fail();
	if (pid == 0) {
		usleep(200000);
		kill(parent, SIGUSR1);
		_exit(0);
	}
	int fd = open(PATH, O_RDONLY);
	CHECK(fd == -1 && errno == EINTR, "interrupted open gave %d (%s), expected EINTR", fd,
	      strerror(errno));
	CHECK(fired == 1, "handler ran %d times", (int)fired);
	wait_for(pid);
	fd = open(PATH, O_WRONLY | O_NONBLOCK);
	CHECK(fd == -1 && errno == ENXIO, "the interrupted reader is still counted: open gave %d (%s)",
	      fd, strerror(errno));

	/* SA_RESTART: the signal's handler runs and the open waits on. */
	sa.sa_flags = SA_RESTART;
	sigaction(SIGUSR1, &sa, NULL);
	pid = fork_or_fail();
	if (pid == 0) {
		usleep(200000);
		kill(parent, SIGUSR1);
		usleep(200000);
		int w = open(PATH, O_WRONLY);
		_exit(w >= 0 && write(w, "k", 1) == 1 ? 0 : 2);
	}
	fd = open(PATH, O_RDONLY);
	CHECK(fd >= 0, "restarted open: %s", strerror(errno));
	CHECK(fired == 2, "handler ran %d times, expected 2", (int)fired);
	char c;
	CHECK(read(fd, &c, 1) == 1 && c == 'k', "read from the restarted open failed");
	int st = wait_for(pid);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "writer status 0x%x", st);
	unlink(PATH);
	return 0;
}
