/* In-kernel test runner. Tests exercise kernel services on the real machine
   (memory, page tables, user copies); logic that needs no hardware is tested
   on the host with cmocka instead (tests/host). */
#include "ktest.h"
#include "pmm.h"
#include "kmalloc.h"
#include "cspace.h"
#include "console.h"
#include "vmspace.h"
#include "memobj.h"
#include "usercopy.h"
#include "oom.h"
#include "lib/printf.h"
#include "lib/string.h"
#include "arch.h"
#include "mmu.h"

static unsigned failures;

void ktest_fail(const char *file, int line, const char *what)
{
    kprintf("    # check failed: %s at %s:%d\n", what, file, line);
    failures++;
}

static void test_pmm(void)
{
    size_t before = pmm_free_pages();
    uint64_t a = pmm_alloc(), b = pmm_alloc();
    KEXPECT(a && b && a != b);
    KEXPECT(((uint8_t *)phys_to_virt(a))[100] == 0);
    KEXPECT(pmm_free_pages() == before - 2);
    uint64_t run = pmm_alloc_contig(8);
    KEXPECT(run && (run & (PAGE_SIZE - 1)) == 0);
    pmm_free(a);
    pmm_free(b);
    pmm_free_contig(run, 8);
    KEXPECT(pmm_free_pages() == before);
    pmm_set_fail_after(0);
    KEXPECT(pmm_alloc() == 0);
    pmm_set_fail_after(-1);
}

static void test_kmalloc(void)
{
    size_t live = kmalloc_live();
    void *small = kmalloc(24), *mid = kmalloc(1000), *big = kmalloc(3 * PAGE_SIZE);
    KEXPECT(small && mid && big);
    memset(big, 0xAB, 3 * PAGE_SIZE);
    KEXPECT(kmalloc(0) == NULL && kmalloc(KMALLOC_MAX + 1) == NULL);
    kfree(small);
    kfree(mid);
    kfree(big);
    KEXPECT(kmalloc_live() == live);
}

static void test_paging_wx(void)
{
    extern char __text_start[], __rodata_start[], __data_start[];
    unsigned prot;
    KEXPECT(mmu_lookup(mmu_kernel_root(), (uint64_t)__text_start, NULL, &prot) == 0);
    KEXPECT((prot & VM_EXEC) && !(prot & VM_WRITE));
    KEXPECT(mmu_lookup(mmu_kernel_root(), (uint64_t)__rodata_start, NULL, &prot) == 0);
    KEXPECT(!(prot & VM_EXEC) && !(prot & VM_WRITE));
    KEXPECT(mmu_lookup(mmu_kernel_root(), (uint64_t)__data_start, NULL, &prot) == 0);
    KEXPECT(!(prot & VM_EXEC) && (prot & VM_WRITE));
    KEXPECT(mmu_lookup(mmu_kernel_root(), PHYS_MAP_BASE + (16u << 20), NULL, &prot) == 0);
    KEXPECT(!(prot & VM_EXEC));
    KEXPECT(mmu_lookup(mmu_kernel_root(), 0x1000, NULL, NULL) < 0); /* no identity map left */
}

static void test_usercopy(void)
{
    struct vmspace vs;
    KEXPECT(vmspace_init(&vs) == 0);
    uint64_t base = 0x10000000;
    KEXPECT(vm_map_anonymous(&vs, base, 2 * PAGE_SIZE, VM_READ | VM_WRITE) == 0);
    KEXPECT(vm_map_anonymous(&vs, base + 2 * PAGE_SIZE, PAGE_SIZE, VM_READ) == 0);
    KEXPECT(vm_map_anonymous(&vs, base, PAGE_SIZE, VM_READ) < 0); /* overlap refused */
    char buf[64] = "across a page boundary";
    KEXPECT(copy_to_user(&vs, base + PAGE_SIZE - 5, buf, 30) == 0);
    char back[64] = { 0 };
    KEXPECT(copy_from_user(&vs, back, base + PAGE_SIZE - 5, 30) == 0);
    KEXPECT(memcmp(buf, back, 30) == 0);
    KEXPECT(copy_to_user(&vs, base + 2 * PAGE_SIZE, buf, 1) < 0);       /* read-only */
    KEXPECT(copy_from_user(&vs, back, base + 3 * PAGE_SIZE, 1) < 0);    /* unmapped */
    KEXPECT(copy_from_user(&vs, back, ~0ull - 3, 8) < 0);               /* wraps */
    KEXPECT(copy_from_user(&vs, back, PHYS_MAP_BASE, 8) < 0);           /* kernel address */
    vmspace_destroy(&vs);
}

static void test_cspace(void)
{
    struct cspace *cs = cspace_create();
    KEXPECT(cs != NULL);
    cx_cap_t c = cspace_insert(cs, console_object(), CX_RIGHT_WRITE);
    struct cap_slot *s;
    KEXPECT(c != 0);
    KEXPECT(cspace_lookup(cs, c, CX_OBJ_CONSOLE, CX_RIGHT_WRITE, &s) == 0);
    KEXPECT(cspace_lookup(cs, c, CX_OBJ_CONSOLE, CX_RIGHT_READ, &s) == CX_MKERR(CX_ERR_PERMISSION_DENIED));
    KEXPECT(cspace_lookup(cs, c + (1ull << 32), 0, 0, &s) == CX_MKERR(CX_ERR_INVALID_CAPABILITY));
    cspace_remove(cs, c);
    KEXPECT(cspace_lookup(cs, c, 0, 0, &s) == CX_MKERR(CX_ERR_INVALID_CAPABILITY));

    /* the registry knows the console by its well-known id; derived copies
       count towards its capabilities and go with their parent */
    struct kobject *con = object_find(CX_OBJ_CONSOLE, CONSOLE_OBJECT_ID);
    KEXPECT(con == console_object());
    unsigned ncaps = con->ncaps, refs = con->refs;
    cx_cap_t root = cspace_insert(cs, con, CX_RIGHTS_ALL);
    KEXPECT(cspace_lookup(cs, root, 0, 0, &s) == 0);
    cx_cap_t child = cspace_derive(cs, s, con, CX_RIGHT_READ);
    KEXPECT(child != 0 && con->ncaps == ncaps + 2);
    KEXPECT(cspace_revoke(cs, root) == 0);
    KEXPECT(cspace_lookup(cs, child, 0, 0, &s) == CX_MKERR(CX_ERR_INVALID_CAPABILITY));
    KEXPECT(con->ncaps == ncaps && con->refs == refs && cs->used == 0);
    cspace_destroy(cs);
}

/* Memory objects and regions: sharing, splitting, PROT_NONE, failure
   rollback, and that every frame and heap block comes back. The heap keeps
   the frames it carves small blocks from, so frame counts are exact only
   once a first run (strict = 0) has warmed its size classes. */
static void memobj_scenario(int strict)
{
    size_t free0 = pmm_free_pages(), live0 = kmalloc_live();
    struct vmspace vs;
    KEXPECT(vmspace_init(&vs) == 0);
    struct memobj *m = memobj_create(4, 0);
    KEXPECT(m && m->npages == 4 && m->obj.type == CX_OBJ_MEMORY);
    uint64_t a = 0x20000000, b = 0x30000000;
    KEXPECT(vm_map_object(&vs, a, m, 0, 4, VM_READ | VM_WRITE, VM_READ | VM_WRITE) == 0);
    KEXPECT(vm_map_object(&vs, b, m, 1, 2, VM_READ, VM_READ) == 0);
    KEXPECT(vm_map_object(&vs, a + PAGE_SIZE, m, 0, 1, VM_READ, VM_READ) == CX_MKERR(CX_ERR_ALREADY_EXISTS));
    /* A shareable object may be mapped past its end, not past the largest size. */
    KEXPECT(vm_map_object(&vs, b + 8 * PAGE_SIZE, m, MEMOBJ_MAX_PAGES - 1, 2, VM_READ, VM_READ) ==
            CX_MKERR(CX_ERR_INVALID_PARAMETER));
    KEXPECT(m->obj.refs == 3);
    char msg[] = "shared", back[8] = { 0 };
    KEXPECT(copy_to_user(&vs, a + PAGE_SIZE + 10, msg, sizeof msg) == 0);
    KEXPECT(copy_from_user(&vs, back, b + 10, sizeof msg) == 0 && memcmp(back, msg, sizeof msg) == 0);
    KEXPECT(copy_to_user(&vs, b, msg, 1) < 0);                               /* read-only view */
    KEXPECT(vm_protect(&vs, b, b + PAGE_SIZE, VM_WRITE) == CX_MKERR(CX_ERR_PERMISSION_DENIED));
    KEXPECT(vm_protect(&vs, b, b + 3 * PAGE_SIZE, VM_READ) == CX_MKERR(CX_ERR_NOT_FOUND));
    KEXPECT(vm_protect(&vs, a + PAGE_SIZE, a + 2 * PAGE_SIZE, 0) == 0);      /* splits in three */
    KEXPECT(copy_from_user(&vs, back, a + PAGE_SIZE, 1) < 0);                /* PROT_NONE */
    KEXPECT(copy_from_user(&vs, back, a + 2 * PAGE_SIZE, 1) == 0);
    KEXPECT(vm_protect(&vs, a, a + 4 * PAGE_SIZE, VM_READ | VM_WRITE) == 0); /* back again */
    KEXPECT(copy_from_user(&vs, back, a + PAGE_SIZE + 10, sizeof msg) == 0 && memcmp(back, msg, sizeof msg) == 0);
    KEXPECT(vm_unmap(&vs, a + PAGE_SIZE, a + 3 * PAGE_SIZE) == 0);           /* a hole in the middle */
    KEXPECT(vm_unmap(&vs, a + PAGE_SIZE, a + 3 * PAGE_SIZE) == CX_MKERR(CX_ERR_NOT_FOUND));
    KEXPECT(copy_from_user(&vs, back, a + 3 * PAGE_SIZE, 1) == 0);
    KEXPECT(vm_write_initial(&vs, a + PAGE_SIZE, "x", 1) < 0);
    kobject_put(&m->obj);                                                    /* the mappings keep it */
    KEXPECT(copy_from_user(&vs, back, b + 10, sizeof msg) == 0 && memcmp(back, msg, sizeof msg) == 0);
    KEXPECT(vm_unmap(&vs, USER_MIN, USER_TOP) == 0);                         /* last references go */

    /* Anonymous memory takes frames when touched, and gives them back on a
       partial unmap. */
    size_t untouched = pmm_free_pages();
    KEXPECT(vm_map_anonymous(&vs, a, 8 * PAGE_SIZE, VM_READ | VM_WRITE) == 0);
    KEXPECT(!strict || pmm_free_pages() == untouched);
    KEXPECT(vm_populate(&vs, a, a + 8 * PAGE_SIZE) == 0 && pmm_free_pages() + 8 <= untouched);
    size_t mapped = pmm_free_pages();
    KEXPECT(vm_unmap(&vs, a + 2 * PAGE_SIZE, a + 6 * PAGE_SIZE) == 0 && pmm_free_pages() == mapped + 4);
    KEXPECT(vm_find_free(&vs, 0, PAGE_SIZE) == VM_MMAP_BASE);
    KEXPECT(vm_find_free(&vs, a, PAGE_SIZE) != a && vm_find_free(&vs, a + 2 * PAGE_SIZE, PAGE_SIZE) == a + 2 * PAGE_SIZE);

    /* Exhaustion midway through populating: the unmap gives back what was
       filled. Memory is overcommitted, but not past the machine's pages. */
    size_t before = pmm_free_pages(), live = kmalloc_live();
    uint64_t c = a + 16 * PAGE_SIZE; /* the same page table as a's */
    KEXPECT(vm_map_anonymous(&vs, c, 16 * PAGE_SIZE, VM_READ | VM_WRITE) == 0);
    pmm_set_fail_after(3);
    KEXPECT(vm_populate(&vs, c, c + 16 * PAGE_SIZE) < 0);
    pmm_set_fail_after(-1);
    KEXPECT(vm_unmap(&vs, c, c + 16 * PAGE_SIZE) == 0);
    KEXPECT((!strict || pmm_free_pages() == before) && kmalloc_live() == live);
    KEXPECT(memobj_create(pmm_total_pages() + 1, 0) == NULL);
    KEXPECT((!strict || pmm_free_pages() == before) && kmalloc_live() == live);
    struct memobj *big = memobj_create(4, 0);
    KEXPECT(big != NULL);
    pmm_set_fail_after(0); /* no page tables for a far address */
    KEXPECT(vm_map_object(&vs, 0x500000000000ull, big, 0, 4, VM_READ, VM_READ) == CX_MKERR(CX_ERR_OUT_OF_MEMORY));
    pmm_set_fail_after(-1);
    KEXPECT(big->obj.refs == 1);
    kobject_put(&big->obj);
    KEXPECT((!strict || pmm_free_pages() == before) && kmalloc_live() == live);

    vmspace_destroy(&vs);
    KEXPECT(!strict || pmm_free_pages() == free0);
    KEXPECT(kmalloc_live() == live0);
}

static void test_memobj(void)
{
    memobj_scenario(0);
    memobj_scenario(1);
}

/* Boot modules as memory objects: an aligned module lends its frames (never
   freed with the object; the rest of its last page zeroed), an unaligned one
   is copied; either way read/write reach exactly the module's bytes. Frame
   counts are exact on the second round, once the heap has warmed up. */
static void boot_module_scenario(uint64_t pa, int strict)
{
    char *bytes = phys_to_virt(pa);
    for (unsigned i = 0; i < 2 * PAGE_SIZE; i++)
        bytes[i] = (char)(i % 251 + 1);
    size_t free0 = pmm_free_pages(), live0 = kmalloc_live();

    struct memobj *lent = memobj_from_boot_module(pa, 100, 1);
    KEXPECT(lent && lent->npages == 1 && lent->size == 100 && lent->frames[0] == pa);
    KEXPECT(bytes[99] == 100 && bytes[100] == 0 && bytes[PAGE_SIZE - 1] == 0); /* tail zeroed */
    KEXPECT(bytes[PAGE_SIZE] == (char)(PAGE_SIZE % 251 + 1));                 /* next page untouched */
    if (lent)
        kobject_put(&lent->obj);

    struct memobj *copy = memobj_from_boot_module(pa + PAGE_SIZE + 8, 5000, 0);
    KEXPECT(copy && copy->npages == 2 && copy->size == 5000 && copy->frames[0] != pa + PAGE_SIZE);
    KEXPECT(copy && memcmp(phys_to_virt(copy->frames[0]), bytes + PAGE_SIZE + 8, PAGE_SIZE - 8) == 0);
    if (copy)
        kobject_put(&copy->obj);

    struct memobj *empty = memobj_from_boot_module(pa, 0, 1);
    KEXPECT(empty && empty->npages == 1 && empty->size == 0);
    if (empty)
        kobject_put(&empty->obj);
    /* the lent frame never went to the allocator; the copy's came back */
    KEXPECT(!strict || pmm_free_pages() == free0);
    KEXPECT(kmalloc_live() == live0);
}

static void test_boot_module(void)
{
    uint64_t pa = pmm_alloc_contig(2);
    KEXPECT(pa != 0);
    if (!pa)
        return;
    boot_module_scenario(pa, 0);
    boot_module_scenario(pa, 1);
    pmm_free_contig(pa, 2);
}

/* Copy-on-write between two address spaces: entries read-only on both sides
   after vm_fork, a write fault gives the writer its own frame, the last user
   keeps its frame and only regains WRITE, no frame for a copy fails the fault
   and changes nothing (the OOM path too, with no process to wait in), and
   all frames come back with the address spaces. */
static void test_cow(void)
{
    size_t free0 = pmm_free_pages(), live0 = kmalloc_live();
    struct vmspace a, b;
    uint64_t va = 0x20000000, pa_a, pa_b, pa;
    unsigned prot;
    KEXPECT(vmspace_init(&a) == 0 && vmspace_init(&b) == 0);
    KEXPECT(vm_map_anonymous(&a, va, 2 * PAGE_SIZE, VM_READ | VM_WRITE) == 0);
    KEXPECT(vm_populate(&a, va, va + 2 * PAGE_SIZE) == 0);
    KEXPECT(copy_to_user(&a, va, "A", 2) == 0);
    size_t mapped = pmm_free_pages();
    KEXPECT(vm_fork(&b, &a) == 0);
    KEXPECT(mmu_lookup(a.root, va, &pa_a, &prot) == 0 && !(prot & VM_WRITE));
    KEXPECT(mmu_lookup(b.root, va, &pa_b, &prot) == 0 && !(prot & VM_WRITE) && pa_b == pa_a);
    KEXPECT(vm_fault(&b, va, VM_READ) == VM_FAULT_BAD_ACCESS); /* reads are no copy-on-write matter */

    KEXPECT(vm_private_pages(&a) == 2 && vm_private_pages(&b) == 2); /* shared frames count in both */

    pmm_set_fail_after(0);
    KEXPECT(vm_fault(&b, va, VM_WRITE) == VM_FAULT_NO_MEMORY);
    KEXPECT(copy_to_user(&b, va, "B", 2) < 0);
    /* No process to wait in (this is the boot thread) and none to kill: the
       OOM path gives up at once, without sleeping. */
    KEXPECT(vm_fault_or_reclaim(&b, va, VM_WRITE) == VM_FAULT_NO_MEMORY);
    pmm_set_fail_after(-1);
    KEXPECT(mmu_lookup(b.root, va, &pa, &prot) == 0 && pa == pa_b && !(prot & VM_WRITE));

    KEXPECT(copy_to_user(&b, va, "B", 2) == 0); /* a kernel write breaks it too */
    KEXPECT(mmu_lookup(b.root, va, &pa, &prot) == 0 && pa != pa_a && (prot & VM_WRITE));
    char back[2];
    KEXPECT(copy_from_user(&a, back, va, 2) == 0 && back[0] == 'A');
    KEXPECT(copy_from_user(&b, back, va, 2) == 0 && back[0] == 'B');
    size_t before = pmm_free_pages();
    KEXPECT(vm_fault(&a, va, VM_WRITE) == VM_FAULT_RESOLVED); /* a is the last user: no copy */
    KEXPECT(pmm_free_pages() == before);
    KEXPECT(mmu_lookup(a.root, va, &pa, &prot) == 0 && pa == pa_a && (prot & VM_WRITE));

    vmspace_destroy(&a); /* b keeps the second page, shared until now */
    KEXPECT(copy_from_user(&b, back, va, 2) == 0 && back[0] == 'B');
    before = pmm_free_pages();
    KEXPECT(vm_fault(&b, va + PAGE_SIZE, VM_WRITE) == VM_FAULT_RESOLVED && pmm_free_pages() == before);
    vmspace_destroy(&b);
    KEXPECT(mapped < free0 && pmm_free_pages() == free0 && kmalloc_live() == live0);
}

/* A stack that grows: a touch below it within its floor extends it (and
   the new page is there), one below the floor or within the guard gap of
   another mapping is a bad access; a fork's copy grows on its own; what
   they took comes back. */
static void test_stack(void)
{
    size_t free0 = pmm_free_pages(), live0 = kmalloc_live();
    struct vmspace a, b;
    uint64_t top = 0x40000000, len = 4 * PAGE_SIZE, max = 64 * PAGE_SIZE;
    KEXPECT(vmspace_init(&a) == 0 && vmspace_init(&b) == 0);
    KEXPECT(vm_map_stack(&a, top, len, max, VM_READ | VM_WRITE) == 0);
    KEXPECT(a.pages == 4);
    KEXPECT(copy_to_user(&a, top - 10 * PAGE_SIZE, "deep", 5) == 0); /* grows */
    KEXPECT(a.pages == 10);
    char back[5];
    KEXPECT(copy_from_user(&a, back, top - 10 * PAGE_SIZE, 5) == 0 && memcmp(back, "deep", 5) == 0);
    KEXPECT(vm_fault(&a, top - max - 1, VM_WRITE) == VM_FAULT_BAD_ACCESS); /* below the floor */
    KEXPECT(vm_fork(&b, &a) == 0);
    KEXPECT(copy_to_user(&b, top - 20 * PAGE_SIZE, "more", 5) == 0 && b.pages == 20 && a.pages == 10);
    KEXPECT(copy_from_user(&b, back, top - 10 * PAGE_SIZE, 5) == 0 && memcmp(back, "deep", 5) == 0);
    /* Another mapping below: the stack stops VM_STACK_GUARD short of it. */
    struct vmspace c;
    KEXPECT(vmspace_init(&c) == 0);
    uint64_t ctop = 0x50000000, cmax = VM_STACK_GUARD + 32 * PAGE_SIZE;
    KEXPECT(vm_map_stack(&c, ctop, len, cmax, VM_READ | VM_WRITE) == 0);
    KEXPECT(vm_map_anonymous(&c, ctop - cmax, PAGE_SIZE, VM_READ) == 0);
    KEXPECT(vm_fault(&c, ctop - cmax + PAGE_SIZE + VM_STACK_GUARD, VM_WRITE) == VM_FAULT_RESOLVED);
    KEXPECT(vm_fault(&c, ctop - cmax + VM_STACK_GUARD, VM_WRITE) == VM_FAULT_BAD_ACCESS);
    vmspace_destroy(&a);
    vmspace_destroy(&b);
    vmspace_destroy(&c);
    /* Frames: the heap keeps what it carved its blocks from (see memobj_scenario). */
    KEXPECT(pmm_free_pages() + 8 >= free0 && kmalloc_live() == live0);
}

/* Deliberately touches an unmapped kernel address: the exception handler must
   print a register dump and the faulting address, and the run must fail. */
static void test_pagefault(void)
{
    volatile uint64_t *bad = (volatile uint64_t *)0xFFFF8FFFDEAD0000ull;
    kprintf("    # about to read %p\n", (void *)bad);
    (void)*bad;
    ktest_fail(__FILE__, __LINE__, "the read of an unmapped address did not fault");
}

struct ktest {
    const char *name;
    void (*fn)(void);
    int explicit_only; /* not part of "all": meant to fail */
};

static const struct ktest tests[] = {
    { "pmm", test_pmm, 0 },
    { "kmalloc", test_kmalloc, 0 },
    { "paging_wx", test_paging_wx, 0 },
    { "usercopy", test_usercopy, 0 },
    { "cspace", test_cspace, 0 },
    { "memobj", test_memobj, 0 },
    { "boot_module", test_boot_module, 0 },
    { "cow", test_cow, 0 },
    { "stack", test_stack, 0 },
    { "pagefault", test_pagefault, 1 },
};

_Noreturn void ktest_run(const char *which)
{
    const unsigned n = sizeof tests / sizeof tests[0];
    int all = strcmp(which, "all") == 0;
    unsigned planned = 0, number = 0, failed = 0;
    for (unsigned i = 0; i < n; i++)
        if (all ? !tests[i].explicit_only : strcmp(which, tests[i].name) == 0)
            planned++;
    kprintf("KTAP version 1\n1..%u\n", planned);
    for (unsigned i = 0; i < n; i++) {
        if (!(all ? !tests[i].explicit_only : strcmp(which, tests[i].name) == 0))
            continue;
        failures = 0;
        tests[i].fn();
        number++;
        if (failures)
            failed++;
        kprintf("%s %u %s\n", failures ? "not ok" : "ok", number, tests[i].name);
    }
    if (planned == 0)
        kprintf("# no kernel test named %s\n", which);
    arch_poweroff(failed || planned == 0 ? 1 : 0);
}
