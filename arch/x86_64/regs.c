/* Reading and writing a stopped thread's user registers (struct cx_regs). */
#include <calyx/personality.h>
#include "kernel/arch.h"
#include <arch/cpu.h>
#include <arch/trapframe.h>
#include "kernel/thread.h"
#include "kernel/lib/string.h"

/* Flags user code may set: CF PF AF ZF SF TF DF OF, AC, ID; IF is forced on. */
#define RFLAGS_USER 0x00240DD5ull
#define MXCSR_OFFSET 24
#define MXCSR_VALID 0x0000FFFFu /* fxsave's MXCSR_MASK on every CPU that has DAZ */

static int user_address(uint64_t a) { return a < USER_TOP; }

int arch_regs_check(const struct cx_regs *r)
{
    uint32_t mxcsr;
    memcpy(&mxcsr, r->fpu + MXCSR_OFFSET, sizeof mxcsr);
    if (!user_address(r->rip) || !user_address(r->rsp) || !user_address(r->fs_base))
        return -1;
    return (mxcsr & ~MXCSR_VALID) ? -1 : 0;
}

void arch_regs_get(struct thread *t, struct cx_regs *r)
{
    const struct trapframe *tf = arch_thread_frame(t);
    memset(r, 0, sizeof *r);
    r->rax = tf->rax; r->rbx = tf->rbx; r->rcx = tf->rcx; r->rdx = tf->rdx;
    r->rsi = tf->rsi; r->rdi = tf->rdi; r->rbp = tf->rbp; r->rsp = tf->rsp;
    r->r8 = tf->r8;   r->r9 = tf->r9;   r->r10 = tf->r10; r->r11 = tf->r11;
    r->r12 = tf->r12; r->r13 = tf->r13; r->r14 = tf->r14; r->r15 = tf->r15;
    r->rip = tf->rip;
    r->rflags = tf->rflags;
    r->fs_base = t->arch.fs_base;
    memcpy(r->fpu, t->arch.fpu, sizeof r->fpu);
}

uint64_t arch_regs_pc(struct thread *t) { return arch_thread_frame(t)->rip; }

void arch_regs_set_result(struct thread *t, uint64_t value)
{
    arch_thread_frame(t)->rax = value;
}

void arch_regs_set(struct thread *t, const struct cx_regs *r)
{
    struct trapframe *tf = arch_thread_frame(t);
    tf->rax = r->rax; tf->rbx = r->rbx; tf->rcx = r->rcx; tf->rdx = r->rdx;
    tf->rsi = r->rsi; tf->rdi = r->rdi; tf->rbp = r->rbp; tf->rsp = r->rsp;
    tf->r8 = r->r8;   tf->r9 = r->r9;   tf->r10 = r->r10; tf->r11 = r->r11;
    tf->r12 = r->r12; tf->r13 = r->r13; tf->r14 = r->r14; tf->r15 = r->r15;
    tf->rip = r->rip;
    tf->rflags = (r->rflags & RFLAGS_USER) | RFLAGS_IF | 2;
    tf->cs = GDT_USER_CODE;
    tf->ss = GDT_USER_DATA;
    /* sysret would load rcx and r11 from rip and rflags: return through iretq. */
    tf->vector = 0;
    t->arch.fs_base = r->fs_base;
    memcpy(t->arch.fpu, r->fpu, sizeof r->fpu);
}
