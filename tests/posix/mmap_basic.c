/* Anonymous mmap gives zeroed, writable pages at a page-aligned address;
 * munmap releases them; bad arguments fail with EINVAL. */
#include "ptest.h"
#include <stdint.h>
#include <sys/mman.h>

int main(void)
{
	const size_t len = 16 * 4096;
	for (int round = 0; round < 64; round++) {
		unsigned char *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		CHECK(p != MAP_FAILED, "mmap: %s", strerror(errno));
		CHECK(((uintptr_t)p & 4095) == 0, "mmap returned an unaligned %p", (void *)p);
		for (size_t i = 0; i < len; i += 512)
			CHECK(p[i] == 0, "byte %zu of a fresh mapping is %d", i, p[i]);
		for (size_t i = 0; i < len; i++)
			p[i] = (unsigned char)(i * 7 + round);
		for (size_t i = 0; i < len; i++)
			CHECK(p[i] == (unsigned char)(i * 7 + round), "byte %zu reads back wrong", i);
		CHECK(munmap(p, len) == 0, "munmap: %s", strerror(errno));
	}
	errno = 0;
	CHECK(mmap(NULL, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) == MAP_FAILED && errno == EINVAL,
	      "length 0: %s, expected EINVAL", strerror(errno));
	errno = 0;
	CHECK(mmap(NULL, 4096, PROT_READ, MAP_ANONYMOUS, -1, 0) == MAP_FAILED && errno == EINVAL,
	      "neither MAP_PRIVATE nor MAP_SHARED: %s, expected EINVAL", strerror(errno));
	errno = 0;
	CHECK(munmap((void *)4097, 4096) == -1 && errno == EINVAL, "unaligned munmap: %s, expected EINVAL", strerror(errno));

	/* A hint-free MAP_FIXED over part of a mapping replaces just that part. */
	unsigned char *p = mmap(NULL, 3 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(p != MAP_FAILED, "mmap: %s", strerror(errno));
	memset(p, 0xaa, 3 * 4096);
	unsigned char *q = mmap(p + 4096, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	CHECK(q == p + 4096, "MAP_FIXED returned %p, expected %p", (void *)q, (void *)(p + 4096));
	CHECK(p[0] == 0xaa && q[0] == 0 && p[2 * 4096] == 0xaa, "MAP_FIXED did not replace exactly its page");
	munmap(p, 3 * 4096);
	return 0;
}
