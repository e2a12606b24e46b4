/* The native syscall instruction for x86_64 (hand-written: the generated
   calyx/syscalls.h builds every cx_<name>() stub on these, so a port to
   another CPU brings its own in libc-port/native/arch/<cpu>/include/).

   rax holds the number (CX_NR_*), the arguments go in rdi, rsi, rdx, r10,
   r8, r9, r12, r13 and the result comes back in rax. Calls with a struct
   result also return its fields in rdx, r10, r8, r9: use the _r4 variants.
   The instruction overwrites rcx (return address) and r11 (flags); the
   kernel preserves every other register. "memory" because the kernel
   reads and writes user buffers behind the compiler's back. */
#ifndef CALYX_SYSCALL_ARCH_H
#define CALYX_SYSCALL_ARCH_H

#include <stdint.h>

static inline uint64_t cx_syscall0(uint64_t nr)
{
    uint64_t ret;
    __asm__ volatile("syscall" : "=a"(ret) : "a"(nr) : "rcx", "r11", "memory");
    return ret;
}

static inline uint64_t cx_syscall1(uint64_t nr, uint64_t a1)
{
    uint64_t ret;
    __asm__ volatile("syscall" : "=a"(ret) : "a"(nr), "D"(a1) : "rcx", "r11", "memory");
    return ret;
}

static inline uint64_t cx_syscall2(uint64_t nr, uint64_t a1, uint64_t a2)
{
    uint64_t ret;
    __asm__ volatile("syscall" : "=a"(ret) : "a"(nr), "D"(a1), "S"(a2) : "rcx", "r11", "memory");
    return ret;
}

static inline uint64_t cx_syscall3(uint64_t nr, uint64_t a1, uint64_t a2, uint64_t a3)
{
    uint64_t ret;
    __asm__ volatile("syscall" : "=a"(ret) : "a"(nr), "D"(a1), "S"(a2), "d"(a3)
                     : "rcx", "r11", "memory");
    return ret;
}

static inline uint64_t cx_syscall4(uint64_t nr, uint64_t a1, uint64_t a2, uint64_t a3,
                                   uint64_t a4)
{
    register uint64_t r10 __asm__("r10") = a4;
    uint64_t ret;
    __asm__ volatile("syscall" : "=a"(ret) : "a"(nr), "D"(a1), "S"(a2), "d"(a3), "r"(r10)
                     : "rcx", "r11", "memory");
    return ret;
}

static inline uint64_t cx_syscall5(uint64_t nr, uint64_t a1, uint64_t a2, uint64_t a3,
                                   uint64_t a4, uint64_t a5)
{
    register uint64_t r10 __asm__("r10") = a4;
    register uint64_t r8 __asm__("r8") = a5;
    uint64_t ret;
    __asm__ volatile("syscall" : "=a"(ret)
                     : "a"(nr), "D"(a1), "S"(a2), "d"(a3), "r"(r10), "r"(r8)
                     : "rcx", "r11", "memory");
    return ret;
}

static inline uint64_t cx_syscall6(uint64_t nr, uint64_t a1, uint64_t a2, uint64_t a3,
                                   uint64_t a4, uint64_t a5, uint64_t a6)
{
    register uint64_t r10 __asm__("r10") = a4;
    register uint64_t r8 __asm__("r8") = a5;
    register uint64_t r9 __asm__("r9") = a6;
    uint64_t ret;
    __asm__ volatile("syscall" : "=a"(ret)
                     : "a"(nr), "D"(a1), "S"(a2), "d"(a3), "r"(r10), "r"(r8), "r"(r9)
                     : "rcx", "r11", "memory");
    return ret;
}

static inline uint64_t cx_syscall7(uint64_t nr, uint64_t a1, uint64_t a2, uint64_t a3,
                                   uint64_t a4, uint64_t a5, uint64_t a6, uint64_t a7)
{
    register uint64_t r10 __asm__("r10") = a4;
    register uint64_t r8 __asm__("r8") = a5;
    register uint64_t r9 __asm__("r9") = a6;
    register uint64_t r12 __asm__("r12") = a7;
    uint64_t ret;
    __asm__ volatile("syscall" : "=a"(ret)
                     : "a"(nr), "D"(a1), "S"(a2), "d"(a3), "r"(r10), "r"(r8), "r"(r9),
                       "r"(r12)
                     : "rcx", "r11", "memory");
    return ret;
}

static inline uint64_t cx_syscall8(uint64_t nr, uint64_t a1, uint64_t a2, uint64_t a3,
                                   uint64_t a4, uint64_t a5, uint64_t a6, uint64_t a7,
                                   uint64_t a8)
{
    register uint64_t r10 __asm__("r10") = a4;
    register uint64_t r8 __asm__("r8") = a5;
    register uint64_t r9 __asm__("r9") = a6;
    register uint64_t r12 __asm__("r12") = a7;
    register uint64_t r13 __asm__("r13") = a8;
    uint64_t ret;
    __asm__ volatile("syscall" : "=a"(ret)
                     : "a"(nr), "D"(a1), "S"(a2), "d"(a3), "r"(r10), "r"(r8), "r"(r9),
                       "r"(r12), "r"(r13)
                     : "rcx", "r11", "memory");
    return ret;
}

/* Struct results: as cx_syscall6/cx_syscall8, and on return out[0..3] hold
   rdx, r10, r8, r9 (meaningful only when rax is 0). */
static inline uint64_t cx_syscall6_r4(uint64_t nr, uint64_t a1, uint64_t a2, uint64_t a3,
                                      uint64_t a4, uint64_t a5, uint64_t a6, uint64_t out[4])
{
    register uint64_t rdx __asm__("rdx") = a3;
    register uint64_t r10 __asm__("r10") = a4;
    register uint64_t r8 __asm__("r8") = a5;
    register uint64_t r9 __asm__("r9") = a6;
    uint64_t ret;
    __asm__ volatile("syscall" : "=a"(ret), "+r"(rdx), "+r"(r10), "+r"(r8), "+r"(r9)
                     : "a"(nr), "D"(a1), "S"(a2)
                     : "rcx", "r11", "memory");
    out[0] = rdx;
    out[1] = r10;
    out[2] = r8;
    out[3] = r9;
    return ret;
}

static inline uint64_t cx_syscall8_r4(uint64_t nr, uint64_t a1, uint64_t a2, uint64_t a3,
                                      uint64_t a4, uint64_t a5, uint64_t a6, uint64_t a7,
                                      uint64_t a8, uint64_t out[4])
{
    register uint64_t rdx __asm__("rdx") = a3;
    register uint64_t r10 __asm__("r10") = a4;
    register uint64_t r8 __asm__("r8") = a5;
    register uint64_t r9 __asm__("r9") = a6;
    register uint64_t r12 __asm__("r12") = a7;
    register uint64_t r13 __asm__("r13") = a8;
    uint64_t ret;
    __asm__ volatile("syscall" : "=a"(ret), "+r"(rdx), "+r"(r10), "+r"(r8), "+r"(r9)
                     : "a"(nr), "D"(a1), "S"(a2), "r"(r12), "r"(r13)
                     : "rcx", "r11", "memory");
    out[0] = rdx;
    out[1] = r10;
    out[2] = r8;
    out[3] = r9;
    return ret;
}

#endif
