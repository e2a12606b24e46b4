/* The ELF loader: validate (elf.c), map every PT_LOAD with its own protection,
   copy the file bytes, and build the System V initial stack (include/calyx/start.h). */
#include "loader.h"
#include "elf.h"
#include "process.h"
#include "thread.h"
#include "sched.h"
#include "vmspace.h"
#include "random.h"
#include "lib/string.h"
#include <calyx/start.h>
#include <arch/mmu.h>

static uint64_t page_down(uint64_t v) { return v & ~(PAGE_SIZE - 1); }
static uint64_t page_up(uint64_t v) { return (v + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1); }

/* Maps the segments' pages. Segments may share a page (elf.c allows it unless
   that would make it writable and executable): consecutive segments that
   touch the same pages are mapped as one run with the union of their
   protections. Then the file bytes are copied in. */
static int map_segments(struct process *p, const uint8_t *image, const struct elf_image *elf,
                        uint64_t bias)
{
    const struct elf_segment *order[ELF_MAX_SEGMENTS];
    unsigned n = 0;
    for (unsigned i = 0; i < elf->nsegments; i++) { /* by address (insertion sort) */
        const struct elf_segment *s = &elf->seg[i];
        if (s->memsz == 0)
            continue;
        unsigned j = n++;
        for (; j > 0 && order[j - 1]->vaddr > s->vaddr; j--)
            order[j] = order[j - 1];
        order[j] = s;
    }
    for (unsigned i = 0; i < n;) {
        uint64_t start = page_down(order[i]->vaddr + bias);
        uint64_t end = page_up(order[i]->vaddr + bias + order[i]->memsz);
        unsigned prot = order[i]->prot;
        for (i++; i < n && page_down(order[i]->vaddr + bias) < end; i++) {
            uint64_t e = page_up(order[i]->vaddr + bias + order[i]->memsz);
            end = e > end ? e : end;
            prot |= order[i]->prot;
        }
        if (vm_map_anonymous(&p->vm, start, end - start, prot) < 0)
            return -1;
    }
    for (unsigned i = 0; i < n; i++)
        if (vm_write_initial(&p->vm, order[i]->vaddr + bias, image + order[i]->offset,
                             order[i]->filesz) < 0)
            return -1;
    return 0;
}

/* A downward-growing cursor on the new stack, written through the loader's view. */
struct stack_builder {
    struct vmspace *vm;
    uint64_t sp;
    int failed;
};

static uint64_t push_bytes(struct stack_builder *b, const void *data, size_t n)
{
    b->sp -= n;
    if (vm_write_initial(b->vm, b->sp, data, n) < 0)
        b->failed = 1;
    return b->sp;
}

static void push_word(struct stack_builder *b, uint64_t v) { push_bytes(b, &v, sizeof v); }

int loader_load(struct process *p, const void *image, size_t size, const struct load_args *a,
                const char **reason)
{
    struct elf_image elf;
    if (elf_parse(image, size, USER_TOP - ELF_DYN_BASE, &elf, reason) < 0)
        return -CX_ERR_INVALID_PARAMETER;
    if (a->argc + a->envc > CX_START_MAX_ARGS || a->ncaps > CX_START_MAX_CAPS) {
        *reason = "too many arguments or capabilities";
        return -CX_ERR_INVALID_PARAMETER;
    }
    uint64_t bias = elf.type == ET_DYN ? ELF_DYN_BASE : 0;
    if (elf.highest_vaddr + bias > USER_STACK_TOP - USER_STACK_SIZE) {
        *reason = "the program overlaps the stack";
        return -CX_ERR_INVALID_PARAMETER;
    }
    if (elf.lowest_vaddr + bias < USER_MIN) {
        *reason = "the program is below the lowest user address";
        return -CX_ERR_INVALID_PARAMETER;
    }
    /* Segments are valid and disjoint from each other and from the stack, so
       from here on a failure to map means memory ran out. */
    if (map_segments(p, image, &elf, bias) < 0) {
        *reason = "out of memory for the program";
        return -CX_ERR_OUT_OF_MEMORY;
    }
    if (vm_map_anonymous(&p->vm, USER_STACK_TOP - USER_STACK_SIZE, USER_STACK_SIZE,
                         VM_READ | VM_WRITE) < 0) {
        *reason = "out of memory for the stack";
        return -CX_ERR_OUT_OF_MEMORY;
    }

    struct stack_builder b = { &p->vm, USER_STACK_TOP, 0 };
    uint64_t argv_user[CX_START_MAX_ARGS], envp_user[CX_START_MAX_ARGS];
    size_t string_bytes = 0;
    for (unsigned i = a->envc; i-- > 0;) {
        size_t n = strlen(a->envp[i]) + 1;
        string_bytes += n;
        envp_user[i] = push_bytes(&b, a->envp[i], n);
    }
    for (unsigned i = a->argc; i-- > 0;) {
        size_t n = strlen(a->argv[i]) + 1;
        string_bytes += n;
        argv_user[i] = push_bytes(&b, a->argv[i], n);
    }
    if (string_bytes > CX_START_MAX_ARGBYTES) {
        *reason = "arguments and environment too long";
        return -CX_ERR_INVALID_PARAMETER;
    }
    uint8_t random[16];
    random_bytes(random, sizeof random);
    b.sp &= ~7ull;
    uint64_t random_at = push_bytes(&b, random, sizeof random);
    uint64_t caps_at = a->ncaps ? push_bytes(&b, a->caps, a->ncaps * sizeof(cx_cap_t)) : 0;

    uint64_t auxv[][2] = {
        { CX_AT_PHDR, elf.phdr_vaddr + bias }, { CX_AT_PHENT, elf.phentsize },
        { CX_AT_PHNUM, elf.phnum },            { CX_AT_PAGESZ, PAGE_SIZE },
        { CX_AT_ENTRY, elf.entry + bias },     { CX_AT_RANDOM, random_at },
        { CX_AT_EXECFN, a->argc ? argv_user[0] : 0 },
        { CX_AT_CAPS, caps_at },               { CX_AT_NCAPS, a->ncaps },
        { CX_AT_NULL, 0 },
    };
    /* Keep rsp 16-byte aligned at argc: count the words still to push. */
    size_t words = 1 + a->argc + 1 + a->envc + 1 + 2 * (sizeof auxv / sizeof auxv[0]);
    b.sp &= ~15ull;
    if (words & 1)
        b.sp -= 8;
    for (size_t i = sizeof auxv / sizeof auxv[0]; i-- > 0;) {
        push_word(&b, auxv[i][1]);
        push_word(&b, auxv[i][0]);
    }
    push_word(&b, 0); /* envp terminator */
    for (unsigned i = a->envc; i-- > 0;)
        push_word(&b, envp_user[i]);
    push_word(&b, 0); /* argv terminator */
    for (unsigned i = a->argc; i-- > 0;)
        push_word(&b, argv_user[i]);
    push_word(&b, a->argc);
    if (b.failed) {
        *reason = "initial stack overflow";
        return -CX_ERR_INVALID_PARAMETER;
    }

    if (!thread_create(p, elf.entry + bias, b.sp, 0, SCHED_DEFAULT_PRIORITY)) {
        *reason = "out of memory for the first thread";
        return -CX_ERR_OUT_OF_MEMORY;
    }
    return 0;
}
