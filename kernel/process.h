/* Processes: an address space, a capability space and threads.
 *
 * Lifetime. A process object holds two references while it matters:
 *   - its life: taken at creation, dropped when the last thread is gone
 *     (process_release) or when it is discarded before it ever ran;
 *   - its creator's claim: held until the creator waits for it (the pid is
 *     gone from then on), or until the creator itself ends.
 * A process does not outlive its creator. When a process ends (exit, kill,
 * fault: its last thread leaves, process_release), every process it created
 * that is still running is killed (CX_EXIT_KILLED), and every process those
 * created, all at once (kill_descendants: one iterative pass, no recursion).
 * So a program that started native processes leaves none of them running.
 * The POSIX server creates every POSIX process and lives as long as they
 * matter; its children die with it (as they would anyway: a dead personality
 * endpoint kills what it serves).
 * Orphans: when a creator ends, its children get parent = NULL. A child that
 * never started is discarded (it would never run: CX_EXIT_KILLED); one that
 * already ended is freed at once; one still running has just been killed and
 * is freed when its threads have left. Nobody can wait for an orphan. */
#ifndef KERNEL_PROCESS_H
#define KERNEL_PROCESS_H

#include <stddef.h>
#include <stdint.h>
#include "object.h"
#include "vmspace.h"
#include "cspace.h"
#include "cputime.h"

struct endpoint;

#define PROCESS_MAX 256 /* processes alive at once (incl. unreaped ones): more is ResourceExhausted */
#define PROCESS_IMAGE_MAX (16u << 20) /* process_create: a larger ELF image is InvalidParameter */
/* Threads of one process, counting exited ones not yet joined: more is ResourceExhausted. */
#define PROCESS_THREADS_MAX 256

enum process_state { PROCESS_CREATED, PROCESS_RUNNING, PROCESS_EXITED };

/* How a process ended (reported by process_wait). */
struct process_exit {
    uint32_t how;         /* CX_EXIT_* */
    int64_t code;         /* exit code when how is exit */
    uint32_t fault_kind;  /* enum fault_kind when how is fault */
    uint64_t fault_addr;
};

struct process {
    struct kobject obj;
    uint64_t pid;
    char name[32];
    enum process_state state;
    struct vmspace vm;
    struct cspace *cspace;
    struct thread *threads;
    unsigned nthreads;
    struct thread_exit_record *exited; /* ended threads not yet joined */
    unsigned nexited;
    int dying;                /* threads leave at their next return to user mode */
    struct process_exit exit;
    struct process *parent;   /* the creator: may start and wait for it (NULL for the root task) */
    int claimed;              /* the creator's reference is still held (see above) */
    struct thread *waiter;    /* the creator's thread blocked in process_wait */
    /* The personality server's endpoint (referenced), or NULL: non-native
       syscalls, faults and interrupts become calls to it (personality.h). */
    struct endpoint *personality;
    struct process *all_next;
    struct cputime dead_time; /* CPU time of its threads that ended (cputime.h) */
    /* Its maximum controlled priority (seL4's MCP): the highest priority it
       may give any thread with thread_set_priority. The root task's is the
       top; every other process's is SCHED_DEFAULT_PRIORITY. */
    unsigned max_priority;
};

struct process *process_create(const char *name, const char **reason);
void process_start(struct process *p); /* its threads become runnable */
/* Record how p ends and make all its threads leave. Safe to call again: the first reason wins.
   A process that was never started ends at once (its threads never ran); its
   creator can still wait for it. */
void process_kill(struct process *p, uint32_t how, int64_t code, uint32_t fault_kind, uint64_t fault_addr);
/* Free a process that never started, which nobody will wait for: a failed create, or an orphan. */
void process_discard(struct process *p);
/* Calls fn for every process that has not been freed (fn must not free any). */
void process_for_each(void (*fn)(struct process *p, void *arg), void *arg);
_Noreturn void process_thread_exit_current(void);
unsigned process_count(void);

/* A process by pid, from creation until its creator waits for it (NULL when none). */
struct process *process_find(uint64_t pid);
/* The creator has collected the exit status: the pid is gone, the object freed when unused. */
void process_reap(struct process *p);

/* Called when the first user process (the root task) ends. */
void root_task_exited(struct process *p);

#endif
