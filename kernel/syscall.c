/* Entry for every syscall: native numbers (CX_NATIVE_BIT set) go to the
   generated dispatch table; other numbers are a personality's (Linux ABI for
   POSIX processes), which the kernel forwards to that personality's server. */
#include "syscall.h"
#include "sched.h"
#include "process.h"
#include "gen/syscall_names.h"
#include "lib/printf.h"
#include <calyx/abi.h>

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

void syscall_enter(struct syscall_regs *r)
{
    if ((r->nr & ~(uint64_t)0xFFFF) == CX_NATIVE_BIT) {
        uint64_t nr = r->nr & 0xFFFF;
        r->ret = syscall_dispatch(nr, r->arg, r->extra);
        if (tracing)
            trace(r, nr);
        return;
    }
    /* No personality server yet for this process: the number means nothing here. */
    r->ret = CX_MKERR(CX_ERR_INVALID_SYSCALL);
}
