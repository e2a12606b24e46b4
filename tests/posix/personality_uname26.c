/* personality(2): 0xffffffff reads the persona without changing it; setting
 * one returns the old; UNAME26 makes uname report a 2.6 release
 * (2.6.(60 + minor) and the rest of the real release after the numbers);
 * the persona is inherited by fork and kept across exec. */
#include "ptest.h"
#include <sys/personality.h>
#include <sys/utsname.h>

int main(int argc, char **argv)
{
	watchdog(20);
	if (argc > 1) { /* after exec: still UNAME26 */
		return personality(0xffffffff) == UNAME26 ? 0 : 4;
	}
	struct utsname real, old;
	CHECK(uname(&real) == 0, "uname");
	int cur = personality(0xffffffff);
	CHECK(cur == PER_LINUX, "persona %#x at start", cur);
	CHECK(personality(UNAME26) == PER_LINUX, "setting returned something else");
	CHECK(personality(0xffffffff) == UNAME26, "the persona was not kept");
	CHECK(uname(&old) == 0, "uname");
	unsigned major, minor;
	CHECK(sscanf(real.release, "%u.%u", &major, &minor) == 2, "release %s", real.release);
	char want[80];
	const char *rest = real.release;
	int dots = 0;
	while (*rest && ((*rest >= '0' && *rest <= '9') || (*rest == '.' && ++dots < 3)))
		rest++;
	snprintf(want, sizeof want, "2.6.%u%s", minor + 60, rest);
	CHECK(!strcmp(old.release, want), "UNAME26 release \"%s\", expected \"%s\"", old.release, want);

	pid_t child = fork_or_fail();
	if (child == 0) {
		if (personality(0xffffffff) != UNAME26)
			_exit(2);
		execl("/proc/self/exe", argv[0], "after-exec", (char *)0);
		_exit(3);
	}
	int st = wait_for(child);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "inherited persona: step %d", WEXITSTATUS(st));
	CHECK(personality(PER_LINUX) == UNAME26, "resetting returned something else");
	CHECK(uname(&old) == 0 && !strcmp(old.release, real.release), "the release stayed 2.6");
	return 0;
}
