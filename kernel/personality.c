/* The personality mechanism: foreign syscalls, faults and interrupt stops
   become calls to the process's server; its end becomes an exit notice.
   See personality.h for the rules. */
#include "personality.h"
#include "process.h"
#include "thread.h"
#include "sched.h"
#include "endpoint.h"
#include "ipc.h"
#include "cspace.h"
#include "reply.h"
#include "syscall.h"
#include "fault.h"
#include "kmalloc.h"
#include "lib/printf.h"
#include <calyx/abi.h>
#include <calyx/personality.h>
#include "arch.h"

void personality_set(struct process *p, struct endpoint *ep)
{
    if (ep)
        kobject_get(&ep->obj);
    if (p->personality)
        kobject_put(&p->personality->obj);
    p->personality = ep;
}

void personality_inherit(struct process *child, const struct process *parent)
{
    personality_set(child, parent->personality);
}

static int well_formed(const struct cx_ipc_call_result *out, const struct cx_preply *reply)
{
    return out->response_len == sizeof *reply && reply->action >= CX_PREPLY_RETURN &&
           reply->action <= CX_PREPLY_EXIT_THREAD;
}

/* The current thread stops: m goes to the server as a call, and the thread
   waits for the reply (without timeout; only a kill ends the wait early).
   0 and *reply for a well-formed answer; -1 when the process is being killed
   (it is killed here when its server failed it). */
static int stop_for_server(struct cx_pmsg *m, struct cx_preply *reply)
{
    struct thread *t = current_thread();
    struct process *p = t->proc;
    struct endpoint *ep = p->personality;
    if (!ep || ep->dead) {
        process_kill(p, CX_EXIT_KILLED, 0, 0, 0); /* nobody to serve it */
        return -1;
    }
    struct cx_ipc_call_result out = { 0 };
    struct ipc_call call = {
        .thread = t, .proc = p, .resp_len = sizeof *reply, .resp_kernel = reply, .out = &out,
    };
    call.msg = (struct ipc_msg){
        .from = p, .len = sizeof *m, .call = &call, .data = (const uint8_t *)m, .from_kernel = 1,
    };
    t->stop = THREAD_STOPPED_PERSONALITY;
    uint64_t err = ipc_call_wait(ep, &call, CX_TIMEOUT_INFINITE);
    t->stop = THREAD_NOT_STOPPED;
    if (!err && well_formed(&out, reply))
        return 0;
    process_kill(p, CX_EXIT_KILLED, 0, 0, 0); /* nothing if it is dying already */
    return -1;
}

static _Noreturn void end_thread(uint64_t code)
{
    struct thread *t = current_thread();
    struct process *p = t->proc;
    t->exit_code = (int32_t)code;
    /* No record for thread_join: the server tracks its threads, and records
       nobody collects would count against PROCESS_THREADS_MAX. */
    kfree(t->exit_record);
    t->exit_record = NULL;
    if (p->nthreads == 1)
        process_kill(p, CX_EXIT_NORMAL, (int64_t)code, 0, 0);
    process_thread_exit_current();
}

/* Go on as the server said; returns only when the thread goes back to user mode. */
static void follow(const struct cx_preply *reply)
{
    if (reply->action == CX_PREPLY_RETURN)
        arch_regs_set_result(current_thread(), reply->value);
    else if (reply->action == CX_PREPLY_EXIT_THREAD)
        end_thread(reply->value);
    /* CX_PREPLY_RESUME: the registers are already what the server wants */
}

static void stop_and_follow(struct cx_pmsg *m, struct cx_preply *reply)
{
    if (stop_for_server(m, reply) < 0) {
        reply->action = 0;
        return; /* the thread leaves on its way to user mode */
    }
    follow(reply);
}

void personality_syscall(struct syscall_regs *r, struct cx_preply *answer)
{
    struct thread *t = current_thread();
    struct cx_pmsg m = {
        .kind = CX_PMSG_SYSCALL, .tid = t->tid, .nr = r->nr,
        .arg = { r->arg[0], r->arg[1], r->arg[2], r->arg[3], r->arg[4], r->arg[5] },
        .pc = r->pc,
    };
    r->regs_final = 1; /* the saved registers are the answer (RETURN set the result in them) */
    stop_and_follow(&m, answer);
}

/* Is anything mapped at addr (so a page fault there broke the protection)? */
static int mapped(const struct vmspace *vs, uint64_t addr)
{
    for (const struct vm_region *r = vs->regions; r && r->start <= addr; r = r->next)
        if (addr < r->end)
            return 1;
    return 0;
}

void personality_fault(unsigned kind, uint64_t addr, uint64_t pc, const struct trapframe *tf)
{
    struct thread *t = current_thread();
    uint64_t vector, error;
    arch_trap_info(tf, &vector, &error);
    int page = kind == FAULT_PAGE;
    struct cx_pmsg m = {
        .kind = CX_PMSG_FAULT, .tid = t->tid, .nr = kind,
        .arg = { page ? addr : 0, page && mapped(&t->proc->vm, addr), vector, error },
        .pc = pc,
    };
    struct cx_preply reply;
    stop_and_follow(&m, &reply);
}

void personality_interrupt_stop(void)
{
    struct thread *t = current_thread();
    t->interrupt_pending = 0; /* delivered now; a new thread_interrupt may set it again */
    if (!t->proc->personality)
        return; /* removed meanwhile: the wake-up was all */
    struct cx_pmsg m = {
        .kind = CX_PMSG_INTERRUPT, .tid = t->tid, .pc = arch_regs_pc(t),
    };
    struct cx_preply reply;
    stop_and_follow(&m, &reply);
}

void personality_process_exit(struct process *p)
{
    struct endpoint *ep = p->personality;
    if (!ep)
        return;
    p->personality = NULL;
    if (!ep->dead) {
        struct cx_pmsg m = {
            .kind = CX_PMSG_EXIT, .nr = p->exit.how,
            .arg = { (uint64_t)p->exit.code, p->exit.fault_kind, p->exit.fault_addr },
        };
        struct ipc_msg msg = { .from = p, .len = sizeof m, .data = (const uint8_t *)&m, .from_kernel = 1 };
        if (ipc_post(ep, &msg))
            kprintf("calyx: exit notice of process %lu lost: out of memory\n", (unsigned long)p->pid);
    }
    kobject_put(&ep->obj);
}

static void kill_if_served_by(struct process *p, void *ep)
{
    /* Not one that never started: killing it would free it under process_for_each.
       It is killed when it first needs its server. */
    if (p->personality == ep && p->state == PROCESS_RUNNING)
        process_kill(p, CX_EXIT_KILLED, 0, 0, 0);
}

void personality_endpoint_gone(struct endpoint *ep)
{
    process_for_each(kill_if_served_by, ep);
}

/* The personality message behind a reply object, or NULL (an ordinary call). */
static const struct cx_pmsg *pmsg_of(const struct reply *r)
{
    const struct ipc_msg *m = &r->call->msg;
    return m->from_kernel && m->len == sizeof(struct cx_pmsg) ? (const void *)m->data : NULL;
}

static const char *pmsg_kind(uint32_t kind)
{
    switch (kind) {
    case CX_PMSG_SYSCALL: return "syscall";
    case CX_PMSG_FAULT: return "fault";
    case CX_PMSG_INTERRUPT: return "interrupt stop";
    default: return "message";
    }
}

void personality_report_served(struct process *server)
{
    const struct reply *newest = NULL;
    unsigned held = 0;
    for (unsigned i = 1; i < cspace_capacity(server->cspace); i++) {
        const struct cap_slot *s = cspace_slot(server->cspace, i);
        if (!s->obj || s->obj->type != CX_OBJ_REPLY)
            continue;
        const struct reply *r = (const struct reply *)s->obj;
        if (r->holder != server->cspace || !pmsg_of(r))
            continue;
        held++;
        if (!newest || r->obj.id > newest->obj.id)
            newest = r;
    }
    if (!newest)
        return;
    const struct cx_pmsg *m = pmsg_of(newest);
    const struct process *caller = newest->call->proc;
    kprintf("calyx: process %lu (%s) died serving %s %lu (%#lx, %#lx, %#lx, %#lx, %#lx, %#lx) "
            "of process %lu (%s) thread %lu at pc %#lx; %u call%s held in all\n",
            (unsigned long)server->pid, server->name, pmsg_kind(m->kind), (unsigned long)m->nr,
            (unsigned long)m->arg[0], (unsigned long)m->arg[1], (unsigned long)m->arg[2],
            (unsigned long)m->arg[3], (unsigned long)m->arg[4], (unsigned long)m->arg[5],
            (unsigned long)caller->pid, caller->name, (unsigned long)m->tid, (unsigned long)m->pc,
            held, held == 1 ? "" : "s");
}
