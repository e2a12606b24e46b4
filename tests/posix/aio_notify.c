/* Asynchronous I/O as the C library builds it: aio_write and aio_read
 * complete (aio_error, aio_return, aio_suspend), lio_listio runs a batch
 * with LIO_WAIT, and SIGEV_SIGNAL completion sends the signal with
 * si_code SI_ASYNCIO and the sigev_value. */
#include "ptest.h"
#include <aio.h>
#include <fcntl.h>

int main(void)
{
	watchdog(20);
	char path[] = "/tmp/aio_notifyXXXXXX";
	int fd = mkstemp(path);
	CHECK(fd >= 0, "mkstemp: %s", strerror(errno));
	unlink(path);
	int sig = SIGRTMIN + 4;
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, sig);
	CHECK(sigprocmask(SIG_BLOCK, &set, NULL) == 0, "sigprocmask");

	static char out[4096], in[4096];
	for (size_t i = 0; i < sizeof out; i++)
		out[i] = (char)(i * 7);
	struct aiocb w = { .aio_fildes = fd, .aio_buf = out, .aio_nbytes = sizeof out };
	w.aio_sigevent.sigev_notify = SIGEV_SIGNAL;
	w.aio_sigevent.sigev_signo = sig;
	w.aio_sigevent.sigev_value.sival_int = 42;
	CHECK(aio_write(&w) == 0, "aio_write: %s", strerror(errno));
	siginfo_t si;
	CHECK(sigwaitinfo(&set, &si) == sig, "no completion signal: %s", strerror(errno));
	CHECK(si.si_code == SI_ASYNCIO, "si_code %d, expected SI_ASYNCIO", si.si_code);
	CHECK(si.si_value.sival_int == 42, "si_value %d", si.si_value.sival_int);
	CHECK(aio_error(&w) == 0, "aio_error %d", aio_error(&w));
	CHECK(aio_return(&w) == (ssize_t)sizeof out, "aio_return %zd", aio_return(&w));

	struct aiocb r = { .aio_fildes = fd, .aio_buf = in, .aio_nbytes = sizeof in };
	r.aio_sigevent.sigev_notify = SIGEV_NONE;
	CHECK(aio_read(&r) == 0, "aio_read: %s", strerror(errno));
	const struct aiocb *list[1] = { &r };
	while (aio_error(&r) == EINPROGRESS)
		CHECK(aio_suspend(list, 1, NULL) == 0 || errno == EINTR, "aio_suspend: %s", strerror(errno));
	CHECK(aio_return(&r) == (ssize_t)sizeof in && memcmp(in, out, sizeof in) == 0,
	      "aio_read read something else");

	/* A batch. */
	static char a[100], b[100];
	memset(a, 'a', sizeof a);
	struct aiocb w1 = { .aio_fildes = fd, .aio_buf = a, .aio_nbytes = sizeof a,
			    .aio_lio_opcode = LIO_WRITE, .aio_offset = 10000 };
	struct aiocb r1 = { .aio_fildes = fd, .aio_buf = b, .aio_nbytes = sizeof b,
			    .aio_lio_opcode = LIO_READ, .aio_offset = 0 };
	struct aiocb *batch[2] = { &w1, &r1 };
	CHECK(lio_listio(LIO_WAIT, batch, 2, NULL) == 0, "lio_listio: %s", strerror(errno));
	CHECK(aio_return(&w1) == 100 && aio_return(&r1) == 100, "lio results %zd %zd",
	      aio_return(&w1), aio_return(&r1));
	CHECK(memcmp(b, out, sizeof b) == 0, "lio read wrong data");
	CHECK(pread(fd, b, sizeof b, 10000) == 100 && memcmp(a, b, sizeof b) == 0,
	      "lio write wrong data");
	close(fd);
	return 0;
}
