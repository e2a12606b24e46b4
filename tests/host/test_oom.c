/* sources: kernel/oom.c */
/* The OOM killer's policy (kernel/oom.c), against a fake world: processes
   with private frames, a free-frame count, a clock and a scheduler whose
   sleeps let killed processes die (give their frames back) after a while.
   Checked: the biggest eligible process is the victim whoever faults (never
   the root task, an unstarted or a dying one; ties to the newest), the
   faulting process that is itself the victim ends (VM_FAULT_KILLED, not a
   fault), a process already dying is waited for instead of killing another,
   a victim that frees too little or takes too long to die is followed by
   the next, and a thread with no process or nobody to kill gives up at once.
   The log line is Linux's "Out of memory: Killed process" in Calyx's words. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "oom.h"
#include "process.h"
#include "sched.h"
#include "memobj.h"
#include "pmm.h"
#include "lib/printf.h"
#include "arch.h"
#include "mmu.h"

/* --- the fake world ------------------------------------------------------------ */

#define NPROC 8
#define TICK (1000000000ull / KERNEL_TICK_HZ)

static struct process procs[NPROC];
static size_t held[NPROC];       /* frames in its private regions */
static size_t frees[NPROC];      /* of which its end gives back (the rest is shared) */
static uint64_t dies_at[NPROC];  /* when a killed process is gone */
static int nprocs;
static size_t free_pages;
static uint64_t now;
static uint64_t death_ns;        /* how long a killed process takes to die */
static uint64_t first_death_ns;  /* the same for the first one killed */
static struct thread me;
static unsigned kills, blocks, faults;
static struct process *killed[NPROC];
static char last_log[256];
static struct process *kill_me_after_block; /* someone else kills it while it sleeps */

static int index_of(const struct process *p) { return (int)(p - procs); }

static struct process *add(const char *name, struct process *parent, enum process_state st,
                           size_t pages)
{
    struct process *p = &procs[nprocs];
    memset(p, 0, sizeof *p);
    p->pid = (uint64_t)(nprocs + 1);
    strncpy(p->name, name, sizeof p->name - 1);
    p->parent = parent;
    p->state = st;
    held[nprocs] = pages;
    frees[nprocs] = pages;
    nprocs++;
    return p;
}

static int setup(void **state)
{
    (void)state;
    nprocs = 0;
    free_pages = MEMOBJ_RESERVE_PAGES;
    now = 1000 * TICK;
    death_ns = first_death_ns = 3 * TICK;
    kills = blocks = faults = 0;
    last_log[0] = 0;
    kill_me_after_block = NULL;
    me.proc = NULL;
    return 0;
}

void process_for_each(void (*fn)(struct process *p, void *arg), void *arg)
{
    for (int i = 0; i < nprocs; i++)
        fn(&procs[i], arg);
}

void process_kill(struct process *p, uint32_t how, int64_t code, uint32_t fault_kind, uint64_t fault_addr)
{
    (void)code, (void)fault_kind, (void)fault_addr;
    if (p->dying || p->state == PROCESS_EXITED)
        return;
    p->dying = 1;
    p->exit.how = how;
    dies_at[index_of(p)] = now + (kills ? death_ns : first_death_ns);
    killed[kills++] = p;
}

/* Time passes: the dying whose time has come give their frames back. */
static void let_time_pass(uint64_t until)
{
    now = until;
    for (int i = 0; i < nprocs; i++)
        if (procs[i].dying && procs[i].state == PROCESS_RUNNING && dies_at[i] <= now) {
            free_pages += frees[i];
            held[i] = 0;
            procs[i].state = PROCESS_EXITED;
        }
}

int sched_block(uint64_t deadline_ns)
{
    if (me.proc && me.proc->dying)
        return WAKE_INTERRUPTED; /* as the real one: a dying process does not wait */
    assert_true(deadline_ns > now && deadline_ns <= now + TICK); /* a tick at a time */
    blocks++;
    let_time_pass(deadline_ns);
    if (kill_me_after_block) {
        process_kill(kill_me_after_block, CX_EXIT_KILLED, 0, 0, 0);
        return WAKE_INTERRUPTED;
    }
    return WAKE_TIMEOUT;
}

struct thread *current_thread(void) { return &me; }
uint64_t arch_time_ns(void) { return now; }
size_t pmm_free_pages(void) { return free_pages; }

size_t vm_private_pages(const struct vmspace *vs)
{
    for (int i = 0; i < nprocs; i++)
        if (&procs[i].vm == vs)
            return held[i];
    fail_msg("not a process's space");
    return 0;
}

/* A copy-on-write break: one frame, when there is one above the reserve. */
enum vm_fault_result vm_fault(struct vmspace *vs, uint64_t addr, unsigned access)
{
    (void)vs, (void)addr, (void)access;
    faults++;
    if (free_pages <= MEMOBJ_RESERVE_PAGES)
        return VM_FAULT_NO_MEMORY;
    free_pages--;
    return VM_FAULT_RESOLVED;
}

int kprintf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(last_log, sizeof last_log, fmt, ap);
    va_end(ap);
    return n;
}

/* A root task, a parent and the usual cast; returns the bystander. */
static struct process *world(struct process **root, struct process **hog)
{
    *root = add("posix", NULL, PROCESS_RUNNING, 5000); /* the biggest, and spared */
    struct process *parent = add("sh", *root, PROCESS_RUNNING, 300);
    struct process *a = add("a", parent, PROCESS_RUNNING, 200);
    *hog = add("hog", parent, PROCESS_RUNNING, 4000);
    return a;
}

static enum vm_fault_result fault_in(struct process *p)
{
    me.proc = p;
    return vm_fault_or_reclaim(p ? &p->vm : &procs[0].vm, 0x1000, VM_WRITE);
}

/* --- tests --------------------------------------------------------------------- */

static void a_bystander_fault_kills_the_biggest(void **state)
{
    (void)state;
    struct process *root, *hog, *a = world(&root, &hog);
    assert_int_equal(fault_in(a), VM_FAULT_RESOLVED);
    assert_int_equal(kills, 1);
    assert_ptr_equal(killed[0], hog);
    assert_int_equal(hog->exit.how, CX_EXIT_KILLED);
    assert_false(a->dying || root->dying);
    assert_string_equal(last_log, "calyx: out of memory: killed process 4 (hog) using 4000 pages\n");
    assert_true(blocks >= 1 && hog->state == PROCESS_EXITED); /* it waited for the frames */
}

static void the_victim_faulting_just_dies(void **state)
{
    (void)state;
    struct process *root, *hog, *a = world(&root, &hog);
    assert_int_equal(fault_in(hog), VM_FAULT_KILLED); /* no page fault to report */
    assert_int_equal(kills, 1);
    assert_ptr_equal(killed[0], hog);
    assert_int_equal(blocks, 0);
    assert_false(a->dying);
}

static void a_dying_process_is_waited_for(void **state)
{
    (void)state;
    struct process *root, *hog, *a = world(&root, &hog);
    struct process *leaving = add("leaving", a, PROCESS_RUNNING, 50);
    leaving->dying = 1; /* exiting on its own: its frames are on the way back */
    dies_at[index_of(leaving)] = now + 2 * TICK;
    assert_int_equal(fault_in(a), VM_FAULT_RESOLVED);
    assert_int_equal(kills, 0);
    assert_int_equal(blocks, 2);
    assert_false(hog->dying);
}

static void never_the_root_an_unstarted_or_a_dying_one(void **state)
{
    (void)state;
    struct process *root = add("posix", NULL, PROCESS_RUNNING, 9000);
    struct process *unstarted = add("new", root, PROCESS_CREATED, 8000);
    struct process *zombie = add("gone", root, PROCESS_EXITED, 0);
    struct process *small = add("small", root, PROCESS_RUNNING, 10);
    struct process *me_ = add("me", root, PROCESS_RUNNING, 20);
    assert_int_equal(fault_in(small), VM_FAULT_RESOLVED);
    assert_int_equal(kills, 1);
    assert_ptr_equal(killed[0], me_);
    assert_false(root->dying || unstarted->dying || zombie->dying);
}

static void ties_go_to_the_newest(void **state)
{
    (void)state;
    struct process *root = add("posix", NULL, PROCESS_RUNNING, 100);
    struct process *older = add("older", root, PROCESS_RUNNING, 700);
    struct process *newer = add("newer", older, PROCESS_RUNNING, 700);
    struct process *a = add("a", root, PROCESS_RUNNING, 1);
    assert_int_equal(fault_in(a), VM_FAULT_RESOLVED);
    assert_int_equal(kills, 1);
    assert_ptr_equal(killed[0], newer);
}

static void a_victim_that_frees_too_little_is_followed(void **state)
{
    (void)state;
    struct process *root, *hog, *a = world(&root, &hog);
    frees[index_of(hog)] = 0; /* all its frames are shared with someone else */
    assert_int_equal(fault_in(a), VM_FAULT_RESOLVED);
    assert_int_equal(kills, 2);
    assert_ptr_equal(killed[0], hog);
    assert_ptr_equal(killed[1], &procs[1]); /* "sh", 300 pages: the next biggest */
    assert_false(a->dying || root->dying);
}

static void a_stuck_victim_is_followed_after_the_grace(void **state)
{
    (void)state;
    struct process *root, *hog, *a = world(&root, &hog);
    uint64_t start = now;
    first_death_ns = 1000 * OOM_VICTIM_GRACE_NS; /* it will not die in time */
    assert_int_equal(fault_in(a), VM_FAULT_RESOLVED);
    assert_int_equal(kills, 2);
    assert_ptr_equal(killed[0], hog);
    assert_true(now - start >= OOM_VICTIM_GRACE_NS);
    assert_false(a->dying || root->dying);
}

static void killed_while_waiting_stops_waiting(void **state)
{
    (void)state;
    struct process *root, *hog, *a = world(&root, &hog);
    first_death_ns = 100 * TICK;
    kill_me_after_block = a; /* e.g. a signal's default action */
    assert_int_equal(fault_in(a), VM_FAULT_KILLED);
    assert_int_equal(blocks, 1);
}

static void nobody_to_kill_gives_up_at_once(void **state)
{
    (void)state;
    struct process *root = add("posix", NULL, PROCESS_RUNNING, 100);
    /* The root task itself writing (process_vm_write into a client that is
       not killable: here there is none). */
    assert_int_equal(fault_in(root), VM_FAULT_NO_MEMORY);
    assert_int_equal(kills + blocks, 0);
    /* And a kernel thread (no process) never waits. */
    assert_int_equal(fault_in(NULL), VM_FAULT_NO_MEMORY);
    assert_int_equal(kills + blocks, 0);
}

static void plenty_of_memory_is_plain_vm_fault(void **state)
{
    (void)state;
    struct process *root, *hog, *a = world(&root, &hog);
    free_pages = MEMOBJ_RESERVE_PAGES + 10;
    assert_int_equal(fault_in(a), VM_FAULT_RESOLVED);
    assert_int_equal(kills + blocks, 0);
    assert_int_equal(faults, 1);
}

static void kill_nowait_kills_unless_one_is_dying(void **state)
{
    (void)state;
    struct process *root, *hog, *a = world(&root, &hog);
    me.proc = a;
    oom_kill_nowait();
    assert_int_equal(kills, 1);
    assert_ptr_equal(killed[0], hog);
    oom_kill_nowait(); /* hog is still dying: nobody else */
    assert_int_equal(kills, 1);
    assert_int_equal(blocks, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(a_bystander_fault_kills_the_biggest, setup),
        cmocka_unit_test_setup(the_victim_faulting_just_dies, setup),
        cmocka_unit_test_setup(a_dying_process_is_waited_for, setup),
        cmocka_unit_test_setup(never_the_root_an_unstarted_or_a_dying_one, setup),
        cmocka_unit_test_setup(ties_go_to_the_newest, setup),
        cmocka_unit_test_setup(a_victim_that_frees_too_little_is_followed, setup),
        cmocka_unit_test_setup(a_stuck_victim_is_followed_after_the_grace, setup),
        cmocka_unit_test_setup(killed_while_waiting_stops_waiting, setup),
        cmocka_unit_test_setup(nobody_to_kill_gives_up_at_once, setup),
        cmocka_unit_test_setup(plenty_of_memory_is_plain_vm_fault, setup),
        cmocka_unit_test_setup(kill_nowait_kills_unless_one_is_dying, setup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
