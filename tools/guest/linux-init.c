/* /init of the Linux reference VM (tools/cxrun --linux): runs one program the
 * way Calyx's POSIX server does for tools/cxrun, then powers the VM off.
 *
 * The initramfs holds /etc/calyx/init (the program's argv, NUL-separated) and
 * /etc/calyx/env (its environment), written by tools/cxrun for both systems.
 * The program's stdin and stdout are the first serial port, its stderr the
 * second, and the kernel console is the third (console=ttyS2), where this
 * program writes the one line tools/cxrun reads:
 *
 *     linux-init: program exited with code N
 *
 * N is the exit code, or 128+S when signal S killed the program, as Calyx
 * reports it. Any failure of this program itself is a line starting
 * "linux-init: error:" and the VM powers off without a status.
 *
 * The program's two ports behave as Calyx's console does, which tools/cxrun
 * says on the kernel command line:
 *     linuxinit.console=raw        bytes pass unchanged both ways (the default)
 *     linuxinit.console=terminal   Linux's defaults for a serial terminal:
 *                                  echo, line editing, "\n" written as "\r\n"
 *
 * Built static with musl-gcc; it runs as pid 1, so it never returns: the
 * kernel would panic. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#define STDOUT_TTY "/dev/ttyS0"
#define STDERR_TTY "/dev/ttyS1"
#define LOG_TTY "/dev/ttyS2"
#define ARGV_FILE "/etc/calyx/init"
#define ENV_FILE "/etc/calyx/env"
#define LIST_MAX 4096           /* most argv or env strings read from a file */
#define FILE_MAX (1024 * 1024)  /* largest /etc/calyx/init or env read */
#define CMDLINE_MAX 4096
#define CONSOLE_TERMINAL "linuxinit.console=terminal"

static int log_fd = -1;

static void say(const char *fmt, ...)
{
	char line[512];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n >= sizeof line)
		n = sizeof line - 1;
	if (write(log_fd >= 0 ? log_fd : 2, line, (size_t)n) < 0)
		return;
}

/* Waits until everything written to the serial ports has left them, then
 * turns the VM off; QEMU exits. */
static _Noreturn void power_off(void)
{
	for (int fd = 0; fd <= 2; fd++)
		tcdrain(fd);
	if (log_fd >= 0)
		tcdrain(log_fd);
	reboot(RB_POWER_OFF);
	/* Only reached if the kernel refused: -no-reboot turns a panic (pid 1
	 * exiting) into the end of the VM too. */
	_exit(1);
}

static _Noreturn void die(const char *what)
{
	say("linux-init: error: %s: %s\n", what, strerror(errno));
	power_off();
}

/* No CR added to newlines, no echo, bytes as they come: the program's output
 * reaches the host exactly as written, as on Calyx's console. */
static void make_raw(int fd)
{
	struct termios t;
	if (tcgetattr(fd, &t) == 0) {
		cfmakeraw(&t);
		tcsetattr(fd, TCSANOW, &t);
	}
}

static int open_tty(const char *path, int raw)
{
	int fd = open(path, O_RDWR | O_NOCTTY);
	if (fd < 0)
		die(path);
	if (raw)
		make_raw(fd);
	return fd;
}

/* 1 unless the kernel command line asks for a terminal (needs /proc). */
static int console_raw(void)
{
	char line[CMDLINE_MAX];
	int fd = open("/proc/cmdline", O_RDONLY);
	if (fd < 0)
		die("/proc/cmdline");
	ssize_t n = read(fd, line, sizeof line - 1);
	close(fd);
	line[n > 0 ? n : 0] = '\0';
	for (char *word = strtok(line, " \n"); word; word = strtok(NULL, " \n"))
		if (strcmp(word, CONSOLE_TERMINAL) == 0)
			return 0;
	return 1;
}

/* Reads a file of NUL-terminated strings into a NULL-terminated vector. */
static char **read_list(const char *path, int must_exist)
{
	char **list = calloc(LIST_MAX + 1, sizeof *list);
	char *buf = malloc(FILE_MAX + 1);
	if (!list || !buf)
		die("malloc");
	int fd = open(path, O_RDONLY);
	if (fd < 0) {
		if (must_exist)
			die(path);
		free(buf);
		return list;
	}
	size_t len = 0;
	for (;;) {
		ssize_t n = read(fd, buf + len, FILE_MAX - len);
		if (n < 0)
			die(path);
		if (n == 0)
			break;
		len += (size_t)n;
		if (len == FILE_MAX) {
			errno = EFBIG;
			die(path);
		}
	}
	close(fd);
	buf[len] = '\0';
	size_t count = 0;
	for (size_t i = 0; i < len; i += strlen(buf + i) + 1) {
		if (count == LIST_MAX) {
			errno = E2BIG;
			die(path);
		}
		list[count++] = buf + i;
	}
	list[count] = NULL;
	return list;
}

static void mount_or_die(const char *type, const char *dir, const char *data)
{
	mkdir(dir, 0755);
	if (mount(type, dir, type, MS_NOSUID, data) < 0)
		die(dir);
}

int main(void)
{
	mount_or_die("devtmpfs", "/dev", NULL);
	log_fd = open_tty(LOG_TTY, 1);
	mount_or_die("proc", "/proc", NULL);
	mount_or_die("sysfs", "/sys", NULL);
	mount_or_die("tmpfs", "/tmp", "mode=1777");
	/* As on a Debian system: tests use /dev/shm as a tmpfs (tests/posix/fstest.h). */
	mount_or_die("tmpfs", "/dev/shm", "mode=1777");
	/* As systemd does, and as Calyx's POSIX server mounts it at boot. */
	mount_or_die("mqueue", "/dev/mqueue", NULL);
	mount_or_die("devpts", "/dev/pts", "mode=620,ptmxmode=666");
	/* The links udev makes on a Debian system (devtmpfs has none). */
	static const char *const links[][2] = {
		{ "/proc/self/fd", "/dev/fd" }, { "/proc/self/fd/0", "/dev/stdin" },
		{ "/proc/self/fd/1", "/dev/stdout" }, { "/proc/self/fd/2", "/dev/stderr" },
	};
	for (size_t i = 0; i < sizeof links / sizeof links[0]; i++)
		if (symlink(links[i][0], links[i][1]) < 0 && errno != EEXIST)
			die(links[i][1]);

	char **argv = read_list(ARGV_FILE, 1);
	char **envp = read_list(ENV_FILE, 0);
	if (!argv[0]) {
		errno = EINVAL;
		die(ARGV_FILE " is empty");
	}

	int raw = console_raw();
	int out = open_tty(STDOUT_TTY, raw), err = open_tty(STDERR_TTY, raw);
	if (dup2(out, 0) < 0 || dup2(out, 1) < 0 || dup2(err, 2) < 0)
		die("dup2");
	close(out);
	close(err);

	pid_t pid = fork();
	if (pid < 0)
		die("fork");
	if (pid == 0) {
		/* Like Calyx's pid 1: a session leader, the console its terminal. */
		close(log_fd);
		setsid();
		ioctl(0, TIOCSCTTY, 0);
		execve(argv[0], argv, envp);
		fprintf(stderr, "linux-init: %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}

	/* Orphans come to pid 1: reap them too until the program itself ends. */
	for (;;) {
		int status;
		pid_t got = wait(&status);
		if (got < 0) {
			if (errno == EINTR)
				continue;
			die("wait");
		}
		if (got != pid)
			continue;
		int code = WIFSIGNALED(status) ? 128 + WTERMSIG(status) : WEXITSTATUS(status);
		say("linux-init: program exited with code %d\n", code);
		power_off();
	}
}
