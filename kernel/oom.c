/* The OOM killer (see oom.h): copy-on-write breaks that find no frame end
 * the biggest process instead of the one that happened to write.
 *
 * Why the page-fault handler may sleep here: it runs on the faulting
 * thread's own kernel stack, with interrupts off like every syscall (the
 * kernel is not preemptible and takes no locks), after entry.S saved the
 * user registers; it holds no object and no shared buffer, and it already
 * blocks on that path when a personality fault waits for its server's
 * answer. sched_block switches away and back as it does in a syscall. */
#include "oom.h"
#include "process.h"
#include "sched.h"
#include "memobj.h"
#include "pmm.h"
#include "lib/printf.h"
#include <calyx/abi.h>
#include "arch.h"

#define TICK_NS (1000000000ull / KERNEL_TICK_HZ)

/* What a walk over the processes finds: the victim to be, and whether some
   process is dying already (its frames are on the way back). */
struct oom_scan {
    struct process *victim;
    size_t pages;
    int dying;
};

/* Started, not ended, not dying, and not the root task. A process that was
   never started is left alone: its creator is still setting it up, and
   killing it would free it on the spot, under the creator's feet. */
static int may_be_victim(const struct process *p)
{
    return p->parent && p->state == PROCESS_RUNNING && !p->dying;
}

/* Killed or exiting, and its frames not given back yet. */
static void note_dying(struct process *p, void *arg)
{
    if (p->dying && p->state == PROCESS_RUNNING)
        *(int *)arg = 1;
}

static void scan_one(struct process *p, void *arg)
{
    struct oom_scan *s = arg;
    note_dying(p, &s->dying);
    if (!may_be_victim(p))
        return;
    size_t pages = vm_private_pages(&p->vm);
    if (!s->victim || pages > s->pages || (pages == s->pages && p->pid > s->victim->pid)) {
        s->victim = p;
        s->pages = pages;
    }
}

static struct oom_scan scan(void)
{
    struct oom_scan s = { NULL, 0, 0 };
    process_for_each(scan_one, &s);
    return s;
}

/* scan().dying without counting anybody's pages: checked every tick. */
static int someone_dying(void)
{
    int dying = 0;
    process_for_each(note_dying, &dying);
    return dying;
}

static void kill_victim(const struct oom_scan *s)
{
    kprintf("calyx: out of memory: killed process %lu (%s) using %lu pages\n",
            (unsigned long)s->victim->pid, s->victim->name, (unsigned long)s->pages);
    process_kill(s->victim, CX_EXIT_KILLED, 0, 0, 0);
}

void oom_kill_nowait(void)
{
    struct oom_scan s = scan();
    if (!s.dying && s.victim)
        kill_victim(&s);
}

static int frames_available(void) { return pmm_free_pages() > MEMOBJ_RESERVE_PAGES; }

enum round_end {
    ROUND_RETRY,   /* frames are back, or the victim is gone: try the fault again */
    ROUND_STUCK,   /* the dying took longer than OOM_VICTIM_GRACE_NS */
    ROUND_NOTHING, /* nobody to kill and nobody dying: give up */
    ROUND_KILLED,  /* the current process is being killed */
};

/* Sleep a tick at a time until the free memory is above the reserve, or no
   process is dying any more (its frames came back but were not enough: the
   next round picks another victim). */
static enum round_end wait_for_frames(struct process *self)
{
    uint64_t give_up = arch_time_ns() + OOM_VICTIM_GRACE_NS;
    for (;;) {
        if (self->dying)
            return ROUND_KILLED;
        if (frames_available() || !someone_dying())
            return ROUND_RETRY;
        if (arch_time_ns() >= give_up)
            return ROUND_STUCK;
        /* Any wake-up just means look again: a timeout, a thread_interrupt
           (handled on the way back to user mode) or a kill (seen above). */
        sched_block(arch_time_ns() + TICK_NS);
    }
}

/* Kill a victim unless one is already dying (and not stuck), then wait. */
static enum round_end reclaim(struct process *self, int stuck)
{
    struct oom_scan s = scan();
    if (s.victim && (!s.dying || stuck))
        kill_victim(&s);
    else if (!s.dying)
        return frames_available() ? ROUND_RETRY : ROUND_NOTHING;
    return wait_for_frames(self);
}

enum vm_fault_result vm_fault_or_reclaim(struct vmspace *vs, uint64_t addr, unsigned access)
{
    enum vm_fault_result r = vm_fault(vs, addr, access);
    struct process *self = current_thread()->proc;
    enum round_end end = ROUND_RETRY;
    for (unsigned round = 0; r == VM_FAULT_NO_MEMORY && self && round < OOM_MAX_ROUNDS; round++) {
        end = reclaim(self, end == ROUND_STUCK);
        if (end == ROUND_KILLED)
            return VM_FAULT_KILLED;
        if (end == ROUND_NOTHING)
            break;
        r = vm_fault(vs, addr, access);
    }
    return r;
}
