/* How a user thread can fault, independent of the CPU. */
#ifndef KERNEL_FAULT_H
#define KERNEL_FAULT_H

#include <stdint.h>

enum fault_kind {
    FAULT_PAGE = 1,             /* access to an unmapped or protected address */
    FAULT_PROTECTION,           /* privileged instruction, bad segment, misc. */
    FAULT_ILLEGAL_INSTRUCTION,
    FAULT_ARITHMETIC,           /* divide by zero, FPU/SIMD exception */
    FAULT_BREAKPOINT,
    FAULT_ALIGNMENT,
};

struct trapframe;

/* The current user thread faulted: its process ends with the fault recorded. */
void thread_fault(enum fault_kind kind, uint64_t addr, uint64_t pc, const char *what,
                  struct trapframe *tf);

#endif
