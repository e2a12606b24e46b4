/* Granting the native process-creation authority at exec: see native_grant.h. */
#include "native_grant.h"
#include "posix.h"
#include "proc.h"
#include "vfs.h"
#include "string.h"

/* --- the decision ------------------------------------------------------------- */

int native_grant_owner_ok(uint32_t uid, uint32_t mode)
{
    return uid == 0 && !(mode & 022); /* S_IWGRP | S_IWOTH */
}

int native_grant_file_ok(const struct vnode *vn)
{
    return vfs_is_reg(vn) && native_grant_owner_ok(vn->uid, vn->mode);
}

/* The ELF64 layout this reads (the System V gABI); the image is untrusted,
   so every field is read with a bounds check and no alignment assumed. */
#define EHDR_SIZE     64
#define E_PHOFF       32
#define E_PHENTSIZE   54
#define E_PHNUM       56
#define PHDR_SIZE     56
#define PT_NOTE       4
#define NOTE_HDR_SIZE 12 /* namesz, descsz, type */

static uint32_t u32_at(const uint8_t *p)
{
    uint32_t v;
    memcpy(&v, p, sizeof v);
    return v;
}

static uint64_t u64_at(const uint8_t *p)
{
    uint64_t v;
    memcpy(&v, p, sizeof v);
    return v;
}

static uint16_t u16_at(const uint8_t *p)
{
    uint16_t v;
    memcpy(&v, p, sizeof v);
    return v;
}

static size_t round_up(size_t n, size_t align) { return (n + align - 1) & ~(align - 1); }

/* 1 when the notes in [p, p + len) include ours. Notes are aligned to 4 bytes,
   or 8 in a segment aligned to 8 (as GNU property notes are). */
static int notes_ask(const uint8_t *p, size_t len, size_t align)
{
    static const char name[] = CX_NOTE_NAME;
    size_t at = 0;
    while (len - at >= NOTE_HDR_SIZE) {
        uint32_t namesz = u32_at(p + at), descsz = u32_at(p + at + 4), type = u32_at(p + at + 8);
        size_t name_at = at + NOTE_HDR_SIZE;
        if (namesz > len - name_at)
            return 0;
        size_t desc_at = round_up(name_at + namesz, align);
        if (desc_at > len || descsz > len - desc_at)
            return 0;
        if (type == CX_NOTE_NATIVE_AUTHORITY && namesz == sizeof name &&
            memcmp(p + name_at, name, sizeof name) == 0)
            return 1;
        at = round_up(desc_at + descsz, align);
        if (at > len)
            return 0;
    }
    return 0;
}

int native_grant_image_asks(const uint8_t *image, size_t size)
{
    if (size < EHDR_SIZE || memcmp(image, "\177ELF", 4) != 0 || image[4] != 2 /* ELFCLASS64 */)
        return 0;
    uint64_t phoff = u64_at(image + E_PHOFF);
    uint16_t phentsize = u16_at(image + E_PHENTSIZE), phnum = u16_at(image + E_PHNUM);
    if (phentsize < PHDR_SIZE || phoff > size || (uint64_t)phnum * phentsize > size - phoff)
        return 0;
    for (uint16_t i = 0; i < phnum; i++) {
        const uint8_t *ph = image + phoff + (uint64_t)i * phentsize;
        if (u32_at(ph) != PT_NOTE)
            continue;
        uint64_t off = u64_at(ph + 8), filesz = u64_at(ph + 32), align = u64_at(ph + 48);
        if (off > size || filesz > size - off)
            continue;
        if (notes_ask(image + off, (size_t)filesz, align == 8 ? 8 : 4))
            return 1;
    }
    return 0;
}

/* --- the grants ------------------------------------------------------------------ */

/* A grant per kernel process that holds one: at most one per POSIX process,
   and for a while two (an image execve replaced keeps its grant until its
   exit notice comes). */
#define GRANT_MAX (2 * PROC_MAX)

static struct grant {
    uint64_t kpid; /* 0: free */
    cx_cap_t cap;  /* derived from posix_pool_cap; the process holds a copy */
} grants[GRANT_MAX];

static struct grant *free_grant(void)
{
    for (int i = 0; i < GRANT_MAX; i++)
        if (!grants[i].kpid)
            return &grants[i];
    return NULL;
}

/* A new capability to grant, or CX_CAP_NULL when there is no room for one. */
static cx_cap_t derive_grant(void)
{
    if (!free_grant()) {
        posix_log("posix: native authority not granted: %d grants live\n", GRANT_MAX);
        return CX_CAP_NULL;
    }
    uint64_t c = cx_capability_derive(posix_pool_cap, NATIVE_GRANT_RIGHTS);
    if (CX_IS_ERR(c)) {
        posix_log("posix: native authority not granted: %s\n", cx_strerror(c));
        return CX_CAP_NULL;
    }
    return c;
}

uint64_t native_grant_create(int file_ok, const uint8_t *image, size_t size, cx_cap_t program,
                             const char *const *strings, size_t argc, size_t envc, uint64_t stack_size)
{
    cx_cap_t cap = file_ok && native_grant_image_asks(image, size) ? derive_grant() : CX_CAP_NULL;
    uint64_t k = cx_process_create_mapped(posix_pool_cap, program, strings, argc, envc, &cap,
                                          cap != CX_CAP_NULL, stack_size);
    if (cap == CX_CAP_NULL)
        return k;
    if (CX_IS_ERR(k)) {
        cx_capability_revoke(cap);
        return k;
    }
    struct grant *g = free_grant(); /* derive_grant saw one free; nothing took it since */
    g->kpid = k;
    g->cap = cap;
    return k;
}

void native_grant_end(uint64_t kpid)
{
    for (int i = 0; i < GRANT_MAX; i++)
        if (grants[i].kpid == kpid && kpid) {
            cx_capability_revoke(grants[i].cap); /* the process's copy and what it handed on */
            grants[i].kpid = 0;
            grants[i].cap = CX_CAP_NULL;
            return;
        }
}
