/* A process's address space: page tables plus the list of mapped regions.
   User memory is allocated when mapped (no demand paging yet). */
#ifndef KERNEL_VMSPACE_H
#define KERNEL_VMSPACE_H

#include <stddef.h>
#include <stdint.h>

struct vm_region {
    uint64_t start, end;  /* page aligned, end exclusive */
    unsigned prot;        /* VM_READ | VM_WRITE | VM_EXEC */
    struct vm_region *next;
};

struct vmspace {
    uint64_t root;              /* page table root */
    struct vm_region *regions;  /* sorted by address, non-overlapping */
    size_t pages;               /* user pages mapped */
};

int vmspace_init(struct vmspace *vs);     /* -1 when out of memory */
void vmspace_destroy(struct vmspace *vs); /* unmaps and frees every user page */

/* Map fresh zeroed memory at [start, start+len). -1: out of memory or overlap. */
int vm_map_anonymous(struct vmspace *vs, uint64_t start, uint64_t len, unsigned prot);
/* Copy bytes into user memory regardless of its protection (for the loader). */
int vm_write_initial(struct vmspace *vs, uint64_t addr, const void *src, size_t n);

#endif
