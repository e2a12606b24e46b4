/* The architecture seam: everything the portable kernel asks of an
 * architecture, declared once. A port is a folder arch/<cpu>/ that
 * implements the functions below and those of mmu.h, and provides these
 * headers in arch/<cpu>/include/arch/:
 *   machine.h    ARCH_NAME (the banner's name), ARCH_ELF_MACHINE and
 *                ARCH_ELF_MACHINE_NAME (the e_machine of its programs, elf.c),
 *                ARCH_CONSOLE_PORTS (serial lines, see below)
 *   layout.h     USER_MIN, USER_TOP (= calyx/arch's CX_USER_TOP), PAGE_SIZE,
 *                PAGE_SHIFT, and the kernel's own mappings
 *   mmu.h        phys_to_virt, virt_to_phys (how the kernel reaches frames)
 *   thread.h     struct arch_thread (a thread's saved machine state, in
 *                struct thread) and KSTACK_SIZE
 *   trapframe.h  struct trapframe: the user registers saved on kernel entry;
 *                portable code only passes pointers to it around
 *   cpuclock.h   static inline uint64_t arch_cpu_clock(void) (see below)
 * plus its half of the user ABI in include/calyx/arch/<cpu>/ (calyx/arch.h).
 * The port calls into the kernel at kernel_main (main.h) once booted, at
 * syscall_enter (syscall.h) for every syscall, vm_fault_or_reclaim (oom.h)
 * then thread_fault (fault.h) for user faults, sched_tick and
 * console_interrupt for its interrupts, sched_enter_from_user first on
 * every entry from user mode (syscall, interrupt or exception) and
 * sched_return_to_user last before every return to user mode: those two
 * split a thread's CPU time into user and kernel time (cputime.h). */
#ifndef KERNEL_ARCH_H
#define KERNEL_ARCH_H

#include <stddef.h>
#include <stdint.h>
#include <arch/machine.h>
#include <arch/layout.h>
#include <arch/cpuclock.h>

struct thread;
struct trapframe;

/* Serial lines for the consoles and the kernel log, numbered from 0 up to
   ARCH_CONSOLE_PORTS - 1. Writes send the bytes unchanged; a port out of
   range is ignored. Input is read from port 0 only. */
void arch_console_write(unsigned port, const char *s, size_t n);
int arch_console_poll(void);

_Noreturn void arch_halt(void);
/* Ends the machine. Under QEMU the exit status should reach the host
   (x86_64: isa-debug-exit, (status << 1) | 1). */
_Noreturn void arch_poweroff(int status);

uint64_t arch_time_ns(void);       /* monotonic nanoseconds since boot */
/* arch_cpu_clock() (inline, from <arch/cpuclock.h>): the cheapest
   monotonic counter the machine has, in its own units (x86_64: TSC cycles),
   read at every kernel entry, exit and context switch for CPU-time
   accounting (cputime.h); arch_cpu_clock_ns converts an amount of those
   units to nanoseconds. */
uint64_t arch_cpu_clock_ns(uint64_t units);
uint64_t arch_realtime_base(void); /* wall-clock seconds (Unix time) at boot */
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

/* A stopped thread's user registers as struct cx_regs (calyx/arch.h).
   The thread must not be the one running: its FPU state and TLS base are the
   copies saved when it was switched out. */
struct cx_regs;
/* 0 when r may be loaded into a user thread; -1 for a program counter, stack
   pointer or TLS base user code may not hold, or FPU state the CPU would
   refuse (calyx/arch/<cpu>/regs.h says which). */
int arch_regs_check(const struct cx_regs *r);
void arch_regs_get(struct thread *t, struct cx_regs *r);
/* r must have passed arch_regs_check. Status bits keep only what user code
   may change; the thread leaves the kernel restoring every register. */
void arch_regs_set(struct thread *t, const struct cx_regs *r);
/* A stopped thread's user instruction pointer. */
uint64_t arch_regs_pc(struct thread *t);
/* Set a stopped thread's syscall result register. */
void arch_regs_set_result(struct thread *t, uint64_t value);
/* The CPU's own numbers for a user fault (x86_64: vector and error code). */
void arch_trap_info(const struct trapframe *tf, uint64_t *vector, uint64_t *error_code);
/* Prints tf's registers (a fault's report). */
void trapframe_dump(const struct trapframe *tf);

/* Wait for the next interrupt with interrupts briefly enabled. */
void arch_idle(void);

#endif
