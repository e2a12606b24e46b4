/* Per-thread machine state kept by the architecture. */
#ifndef ARCH_THREAD_H
#define ARCH_THREAD_H

#include <stdint.h>

#define KSTACK_SIZE 16384 /* each thread's kernel stack */

struct arch_thread {
    uint64_t saved_rsp;   /* kernel stack pointer while switched out */
    uint64_t fs_base;     /* user TLS base */
    uint8_t fpu[512] __attribute__((aligned(16))); /* fxsave area */
};

#endif
