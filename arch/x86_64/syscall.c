/* The syscall instruction's C side: native calls go to the generated dispatch
   table; any other number belongs to the process's personality (POSIX). */
#include <arch/trapframe.h>
#include <arch/cpu.h>
#include <arch/percpu.h>
#include <calyx/abi.h>
#include "kernel/syscall.h"
#include "kernel/sched.h"
#include "x86.h"

extern char syscall_entry[];

void syscall_init(void)
{
    /* In the kernel GS holds the per-CPU block; swapgs exchanges it with the user's. */
    wrmsr(MSR_GS_BASE, (uint64_t)&percpu0);
    wrmsr(MSR_KERNEL_GS_BASE, 0);
    wrmsr(MSR_STAR, ((uint64_t)(GDT_USER_DATA - 8) << 48) | ((uint64_t)GDT_KERNEL_CODE << 32));
    wrmsr(MSR_LSTAR, (uint64_t)syscall_entry);
    /* Clear IF, TF, DF, AC, NT on entry: the kernel runs with interrupts off. */
    wrmsr(MSR_FMASK, RFLAGS_IF | (1u << 8) | (1u << 10) | (1u << 18) | (1u << 14));
}

void syscall_handler(struct trapframe *tf)
{
    sched_enter_from_user();
    struct syscall_regs r = {
        .nr = tf->rax,
        .arg = { tf->rdi, tf->rsi, tf->rdx, tf->r10, tf->r8, tf->r9, tf->r12, tf->r13 },
        .extra = { tf->rdx, tf->r10, tf->r8, tf->r9 }, /* unchanged unless the call has a struct result */
        .pc = tf->rip,
    };
    syscall_enter(&r);
    if (!r.regs_final) {
        tf->rax = r.ret;
        tf->rdx = r.extra[0];
        tf->r10 = r.extra[1];
        tf->r8 = r.extra[2];
        tf->r9 = r.extra[3];
    }
    sched_return_to_user();
}
