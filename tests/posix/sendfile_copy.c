/* sendfile copies from a file to a file or a pipe: without an offset pointer
 * it uses and advances in_fd's offset; with one it reads from *offset,
 * updates *offset and leaves in_fd's offset alone; it stops at the end of the
 * file; EBADF for a write-only in_fd, EINVAL for an O_APPEND out_fd and for a
 * negative offset, ESPIPE for an offset with a pipe as in_fd. */
#include "ptest.h"
#include <fcntl.h>
#include <sys/sendfile.h>

#define SRC "/tmp/sendfile_copy.src"
#define DST "/tmp/sendfile_copy.dst"
#define SIZE 100000

/* pread until len bytes or the end (a read may be short). */
static size_t pread_all(int fd, char *buf, size_t len, off_t off)
{
	size_t got = 0;
	ssize_t r;
	while (got < len && (r = pread(fd, buf + got, len - got, off + (off_t)got)) > 0)
		got += (size_t)r;
	return got;
}

int main(void)
{
	watchdog(30);
	static char data[SIZE], back[SIZE];
	for (int i = 0; i < SIZE; i++)
		data[i] = (char)(i * 7 + i / 251);
	int in = open(SRC, O_RDWR | O_CREAT | O_TRUNC, 0600);
	CHECK(in >= 0, "open: %s", strerror(errno));
	CHECK(write(in, data, SIZE) == SIZE, "write failed");
	int out = open(DST, O_RDWR | O_CREAT | O_TRUNC, 0600);
	CHECK(out >= 0, "open: %s", strerror(errno));

	/* With the file offset: starts at 10, copies everything to the end. */
	lseek(in, 10, SEEK_SET);
	size_t total = 0;
	ssize_t r;
	while ((r = sendfile(out, in, NULL, SIZE)) > 0)
		total += (size_t)r;
	CHECK(r == 0, "sendfile: %s", strerror(errno));
	CHECK(total == SIZE - 10, "copied %zu bytes, expected %d", total, SIZE - 10);
	CHECK(lseek(in, 0, SEEK_CUR) == SIZE, "in offset %ld, expected %d", (long)lseek(in, 0, SEEK_CUR), SIZE);
	CHECK(pread_all(out, back, SIZE, 0) == SIZE - 10 && memcmp(back, data + 10, SIZE - 10) == 0,
	      "copied data differ");

	/* With an offset pointer: in's offset stays put. */
	lseek(in, 5, SEEK_SET);
	off_t off = 1000;
	r = sendfile(out, in, &off, 500);
	CHECK(r == 500 && off == 1500, "sendfile with offset: %zd, off %ld", r, (long)off);
	CHECK(lseek(in, 0, SEEK_CUR) == 5, "in offset moved to %ld", (long)lseek(in, 0, SEEK_CUR));
	CHECK(pread_all(out, back, 500, SIZE - 10) == 500 && memcmp(back, data + 1000, 500) == 0,
	      "data copied from the offset differ");

	/* To a pipe, then read it back. */
	int p[2];
	CHECK(pipe(p) == 0, "pipe: %s", strerror(errno));
	off = 0;
	r = sendfile(p[1], in, &off, 3000);
	CHECK(r == 3000 && off == 3000, "sendfile to a pipe: %zd", r);
	CHECK(read(p[0], back, 3000) == 3000 && memcmp(back, data, 3000) == 0, "pipe data differ");

	/* Errors. */
	int wo = open(SRC, O_WRONLY);
	r = sendfile(out, wo, NULL, 10);
	CHECK(r == -1 && errno == EBADF, "write-only in_fd gave %zd (%s)", r, strerror(errno));
	int app = open(DST, O_WRONLY | O_APPEND);
	r = sendfile(app, in, NULL, 10);
	CHECK(r == -1 && errno == EINVAL, "O_APPEND out_fd gave %zd (%s)", r, strerror(errno));
	off = -1;
	r = sendfile(out, in, &off, 10);
	CHECK(r == -1 && errno == EINVAL, "negative offset gave %zd (%s)", r, strerror(errno));
	write(p[1], "x", 1);
	off = 0;
	r = sendfile(out, p[0], &off, 1);
	CHECK(r == -1 && errno == ESPIPE, "offset with a pipe in_fd gave %zd (%s)", r, strerror(errno));
	r = sendfile(out, in, NULL, 0);
	CHECK(r == 0, "count 0 gave %zd", r);
	unlink(SRC);
	unlink(DST);
	return 0;
}
