/* A process whose stack overflows gets SIGSEGV, and a handler installed with
 * SA_ONSTACK on a sigaltstack can run and recover with siglongjmp. */
#include "ptest.h"
#include <setjmp.h>
#include <stdint.h>

static char altstack[64 * 1024];
static volatile int on_alt, handled;
static sigjmp_buf back;
static volatile int depth_limit = 1 << 30;
static volatile uintptr_t sink;

static void on_overflow(int sig)
{
	int local;
	(void)sig;
	on_alt = (char *)&local >= altstack && (char *)&local < altstack + sizeof altstack;
	handled = 1;
	siglongjmp(back, 1);
}

static int recurse(int n)
{
	volatile char pad[1024];
	pad[0] = (char)n;
	sink += (uintptr_t)pad;
	if (n < depth_limit)
		return recurse(n + 1) + pad[0];
	return 0;
}

int main(void)
{
	watchdog(20);
	stack_t ss = { .ss_sp = altstack, .ss_size = sizeof altstack, .ss_flags = 0 };
	CHECK(sigaltstack(&ss, NULL) == 0, "sigaltstack: %s", strerror(errno));
	struct sigaction sa = { .sa_handler = on_overflow, .sa_flags = SA_ONSTACK };
	sigemptyset(&sa.sa_mask);
	sigaction(SIGSEGV, &sa, NULL);
	if (sigsetjmp(back, 1) == 0) {
		recurse(0);
		fail("a recursion a billion frames deep returned");
	}
	CHECK(handled, "the handler did not run");
	CHECK(on_alt, "the stack-overflow handler did not run on the alternate stack");
	return 0;
}
