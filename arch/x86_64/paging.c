/* 4-level page tables. The kernel half (entries 256-511 of every top-level
   table) is built once and shared by all address spaces: the direct map of
   physical memory at PHYS_MAP_BASE (never executable) and the kernel image at
   KERNEL_VMA, text read+execute, rodata read-only, data and bss read+write+NX. */
#include "kernel/mmu.h"
#include <arch/cpu.h>
#include "kernel/boot.h"
#include "kernel/pmm.h"
#include "kernel/panic.h"
#include "kernel/lib/string.h"

#define PTE_P    (1ull << 0)
#define PTE_W    (1ull << 1)
#define PTE_U    (1ull << 2)
#define PTE_PS   (1ull << 7)
#define PTE_G    (1ull << 8)
#define PTE_NX   (1ull << 63)
#define PTE_ADDR 0x000FFFFFFFFFF000ull

extern char __text_start[], __text_end[], __rodata_start[], __rodata_end[];
extern char __data_start[], __kernel_end[];

static uint64_t kernel_root;

static uint64_t *table(uint64_t pa) { return phys_to_virt(pa & PTE_ADDR); }

static uint64_t pte_flags(unsigned prot)
{
    uint64_t f = PTE_P;
    if (prot & VM_WRITE)
        f |= PTE_W;
    if (!(prot & VM_EXEC))
        f |= PTE_NX;
    if (prot & VM_USER)
        f |= PTE_U;
    else
        f |= PTE_G;
    return f;
}

/* The entry for va at the given level (3 = PML4 ... 0 = PT), allocating
   intermediate tables when create is set. NULL when absent or out of memory. */
static uint64_t *walk(uint64_t root, uint64_t va, int level, int create)
{
    uint64_t *t = table(root);
    for (int l = 3; l > level; l--) {
        uint64_t *e = &t[(va >> (12 + 9 * l)) & 511];
        if (!(*e & PTE_P)) {
            if (!create)
                return NULL;
            uint64_t pa = pmm_alloc();
            if (!pa)
                return NULL;
            /* Intermediate entries are permissive; the leaf decides. */
            *e = pa | PTE_P | PTE_W | (va < USER_TOP ? PTE_U : 0);
        } else if (*e & PTE_PS) {
            return NULL; /* inside a large page: not managed at 4 KiB granularity */
        }
        t = table(*e);
    }
    return &t[(va >> (12 + 9 * level)) & 511];
}

int mmu_map(uint64_t root, uint64_t va, uint64_t pa, unsigned prot)
{
    uint64_t *e = walk(root, va, 0, 1);
    if (!e)
        return -1;
    int was_present = (*e & PTE_P) != 0;
    *e = (pa & PTE_ADDR) | pte_flags(prot);
    invlpg(va);
    return was_present;
}

int mmu_unmap(uint64_t root, uint64_t va, uint64_t *pa)
{
    uint64_t *e = walk(root, va, 0, 0);
    if (!e || !(*e & PTE_P))
        return -1;
    if (pa)
        *pa = *e & PTE_ADDR;
    *e = 0;
    invlpg(va);
    return 0;
}

int mmu_lookup(uint64_t root, uint64_t va, uint64_t *pa, unsigned *prot)
{
    uint64_t *t = table(root);
    for (int l = 3; l >= 0; l--) {
        uint64_t e = t[(va >> (12 + 9 * l)) & 511];
        if (!(e & PTE_P))
            return -1;
        if (l == 0 || (e & PTE_PS)) {
            uint64_t size = 1ull << (12 + 9 * l);
            if (pa)
                *pa = (e & PTE_ADDR & ~(size - 1)) + (va & (size - 1));
            if (prot)
                *prot = VM_READ | ((e & PTE_W) ? VM_WRITE : 0) | ((e & PTE_NX) ? 0 : VM_EXEC) |
                        ((e & PTE_U) ? VM_USER : 0);
            return 0;
        }
        t = table(e);
    }
    return -1;
}

/* Map [pa, pa+len) at va, with 2 MiB pages where alignment allows. */
static void map_kernel_range(uint64_t va, uint64_t pa, uint64_t len, unsigned prot)
{
    const uint64_t big = 2ull << 20;
    uint64_t end = pa + len;
    while (pa < end) {
        if ((pa % big) == 0 && (va % big) == 0 && end - pa >= big) {
            uint64_t *e = walk(kernel_root, va, 1, 1);
            if (!e)
                panic("paging: out of memory for kernel tables");
            *e = pa | pte_flags(prot) | PTE_PS;
            pa += big;
            va += big;
        } else {
            if (mmu_map(kernel_root, va, pa, prot) < 0)
                panic("paging: out of memory for kernel tables");
            pa += PAGE_SIZE;
            va += PAGE_SIZE;
        }
    }
}

static void map_kernel_section(char *start, char *end, unsigned prot)
{
    map_kernel_range((uint64_t)start, (uint64_t)start - KERNEL_VMA, (uint64_t)(end - start), prot);
}

void paging_init(const struct boot_info *bi)
{
    kernel_root = pmm_alloc();
    if (!kernel_root)
        panic("paging: no memory for the kernel page table");
    /* Pre-create every kernel-half top-level entry so that address spaces made
       later, which copy these entries, see all future kernel mappings. */
    uint64_t *pml4 = table(kernel_root);
    for (int i = 256; i < 512; i++) {
        uint64_t pa = pmm_alloc();
        if (!pa)
            panic("paging: out of memory for kernel tables");
        pml4[i] = pa | PTE_P | PTE_W;
    }

    /* Direct map: every RAM range (plus the legacy low 1 MiB), read+write, never executable.
       The kernel image's own frames appear there read-only, so no alias makes code writable. */
    uint64_t kstart = bi->kernel_start, kend = (bi->kernel_end + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
    map_kernel_range(PHYS_MAP_BASE, 0, 1ull << 20, VM_READ | VM_WRITE);
    for (unsigned i = 0; i < bi->nram; i++) {
        uint64_t s = bi->ram[i].base & ~(PAGE_SIZE - 1), e = bi->ram[i].base + bi->ram[i].length;
        if (s < (1ull << 20))
            s = 1ull << 20;
        if (e > PHYS_MAP_MAX)
            e = PHYS_MAP_MAX;
        for (uint64_t a = s; a < e;) {
            uint64_t stop = e;
            unsigned prot = VM_READ | VM_WRITE;
            if (a < kstart && stop > kstart)
                stop = kstart;
            else if (a >= kstart && a < kend) {
                stop = e < kend ? e : kend;
                prot = VM_READ;
            }
            map_kernel_range(PHYS_MAP_BASE + a, a, stop - a, prot);
            a = stop;
        }
    }

    map_kernel_section(__text_start, __text_end, VM_READ | VM_EXEC);
    map_kernel_section(__rodata_start, __rodata_end, VM_READ);
    map_kernel_section(__data_start, __kernel_end, VM_READ | VM_WRITE);
    write_cr3(kernel_root);
}

uint64_t mmu_kernel_root(void) { return kernel_root; }

uint64_t mmu_new_root(void)
{
    uint64_t root = pmm_alloc();
    if (!root)
        return 0;
    memcpy(table(root) + 256, table(kernel_root) + 256, 256 * sizeof(uint64_t));
    return root;
}

static void free_level(uint64_t pa, int level)
{
    if (level > 0) {
        uint64_t *t = table(pa);
        for (int i = 0; i < 512; i++)
            if (t[i] & PTE_P)
                free_level(t[i] & PTE_ADDR, level - 1);
    }
    pmm_free(pa & PTE_ADDR);
}

void mmu_free_root(uint64_t root)
{
    uint64_t *pml4 = table(root);
    for (int i = 0; i < 256; i++)
        if (pml4[i] & PTE_P)
            free_level(pml4[i] & PTE_ADDR, 2);
    pmm_free(root);
}

void mmu_activate(uint64_t root)
{
    if (read_cr3() != root)
        write_cr3(root);
}
