/* A signal set to SIG_IGN is discarded (SIGTERM and SIGINT do not kill), the
 * disposition reads back as SIG_IGN, and SIGKILL cannot be ignored or caught. */
#include "ptest.h"

int main(void)
{
	struct sigaction sa = { .sa_handler = SIG_IGN }, old;
	sigemptyset(&sa.sa_mask);
	CHECK(sigaction(SIGTERM, &sa, NULL) == 0, "sigaction SIGTERM: %s", strerror(errno));
	CHECK(sigaction(SIGINT, &sa, NULL) == 0, "sigaction SIGINT: %s", strerror(errno));
	kill(getpid(), SIGTERM);
	raise(SIGINT);
	sigset_t pending;
	sigpending(&pending);
	CHECK(!sigismember(&pending, SIGTERM) && !sigismember(&pending, SIGINT), "an ignored signal is pending");
	CHECK(sigaction(SIGTERM, NULL, &old) == 0 && old.sa_handler == SIG_IGN, "SIGTERM disposition did not read back as SIG_IGN");
	errno = 0;
	CHECK(sigaction(SIGKILL, &sa, NULL) == -1 && errno == EINVAL, "ignoring SIGKILL: %s, expected EINVAL", strerror(errno));
	CHECK(sigaction(SIGSTOP, &sa, NULL) == -1 && errno == EINVAL, "ignoring SIGSTOP: %s, expected EINVAL", strerror(errno));
	CHECK(sigaction(0, &sa, NULL) == -1 && errno == EINVAL, "sigaction(0): %s, expected EINVAL", strerror(errno));
	CHECK(sigaction(65, &sa, NULL) == -1 && errno == EINVAL, "sigaction(65): %s, expected EINVAL", strerror(errno));
	return 0;
}
