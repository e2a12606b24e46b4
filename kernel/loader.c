/* The ELF loader: validate (elf.c), map every PT_LOAD with its own protection,
   fill it from the file (copy-on-write over the file's pages when the image is
   a memory object: loader_load_object), and build the System V initial stack
   (include/calyx/start.h). */
#include "loader.h"
#include "elf.h"
#include "process.h"
#include "thread.h"
#include "sched.h"
#include "vmspace.h"
#include "memobj.h"
#include "kmalloc.h"
#include "random.h"
#include "lib/string.h"
#include <calyx/start.h>
#include "mmu.h"

static uint64_t page_down(uint64_t v) { return v & ~(PAGE_SIZE - 1); }
static uint64_t page_up(uint64_t v) { return (v + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1); }

/* Where the program's bytes are: in kernel memory, or a memory object (a
   file's pages in a personality server's page cache). */
struct image {
    const uint8_t *bytes;
    struct memobj *file;
};

/* Copies a segment's file bytes into p (through a bounce buffer from a file). */
static int copy_segment(struct process *p, const struct image *img, uint64_t at, uint64_t offset,
                        uint64_t len)
{
    if (img->bytes)
        return vm_write_initial(&p->vm, at, img->bytes + offset, len);
    static char bounce[PAGE_SIZE];
    for (uint64_t done = 0; done < len;) {
        size_t n = len - done < PAGE_SIZE ? (size_t)(len - done) : PAGE_SIZE;
        if (memobj_read_kernel(img->file, bounce, n, offset + done) != n ||
            vm_write_initial(&p->vm, at + done, bounce, n) < 0)
            return -1;
        done += n;
    }
    return 0;
}

/* A segment alone on its pages, from a file: its file pages mapped
   copy-on-write over the file's frames (processes running the program share
   them until one writes), the rest of its last file page zeroed when memory
   follows (bss), and anonymous pages for what lies beyond. */
static int map_from_file(struct process *p, struct memobj *file, const struct elf_segment *s,
                         uint64_t bias)
{
    static const char zeros[PAGE_SIZE];
    uint64_t start = page_down(s->vaddr + bias), file_end = page_up(s->vaddr + bias + s->filesz);
    uint64_t mem_end = page_up(s->vaddr + bias + s->memsz);
    if (s->filesz) {
        size_t npages = (size_t)((file_end - start) / PAGE_SIZE);
        struct memobj *cow = memobj_create_cow(file, (size_t)(page_down(s->offset) / PAGE_SIZE), npages);
        if (!cow)
            return -1;
        uint64_t err = vm_map_object(&p->vm, start, cow, 0, npages, s->prot, VM_READ | VM_WRITE | VM_EXEC);
        kobject_put(&cow->obj); /* the region holds it, or nothing does */
        if (err)
            return -1;
        uint64_t bss = s->vaddr + bias + s->filesz;
        if (s->memsz > s->filesz && bss < file_end && vm_write_initial(&p->vm, bss, zeros, file_end - bss) < 0)
            return -1;
    } else {
        file_end = start;
    }
    if (mem_end > file_end && vm_map_anonymous(&p->vm, file_end, mem_end - file_end, s->prot) < 0)
        return -1;
    return 0;
}

/* Maps the segments' pages. Segments may share a page (elf.c allows it unless
   that would make it writable and executable): consecutive segments that
   touch the same pages are mapped as one run with the union of their
   protections, and the file bytes copied in. A segment alone on its pages
   is mapped from the file's pages when the image is a file. */
static int map_segments(struct process *p, const struct image *img, const struct elf_image *elf,
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
        unsigned first = i;
        uint64_t start = page_down(order[i]->vaddr + bias);
        uint64_t end = page_up(order[i]->vaddr + bias + order[i]->memsz);
        unsigned prot = order[i]->prot;
        for (i++; i < n && page_down(order[i]->vaddr + bias) < end; i++) {
            uint64_t e = page_up(order[i]->vaddr + bias + order[i]->memsz);
            end = e > end ? e : end;
            prot |= order[i]->prot;
        }
        if (img->file && i == first + 1) {
            if (map_from_file(p, img->file, order[first], bias) < 0)
                return -1;
            continue;
        }
        if (vm_map_anonymous(&p->vm, start, end - start, prot) < 0)
            return -1;
        for (unsigned k = first; k < i; k++)
            if (copy_segment(p, img, order[k]->vaddr + bias, order[k]->offset, order[k]->filesz) < 0)
                return -1;
    }
    return 0;
}

/* Words written upward through a small buffer, so a start block of any size
   needs no large kernel array. */
#define WORD_BATCH 64

struct word_writer {
    struct vmspace *vm;
    uint64_t at;
    uint64_t buf[WORD_BATCH];
    unsigned n;
    int failed;
};

static void flush_words(struct word_writer *w)
{
    if (w->n && vm_write_initial(w->vm, w->at, w->buf, w->n * sizeof w->buf[0]) < 0)
        w->failed = 1;
    w->at += w->n * sizeof w->buf[0];
    w->n = 0;
}

static void put_word(struct word_writer *w, uint64_t v)
{
    w->buf[w->n++] = v;
    if (w->n == WORD_BATCH)
        flush_words(w);
}

/* Writes the pointers to n strings laid out one after another from *at, then
   a NULL; *at moves past them. */
static void put_string_pointers(struct word_writer *w, const char *const *s, unsigned n, uint64_t *at)
{
    for (unsigned i = 0; i < n; i++) {
        put_word(w, *at);
        *at += strlen(s[i]) + 1;
    }
    put_word(w, 0);
}

/* Copies n strings to consecutive addresses from *at; *at moves past them. */
static int put_strings(struct vmspace *vm, const char *const *s, unsigned n, uint64_t *at)
{
    for (unsigned i = 0; i < n; i++) {
        size_t len = strlen(s[i]) + 1;
        if (vm_write_initial(vm, *at, s[i], len) < 0)
            return -1;
        *at += len;
    }
    return 0;
}

static size_t strings_size(const char *const *s, unsigned n)
{
    size_t total = 0;
    for (unsigned i = 0; i < n; i++)
        total += strlen(s[i]) + 1;
    return total;
}

/* Loads a parsed image (loader_load, loader_load_object). */
static int load(struct process *p, const struct image *img, const struct elf_image *parsed,
                const struct load_args *a, const char **reason)
{
    struct elf_image elf = *parsed;
    size_t nstrings = (size_t)a->argc + a->envc;
    size_t string_bytes = strings_size(a->argv, a->argc) + strings_size(a->envp, a->envc);
    if (nstrings > CX_START_MAX_ARGS || string_bytes + 8 * nstrings > CX_START_MAX_ARGBYTES ||
        a->ncaps > CX_START_MAX_CAPS) {
        *reason = "too many or too long arguments, or too many capabilities";
        return -CX_ERR_INVALID_PARAMETER;
    }
    uint64_t bias = elf.type == ET_DYN ? ELF_DYN_BASE : 0;

    /* The start block, from the top of the stack down: the strings (argv's
       then the environment's), 16 random bytes, the capability tokens, then
       from the stack pointer (16-byte aligned) argc, argv[] NULL, envp[] NULL and the
       auxiliary vector. */
    uint64_t strings_at = USER_STACK_TOP - string_bytes;
    uint64_t random_at = (strings_at & ~7ull) - 16;
    uint64_t caps_at = random_at - a->ncaps * sizeof(cx_cap_t);
    enum { NAUXV = 10 };
    size_t words = 1 + a->argc + 1 + a->envc + 1 + 2 * NAUXV;
    uint64_t sp = ((caps_at & ~15ull) - words * 8) & ~15ull;
    uint64_t own = a->stack_size ? a->stack_size : USER_STACK_SIZE;
    own = own < USER_STACK_MIN ? USER_STACK_MIN : own > CX_STACK_MAX ? CX_STACK_MAX : page_up(own);
    uint64_t block = page_up(USER_STACK_TOP - sp);
    uint64_t stack_size = own + block;

    if (elf.highest_vaddr + bias > USER_STACK_TOP - stack_size) {
        *reason = "the program overlaps the stack";
        return -CX_ERR_INVALID_PARAMETER;
    }
    if (elf.lowest_vaddr + bias < USER_MIN) {
        *reason = "the program is below the lowest user address";
        return -CX_ERR_INVALID_PARAMETER;
    }
    /* Segments are valid and disjoint from each other and from the stack, so
       from here on a failure to map means memory ran out. */
    if (map_segments(p, img, &elf, bias) < 0) {
        *reason = "out of memory for the program";
        return -CX_ERR_OUT_OF_MEMORY;
    }
    /* Mapped USER_STACK_MIN below the start block, growing down to its
       size as it is touched (vm_map_stack). */
    if (vm_map_stack(&p->vm, USER_STACK_TOP, block + USER_STACK_MIN, stack_size, VM_READ | VM_WRITE) < 0) {
        *reason = "out of memory for the stack";
        return -CX_ERR_OUT_OF_MEMORY;
    }

    uint64_t at = strings_at;
    int failed = put_strings(&p->vm, a->argv, a->argc, &at) < 0 ||
                 put_strings(&p->vm, a->envp, a->envc, &at) < 0;
    uint8_t random[16];
    random_bytes(random, sizeof random);
    failed |= vm_write_initial(&p->vm, random_at, random, sizeof random) < 0;
    if (a->ncaps)
        failed |= vm_write_initial(&p->vm, caps_at, a->caps, a->ncaps * sizeof(cx_cap_t)) < 0;

    uint64_t auxv[NAUXV][2] = {
        { CX_AT_PHDR, elf.phdr_vaddr + bias }, { CX_AT_PHENT, elf.phentsize },
        { CX_AT_PHNUM, elf.phnum },            { CX_AT_PAGESZ, PAGE_SIZE },
        { CX_AT_ENTRY, elf.entry + bias },     { CX_AT_RANDOM, random_at },
        { CX_AT_EXECFN, a->argc ? strings_at : 0 },
        { CX_AT_CAPS, a->ncaps ? caps_at : 0 }, { CX_AT_NCAPS, a->ncaps },
        { CX_AT_NULL, 0 },
    };
    struct word_writer w = { .vm = &p->vm, .at = sp };
    put_word(&w, a->argc);
    at = strings_at;
    put_string_pointers(&w, a->argv, a->argc, &at);
    put_string_pointers(&w, a->envp, a->envc, &at);
    for (size_t i = 0; i < NAUXV; i++) {
        put_word(&w, auxv[i][0]);
        put_word(&w, auxv[i][1]);
    }
    flush_words(&w);
    if (failed || w.failed) {
        *reason = "out of memory for the initial stack";
        return -CX_ERR_OUT_OF_MEMORY;
    }

    if (!thread_create(p, elf.entry + bias, sp, 0, SCHED_DEFAULT_PRIORITY)) {
        *reason = "out of memory for the first thread";
        return -CX_ERR_OUT_OF_MEMORY;
    }
    return 0;
}

int loader_load(struct process *p, const void *image, size_t size, const struct load_args *a,
                const char **reason)
{
    struct elf_image elf;
    if (elf_parse(image, size, USER_TOP - ELF_DYN_BASE, &elf, reason) < 0)
        return -CX_ERR_INVALID_PARAMETER;
    return load(p, &(struct image){ .bytes = image }, &elf, a, reason);
}

int loader_load_object(struct process *p, struct memobj *file, const struct load_args *a,
                       const char **reason)
{
    /* Only the headers are read: the ELF header, then as far as the
       program header table reaches (at most LOADER_HEAD_MAX bytes). */
    uint8_t ehdr[64];
    size_t got = memobj_read_kernel(file, ehdr, sizeof ehdr, 0);
    uint64_t phoff, head = got;
    uint16_t phnum;
    memcpy(&phoff, ehdr + 32, sizeof phoff);
    memcpy(&phnum, ehdr + 56, sizeof phnum);
    if (got == sizeof ehdr && phoff < LOADER_HEAD_MAX && phnum <= (LOADER_HEAD_MAX - phoff) / 56)
        head = phoff + (uint64_t)phnum * 56 > head ? phoff + (uint64_t)phnum * 56 : head;
    if (head > file->size)
        head = file->size;
    uint8_t *buf = kmalloc(head ? head : 1);
    if (!buf) {
        *reason = "out of memory for the program headers";
        return -CX_ERR_OUT_OF_MEMORY;
    }
    memobj_read_kernel(file, buf, head, 0);
    struct elf_image elf;
    int r = elf_parse_head(buf, head, file->size, USER_TOP - ELF_DYN_BASE, &elf, reason);
    kfree(buf);
    if (r < 0)
        return -CX_ERR_INVALID_PARAMETER;
    return load(p, &(struct image){ .file = file }, &elf, a, reason);
}
