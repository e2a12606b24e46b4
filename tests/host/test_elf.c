/* sources: kernel/elf.c */
/* Unit tests for kernel/elf.c. Images are built in memory: a valid static
   program with a text and a data segment, which each test then breaks in one
   way. Optionally a real binary is parsed too: pass its path as argv[1] or in
   the ELF_SAMPLE environment variable. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "elf.h"
#include "arch.h" /* ARCH_ELF_MACHINE */

#define USER_LIMIT USER_TOP
#define IMAGE_SIZE 0x2000

/* Layout of the valid image:
     file 0x0000: Ehdr, then the program headers at 0x40
     PT_LOAD 0: R+X, file [0x0000, 0x1000) -> 0x400000, memsz 0x1000
     PT_LOAD 1: R+W, file [0x1000, 0x1100) -> 0x402000, memsz 0x2000 (bss)
     entry 0x400100 */
struct image {
    _Alignas(8) unsigned char bytes[IMAGE_SIZE];
    size_t size;
};

static struct image img;

static Elf64_Ehdr *ehdr(void)
{
    return (Elf64_Ehdr *)img.bytes;
}

static Elf64_Phdr *phdr(unsigned i)
{
    return (Elf64_Phdr *)(img.bytes + ehdr()->e_phoff) + i;
}

/* Appends a program header (there is room for dozens before 0x1000). */
static Elf64_Phdr *add_phdr(uint32_t type)
{
    Elf64_Phdr *ph = phdr(ehdr()->e_phnum++);
    memset(ph, 0, sizeof *ph);
    ph->p_type = type;
    ph->p_flags = PF_R;
    return ph;
}

static void make_valid(void)
{
    memset(&img, 0, sizeof img);
    img.size = IMAGE_SIZE;
    Elf64_Ehdr *eh = ehdr();
    memcpy(eh->e_ident, "\x7f" "ELF", 4);
    eh->e_ident[EI_CLASS] = ELFCLASS64;
    eh->e_ident[EI_DATA] = ELFDATA2LSB;
    eh->e_ident[EI_VERSION] = EV_CURRENT;
    eh->e_type = ET_EXEC;
    eh->e_machine = ARCH_ELF_MACHINE;
    eh->e_version = EV_CURRENT;
    eh->e_entry = 0x400100;
    eh->e_phoff = sizeof(Elf64_Ehdr);
    eh->e_ehsize = sizeof(Elf64_Ehdr);
    eh->e_phentsize = sizeof(Elf64_Phdr);

    Elf64_Phdr *text = add_phdr(PT_LOAD);
    text->p_flags = PF_R | PF_X;
    text->p_offset = 0;
    text->p_vaddr = text->p_paddr = 0x400000;
    text->p_filesz = text->p_memsz = 0x1000;
    text->p_align = 0x1000;

    Elf64_Phdr *data = add_phdr(PT_LOAD);
    data->p_flags = PF_R | PF_W;
    data->p_offset = 0x1000;
    data->p_vaddr = data->p_paddr = 0x402000;
    data->p_filesz = 0x100;
    data->p_memsz = 0x2000;
    data->p_align = 0x1000;
}

static struct elf_image out;
static const char *reason;

static int parse(void)
{
    reason = "(unset)";
    return elf_parse(img.bytes, img.size, USER_LIMIT, &out, &reason);
}

#define REFUSED(expected_reason) do {                 \
        assert_int_equal(parse(), -1);                \
        assert_string_equal(reason, expected_reason); \
    } while (0)

#define ACCEPTED() do {                               \
        int rc_ = parse();                            \
        if (rc_ != 0)                                 \
            fail_msg("refused: %s", reason);          \
        assert_null(reason);                          \
    } while (0)

static int setup(void **state)
{
    (void)state;
    make_valid();
    return 0;
}

/* --- Acceptance --- */

static void test_valid_exec(void **state)
{
    (void)state;
    ACCEPTED();
    assert_int_equal(out.type, ET_EXEC);
    assert_int_equal(out.entry, 0x400100);
    assert_int_equal(out.nsegments, 2);
    assert_int_equal(out.seg[0].vaddr, 0x400000);
    assert_int_equal(out.seg[0].memsz, 0x1000);
    assert_int_equal(out.seg[0].filesz, 0x1000);
    assert_int_equal(out.seg[0].offset, 0);
    assert_int_equal(out.seg[0].prot, ELF_PROT_READ | ELF_PROT_EXEC);
    assert_int_equal(out.seg[1].vaddr, 0x402000);
    assert_int_equal(out.seg[1].memsz, 0x2000);
    assert_int_equal(out.seg[1].filesz, 0x100);
    assert_int_equal(out.seg[1].offset, 0x1000);
    assert_int_equal(out.seg[1].prot, ELF_PROT_READ | ELF_PROT_WRITE);
    assert_int_equal(out.lowest_vaddr, 0x400000);
    assert_int_equal(out.highest_vaddr, 0x404000);
    assert_int_equal(out.phdr_vaddr, 0x400040);   /* computed from PT_LOAD 0 */
    assert_int_equal(out.phnum, 2);
    assert_int_equal(out.phentsize, sizeof(Elf64_Phdr));
    assert_int_equal(out.has_interp, 0);
}

static void test_valid_dyn(void **state)
{
    (void)state;
    ehdr()->e_type = ET_DYN;
    phdr(0)->p_vaddr = 0;
    phdr(1)->p_vaddr = 0x2000;
    ehdr()->e_entry = 0x100;
    ACCEPTED();
    assert_int_equal(out.type, ET_DYN);
    assert_int_equal(out.entry, 0x100);
    assert_int_equal(out.lowest_vaddr, 0);
    assert_int_equal(out.highest_vaddr, 0x4000);
    assert_int_equal(out.phdr_vaddr, 0x40);
}

static void test_reason_may_be_null(void **state)
{
    (void)state;
    assert_int_equal(elf_parse(img.bytes, img.size, USER_LIMIT, &out, NULL), 0);
    ehdr()->e_machine = 3;
    assert_int_equal(elf_parse(img.bytes, img.size, USER_LIMIT, &out, NULL), -1);
}

static void test_unaligned_image(void **state)
{
    (void)state;
    static unsigned char shifted[IMAGE_SIZE + 1];
    memcpy(shifted + 1, img.bytes, IMAGE_SIZE);
    assert_int_equal(elf_parse(shifted + 1, IMAGE_SIZE, USER_LIMIT, &out, &reason), 0);
    assert_int_equal(out.entry, 0x400100);
    assert_int_equal(out.nsegments, 2);
}

static void test_pt_phdr_is_preferred(void **state)
{
    (void)state;
    Elf64_Phdr *ph = add_phdr(PT_PHDR);
    ph->p_offset = 0x40;
    ph->p_vaddr = 0x400040;
    ph->p_filesz = ph->p_memsz = 3 * sizeof(Elf64_Phdr);
    ACCEPTED();
    assert_int_equal(out.phdr_vaddr, 0x400040);
    assert_int_equal(out.phnum, 3);

    ph->p_vaddr = 0x400080;   /* not what the file offsets say: still wins */
    ACCEPTED();
    assert_int_equal(out.phdr_vaddr, 0x400080);
}

static void test_phdrs_not_loaded(void **state)
{
    (void)state;
    /* Move the table past the end of every segment's file bytes. */
    memcpy(img.bytes + 0x1800, img.bytes + 0x40, 2 * sizeof(Elf64_Phdr));
    ehdr()->e_phoff = 0x1800;
    ACCEPTED();
    assert_int_equal(out.phdr_vaddr, 0);

    /* Table straddling the end of the text segment's file bytes. */
    make_valid();
    phdr(0)->p_filesz = 0x60;   /* headers end at 0x40 + 112 = 0xb0 */
    ACCEPTED();
    assert_int_equal(out.phdr_vaddr, 0);
}

static void test_other_segments_ignored(void **state)
{
    (void)state;
    add_phdr(PT_NOTE)->p_offset = 0x1fff;  /* not range-checked: never loaded */
    add_phdr(PT_GNU_STACK)->p_flags = PF_R | PF_W;
    add_phdr(PT_TLS);
    add_phdr(PT_NULL);
    ACCEPTED();
    assert_int_equal(out.nsegments, 2);
    assert_int_equal(out.phnum, 6);
}

static void test_edge_cases_accepted(void **state)
{
    (void)state;
    /* A segment may end exactly at the user limit. */
    phdr(1)->p_vaddr = USER_LIMIT - 0x2000;
    ACCEPTED();
    assert_int_equal(out.highest_vaddr, USER_LIMIT);

    /* Segment file bytes may end exactly at the end of the file. */
    make_valid();
    phdr(1)->p_filesz = 0x1000;
    ACCEPTED();

    /* Small alignments skip the page congruence check; 0 means none. */
    make_valid();
    phdr(1)->p_align = 16;
    phdr(1)->p_vaddr = 0x402010;
    ACCEPTED();
    phdr(1)->p_align = 0;
    ACCEPTED();

    /* Read-only and executable segments may share a page. */
    make_valid();
    phdr(0)->p_filesz = phdr(0)->p_memsz = 0x800;
    phdr(1)->p_flags = PF_R;
    phdr(1)->p_offset = 0x1800;
    phdr(1)->p_filesz = 0x100;
    phdr(1)->p_vaddr = 0x400800;
    ACCEPTED();

    /* Segments need not be in address order. */
    make_valid();
    Elf64_Phdr tmp = *phdr(0);
    *phdr(0) = *phdr(1);
    *phdr(1) = tmp;
    ACCEPTED();
    assert_int_equal(out.lowest_vaddr, 0x400000);
    assert_int_equal(out.highest_vaddr, 0x404000);
    assert_int_equal(out.seg[0].vaddr, 0x402000);

    /* Exactly ELF_MAX_SEGMENTS loads. */
    make_valid();
    for (unsigned i = 2; i < ELF_MAX_SEGMENTS; i++) {
        Elf64_Phdr *ph = add_phdr(PT_LOAD);
        ph->p_vaddr = 0x500000 + i * 0x1000;
        ph->p_memsz = 0x1000;
        ph->p_align = 0x1000;
    }
    ACCEPTED();
    assert_int_equal(out.nsegments, ELF_MAX_SEGMENTS);
    assert_int_equal(out.highest_vaddr, 0x500000 + ELF_MAX_SEGMENTS * 0x1000);
}

/* --- Refusals, one per reason --- */

static void test_too_small(void **state)
{
    (void)state;
    img.size = sizeof(Elf64_Ehdr) - 1;
    REFUSED("too small for an ELF header");
    assert_int_equal(elf_parse(NULL, 0, USER_LIMIT, &out, &reason), -1);
    assert_string_equal(reason, "too small for an ELF header");
}

static void test_bad_magic(void **state)
{
    (void)state;
    for (int i = 0; i < 4; i++) {
        make_valid();
        img.bytes[i] ^= 0x20;
        REFUSED("bad magic: not an ELF file");
    }
}

static void test_not_64bit(void **state)
{
    (void)state;
    ehdr()->e_ident[EI_CLASS] = 1;   /* ELFCLASS32 */
    REFUSED("not a 64-bit ELF (ELFCLASS64)");
}

static void test_not_little_endian(void **state)
{
    (void)state;
    ehdr()->e_ident[EI_DATA] = 2;    /* ELFDATA2MSB */
    REFUSED("not a little-endian ELF (ELFDATA2LSB)");
}

static void test_bad_version(void **state)
{
    (void)state;
    ehdr()->e_ident[EI_VERSION] = 0;
    REFUSED("unsupported ELF version");
    make_valid();
    ehdr()->e_version = 2;
    REFUSED("unsupported ELF version");
}

static void test_wrong_machine(void **state)
{
    (void)state;
    ehdr()->e_machine = 3;           /* EM_386 */
    REFUSED("not an x86_64 ELF (EM_X86_64)");
}

static void test_wrong_type(void **state)
{
    (void)state;
    ehdr()->e_type = 1;              /* ET_REL */
    REFUSED("not an executable (ET_EXEC or ET_DYN)");
    ehdr()->e_type = 4;              /* ET_CORE */
    REFUSED("not an executable (ET_EXEC or ET_DYN)");
}

static void test_bad_phentsize(void **state)
{
    (void)state;
    ehdr()->e_phentsize = sizeof(Elf64_Phdr) - 1;
    REFUSED("program header entry size is not sizeof(Elf64_Phdr)");
    ehdr()->e_phentsize = 64;
    REFUSED("program header entry size is not sizeof(Elf64_Phdr)");
}

static void test_phdr_table_outside_file(void **state)
{
    (void)state;
    ehdr()->e_phoff = IMAGE_SIZE - sizeof(Elf64_Phdr);   /* second entry past the end */
    REFUSED("program header table is outside the file");
    ehdr()->e_phoff = UINT64_MAX - 8;                    /* offset + size overflows */
    REFUSED("program header table is outside the file");
    make_valid();
    ehdr()->e_phnum = 0xffff;                            /* PN_XNUM is not supported */
    REFUSED("program header table is outside the file");
    make_valid();
    img.size = 0x40 + sizeof(Elf64_Phdr) + 1;
    REFUSED("program header table is outside the file");
}

static void test_too_many_loads(void **state)
{
    (void)state;
    for (unsigned i = 2; i <= ELF_MAX_SEGMENTS; i++) {
        Elf64_Phdr *ph = add_phdr(PT_LOAD);
        ph->p_vaddr = 0x500000 + i * 0x1000;
        ph->p_memsz = 0x1000;
        ph->p_align = 0x1000;
    }
    REFUSED("more than 16 PT_LOAD segments");
}

static void test_filesz_above_memsz(void **state)
{
    (void)state;
    phdr(1)->p_filesz = phdr(1)->p_memsz + 1;
    REFUSED("segment file size is larger than its memory size");
}

static void test_segment_outside_file(void **state)
{
    (void)state;
    phdr(1)->p_filesz = 0x1001;                 /* one byte past the end */
    REFUSED("segment file range is outside the file");
    make_valid();
    phdr(1)->p_offset = IMAGE_SIZE;
    REFUSED("segment file range is outside the file");
    make_valid();
    phdr(1)->p_offset = UINT64_MAX - 0xfff;     /* offset + filesz overflows */
    REFUSED("segment file range is outside the file");
}

static void test_segment_address_overflow(void **state)
{
    (void)state;
    phdr(1)->p_vaddr = UINT64_MAX - 0xfff;      /* vaddr + memsz wraps */
    REFUSED("segment address range overflows");
}

static void test_segment_beyond_user_limit(void **state)
{
    (void)state;
    phdr(1)->p_vaddr = USER_LIMIT - 0x1000;     /* ends 0x1000 past the limit */
    REFUSED("segment is outside user address space");
    make_valid();
    phdr(1)->p_vaddr = 0xffff800000000000ULL;   /* kernel half */
    REFUSED("segment is outside user address space");
    make_valid();
    assert_int_equal(elf_parse(img.bytes, img.size, 0x403fff, &out, &reason), -1);
    assert_string_equal(reason, "segment is outside user address space");
}

static void test_writable_and_executable(void **state)
{
    (void)state;
    phdr(1)->p_flags = PF_R | PF_W | PF_X;
    REFUSED("segment is writable and executable (W^X)");
    phdr(1)->p_flags = PF_W | PF_X;
    REFUSED("segment is writable and executable (W^X)");
}

static void test_wx_page_sharing(void **state)
{
    (void)state;
    phdr(0)->p_filesz = phdr(0)->p_memsz = 0x800;
    phdr(1)->p_offset = 0x1800;
    phdr(1)->p_vaddr = 0x400800;    /* same page as the end of the text */
    REFUSED("writable and executable segments share a page (W^X)");
    /* Also when the data segment comes first in the table. */
    Elf64_Phdr tmp = *phdr(0);
    *phdr(0) = *phdr(1);
    *phdr(1) = tmp;
    REFUSED("writable and executable segments share a page (W^X)");
}

static void test_bad_alignment(void **state)
{
    (void)state;
    phdr(1)->p_align = 0x1001;
    REFUSED("segment alignment is not a power of two");
    phdr(1)->p_align = 3;
    REFUSED("segment alignment is not a power of two");
    make_valid();
    phdr(1)->p_vaddr = 0x402010;   /* offset 0x1000: congruence broken */
    REFUSED("segment address and file offset differ modulo the page size");
    phdr(1)->p_align = 0x200000;
    REFUSED("segment address and file offset differ modulo the page size");
}

static void test_overlapping_loads(void **state)
{
    (void)state;
    phdr(1)->p_offset = 0x1800;
    phdr(1)->p_vaddr = 0x400800;   /* inside the text segment */
    phdr(1)->p_flags = PF_R;
    REFUSED("PT_LOAD segments overlap");
    make_valid();
    phdr(1)->p_vaddr = 0x3ff000;   /* its bss runs into the text */
    REFUSED("PT_LOAD segments overlap");
    make_valid();
    *phdr(1) = *phdr(0);           /* identical */
    REFUSED("PT_LOAD segments overlap");
}

static void test_no_load(void **state)
{
    (void)state;
    phdr(0)->p_type = PT_NOTE;
    phdr(1)->p_type = PT_NOTE;
    REFUSED("no loadable (PT_LOAD) segment");
    ehdr()->e_phnum = 0;
    REFUSED("no loadable (PT_LOAD) segment");
}

static void test_entry_not_executable(void **state)
{
    (void)state;
    ehdr()->e_entry = 0x402000;                  /* in the data segment */
    REFUSED("entry point is not inside an executable segment");
    ehdr()->e_entry = 0x401000;                  /* one past the text */
    REFUSED("entry point is not inside an executable segment");
    ehdr()->e_entry = 0x3fffff;                  /* one before */
    REFUSED("entry point is not inside an executable segment");
    ehdr()->e_entry = 0;
    REFUSED("entry point is not inside an executable segment");
    make_valid();
    phdr(0)->p_flags = PF_R;                     /* no executable segment at all */
    REFUSED("entry point is not inside an executable segment");
    make_valid();
    ehdr()->e_entry = 0x400fff;                  /* last byte: fine */
    ACCEPTED();
}

static void test_interp(void **state)
{
    (void)state;
    Elf64_Phdr *ph = add_phdr(PT_INTERP);
    ph->p_offset = 0x200;
    ph->p_filesz = 28;
    REFUSED("dynamically linked (PT_INTERP): only static programs are supported");
    assert_int_equal(out.has_interp, 1);

    /* Reported even when something else is also wrong. */
    phdr(1)->p_flags = PF_R | PF_W | PF_X;
    REFUSED("dynamically linked (PT_INTERP): only static programs are supported");
    assert_int_equal(out.has_interp, 1);
}

/* Every refusal reason is distinct. */
static void test_reasons_distinct(void **state)
{
    (void)state;
    static const char *const reasons[] = {
        "too small for an ELF header", "bad magic: not an ELF file",
        "not a 64-bit ELF (ELFCLASS64)", "not a little-endian ELF (ELFDATA2LSB)",
        "unsupported ELF version", "not an x86_64 ELF (EM_X86_64)",
        "not an executable (ET_EXEC or ET_DYN)",
        "program header entry size is not sizeof(Elf64_Phdr)",
        "program header table is outside the file", "more than 16 PT_LOAD segments",
        "segment file size is larger than its memory size",
        "segment file range is outside the file", "segment address range overflows",
        "segment is outside user address space",
        "segment is writable and executable (W^X)",
        "writable and executable segments share a page (W^X)",
        "segment alignment is not a power of two",
        "segment address and file offset differ modulo the page size",
        "PT_LOAD segments overlap", "no loadable (PT_LOAD) segment",
        "entry point is not inside an executable segment",
        "dynamically linked (PT_INTERP): only static programs are supported",
    };
    size_t n = sizeof reasons / sizeof reasons[0];
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++)
            assert_string_not_equal(reasons[i], reasons[j]);
}

/* --- Robustness --- */

static uint64_t rng_state = 0x9e3779b97f4a7c15ULL;

static uint64_t rng(void)   /* xorshift64: fixed seed, reproducible */
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

/* What an accepted image must satisfy, whatever the input was. */
static void check_invariants(size_t size)
{
    assert_true(out.nsegments >= 1 && out.nsegments <= ELF_MAX_SEGMENTS);
    int entry_ok = 0;
    for (unsigned i = 0; i < out.nsegments; i++) {
        const struct elf_segment *s = &out.seg[i];
        assert_true(s->filesz <= s->memsz);
        assert_true(s->offset <= size && s->filesz <= size - s->offset);
        assert_true(s->vaddr <= USER_LIMIT && s->memsz <= USER_LIMIT - s->vaddr);
        assert_false((s->prot & ELF_PROT_WRITE) && (s->prot & ELF_PROT_EXEC));
        assert_true(s->vaddr >= out.lowest_vaddr);
        assert_true(s->vaddr + s->memsz <= out.highest_vaddr);
        if ((s->prot & ELF_PROT_EXEC) && out.entry >= s->vaddr &&
            out.entry - s->vaddr < s->memsz)
            entry_ok = 1;
    }
    assert_true(entry_ok);
    assert_int_equal(out.has_interp, 0);
}

static void test_fuzz_headers(void **state)
{
    (void)state;
    size_t headers = sizeof(Elf64_Ehdr) + 8 * sizeof(Elf64_Phdr);
    unsigned accepted = 0;
    for (int iter = 0; iter < 20000; iter++) {
        make_valid();
        if (iter % 3 == 0) {   /* sometimes more headers to play with */
            add_phdr(PT_LOAD);
            add_phdr(rng() % 8);
        }
        int flips = 1 + (int)(rng() % 4);
        for (int f = 0; f < flips; f++) {
            size_t at = rng() % headers;
            switch (rng() % 4) {
            case 0: img.bytes[at] ^= (unsigned char)(1u << (rng() % 8)); break;
            case 1: img.bytes[at] = (unsigned char)rng(); break;
            case 2: img.bytes[at] = 0xff; break;
            default: img.bytes[at] = 0; break;
            }
        }
        size_t size = iter % 5 == 0 ? rng() % (IMAGE_SIZE + 1) : IMAGE_SIZE;

        /* A heap copy of exactly size bytes, so any over-read is caught by
           the sanitizer (or valgrind). */
        unsigned char *copy = malloc(size ? size : 1);
        assert_non_null(copy);
        memcpy(copy, img.bytes, size);
        reason = "(unset)";
        int rc = elf_parse(copy, size, USER_LIMIT, &out, &reason);
        free(copy);

        if (rc == 0) {
            assert_null(reason);
            check_invariants(size);
            accepted++;
        } else {
            assert_int_equal(rc, -1);
            assert_non_null(reason);
            assert_true(strlen(reason) > 0);
            assert_string_not_equal(reason, "(unset)");
        }
    }
    assert_true(accepted > 0);   /* the mutations are not all fatal */
}

/* --- A real binary, when one is given --- */

static const char *sample_path;

static void test_real_sample(void **state)
{
    (void)state;
    if (!sample_path || !*sample_path)
        skip();
    FILE *f = fopen(sample_path, "rb");
    if (!f)
        fail_msg("cannot open ELF sample %s", sample_path);
    assert_int_equal(fseek(f, 0, SEEK_END), 0);
    long len = ftell(f);
    assert_true(len > 0);
    rewind(f);
    unsigned char *buf = malloc((size_t)len);
    assert_non_null(buf);
    assert_int_equal(fread(buf, 1, (size_t)len, f), (size_t)len);
    fclose(f);

    int rc = elf_parse(buf, (size_t)len, USER_LIMIT, &out, &reason);
    if (rc != 0)
        fail_msg("%s refused: %s", sample_path, reason);
    print_message("%s: %s entry %#lx, %u segments, %#lx..%#lx, phdr %#lx\n",
                  sample_path, out.type == ET_DYN ? "ET_DYN" : "ET_EXEC",
                  (unsigned long)out.entry, out.nsegments,
                  (unsigned long)out.lowest_vaddr, (unsigned long)out.highest_vaddr,
                  (unsigned long)out.phdr_vaddr);
    check_invariants((size_t)len);
    assert_true(out.phdr_vaddr != 0);
    free(buf);
}

int main(int argc, char **argv)
{
    sample_path = argc > 1 ? argv[1] : getenv("ELF_SAMPLE");
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_valid_exec, setup),
        cmocka_unit_test_setup(test_valid_dyn, setup),
        cmocka_unit_test_setup(test_reason_may_be_null, setup),
        cmocka_unit_test_setup(test_unaligned_image, setup),
        cmocka_unit_test_setup(test_pt_phdr_is_preferred, setup),
        cmocka_unit_test_setup(test_phdrs_not_loaded, setup),
        cmocka_unit_test_setup(test_other_segments_ignored, setup),
        cmocka_unit_test_setup(test_edge_cases_accepted, setup),
        cmocka_unit_test_setup(test_too_small, setup),
        cmocka_unit_test_setup(test_bad_magic, setup),
        cmocka_unit_test_setup(test_not_64bit, setup),
        cmocka_unit_test_setup(test_not_little_endian, setup),
        cmocka_unit_test_setup(test_bad_version, setup),
        cmocka_unit_test_setup(test_wrong_machine, setup),
        cmocka_unit_test_setup(test_wrong_type, setup),
        cmocka_unit_test_setup(test_bad_phentsize, setup),
        cmocka_unit_test_setup(test_phdr_table_outside_file, setup),
        cmocka_unit_test_setup(test_too_many_loads, setup),
        cmocka_unit_test_setup(test_filesz_above_memsz, setup),
        cmocka_unit_test_setup(test_segment_outside_file, setup),
        cmocka_unit_test_setup(test_segment_address_overflow, setup),
        cmocka_unit_test_setup(test_segment_beyond_user_limit, setup),
        cmocka_unit_test_setup(test_writable_and_executable, setup),
        cmocka_unit_test_setup(test_wx_page_sharing, setup),
        cmocka_unit_test_setup(test_bad_alignment, setup),
        cmocka_unit_test_setup(test_overlapping_loads, setup),
        cmocka_unit_test_setup(test_no_load, setup),
        cmocka_unit_test_setup(test_entry_not_executable, setup),
        cmocka_unit_test_setup(test_interp, setup),
        cmocka_unit_test(test_reasons_distinct),
        cmocka_unit_test_setup(test_fuzz_headers, setup),
        cmocka_unit_test_setup(test_real_sample, setup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
