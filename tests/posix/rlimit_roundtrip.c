/* getrlimit and prlimit64 report the same limits; lowering a soft limit reads
 * back; raising the soft limit above the hard one is EINVAL; unknown resources
 * are EINVAL. */
#include "ptest.h"
#include <sys/resource.h>
#include <sys/syscall.h>

struct rlimit64_abi { unsigned long long cur, max; };

int main(void)
{
	static const int resources[] = { RLIMIT_STACK, RLIMIT_NOFILE, RLIMIT_AS, RLIMIT_CORE, RLIMIT_NPROC, RLIMIT_DATA };
	for (unsigned i = 0; i < sizeof resources / sizeof resources[0]; i++) {
		struct rlimit rl;
		struct rlimit64_abi pl;
		CHECK(getrlimit(resources[i], &rl) == 0, "getrlimit(%d): %s", resources[i], strerror(errno));
		CHECK(rl.rlim_cur <= rl.rlim_max, "resource %d: soft %llu above hard %llu", resources[i],
		      (unsigned long long)rl.rlim_cur, (unsigned long long)rl.rlim_max);
		CHECK(syscall(SYS_prlimit64, 0, resources[i], NULL, &pl) == 0, "prlimit64(%d): %s", resources[i], strerror(errno));
		CHECK(pl.cur == (unsigned long long)rl.rlim_cur && pl.max == (unsigned long long)rl.rlim_max,
		      "resource %d: prlimit64 and getrlimit disagree", resources[i]);
	}
	struct rlimit nofile, back;
	getrlimit(RLIMIT_NOFILE, &nofile);
	CHECK(nofile.rlim_cur >= 20, "RLIMIT_NOFILE soft limit %llu is too small", (unsigned long long)nofile.rlim_cur);
	struct rlimit lower = { .rlim_cur = 20, .rlim_max = nofile.rlim_max };
	CHECK(setrlimit(RLIMIT_NOFILE, &lower) == 0, "setrlimit: %s", strerror(errno));
	getrlimit(RLIMIT_NOFILE, &back);
	CHECK(back.rlim_cur == 20 && back.rlim_max == nofile.rlim_max, "soft limit read back as %llu",
	      (unsigned long long)back.rlim_cur);
	if (nofile.rlim_max != RLIM_INFINITY) {
		struct rlimit above = { .rlim_cur = nofile.rlim_max + 1, .rlim_max = nofile.rlim_max };
		CHECK(setrlimit(RLIMIT_NOFILE, &above) == -1 && errno == EINVAL, "soft above hard: %s, expected EINVAL",
		      strerror(errno));
	}
	CHECK(setrlimit(RLIMIT_NOFILE, &nofile) == 0, "restoring the limit: %s", strerror(errno));
	struct rlimit rl;
	CHECK(syscall(SYS_getrlimit, 1000, &rl) == -1 && errno == EINVAL, "resource 1000: %s, expected EINVAL", strerror(errno));
	return 0;
}
