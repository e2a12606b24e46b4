/* The page a copy-on-write test (tests/native/test_process_vm.c,
   leakcheck_fork.c) shares with child_cow and with child_cow's fork. The test
   maps a memory object there in child_cow with process_vm_map before starting
   it; the fork inherits the mapping, still shared. */
#ifndef TESTS_COW_SHARED_H
#define TESTS_COW_SHARED_H

#include <stdint.h>

#define COW_SHARED_ADDR 0x200000000000ul

/* Sides: 0 is child_cow as started, 1 its fork. */
struct cow_shared {
    volatile uint64_t entry;        /* child_cow: where the fork's thread starts */
    volatile uint64_t stack_top;    /* child_cow: the top of a stack for it */
    volatile uint64_t ready;        /* child_cow: the above are set; the test may fork */
    volatile uint64_t forked;       /* test: the fork exists and is started */
    volatile uint64_t wrote[2];     /* each side: has written its own value */
    volatile uint64_t seen_at_fork[2]; /* the private variable before the side wrote it */
    volatile uint64_t seen_after[2];   /* the private variable once both sides wrote */
    volatile uint64_t marker;       /* test: a byte side 0 reads with cx_read ... */
    volatile uint64_t kernel_copy;  /* ... into private memory after the fork: its result */
    volatile uint64_t kernel_seen[2];  /* the byte that cx_read target holds at the end */
};

#endif
