/* A write to a PROT_READ page raises SIGSEGV with si_code SEGV_ACCERR and
 * si_addr = the faulting address; the handler recovers with siglongjmp, and
 * after mprotect(PROT_READ|PROT_WRITE) the same write succeeds. */
#include "ptest.h"
#include <setjmp.h>
#include <sys/mman.h>
#include <sys/syscall.h>

static sigjmp_buf back;
static void *volatile fault_addr;
static volatile int fault_code, faults;

static void on_segv(int sig, siginfo_t *si, void *ctx)
{
	(void)sig; (void)ctx;
	fault_addr = si->si_addr;
	fault_code = si->si_code;
	faults++;
	siglongjmp(back, 1);
}

int main(void)
{
	struct sigaction sa = { .sa_sigaction = on_segv, .sa_flags = SA_SIGINFO };
	sigemptyset(&sa.sa_mask);
	sigaction(SIGSEGV, &sa, NULL);
	char *p = mmap(NULL, 2 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(p != MAP_FAILED, "mmap: %s", strerror(errno));
	p[4096 + 100] = 'x';
	CHECK(mprotect(p + 4096, 4096, PROT_READ) == 0, "mprotect: %s", strerror(errno));
	CHECK(p[4096 + 100] == 'x', "a read-only page lost its contents");
	p[0] = 'w'; /* the first page stays writable */

	volatile char *target = p + 4096 + 123;
	if (sigsetjmp(back, 1) == 0) {
		*target = 'y';
		fail("a write to a PROT_READ page succeeded");
	}
	CHECK(faults == 1, "%d faults, expected 1", faults);
	CHECK(fault_addr == (void *)target, "si_addr %p, expected %p", fault_addr, (void *)target);
	CHECK(fault_code == SEGV_ACCERR, "si_code %d, expected SEGV_ACCERR (%d)", fault_code, SEGV_ACCERR);

	/* The signal mask was restored by siglongjmp: a second fault is caught too. */
	if (sigsetjmp(back, 1) == 0) {
		target[1] = 'z';
		fail("a second write to a PROT_READ page succeeded");
	}
	CHECK(faults == 2 && fault_addr == (void *)(target + 1), "second fault: count %d, si_addr %p", faults, fault_addr);

	CHECK(mprotect(p + 4096, 4096, PROT_READ | PROT_WRITE) == 0, "mprotect back: %s", strerror(errno));
	*target = 'y';
	CHECK(*target == 'y' && p[4096 + 100] == 'x', "contents wrong after making the page writable again");

	/* The raw call: musl's mprotect rounds the address down itself. */
	CHECK(syscall(SYS_mprotect, p + 1, 4096, PROT_READ) == -1 && errno == EINVAL, "unaligned mprotect: %s, expected EINVAL", strerror(errno));
	return 0;
}
