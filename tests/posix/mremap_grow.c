/* mremap grows a mapping (moving it if allowed) and keeps its contents; the
 * new tail is zeroed and writable; shrinking keeps the head; growing in place
 * without MREMAP_MAYMOVE fails with ENOMEM when the next page is taken. */
#include "ptest.h"
#include <sys/mman.h>

int main(void)
{
	const size_t small = 4 * 4096, big = 64 * 4096;
	unsigned char *p = mmap(NULL, small + 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(p != MAP_FAILED, "mmap: %s", strerror(errno));
	/* Keep the page after the mapping occupied so in-place growth is impossible. */
	CHECK(mprotect(p + small, 4096, PROT_NONE) == 0, "mprotect: %s", strerror(errno));
	for (size_t i = 0; i < small; i++)
		p[i] = (unsigned char)(i * 13);
	errno = 0;
	CHECK(mremap(p, small, big, 0) == MAP_FAILED && errno == ENOMEM, "in-place growth into a taken page: %s, expected ENOMEM",
	      strerror(errno));

	unsigned char *q = mremap(p, small, big, MREMAP_MAYMOVE);
	CHECK(q != MAP_FAILED, "mremap MAYMOVE: %s", strerror(errno));
	for (size_t i = 0; i < small; i++)
		CHECK(q[i] == (unsigned char)(i * 13), "byte %zu lost in the move", i);
	for (size_t i = small; i < big; i += 512)
		CHECK(q[i] == 0, "new tail byte %zu is %d, expected 0", i, q[i]);
	memset(q + small, 0x5a, big - small);

	unsigned char *r = mremap(q, big, 4096, 0);
	CHECK(r == q, "shrinking moved the mapping");
	CHECK(r[100] == (unsigned char)(100 * 13), "shrinking lost the head");
	CHECK(munmap(r, 4096) == 0, "munmap: %s", strerror(errno));
	munmap(p + small, 4096);
	errno = 0;
	CHECK(mremap(p + 1, 4096, 8192, MREMAP_MAYMOVE) == MAP_FAILED && errno == EINVAL, "unaligned mremap: %s, expected EINVAL",
	      strerror(errno));
	return 0;
}
