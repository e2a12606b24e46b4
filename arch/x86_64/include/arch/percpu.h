/* Per-CPU data, reached through the GS base while in the kernel. Offsets are
   used by entry.S: keep them in sync (checked by the static asserts below). */
#ifndef ARCH_PERCPU_H
#define ARCH_PERCPU_H

#define PERCPU_KERNEL_RSP 8
#define PERCPU_USER_RSP   16

#ifndef __ASSEMBLER__
#include <stdint.h>

struct thread;

struct percpu {
    struct percpu *self;     /* 0:  for reading the struct's address via %gs */
    uint64_t kernel_rsp;     /* 8:  top of the current thread's kernel stack */
    uint64_t user_rsp;       /* 16: scratch for the user rsp at syscall entry */
    struct thread *current;  /* 24 */
};

_Static_assert(__builtin_offsetof(struct percpu, kernel_rsp) == PERCPU_KERNEL_RSP, "entry.S");
_Static_assert(__builtin_offsetof(struct percpu, user_rsp) == PERCPU_USER_RSP, "entry.S");

extern struct percpu percpu0;

static inline struct percpu *this_cpu(void) { return &percpu0; } /* single CPU for now */
#endif

#endif
