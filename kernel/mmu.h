/* Page tables, in the terms the portable kernel uses; arch/<cpu>/ implements
   them (kernel/arch.h). An address space is named by its root: the physical
   address of its top-level table. */
#ifndef KERNEL_MMU_H
#define KERNEL_MMU_H

#include <stdint.h>
#include <arch/layout.h>
#include <arch/mmu.h> /* phys_to_virt, virt_to_phys */

#define VM_READ  1u
#define VM_WRITE 2u
#define VM_EXEC  4u
#define VM_USER  8u

struct boot_info;
void paging_init(const struct boot_info *bi); /* kernel tables with W^X; drops the boot identity map */

uint64_t mmu_kernel_root(void);
uint64_t mmu_new_root(void);          /* user address space sharing the kernel half; 0 when out of memory */
void mmu_free_root(uint64_t root);    /* frees the user half's tables (not the frames they map) */
void mmu_activate(uint64_t root);

/* 4 KiB user or kernel pages. mmu_map returns -1 when a table cannot be
   allocated, else 1 when it replaced an entry that was present, 0 when the
   entry is new (what a space's resident count needs). */
int mmu_map(uint64_t root, uint64_t va, uint64_t pa, unsigned prot);
int mmu_unmap(uint64_t root, uint64_t va, uint64_t *pa);    /* -1 when nothing was mapped */
int mmu_lookup(uint64_t root, uint64_t va, uint64_t *pa, unsigned *prot);

#endif
