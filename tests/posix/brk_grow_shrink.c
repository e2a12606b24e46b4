/* The brk system call reports the break, grows it (new memory is zeroed and
 * writable), shrinks it (memory above is gone) and refuses to go below the start. */
#include "ptest.h"
#include <setjmp.h>
#include <stdint.h>
#include <sys/syscall.h>

static sigjmp_buf back;
static void on_segv(int sig) { (void)sig; siglongjmp(back, 1); }

static uintptr_t brk_call(uintptr_t want)
{
	return (uintptr_t)syscall(SYS_brk, want);
}

int main(void)
{
	signal(SIGSEGV, on_segv);
	uintptr_t start = brk_call(0);
	CHECK(start != 0 && start != (uintptr_t)-1, "brk(0) returned %#lx", (unsigned long)start);
	CHECK(brk_call(0) == start, "brk(0) is not stable");

	const uintptr_t grow = 256 * 1024;
	uintptr_t top = brk_call(start + grow);
	CHECK(top == start + grow, "brk(+256 KiB) returned %#lx, expected %#lx", (unsigned long)top, (unsigned long)(start + grow));
	volatile unsigned char *mem = (unsigned char *)start;
	for (uintptr_t i = 0; i < grow; i += 1024)
		CHECK(mem[i] == 0, "grown memory at +%lu is not zero", (unsigned long)i);
	for (uintptr_t i = 0; i < grow; i++)
		mem[i] = (unsigned char)i;
	CHECK(mem[grow - 1] == (unsigned char)(grow - 1), "grown memory did not keep a write");

	/* Shrink by a page-aligned amount: the top pages go away. */
	uintptr_t low = (start + 4096 + 4095) & ~(uintptr_t)4095;
	CHECK(brk_call(low) == low, "shrinking brk failed");
	CHECK(mem[0] == 0, "memory below the new break changed");
	if (sigsetjmp(back, 1) == 0) {
		(void)mem[low - start + 8192];
		fail("memory above a shrunk break is still readable");
	}

	/* Regrowing gives zeroed memory again, not the old contents. */
	CHECK(brk_call(start + grow) == start + grow, "regrow failed");
	CHECK(mem[grow - 1] == 0, "regrown memory kept old contents %d", mem[grow - 1]);

	/* Below the start: refused, the break stays where it was. */
	CHECK(brk_call(start - 4096 * 1024) == start + grow, "brk below the start moved the break");
	CHECK(brk_call(start) == start, "back to the start failed");
	return 0;
}
