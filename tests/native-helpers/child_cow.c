/* Test helper for process_fork (tests/native/test_process_vm.c): publishes a
 * fork entry point in the shared page (tests/native-helpers/cow_shared.h),
 * waits until the test has forked it, then both it and its fork write their
 * own value to the same private variable and check, once the other side has
 * written too, that each still sees its own. Exit 0: it did. Side 0 also
 * reads its memory object capability (the first it was given) into private
 * memory after the fork: a kernel write into a copy-on-write page.
 */
#include <calyx/native.h>
#include "cow_shared.h"

static volatile char var = 'A';           /* private .data: 'A' in the image */
/* Private .data on a page of its own (so no user write breaks its sharing
   first), written by the kernel through cx_read on side 0. */
static volatile char kernel_target[4096] __attribute__((aligned(4096))) = { 'k' };
static char fork_stack[16384] __attribute__((aligned(16)));

static struct cow_shared *const sh = (struct cow_shared *)COW_SHARED_ADDR;

static int side(int me)
{
    char mine = me ? 'C' : 'P';
    sh->seen_at_fork[me] = (uint64_t)var;
    var = mine;
    if (me == 0 && cx_start_ncaps > 0)
        sh->kernel_copy = cx_read(cx_start_caps[0], (void *)kernel_target, 1,
                                  __builtin_offsetof(struct cow_shared, marker));
    sh->wrote[me] = 1;
    while (!sh->wrote[!me])
        cx_yield();
    sh->seen_after[me] = (uint64_t)var;
    sh->kernel_seen[me] = (uint64_t)kernel_target[0];
    return var == mine ? 0 : 1;
}

/* The fork's thread starts here, on fork_stack (its own copy of it). */
static void fork_entry(void)
{
    cx_exit(side(1));
}

int main(void)
{
    sh->entry = (uint64_t)(uintptr_t)fork_entry;
    sh->stack_top = (uint64_t)(uintptr_t)(fork_stack + sizeof fork_stack);
    var = 'F'; /* what the fork must see: the memory at the fork, not the image */
    sh->ready = 1;
    while (!sh->forked)
        cx_yield();
    return side(0);
}
