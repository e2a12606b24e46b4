/* Reads the multiboot (v1) information structure into struct boot_info. */
#include <stdint.h>
#include "kernel/mmu.h"
#include "kernel/boot.h"
#include "kernel/lib/string.h"

struct mb_info {
    uint32_t flags, mem_lower, mem_upper, boot_device, cmdline, mods_count, mods_addr;
    uint32_t syms[4];
    uint32_t mmap_length, mmap_addr;
    uint32_t drives_length, drives_addr, config_table, boot_loader_name;
} __attribute__((packed));

struct mb_module {
    uint32_t start, end, cmdline, reserved;
} __attribute__((packed));

struct mb_mmap_entry {
    uint32_t size;
    uint64_t addr, len;
    uint32_t type;
} __attribute__((packed));

#define MB_INFO_CMDLINE    (1u << 2)
#define MB_INFO_MODS       (1u << 3)
#define MB_INFO_MMAP       (1u << 6)
#define MB_INFO_LOADERNAME (1u << 9)
#define MB_MMAP_AVAILABLE  1

extern char __kernel_phys_start[], __kernel_end[];

/* The boot page table maps the first 1 GiB at PHYS_MAP_BASE: enough for QEMU's structures. */
static const void *early_phys(uint64_t pa) { return phys_to_virt(pa); }

void multiboot_parse(uint32_t info_pa, struct boot_info *bi)
{
    const struct mb_info *mb = early_phys(info_pa);
    memset(bi, 0, sizeof *bi);
    bi->kernel_start = (uint64_t)__kernel_phys_start;
    bi->kernel_end = (uint64_t)__kernel_end - KERNEL_VMA;

    if (mb->flags & MB_INFO_CMDLINE)
        strlcpy(bi->cmdline, early_phys(mb->cmdline), sizeof bi->cmdline);
    if (mb->flags & MB_INFO_LOADERNAME)
        strlcpy(bi->bootloader, early_phys(mb->boot_loader_name), sizeof bi->bootloader);

    if (mb->flags & MB_INFO_MMAP) {
        uint64_t p = mb->mmap_addr, end = p + mb->mmap_length;
        while (p < end && bi->nram < BOOT_MAX_RANGES) {
            const struct mb_mmap_entry *e = early_phys(p);
            if (e->type == MB_MMAP_AVAILABLE && e->len)
                bi->ram[bi->nram++] = (struct boot_range){ e->addr, e->len };
            p += e->size + sizeof e->size;
        }
    } else {
        bi->ram[bi->nram++] = (struct boot_range){ 0, (uint64_t)mb->mem_lower << 10 };
        bi->ram[bi->nram++] = (struct boot_range){ 1ull << 20, (uint64_t)mb->mem_upper << 10 };
    }

    if (mb->flags & MB_INFO_MODS) {
        const struct mb_module *m = early_phys(mb->mods_addr);
        for (uint32_t i = 0; i < mb->mods_count && bi->nmodules < BOOT_MAX_MODULES; i++) {
            struct boot_module *bm = &bi->modules[bi->nmodules++];
            bm->start = m[i].start;
            bm->end = m[i].end;
            if (m[i].cmdline)
                strlcpy(bm->name, early_phys(m[i].cmdline), sizeof bm->name);
        }
    }
}
