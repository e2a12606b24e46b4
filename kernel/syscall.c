/* Entry for every syscall: native numbers (CX_NATIVE_BIT set) go to the
   generated dispatch table; other numbers are a personality's (Linux ABI for
   POSIX processes), which the kernel forwards to that personality's server. */
#include "syscall.h"
#include "sched.h"
#include "process.h"
#include "personality.h"
#include "gen/syscall_names.h"
#include "lib/printf.h"
#include <calyx/abi.h>
#include <calyx/personality.h>

uint64_t syscall_dispatch(uint64_t nr, const uint64_t args[8], uint64_t extra[4]);

static int tracing;

void syscall_trace_enable(int on) { tracing = on; }

static void trace(const struct syscall_regs *r, uint64_t nr)
{
    struct thread *t = current_thread();
    const struct syscall_info *info = syscall_info(nr);
    kprintf("[%lu:%lu] %s(", t->proc ? (unsigned long)t->proc->pid : 0ul, (unsigned long)t->tid,
            info ? info->name : "?");
    unsigned nargs = info ? info->nargs : 6;
    for (unsigned i = 0; i < nargs; i++)
        kprintf("%s%#lx", i ? ", " : "", (unsigned long)r->arg[i]);
    if (CX_IS_ERR(r->ret))
        kprintf(") = error %lu\n", (unsigned long)CX_ERR_CODE(r->ret));
    else
        kprintf(") = %#lx\n", (unsigned long)r->ret);
}

/* Forwarded calls: named by number only (the kernel does not know the
   personality's table; for POSIX these are Linux numbers). */
static void trace_forward(const struct syscall_regs *r)
{
    struct thread *t = current_thread();
    kprintf("[%lu:%lu] linux#%lu(%#lx, %#lx, %#lx, %#lx, %#lx, %#lx) -> forwarded\n",
            (unsigned long)t->proc->pid, (unsigned long)t->tid, (unsigned long)r->nr,
            (unsigned long)r->arg[0], (unsigned long)r->arg[1], (unsigned long)r->arg[2],
            (unsigned long)r->arg[3], (unsigned long)r->arg[4], (unsigned long)r->arg[5]);
}

static void trace_answer(const struct syscall_regs *r, const struct cx_preply *a)
{
    struct thread *t = current_thread();
    kprintf("[%lu:%lu] linux#%lu <- ", (unsigned long)t->proc->pid, (unsigned long)t->tid,
            (unsigned long)r->nr);
    if (a->action == CX_PREPLY_RETURN)
        kprintf("return %#lx\n", (unsigned long)a->value);
    else if (a->action == CX_PREPLY_RESUME)
        kprintf("resume\n");
    else
        kprintf("process killed\n");
}

void syscall_enter(struct syscall_regs *r)
{
    if ((r->nr & ~(uint64_t)0xFFFF) == CX_NATIVE_BIT) {
        uint64_t nr = r->nr & 0xFFFF;
        r->ret = syscall_dispatch(nr, r->arg, r->extra);
        if (tracing)
            trace(r, nr);
        return;
    }
    if (!current_thread()->proc->personality) { /* nobody to forward to: the number means nothing */
        r->ret = CX_MKERR(CX_ERR_INVALID_SYSCALL);
        return;
    }
    if (tracing)
        trace_forward(r);
    struct cx_preply answer;
    personality_syscall(r, &answer);
    if (tracing)
        trace_answer(r, &answer);
}
