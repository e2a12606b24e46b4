/* Process lifetime: creation, start, and teardown when the last thread leaves. */
#include "process.h"
#include "thread.h"
#include "sched.h"
#include "fault.h"
#include "ipc.h"
#include "kmalloc.h"
#include "lib/string.h"
#include "lib/printf.h"
#include <calyx/abi.h>
#include <arch/arch.h>
#include <arch/mmu.h>

static uint64_t next_pid = 1;
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
    kobject_init(&p->obj, CX_OBJ_PROCESS, process_destroy);
    p->parent = current_thread() ? current_thread()->proc : NULL;
    p->pid = next_pid++;
    strlcpy(p->name, name, sizeof p->name);
    p->state = PROCESS_CREATED;
    p->all_next = all_processes;
    all_processes = p;
    nprocesses++;
    if (!root_task)
        root_task = p;
    return p;
}

void process_start(struct process *p)
{
    p->state = PROCESS_RUNNING;
    for (struct thread *t = p->threads; t; t = t->proc_next)
        sched_make_ready(t);
}

void process_kill(struct process *p, uint32_t how, int64_t code, uint32_t fault_kind, uint64_t fault_addr)
{
    if (p->dying)
        return;
    p->dying = 1;
    p->exit = (struct process_exit){ how, code, fault_kind, fault_addr };
    for (struct thread *t = p->threads; t; t = t->proc_next)
        if (t->state == THREAD_BLOCKED)
            sched_wake(t, WAKE_INTERRUPTED); /* it leaves on its way back to user mode */
}

/* Each subsystem lets go of what a dead process held in it. */
static void process_exit_hooks(struct process *p)
{
    ipc_process_exit(p);
}

/* The last thread is gone: give back the address space and capabilities. */
static void process_release(struct process *p)
{
    mmu_activate(mmu_kernel_root());
    process_exit_hooks(p);
    vmspace_destroy(&p->vm);
    cspace_destroy(p->cspace);
    p->cspace = NULL;
    p->state = PROCESS_EXITED;
    if (p == root_task)
        root_task_exited(p);
    kobject_put(&p->obj);
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
    t->proc = NULL;
    if (--p->nthreads == 0)
        process_release(p);
    sched_exit_current();
}

void thread_fault(enum fault_kind kind, uint64_t addr, uint64_t pc, const char *what,
                  struct trapframe *tf)
{
    struct process *p = current_thread()->proc;
    kprintf("calyx: process %lu (%s) killed by %s at pc %#lx, address %#lx\n",
            (unsigned long)p->pid, p->name, what, (unsigned long)pc, (unsigned long)addr);
    trapframe_dump(tf);
    process_kill(p, CX_EXIT_FAULT, 0, kind, addr);
}
