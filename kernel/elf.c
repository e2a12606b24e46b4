/* ELF64 validation. Every field of the file is untrusted: each offset and
   size is checked against the image before use, and every sum is checked for
   overflow, so elf_parse never reads outside image[0..size). */
#include "elf.h"
#include "arch.h" /* ARCH_ELF_MACHINE */

#define STR_(x) #x
#define STR(x) STR_(x)

/* Headers are copied out byte by byte: the image may be unaligned. */
static void copy_in(void *dst, const unsigned char *src, size_t n)
{
    unsigned char *d = dst;
    while (n--)
        *d++ = *src++;
}

/* a + b, or 0 with *end untouched when it overflows. */
static int add_ok(uint64_t a, uint64_t b, uint64_t *end)
{
    if (a > UINT64_MAX - b)
        return 0;
    *end = a + b;
    return 1;
}

static uint32_t prot_of(uint32_t flags)
{
    return ((flags & PF_R) ? ELF_PROT_READ : 0) |
           ((flags & PF_W) ? ELF_PROT_WRITE : 0) |
           ((flags & PF_X) ? ELF_PROT_EXEC : 0);
}

static const char *check_header(const Elf64_Ehdr *eh, size_t size)
{
    const unsigned char *id = eh->e_ident;
    if (id[EI_MAG0] != ELFMAG0 || id[EI_MAG1] != ELFMAG1 ||
        id[EI_MAG2] != ELFMAG2 || id[EI_MAG3] != ELFMAG3)
        return "bad magic: not an ELF file";
    if (id[EI_CLASS] != ELFCLASS64)
        return "not a 64-bit ELF (ELFCLASS64)";
    if (id[EI_DATA] != ELFDATA2LSB)
        return "not a little-endian ELF (ELFDATA2LSB)";
    if (id[EI_VERSION] != EV_CURRENT || eh->e_version != EV_CURRENT)
        return "unsupported ELF version";
    if (eh->e_machine != ARCH_ELF_MACHINE)
        return "not an " ARCH_NAME " ELF (" ARCH_ELF_MACHINE_NAME ")";
    if (eh->e_type != ET_EXEC && eh->e_type != ET_DYN)
        return "not an executable (ET_EXEC or ET_DYN)";
    if (eh->e_phentsize != sizeof(Elf64_Phdr))
        return "program header entry size is not sizeof(Elf64_Phdr)";
    /* phnum * 56 cannot overflow; only the offset can push the end past 2^64. */
    uint64_t end;
    if (!add_ok(eh->e_phoff, (uint64_t)eh->e_phnum * sizeof(Elf64_Phdr), &end) ||
        end > size)
        return "program header table is outside the file";
    return NULL;
}

/* Checks one PT_LOAD on its own. */
static const char *check_load(const Elf64_Phdr *ph, size_t size, uint64_t user_limit)
{
    uint64_t end;
    if (ph->p_filesz > ph->p_memsz)
        return "segment file size is larger than its memory size";
    if (!add_ok(ph->p_offset, ph->p_filesz, &end) || end > size)
        return "segment file range is outside the file";
    if (!add_ok(ph->p_vaddr, ph->p_memsz, &end))
        return "segment address range overflows";
    if (end > user_limit)
        return "segment is outside user address space";
    if ((ph->p_flags & PF_W) && (ph->p_flags & PF_X))
        return "segment is writable and executable (W^X)";
    if (ph->p_align & (ph->p_align - 1))
        return "segment alignment is not a power of two";
    if (ph->p_align >= ELF_PAGE_SIZE &&
        ph->p_vaddr % ELF_PAGE_SIZE != ph->p_offset % ELF_PAGE_SIZE)
        return "segment address and file offset differ modulo the page size";
    return NULL;
}

/* Checks a new segment against those already accepted. Distinct segments
   may share a page (the loader then maps it with both protections), but
   never a writable one with an executable one. */
static const char *check_overlap(const struct elf_image *im, const struct elf_segment *s)
{
    if (s->memsz == 0)
        return NULL;
    uint64_t first_page = s->vaddr / ELF_PAGE_SIZE;
    uint64_t last_page = (s->vaddr + s->memsz - 1) / ELF_PAGE_SIZE;
    for (unsigned i = 0; i < im->nsegments; i++) {
        const struct elf_segment *o = &im->seg[i];
        if (o->memsz == 0)
            continue;
        if (s->vaddr < o->vaddr + o->memsz && o->vaddr < s->vaddr + s->memsz)
            return "PT_LOAD segments overlap";
        uint32_t both = s->prot | o->prot;
        if ((both & ELF_PROT_WRITE) && (both & ELF_PROT_EXEC) &&
            first_page <= (o->vaddr + o->memsz - 1) / ELF_PAGE_SIZE &&
            o->vaddr / ELF_PAGE_SIZE <= last_page)
            return "writable and executable segments share a page (W^X)";
    }
    return NULL;
}

static const char *parse(const unsigned char *image, size_t size, uint64_t file_size,
                         uint64_t user_limit, struct elf_image *out)
{
    Elf64_Ehdr eh;
    if (size < sizeof eh)
        return "too small for an ELF header";
    copy_in(&eh, image, sizeof eh);
    const char *why = check_header(&eh, size);
    if (why)
        return why;

    out->entry = eh.e_entry;
    out->type = eh.e_type;
    out->phnum = eh.e_phnum;
    out->phentsize = eh.e_phentsize;

    /* Look for PT_INTERP first: for a dynamic program that is the reason
       that matters, whatever else is wrong with it. */
    Elf64_Phdr ph;
    for (unsigned i = 0; i < eh.e_phnum; i++) {
        copy_in(&ph, image + eh.e_phoff + i * sizeof ph, sizeof ph);
        if (ph.p_type == PT_INTERP) {
            out->has_interp = 1;
            return "dynamically linked (PT_INTERP): only static programs are supported";
        }
    }

    int phdr_from_pt_phdr = 0, phdr_from_load = 0;
    int entry_ok = 0;           /* entry found in an executable segment */
    for (unsigned i = 0; i < eh.e_phnum; i++) {
        copy_in(&ph, image + eh.e_phoff + i * sizeof ph, sizeof ph);
        if (ph.p_type == PT_PHDR && !phdr_from_pt_phdr) {
            out->phdr_vaddr = ph.p_vaddr;   /* authoritative when present */
            phdr_from_pt_phdr = 1;
        }
        if (ph.p_type != PT_LOAD)
            continue;
        if (out->nsegments == ELF_MAX_SEGMENTS)
            return "more than " STR(ELF_MAX_SEGMENTS) " PT_LOAD segments";
        if ((why = check_load(&ph, file_size, user_limit)) != NULL)
            return why;

        struct elf_segment s = {
            .vaddr = ph.p_vaddr, .memsz = ph.p_memsz, .filesz = ph.p_filesz,
            .offset = ph.p_offset, .prot = prot_of(ph.p_flags),
        };
        if ((why = check_overlap(out, &s)) != NULL)
            return why;
        out->seg[out->nsegments++] = s;

        uint64_t end = s.vaddr + s.memsz;   /* checked by check_load */
        if (out->nsegments == 1 || s.vaddr < out->lowest_vaddr)
            out->lowest_vaddr = s.vaddr;
        if (end > out->highest_vaddr)
            out->highest_vaddr = end;
        if ((s.prot & ELF_PROT_EXEC) && eh.e_entry >= s.vaddr && eh.e_entry < end)
            entry_ok = 1;
        /* Without PT_PHDR, the headers are in memory if a segment's file
           bytes include them (usually the first, read-only one). */
        uint64_t table = (uint64_t)eh.e_phnum * sizeof ph;
        if (!phdr_from_pt_phdr && !phdr_from_load && eh.e_phoff >= s.offset &&
            eh.e_phoff - s.offset <= s.filesz &&
            table <= s.filesz - (eh.e_phoff - s.offset)) {
            out->phdr_vaddr = s.vaddr + (eh.e_phoff - s.offset);
            phdr_from_load = 1;
        }
    }
    if (out->nsegments == 0)
        return "no loadable (PT_LOAD) segment";
    if (!entry_ok)
        return "entry point is not inside an executable segment";
    return NULL;
}

int elf_parse(const void *image, size_t size, uint64_t user_limit,
              struct elf_image *out, const char **reason)
{
    return elf_parse_head(image, size, size, user_limit, out, reason);
}

int elf_parse_head(const void *head, size_t head_len, uint64_t file_size, uint64_t user_limit,
                   struct elf_image *out, const char **reason)
{
    *out = (struct elf_image){ 0 };
    const char *why = head_len > file_size ? "header longer than the file"
                                           : parse(head, head_len, file_size, user_limit, out);
    if (reason)
        *reason = why;
    return why ? -1 : 0;
}
