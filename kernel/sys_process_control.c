/* Process control: the calls a personality server (or a debugger) uses on
   other processes, named by process capabilities. */
#include "gen/syscall_handlers.h"
#include "current.h"
#include "process_cap.h"
#include "cputime.h"
#include "arch.h"

#define ERR(code) CX_MKERR(CX_ERR_##code)

uint64_t process_cap_lookup(cx_cap_t cap, uint32_t rights, struct process **out)
{
    struct cap_slot *s;
    uint64_t err = cspace_lookup(current_cspace(), cap, CX_OBJ_PROCESS, rights, &s);
    if (err)
        return err;
    *out = (struct process *)s->obj;
    return 0;
}

uint64_t process_cap_lookup_live(cx_cap_t cap, uint32_t rights, struct process **out)
{
    uint64_t err = process_cap_lookup(cap, rights, out);
    if (err)
        return err;
    return (*out)->state == PROCESS_EXITED || (*out)->dying ? ERR(NOT_FOUND) : 0;
}

uint64_t sys_process_capability(cx_pid_t process_id, cx_rights_t rights)
{
    if (rights & ~CX_RIGHTS_ALL)
        return ERR(INVALID_PARAMETER);
    struct process *p = process_find(process_id);
    if (!p)
        return ERR(NOT_FOUND);
    if (p->parent != current_process())
        return ERR(PERMISSION_DENIED);
    cx_cap_t c = cspace_insert(current_cspace(), &p->obj, rights);
    return c ? c : ERR(RESOURCE_EXHAUSTED);
}

uint64_t sys_thread_times(cx_cap_t process_cap, cx_tid_t thread_id, struct cx_cpu_times *out)
{
    struct process *p;
    uint64_t err = process_cap_lookup(process_cap, CX_RIGHT_READ, &p);
    if (err)
        return err;
    uint64_t now = arch_cpu_clock(), user, sys;
    struct thread *t = p->threads;
    if (thread_id == 0) {
        cputime_process(p, now, &user, &sys);
    } else {
        while (t && (t->tid != thread_id || t->state == THREAD_DEAD))
            t = t->proc_next;
        if (!t)
            return ERR(NOT_FOUND);
        cputime_thread(t, now, &user, &sys);
    }
    out->user_ns = arch_cpu_clock_ns(user);
    out->system_ns = arch_cpu_clock_ns(sys);
    out->peak_pages = thread_id == 0 ? p->vm.peak_pages : 0;
    out->resident_pages = thread_id == 0 ? p->vm.resident : 0;
    return 0;
}

#define SLICE_MAX_NS 10000000000ull

uint64_t sys_thread_set_priority(cx_cap_t process_cap, cx_tid_t thread_id, uint32_t priority,
                                 uint64_t time_slice_ns)
{
    struct process *p = current_process();
    struct thread *t = current_thread();
    if (process_cap != CX_CAP_NULL) {
        uint64_t err = process_cap_lookup(process_cap, CX_RIGHT_WRITE, &p);
        if (err)
            return err;
    }
    if (priority >= SCHED_PRIORITIES || time_slice_ns > SLICE_MAX_NS)
        return ERR(INVALID_PARAMETER);
    if (priority > current_process()->max_priority)
        return ERR(PERMISSION_DENIED); /* the caller's MCP, whoever the thread is */
    if (process_cap != CX_CAP_NULL || thread_id != 0) {
        for (t = p->threads; t && (t->tid != thread_id || t->state == THREAD_DEAD); t = t->proc_next)
            ;
        if (!t)
            return ERR(NOT_FOUND);
    }
    unsigned ticks = (unsigned)((time_slice_ns + SCHED_TICK_NS - 1) / SCHED_TICK_NS);
    sched_set_priority(t, priority, ticks);
    return 0;
}
