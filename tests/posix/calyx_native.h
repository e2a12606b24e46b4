/* calyx_native.h: native Calyx calls from a plain musl-gcc program, for the
 * calyx_native_* tests (Calyx only: on Linux these numbers mean nothing).
 *
 * A native call is the x86_64 `syscall` instruction with the native bit in
 * the number (CX_NATIVE_BIT, 0x80000000: kernel/syscall.c sends such numbers
 * to the native table, every other number to the POSIX server), arguments in
 * rdi, rsi, rdx, r10, r8, r9, r12, r13, the result in rax (bit 63 set for an
 * error) and a result struct's fields in rdx, r10, r8, r9
 * (include/calyx/syscalls.toml, [abi]).
 *
 * A test that should be granted the native authority puts
 * CALYX_ASKS_FOR_NATIVE_AUTHORITY at file scope: the ELF note libc-port/cx-cc
 * links into its programs (include/calyx/start.h). */
#ifndef CALYX_NATIVE_TEST_H
#define CALYX_NATIVE_TEST_H

#include "ptest.h"
#include "elfimage.h"
#include <fcntl.h>
#include <stdint.h>
#include <sys/auxv.h>
#include "../../include/calyx/abi.h"
#include "../../include/calyx/start.h"

#define CN_STR2(x) #x
#define CN_STR(x) CN_STR2(x)
#define CALYX_ASKS_FOR_NATIVE_AUTHORITY                                                       \
	__asm__(".pushsection .note.calyx, \"a\", @note\n"                                    \
		".balign 4\n"                                                                 \
		".long 6, 0, " CN_STR(CX_NOTE_NATIVE_AUTHORITY) "\n"                          \
		".asciz \"" CX_NOTE_NAME "\"\n"                                               \
		".balign 4\n"                                                                 \
		".popsection")

/* One native call with eight arguments; out (may be NULL) gets rdx, r10, r8, r9. */
static inline uint64_t native_call(uint64_t nr, const uint64_t a[8], uint64_t out[4])
{
	register uint64_t rax __asm__("rax") = nr;
	register uint64_t rdi __asm__("rdi") = a[0];
	register uint64_t rsi __asm__("rsi") = a[1];
	register uint64_t rdx __asm__("rdx") = a[2];
	register uint64_t r10 __asm__("r10") = a[3];
	register uint64_t r8 __asm__("r8") = a[4];
	register uint64_t r9 __asm__("r9") = a[5];
	register uint64_t r12 __asm__("r12") = a[6];
	register uint64_t r13 __asm__("r13") = a[7];
	__asm__ volatile("syscall"
			 : "+r"(rax), "+r"(rdx), "+r"(r10), "+r"(r8), "+r"(r9)
			 : "r"(rdi), "r"(rsi), "r"(r12), "r"(r13)
			 : "rcx", "r11", "memory");
	if (out) {
		out[0] = rdx, out[1] = r10, out[2] = r8, out[3] = r9;
	}
	return rax;
}

/* A native program of `code` bytes: one PT_LOAD segment (R+X) holding the
 * headers and the code, entered at the code. Its size. */
#define TINY_BASE 0x400000ul
static inline size_t tiny_native(uint8_t *buf, const uint8_t *code, size_t n)
{
	Elf64_Ehdr *eh = (Elf64_Ehdr *)buf;
	Elf64_Phdr *ph = (Elf64_Phdr *)(buf + sizeof *eh);
	size_t size = sizeof *eh + sizeof *ph + n;
	memset(buf, 0, size);
	elf_exec_header(eh, TINY_BASE + sizeof *eh + sizeof *ph, 1);
	ph->p_type = PT_LOAD;
	ph->p_flags = PF_R | PF_X;
	ph->p_vaddr = ph->p_paddr = TINY_BASE;
	ph->p_filesz = ph->p_memsz = size;
	ph->p_align = 0x1000;
	memcpy(buf + sizeof *eh + sizeof *ph, code, n);
	return size;
}

/* exit(42) through the native exit call. */
static const uint8_t tiny_exit42[] = {
	0xbf, 0x2a, 0x00, 0x00, 0x00, /* mov edi, 42 */
	0xb8, 0x01, 0x00, 0x00, 0x80, /* mov eax, 0x80000001 (CX_NR_EXIT) */
	0x0f, 0x05,                   /* syscall */
	0xeb, 0xfe,                   /* jmp . (not reached) */
};
/* Spins forever without a system call: only a kill ends it. */
static const uint8_t tiny_spin[] = { 0xeb, 0xfe /* jmp . */ };
/* Sleeps (native nanosleep of 10^6 s) again and again: only a kill ends it. */
static const uint8_t tiny_sleep[] = {
	0x48, 0x8d, 0x3d, 0x09, 0x00, 0x00, 0x00, /* 0: lea rdi, [rip + 9] (the timespec at 16) */
	0xb8, 0x29, 0x00, 0x00, 0x80,             /* 7: mov eax, 0x80000029 (CX_NR_NANOSLEEP) */
	0x0f, 0x05,                               /* 12: syscall */
	0xeb, 0xf0,                               /* 14: jmp 0 */
	0x40, 0x42, 0x0f, 0, 0, 0, 0, 0,          /* 16: sec = 1000000 */
	0, 0, 0, 0, 0, 0, 0, 0,                   /* 24: nsec = 0 */
};

/* process_create(authority, image of tiny `code`, no arguments, no capabilities). */
static inline uint64_t native_create(uint64_t authority, const uint8_t *code, size_t n)
{
	static uint8_t image[256];
	size_t size = tiny_native(image, code, n);
	const uint64_t a[8] = { authority, (uint64_t)(uintptr_t)image, size, 0, 0, 0, 0 };
	return native_call(CX_NR_PROCESS_CREATE, a, NULL);
}

/* Starts process pid and waits for it: its exit code, or -1. */
static inline long native_start_wait(uint64_t pid)
{
	const uint64_t start[8] = { pid };
	const uint64_t wait[8] = { pid, CX_TIMEOUT_INFINITE };
	uint64_t info[4];
	if (native_call(CX_NR_PROCESS_START, start, NULL) != 0 || native_call(CX_NR_PROCESS_WAIT, wait, info) != 0 ||
	    info[0] != CX_EXIT_NORMAL)
		return -1;
	return (long)info[1];
}

/* The capabilities this program started with (calyx/start.h): how many, and the first. */
static inline unsigned long start_ncaps(void) { return getauxval(CX_AT_CAPS) ? getauxval(CX_AT_NCAPS) : 0; }
static inline uint64_t start_cap0(void)
{
	const uint64_t *caps = (const uint64_t *)getauxval(CX_AT_CAPS);
	return caps && start_ncaps() ? caps[0] : CX_CAP_NULL;
}

/* What this process holds: 1 the native authority (its one start capability
 * creates a native process, which runs and exits with 42), 0 none (no start
 * capability, and process_create without one is PermissionDenied), -1
 * anything else. */
static inline int native_authority_held(void)
{
	if (start_ncaps() == 0)
		return native_create(CX_CAP_NULL, tiny_exit42, sizeof tiny_exit42) ==
			       CX_MKERR(CX_ERR_PERMISSION_DENIED) ? 0 : -1;
	if (start_ncaps() != 1)
		return -1;
	uint64_t pid = native_create(start_cap0(), tiny_exit42, sizeof tiny_exit42);
	return !CX_IS_ERR(pid) && native_start_wait(pid) == 42 ? 1 : -1;
}

#endif
