/* Virtual memory layout of Calyx on x86_64 (4-level paging, 48-bit addresses). */
#ifndef ARCH_LAYOUT_H
#define ARCH_LAYOUT_H

#include <calyx/arch/x86_64/layout.h> /* CX_USER_TOP: user space's end is ABI */

#define KERNEL_VMA       0xFFFFFFFF80000000ull /* kernel image: phys + KERNEL_VMA */
#define PHYS_MAP_BASE    0xFFFF800000000000ull /* all physical memory, mapped RW NX */
#define PHYS_MAP_MAX     (64ull << 30)         /* direct map covers at most 64 GiB */
#define USER_TOP         CX_USER_TOP           /* first address above user space */
#define USER_MIN         0x0000000000010000ull /* lowest mappable user address (null guard) */
#define PAGE_SIZE        4096ull
#define PAGE_SHIFT       12
#define PAGE_TABLE_SPAN  (512ull * PAGE_SIZE)   /* what one last-level page table maps */

#endif
