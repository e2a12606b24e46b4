/* setreuid and setuid as Linux: the saved uid follows the new effective uid
 * when the real uid is set or the effective one moves away from the real;
 * a user may make its real uid only its real or effective one, and setuid
 * of an unprivileged process takes only its real or saved uid. */
#include "ptest.h"

static void ids(uid_t *r, uid_t *e, uid_t *s)
{
	CHECK(getresuid(r, e, s) == 0, "getresuid: %s", strerror(errno));
}

#define EXPECT_IDS(R, E, S, what) \
	do { uid_t r_, e_, s_; ids(&r_, &e_, &s_); \
	     CHECK(r_ == (R) && e_ == (E) && s_ == (S), "%s: ids %u/%u/%u, expected %u/%u/%u", what, \
		   r_, e_, s_, (unsigned)(R), (unsigned)(E), (unsigned)(S)); } while (0)

int main(void)
{
	watchdog(20);
	pid_t c = fork_or_fail();
	if (c == 0) {
		CHECK(setresuid(1000, 1001, 1002) == 0, "setresuid: %s", strerror(errno));
		/* effective moves away from the real: the saved id follows it */
		CHECK(setreuid(-1, 1002) == 0, "setreuid(-1, saved): %s", strerror(errno));
		EXPECT_IDS(1000, 1002, 1002, "setreuid(-1, 1002)");
		/* effective back to the real: the saved id stays */
		CHECK(setreuid(-1, 1000) == 0, "setreuid(-1, real): %s", strerror(errno));
		EXPECT_IDS(1000, 1000, 1002, "setreuid(-1, 1000)");
		/* the real id may not become the saved one */
		CHECK(setreuid(1002, -1) == -1 && errno == EPERM, "setreuid(saved, -1): %s", strerror(errno));
		/* swapping real and effective: the real id is set, the saved follows */
		CHECK(setreuid(-1, 1002) == 0 && setreuid(1002, 1000) == 0, "swapping: %s", strerror(errno));
		EXPECT_IDS(1002, 1000, 1000, "setreuid(1002, 1000)");
		/* setuid to the real or saved id sets only the effective */
		CHECK(setuid(1002) == 0, "setuid(real): %s", strerror(errno));
		EXPECT_IDS(1002, 1002, 1000, "setuid(1002)");
		CHECK(setuid(1234) == -1 && errno == EPERM, "setuid(other): %s", strerror(errno));
		_exit(0);
	}
	int status = wait_for(c);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "the child: status 0x%x", status);
	return 0;
}
