/* getrandom fills the whole buffer with bytes that are not all zero and
 * differ between calls; GRND_NONBLOCK works; bad flags are EINVAL. */
#include "ptest.h"
#include <sys/random.h>

int main(void)
{
	unsigned char a[256], b[256];
	memset(a, 0, sizeof a);
	memset(b, 0, sizeof b);
	ssize_t n = getrandom(a, sizeof a, 0);
	CHECK(n == (ssize_t)sizeof a, "getrandom returned %zd (%s), expected %zu", n, strerror(errno), sizeof a);
	n = getrandom(b, sizeof b, GRND_NONBLOCK);
	CHECK(n == (ssize_t)sizeof b, "GRND_NONBLOCK returned %zd (%s)", n, strerror(errno));
	CHECK(memcmp(a, b, sizeof a) != 0, "two calls gave the same 256 bytes");
	int nonzero = 0, tail_nonzero = 0;
	for (unsigned i = 0; i < sizeof a; i++)
		nonzero += a[i] != 0;
	for (unsigned i = sizeof a - 16; i < sizeof a; i++)
		tail_nonzero |= a[i] | b[i];
	CHECK(nonzero > 200, "only %d of 256 bytes are non-zero", nonzero);
	CHECK(tail_nonzero, "the last 16 bytes were never filled");
	CHECK(getrandom(a, 0, 0) == 0, "a zero-length request did not return 0");
	CHECK(getrandom(a, 16, 0x1000) == -1 && errno == EINVAL, "flags 0x1000: %s, expected EINVAL", strerror(errno));
	return 0;
}
