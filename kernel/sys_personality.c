/* Process Control syscalls for personality servers: the personality endpoint,
   kill, and the threads of another process (registers, new threads,
   interrupts). The mechanism they drive is in personality.c. */
#include "gen/syscall_handlers.h"
#include "current.h"
#include "process_cap.h"
#include "personality.h"
#include "endpoint.h"
#include "usercopy.h"
#include <calyx/personality.h>
#include "arch.h"

#define ERR(code) CX_MKERR(CX_ERR_##code)

uint64_t sys_process_set_personality(cx_cap_t process_cap, cx_cap_t endpoint_cap)
{
    struct process *p;
    uint64_t err = process_cap_lookup(process_cap, CX_RIGHT_WRITE, &p);
    struct cap_slot *s = NULL;
    if (!err && endpoint_cap != CX_CAP_NULL)
        err = cspace_lookup(current_cspace(), endpoint_cap, CX_OBJ_ENDPOINT, CX_RIGHT_WRITE, &s);
    if (err)
        return err;
    if (p->state == PROCESS_EXITED || p->dying)
        return ERR(NOT_FOUND);
    personality_set(p, s ? (struct endpoint *)s->obj : NULL);
    return 0;
}

uint64_t sys_process_kill(cx_cap_t process_cap, int64_t code)
{
    struct process *p;
    uint64_t err = process_cap_lookup(process_cap, CX_RIGHT_WRITE, &p);
    if (err)
        return err;
    process_kill(p, CX_EXIT_KILLED, code, 0, 0); /* nothing when it has ended or is ending */
    return 0;
}

/* A live thread of the process a capability names, or a CX error. */
static uint64_t thread_of(cx_cap_t process_cap, uint32_t rights, cx_tid_t tid, struct process **pp,
                          struct thread **out)
{
    uint64_t err = process_cap_lookup(process_cap, rights, pp);
    if (err)
        return err;
    for (struct thread *t = (*pp)->threads; t; t = t->proc_next)
        if (t->tid == tid && t->state != THREAD_DEAD) {
            *out = t;
            return 0;
        }
    return ERR(NOT_FOUND);
}

/* Stopped: see enum thread_stop. A personality stop counts only while the
   thread still waits (once answered it is about to run). */
static int stopped(const struct thread *t)
{
    return t->stop == THREAD_STOPPED_UNSTARTED ||
           (t->stop == THREAD_STOPPED_PERSONALITY && t->state == THREAD_BLOCKED);
}

uint64_t sys_thread_get_regs(cx_cap_t process_cap, cx_tid_t thread_id, user_addr_t regs)
{
    struct process *p;
    struct thread *t;
    uint64_t err = thread_of(process_cap, CX_RIGHT_READ, thread_id, &p, &t);
    if (err)
        return err;
    if (!stopped(t))
        return ERR(BUSY);
    static struct cx_regs r; /* too big for the kernel stack; the kernel runs one call at a time */
    arch_regs_get(t, &r);
    return copy_to_user(current_vm(), regs, &r, sizeof r) < 0 ? ERR(INVALID_ADDRESS) : 0;
}

/* Copies a struct cx_regs in and checks it: 0, InvalidAddress or InvalidParameter. */
static uint64_t regs_from_user(user_addr_t regs, struct cx_regs *r)
{
    if (copy_from_user(current_vm(), r, regs, sizeof *r) < 0)
        return ERR(INVALID_ADDRESS);
    return arch_regs_check(r) < 0 ? ERR(INVALID_PARAMETER) : 0;
}

uint64_t sys_thread_set_regs(cx_cap_t process_cap, cx_tid_t thread_id, user_addr_t regs)
{
    struct process *p;
    struct thread *t;
    uint64_t err = thread_of(process_cap, CX_RIGHT_WRITE, thread_id, &p, &t);
    if (err)
        return err;
    if (!stopped(t))
        return ERR(BUSY);
    static struct cx_regs r;
    if ((err = regs_from_user(regs, &r)))
        return err;
    arch_regs_set(t, &r);
    return 0;
}

uint64_t sys_thread_spawn(cx_cap_t process_cap, user_addr_t regs)
{
    struct process *p;
    uint64_t err = process_cap_lookup_live(process_cap, CX_RIGHT_WRITE, &p);
    if (err)
        return err;
    static struct cx_regs r;
    if ((err = regs_from_user(regs, &r)))
        return err;
    if (p->nthreads + p->nexited >= PROCESS_THREADS_MAX)
        return ERR(RESOURCE_EXHAUSTED);
    struct thread *t = thread_create(p, cx_regs_pc(&r), cx_regs_sp(&r), 0, SCHED_DEFAULT_PRIORITY);
    if (!t)
        return ERR(OUT_OF_MEMORY);
    arch_regs_set(t, &r);
    if (p->state == PROCESS_RUNNING)
        sched_make_ready(t); /* else it starts with the process (process_start) */
    return t->tid;
}

uint64_t sys_thread_interrupt(cx_cap_t process_cap, cx_tid_t thread_id)
{
    struct process *p;
    struct thread *t;
    uint64_t err = thread_of(process_cap, CX_RIGHT_WRITE, thread_id, &p, &t);
    if (err)
        return err;
    if (t->interrupt_pending || p->dying)
        return 0;
    if (p->personality)
        t->interrupt_pending = 1; /* it stops for the server before its next user instruction */
    /* A native wait ends with Interrupted; a personality stop and a thread
       that never ran have nothing to end. */
    if (t->state == THREAD_BLOCKED && t->stop == THREAD_NOT_STOPPED)
        sched_wake(t, WAKE_INTERRUPTED);
    return 0;
}
