/* A read, pread or readv of more than the server moves at a time (1 MiB here)
 * is whole when the data is there: from /dev/zero, from /dev/urandom and
 * from a regular file, as on Linux (`dd bs=1M count=1` counts a short read
 * as a partial record and copies less); at the end of a file it is short by
 * exactly what is missing. */
#include "fstest.h"
#include <sys/uio.h>

#define BIG (1024 * 1024)

static char buf[BIG + 4096], buf2[BIG];

int main(void)
{
	fs_begin(60);

	int z = OK(open("/dev/zero", O_RDONLY));
	memset(buf, 'x', BIG);
	CHECK(read(z, buf, BIG) == BIG, "read of 1 MiB from /dev/zero is short");
	for (size_t i = 0; i < BIG; i++)
		CHECK(buf[i] == 0, "/dev/zero gave a nonzero byte at %zu", i);
	close(z);

	int u = OK(open("/dev/urandom", O_RDONLY));
	CHECK(read(u, buf, BIG) == BIG, "read of 1 MiB from /dev/urandom is short");
	close(u);

	/* A file of 1 MiB + 100 bytes, each byte a function of its offset. */
	for (size_t i = 0; i < BIG + 100; i++)
		buf[i] = (char)(i * 7 + i / 4096);
	int fd = OK(open("f", O_CREAT | O_RDWR, 0644));
	CHECK(write(fd, buf, BIG + 100) == BIG + 100, "write of 1 MiB + 100");

	OK(lseek(fd, 0, SEEK_SET));
	CHECK(read(fd, buf2, BIG) == BIG, "read of 1 MiB from a file is short");
	CHECK(!memcmp(buf2, buf, BIG), "read: wrong contents");
	CHECK(lseek(fd, 0, SEEK_CUR) == BIG, "offset after the read");
	CHECK(read(fd, buf2, BIG) == 100, "read at the end: not the 100 bytes left");
	CHECK(!memcmp(buf2, buf + BIG, 100), "read at the end: wrong contents");

	CHECK(pread(fd, buf2, BIG, 50) == BIG, "pread of 1 MiB is short");
	CHECK(!memcmp(buf2, buf + 50, BIG), "pread: wrong contents");
	CHECK(pread(fd, buf2, BIG, 200) == BIG - 100, "pread near the end: wrong count");

	/* readv: 3 bytes, an empty entry, 600 KiB, the rest of the MiB. */
	static char a[3], c[600 * 1024], d[BIG - 3 - 600 * 1024];
	struct iovec v[4] = { { a, sizeof a }, { buf2, 0 }, { c, sizeof c }, { d, sizeof d } };
	OK(lseek(fd, 10, SEEK_SET));
	CHECK(readv(fd, v, 4) == BIG, "readv of 1 MiB is short");
	CHECK(!memcmp(a, buf + 10, sizeof a) && !memcmp(c, buf + 13, sizeof c) &&
	      !memcmp(d, buf + 13 + sizeof c, sizeof d), "readv: wrong contents");
	CHECK(preadv(fd, v, 4, BIG) == 100, "preadv at the end: not the 100 bytes left");
	CHECK(!memcmp(a, buf + BIG, 3) && !memcmp(c, buf + BIG + 3, 97), "preadv: wrong contents");
	close(fd);
	fs_end();
	return 0;
}
