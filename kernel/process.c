/* Process lifetime: creation, start, teardown when the last thread leaves,
   and the creator's claim that keeps an ended process findable until waited for. */
#include "process.h"
#include "thread.h"
#include "sched.h"
#include "fault.h"
#include "ipc.h"
#include "personality.h"
#include "kmalloc.h"
#include "lib/string.h"
#include "lib/printf.h"
#include <calyx/abi.h>
#include "arch.h"
#include "mmu.h"

static unsigned nprocesses;
static struct process *all_processes;
static struct process *root_task;

static void process_destroy(struct kobject *o)
{
    struct process *p = (struct process *)o;
    for (struct process **pp = &all_processes; *pp; pp = &(*pp)->all_next)
        if (*pp == p) {
            *pp = p->all_next;
            break;
        }
    nprocesses--;
    kfree(p);
}

unsigned process_count(void) { return nprocesses; }

struct process *process_create(const char *name, const char **reason)
{
    if (nprocesses >= PROCESS_MAX) {
        *reason = "process limit reached";
        return NULL;
    }
    struct process *p = kmalloc(sizeof *p);
    if (!p || vmspace_init(&p->vm) < 0 || !(p->cspace = cspace_create())) {
        if (p) {
            vmspace_destroy(&p->vm);
            kfree(p);
        }
        *reason = "out of memory";
        return NULL;
    }
    kobject_init(&p->obj, CX_OBJ_PROCESS, process_destroy); /* the life reference */
    p->parent = current_thread() ? current_thread()->proc : NULL;
    if (p->parent) {
        p->claimed = 1;
        kobject_get(&p->obj); /* the creator's claim */
    }
    p->pid = p->obj.id; /* so capability_create(CX_OBJ_PROCESS, pid, ...) finds it */
    /* Only the root task may hand out real-time or server priorities: a
       process it (or anyone) creates may raise nothing above the default. */
    p->max_priority = p->parent ? SCHED_DEFAULT_PRIORITY : SCHED_PRIORITIES - 1;
    strlcpy(p->name, name, sizeof p->name);
    p->state = PROCESS_CREATED;
    p->all_next = all_processes;
    all_processes = p;
    nprocesses++;
    if (!root_task)
        root_task = p;
    return p;
}

struct process *process_find(uint64_t pid)
{
    for (struct process *p = all_processes; p; p = p->all_next)
        if (p->pid == pid && p->claimed)
            return p;
    return NULL;
}

static void process_unclaim(struct process *p)
{
    if (!p->claimed)
        return;
    p->claimed = 0;
    kobject_put(&p->obj);
}

void process_reap(struct process *p) { process_unclaim(p); }

void process_start(struct process *p)
{
    p->state = PROCESS_RUNNING;
    for (struct thread *t = p->threads; t; t = t->proc_next) {
        t->stop = THREAD_NOT_STOPPED;
        sched_make_ready(t);
    }
}

void process_for_each(void (*fn)(struct process *p, void *arg), void *arg)
{
    for (struct process *p = all_processes; p; p = p->all_next)
        fn(p, arg);
}

static void release_unstarted(struct process *p);

void process_kill(struct process *p, uint32_t how, int64_t code, uint32_t fault_kind, uint64_t fault_addr)
{
    if (p->dying || p->state == PROCESS_EXITED)
        return;
    p->dying = 1;
    p->exit = (struct process_exit){ how, code, fault_kind, fault_addr };
    if (p->state == PROCESS_CREATED) {
        release_unstarted(p); /* its threads never ran: nothing to wake, free them now */
        return;
    }
    for (struct thread *t = p->threads; t; t = t->proc_next)
        if (t->state == THREAD_BLOCKED)
            sched_wake(t, WAKE_INTERRUPTED); /* it leaves on its way back to user mode */
}

/* Each subsystem lets go of what a dead process held in it. */
static void process_exit_hooks(struct process *p)
{
    ipc_process_exit(p);
    personality_process_exit(p); /* the exit notice; p->exit is final by now */
}

/* 1 when p was created by ancestor, or by a process ancestor created, and so
   on. A parent pointer always names a process not yet released (a release
   clears its children's pointers in orphan_children), so the walk is safe. */
static int created_by(const struct process *p, const struct process *ancestor)
{
    for (const struct process *a = p->parent; a; a = a->parent)
        if (a == ancestor)
            return 1;
    return 0;
}

/* p has ended: every running process it started, directly or through the
   processes it started, is killed now (see process.h), so nothing a program
   started outlives it. One pass over the table, walking each process's line
   of creators: no recursion, so a chain of creators as long as the process
   table costs no kernel stack. Killing a running process only marks it and
   wakes its threads (it is released when its last thread leaves), so the
   table does not change under the loop. Unstarted descendants are left to
   their own creator's release (orphan_children discards them). Runs before
   orphan_children, which cuts the lines of creators this walks. */
static void kill_descendants(struct process *p)
{
    for (struct process *c = all_processes; c; c = c->all_next)
        if (c->state == PROCESS_RUNNING && !c->dying && created_by(c, p))
            process_kill(c, CX_EXIT_KILLED, 0, 0, 0);
}

/* p has ended: its children become orphans (see process.h). An unstarted
   child is discarded here; it never ran, so it created nothing, and its
   release finds no descendants: this never nests deeper than one level. */
static void orphan_children(struct process *p)
{
    struct process *next;
    for (struct process *c = all_processes; c; c = next) {
        next = c->all_next; /* c may be freed below; nothing else leaves the list */
        if (c->parent != p)
            continue;
        c->parent = NULL;
        if (c->state == PROCESS_CREATED)
            process_discard(c);
        else if (c->state == PROCESS_EXITED)
            process_unclaim(c);
        /* still running: killed by kill_descendants, freed when it ends */
    }
}

/* The last thread is gone: give back the address space and capabilities. */
static void process_release(struct process *p, int vm_active)
{
    if (vm_active)
        mmu_activate(mmu_kernel_root());
    process_exit_hooks(p);
    vmspace_destroy(&p->vm);
    cspace_destroy(p->cspace);
    p->cspace = NULL;
    while (p->exited) {
        struct thread_exit_record *r = p->exited;
        p->exited = r->next;
        kfree(r);
    }
    p->nexited = 0;
    p->state = PROCESS_EXITED;
    kill_descendants(p);
    orphan_children(p);
    if (p->waiter)
        sched_wake(p->waiter, WAKE_NORMAL);
    if (p == root_task)
        root_task_exited(p);
    if (!p->parent)
        process_unclaim(p); /* nobody will wait for it */
    kobject_put(&p->obj);   /* its life */
}

static void release_unstarted(struct process *p)
{
    while (p->threads) {
        struct thread *t = p->threads;
        p->threads = t->proc_next;
        thread_free(t); /* never ran: on no queue, no stack in use */
    }
    p->nthreads = 0;
    process_release(p, 0);
}

void process_discard(struct process *p)
{
    p->parent = NULL; /* nobody waits: released and freed at once */
    process_kill(p, CX_EXIT_KILLED, 0, 0, 0);
}

_Noreturn void process_thread_exit_current(void)
{
    struct thread *t = current_thread();
    struct process *p = t->proc;
    for (struct thread **pp = &p->threads; *pp; pp = &(*pp)->proc_next)
        if (*pp == t) {
            *pp = t->proc_next;
            break;
        }
    if (!p->dying && t->exit_record) { /* keep the exit code for thread_join */
        struct thread_exit_record *r = t->exit_record;
        t->exit_record = NULL;
        r->tid = t->tid;
        r->code = t->exit_code;
        r->next = p->exited;
        p->exited = r;
        p->nexited++;
    }
    if (t->joiner)
        sched_wake(t->joiner, WAKE_NORMAL);
    cputime_thread_exit(t, arch_cpu_clock());
    t->proc = NULL;
    if (--p->nthreads == 0)
        process_release(p, 1);
    sched_exit_current();
}

void thread_fault(enum fault_kind kind, uint64_t addr, uint64_t pc, const char *what,
                  struct trapframe *tf)
{
    struct process *p = current_thread()->proc;
    if (p->personality) { /* its server decides (signal handler, or kill) */
        personality_fault(kind, addr, pc, tf);
        return;
    }
    kprintf("calyx: process %lu (%s) killed by %s at pc %#lx, address %#lx\n",
            (unsigned long)p->pid, p->name, what, (unsigned long)pc, (unsigned long)addr);
    trapframe_dump(tf);
    personality_report_served(p); /* a server's bug: which call it was serving */
    process_kill(p, CX_EXIT_FAULT, 0, kind, addr);
}
