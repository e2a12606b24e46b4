/* Signal-driven I/O: fcntl F_SETOWN/F_GETOWN (a pid, or -pgrp),
 * F_SETOWN_EX/F_GETOWN_EX (thread, process, group), F_SETSIG/F_GETSIG and
 * O_ASYNC: data arriving in a pipe or socket with O_ASYNC sends its owner
 * SIGIO; with F_SETSIG the chosen signal carries si_code POLL_IN (or
 * POLL_OUT when a full pipe's reader frees room), si_fd and si_band; bad
 * owners are ESRCH, bad types and signals EINVAL. */
#define _GNU_SOURCE
#include "ptest.h"
#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <time.h>

static int wait_sig(int sig, siginfo_t *si)
{
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, sig);
	struct timespec bound = { 5, 0 };
	return sigtimedwait(&set, si, &bound);
}

static void no_sig(int sig, const char *what)
{
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, sig);
	struct timespec zero = { 0, 0 };
	siginfo_t si;
	CHECK(sigtimedwait(&set, &si, &zero) < 0, "%s: an unexpected signal %d", what, sig);
}

int main(void)
{
	watchdog(30);
	int rt = SIGRTMIN + 2;
	sigset_t block;
	sigemptyset(&block);
	sigaddset(&block, SIGIO);
	sigaddset(&block, rt);
	CHECK(sigprocmask(SIG_BLOCK, &block, NULL) == 0, "sigprocmask");
	pid_t me = getpid();
	siginfo_t si;

	/* A pipe's reader: plain SIGIO. */
	int p[2];
	CHECK(pipe2(p, O_NONBLOCK) == 0, "pipe2");
	CHECK(fcntl(p[0], F_GETOWN) == 0, "a new pipe has an owner");
	CHECK(fcntl(p[0], F_SETOWN, me) == 0 && fcntl(p[0], F_GETOWN) == me, "F_SETOWN/F_GETOWN");
	CHECK(fcntl(p[0], F_SETFL, O_ASYNC | O_NONBLOCK) == 0, "F_SETFL O_ASYNC");
	CHECK(fcntl(p[0], F_GETFL) & O_ASYNC, "O_ASYNC not kept");
	no_sig(SIGIO, "before any data");
	CHECK(write(p[1], "x", 1) == 1, "write");
	CHECK(wait_sig(SIGIO, &si) == SIGIO, "no SIGIO when data arrived");

	/* F_SETSIG: the reason, descriptor and band. */
	char c;
	CHECK(read(p[0], &c, 1) == 1, "read");
	CHECK(fcntl(p[0], F_SETSIG, rt) == 0 && fcntl(p[0], F_GETSIG) == rt, "F_SETSIG/F_GETSIG");
	CHECK(write(p[1], "y", 1) == 1, "write");
	CHECK(wait_sig(rt, &si) == rt, "no F_SETSIG signal");
	CHECK(si.si_code == POLL_IN && si.si_fd == p[0] && (si.si_band & POLLIN),
	      "si_code %d si_fd %d si_band %#lx", si.si_code, si.si_fd, (long)si.si_band);

	/* The writer of a full pipe: POLL_OUT when room is made. The reader's
	   O_ASYNC goes first, and what it queued meanwhile (Linux sends one
	   per write) is taken. */
	fcntl(p[0], F_SETFL, O_NONBLOCK);
	while (write(p[1], "zzzzzzzzzzzzzzzz", 16) > 0)
		;
	struct timespec zero = { 0, 0 };
	sigset_t rts;
	sigemptyset(&rts);
	sigaddset(&rts, rt);
	while (sigtimedwait(&rts, &si, &zero) == rt)
		;
	CHECK(fcntl(p[1], F_SETOWN, me) == 0 && fcntl(p[1], F_SETSIG, rt) == 0, "writer's owner");
	CHECK(fcntl(p[1], F_SETFL, O_ASYNC | O_NONBLOCK) == 0, "writer's O_ASYNC");
	static char drain[70000];
	CHECK(read(p[0], drain, sizeof drain) > 0, "drain");
	CHECK(wait_sig(rt, &si) == rt && si.si_code == POLL_OUT && si.si_fd == p[1],
	      "no POLL_OUT for the writer (si_code %d)", si.si_code);
	close(p[0]);
	close(p[1]);

	/* A socket, owned by this thread through F_SETOWN_EX. */
	int sv[2];
	CHECK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0, "socketpair");
	struct f_owner_ex o = { F_OWNER_TID, (pid_t)syscall(SYS_gettid) }, got;
	CHECK(fcntl(sv[0], F_SETOWN_EX, &o) == 0, "F_SETOWN_EX: %s", strerror(errno));
	CHECK(fcntl(sv[0], F_GETOWN_EX, &got) == 0 && got.type == F_OWNER_TID && got.pid == o.pid,
	      "F_GETOWN_EX gave type %d pid %d", got.type, got.pid);
	CHECK(fcntl(sv[0], F_SETFL, O_ASYNC) == 0, "socket O_ASYNC");
	CHECK(write(sv[1], "s", 1) == 1, "send");
	CHECK(wait_sig(SIGIO, &si) == SIGIO, "no SIGIO for the socket");

	/* Errors and groups (O_ASYNC off first: a group owner would get the
	   hangup's SIGIO when the sockets close, the shell that ran us too). */
	CHECK(fcntl(sv[0], F_SETFL, 0) == 0, "O_ASYNC off");
	errno = 0;
	CHECK(fcntl(sv[0], F_SETOWN, 0x3ffffff0) == -1 && errno == ESRCH, "F_SETOWN of nobody: %s",
	      strerror(errno));
	o.type = 7;
	errno = 0;
	CHECK(fcntl(sv[0], F_SETOWN_EX, &o) == -1 && errno == EINVAL, "F_SETOWN_EX type 7: %s",
	      strerror(errno));
	errno = 0;
	CHECK(fcntl(sv[0], F_SETSIG, 65) == -1 && errno == EINVAL, "F_SETSIG 65: %s", strerror(errno));
	CHECK(fcntl(sv[0], F_SETOWN, -getpgrp()) == 0 && fcntl(sv[0], F_GETOWN) == -getpgrp(),
	      "a process group owner reads back as -pgrp");
	close(sv[0]);
	close(sv[1]);
	return 0;
}
