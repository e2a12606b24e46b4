/* How the x86_64 kernel reaches physical memory: the direct map (layout.h).
   The page-table interface itself is kernel/mmu.h. */
#ifndef ARCH_MMU_H
#define ARCH_MMU_H

#include <stdint.h>
#include <arch/layout.h>

static inline void *phys_to_virt(uint64_t pa) { return (void *)(PHYS_MAP_BASE + pa); }
static inline uint64_t virt_to_phys(const void *va) { return (uint64_t)va - PHYS_MAP_BASE; }

#endif
