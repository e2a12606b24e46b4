/* The process and address space of the thread making the current syscall. */
#ifndef KERNEL_CURRENT_H
#define KERNEL_CURRENT_H

#include "sched.h"
#include "process.h"

static inline struct process *current_process(void) { return current_thread()->proc; }
static inline struct vmspace *current_vm(void) { return &current_thread()->proc->vm; }
static inline struct cspace *current_cspace(void) { return current_thread()->proc->cspace; }

#endif
