/* What the portable kernel asks of the architecture. Every port provides these. */
#ifndef ARCH_ARCH_H
#define ARCH_ARCH_H

#include <stddef.h>
#include <stdint.h>

struct thread;
struct trapframe;

void arch_console_write(const char *s, size_t n);
int arch_console_poll(void);

_Noreturn void arch_halt(void);
/* Ends the machine. Under QEMU with isa-debug-exit the exit status is (status << 1) | 1. */
_Noreturn void arch_poweroff(int status);

uint64_t arch_time_ns(void);       /* monotonic nanoseconds since boot */
uint64_t arch_realtime_base(void); /* wall-clock seconds (Unix time) at boot, from the RTC */
uint64_t arch_cpu_hz(void);
/* 64 bits from the machine's entropy source (a hardware generator when there
   is one, else timing jitter); kernel/random.c mixes them. */
uint64_t arch_entropy(void);
void arch_cpu_name(char *out, unsigned size);

/* Walks the frame-pointer chain starting at the caller; calls fn for each return address. */
void arch_backtrace(uint64_t frame, void (*fn)(uint64_t pc));
uint64_t arch_current_frame(void);

/* Threads: a kernel stack with a user trapframe at its top, and saved FPU state. */
void arch_thread_setup(struct thread *t, uint64_t entry, uint64_t user_stack, uint64_t arg);
void arch_thread_switch(struct thread *from, struct thread *to);
struct trapframe *arch_thread_frame(struct thread *t);

/* A stopped thread's user registers as struct cx_regs (calyx/personality.h).
   The thread must not be the one running: its FPU state and TLS base are the
   copies saved when it was switched out. */
struct cx_regs;
/* 0 when r may be loaded into a user thread; -1 for a non-canonical or kernel
   rip, rsp or fs_base, or an MXCSR with reserved bits set. */
int arch_regs_check(const struct cx_regs *r);
void arch_regs_get(struct thread *t, struct cx_regs *r);
/* r must have passed arch_regs_check. rflags keeps only the bits user code
   may change; the thread leaves the kernel through the full (iret) path. */
void arch_regs_set(struct thread *t, const struct cx_regs *r);
/* A stopped thread's user instruction pointer. */
uint64_t arch_regs_pc(struct thread *t);
/* Set a stopped thread's syscall result register (rax on x86_64). */
void arch_regs_set_result(struct thread *t, uint64_t value);
/* The CPU's own numbers for a user fault (x86_64: vector and error code). */
void arch_trap_info(const struct trapframe *tf, uint64_t *vector, uint64_t *error_code);

/* Wait for the next interrupt with interrupts briefly enabled. */
void arch_idle(void);

#endif
