/* The CPU's entropy source: RDRAND when CPUID says the CPU has it, else the
   jitter of the time stamp counter across short, data-dependent delays. */
#include "kernel/arch.h"
#include <arch/cpu.h>

#define RDRAND_TRIES 10  /* Intel's advice: a few retries, then treat the unit as failed */
#define JITTER_SAMPLES 64

static int rdrand_state = -1; /* -1: not asked yet */

static int have_rdrand(void)
{
    if (rdrand_state < 0) {
        uint32_t r[4];
        cpuid(1, 0, r);
        rdrand_state = (r[2] >> 30) & 1; /* CPUID.1:ECX.RDRAND[bit 30] */
    }
    return rdrand_state;
}

static int rdrand64(uint64_t *out)
{
    for (int i = 0; i < RDRAND_TRIES; i++) {
        uint8_t ok;
        __asm__ volatile("rdrand %0; setc %1" : "=r"(*out), "=qm"(ok) :: "cc");
        if (ok)
            return 1;
    }
    return 0;
}

/* Each sample times a loop whose length depends on the previous timing, so
   the low bits of the differences carry the noise of caches, interrupts and
   the emulator; they are folded together with a multiply-rotate. */
static uint64_t tsc_jitter(void)
{
    uint64_t acc = rdtsc();
    for (int i = 0; i < JITTER_SAMPLES; i++) {
        uint64_t start = rdtsc();
        for (volatile unsigned spin = (unsigned)(acc & 15) + 1; spin; spin--)
            ;
        uint64_t delta = rdtsc() - start;
        acc = ((acc << 7) | (acc >> 57)) ^ delta;
        acc *= 0x9E3779B97F4A7C15ull;
    }
    return acc;
}

uint64_t arch_entropy(void)
{
    uint64_t v;
    if (have_rdrand() && rdrand64(&v))
        return v;
    return tsc_jitter();
}
