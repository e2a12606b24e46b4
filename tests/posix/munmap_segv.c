/* Touching memory after munmap raises SIGSEGV with si_code SEGV_MAPERR and
 * si_addr = the address; so does a PROT_NONE page, with SEGV_ACCERR. */
#include "ptest.h"
#include <setjmp.h>
#include <sys/mman.h>

static sigjmp_buf back;
static void *volatile fault_addr;
static volatile int fault_code;

static void on_segv(int sig, siginfo_t *si, void *ctx)
{
	(void)sig; (void)ctx;
	fault_addr = si->si_addr;
	fault_code = si->si_code;
	siglongjmp(back, 1);
}

int main(void)
{
	struct sigaction sa = { .sa_sigaction = on_segv, .sa_flags = SA_SIGINFO };
	sigemptyset(&sa.sa_mask);
	sigaction(SIGSEGV, &sa, NULL);
	char *p = mmap(NULL, 3 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(p != MAP_FAILED, "mmap: %s", strerror(errno));
	memset(p, 1, 3 * 4096);
	CHECK(munmap(p + 4096, 4096) == 0, "munmap: %s", strerror(errno));

	volatile char *gone = p + 4096 + 8;
	if (sigsetjmp(back, 1) == 0) {
		(void)*gone;
		fail("a read of unmapped memory succeeded");
	}
	CHECK(fault_addr == (void *)gone, "si_addr %p, expected %p", fault_addr, (void *)gone);
	CHECK(fault_code == SEGV_MAPERR, "si_code %d, expected SEGV_MAPERR (%d)", fault_code, SEGV_MAPERR);
	CHECK(p[0] == 1 && p[2 * 4096] == 1, "the neighbouring pages were harmed");

	CHECK(mprotect(p, 4096, PROT_NONE) == 0, "mprotect PROT_NONE: %s", strerror(errno));
	volatile char *none = p + 16;
	if (sigsetjmp(back, 1) == 0) {
		(void)*none;
		fail("a read of a PROT_NONE page succeeded");
	}
	CHECK(fault_addr == (void *)none, "PROT_NONE: si_addr %p, expected %p", fault_addr, (void *)none);
	CHECK(fault_code == SEGV_ACCERR, "PROT_NONE: si_code %d, expected SEGV_ACCERR (%d)", fault_code, SEGV_ACCERR);
	return 0;
}
