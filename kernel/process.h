/* Processes: an address space, a capability space and threads. */
#ifndef KERNEL_PROCESS_H
#define KERNEL_PROCESS_H

#include <stdint.h>
#include "object.h"
#include "vmspace.h"
#include "cspace.h"

#define PROCESS_MAX 256 /* processes alive at once (incl. unreaped ones): more is ResourceExhausted */

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
    int dying;                /* threads leave at their next return to user mode */
    struct process_exit exit;
    struct process *parent;   /* the creator: may start and wait for it (NULL for the root task) */
    struct process *all_next;
};

struct process *process_create(const char *name, const char **reason);
void process_start(struct process *p); /* its threads become runnable */
/* Record how p ends and make all its threads leave. Safe to call again: the first reason wins. */
void process_kill(struct process *p, uint32_t how, int64_t code, uint32_t fault_kind, uint64_t fault_addr);
_Noreturn void process_thread_exit_current(void);
unsigned process_count(void);

/* Called when the first user process (the root task) ends. */
void root_task_exited(struct process *p);

#endif
