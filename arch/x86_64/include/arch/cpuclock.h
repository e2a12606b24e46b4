/* x86_64's CPU-time counter (kernel/arch.h, arch_cpu_clock): the TSC, read
   inline because the kernel reads it at every entry, exit and switch. */
#ifndef ARCH_CPUCLOCK_H
#define ARCH_CPUCLOCK_H

#include <stdint.h>

static inline uint64_t arch_cpu_clock(void)
{
    uint32_t lo, hi;
    __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
    return ((uint64_t)hi << 32) | lo;
}

#endif
