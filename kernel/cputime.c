/* CPU-time accounting (see cputime.h). */
#include "cputime.h"
#include "thread.h"
#include "process.h"

void cputime_thread(const struct thread *t, uint64_t now, uint64_t *user, uint64_t *sys)
{
    *user = t->cpu.user;
    *sys = t->cpu.sys;
    if (t->state == THREAD_RUNNING) /* the caller itself, in the kernel */
        *sys += now - t->cpu.since;
}

void cputime_process(const struct process *p, uint64_t now, uint64_t *user, uint64_t *sys)
{
    *user = p->dead_time.user;
    *sys = p->dead_time.sys;
    for (const struct thread *t = p->threads; t; t = t->proc_next) {
        uint64_t u, s;
        cputime_thread(t, now, &u, &s);
        *user += u;
        *sys += s;
    }
}

void cputime_thread_exit(struct thread *t, uint64_t now)
{
    uint64_t u, s;
    cputime_thread(t, now, &u, &s);
    t->proc->dead_time.user += u;
    t->proc->dead_time.sys += s;
    /* What it still runs on its way out is nobody's. */
    t->cpu.user = t->cpu.sys = 0;
    t->cpu.since = now;
}
