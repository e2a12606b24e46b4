/* sources: servers/posix/proc/native_grant.c */
/* Unit tests for the POSIX server's native-authority grant decision
   (servers/posix/proc/native_grant.c): the owner and mode rule, and reading the
   ELF note from untrusted images (every truncation and a random-mutation
   loop must neither crash nor find a note that is not wholly there). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "elf.h" /* kernel/elf.h: the ELF64 layout */

#include "servers/posix/posix.h"
#include "servers/posix/proc/native_grant.h"

/* What native_grant.c uses from the rest of the server; the grant calls
   themselves need the kernel and are tested under Calyx (tests/posix/calyx_native_*). */
cx_cap_t posix_pool_cap;
void posix_log(const char *fmt, ...) { (void)fmt; }
const char *cx_strerror(uint64_t result) { (void)result; return "?"; }

#define BASE 0x400000ul

/* An ELF image with one PT_LOAD and one PT_NOTE segment aligned to `align`
   holding `notes` (n bytes). Its size. */
static size_t image_with_notes(uint8_t *buf, const void *notes, size_t n, uint64_t align)
{
    Elf64_Ehdr *eh = (Elf64_Ehdr *)buf;
    Elf64_Phdr *ph = (Elf64_Phdr *)(buf + sizeof *eh);
    size_t at = sizeof *eh + 2 * sizeof *ph;
    at = (at + 7) & ~(size_t)7;
    memset(buf, 0, at + n);
    eh->e_ident[EI_MAG0] = ELFMAG0, eh->e_ident[EI_MAG1] = ELFMAG1;
    eh->e_ident[EI_MAG2] = ELFMAG2, eh->e_ident[EI_MAG3] = ELFMAG3;
    eh->e_ident[EI_CLASS] = ELFCLASS64;
    eh->e_ident[EI_DATA] = ELFDATA2LSB;
    eh->e_type = ET_EXEC;
    eh->e_machine = 62; /* EM_X86_64: any machine will do here */
    eh->e_phoff = sizeof *eh;
    eh->e_phentsize = sizeof *ph;
    eh->e_phnum = 2;
    ph[0].p_type = PT_LOAD;
    ph[0].p_flags = PF_R;
    ph[0].p_vaddr = BASE;
    ph[0].p_filesz = ph[0].p_memsz = at + n;
    ph[1].p_type = PT_NOTE;
    ph[1].p_offset = at;
    ph[1].p_vaddr = BASE + at;
    ph[1].p_filesz = ph[1].p_memsz = n;
    ph[1].p_align = align;
    memcpy(buf + at, notes, n);
    return at + n;
}

/* One note: header, name padded to align, descriptor padded to align. Its size. */
static size_t note(uint8_t *out, const char *name, uint32_t namesz, uint32_t type, uint32_t descsz, size_t align)
{
    uint32_t hdr[3] = { namesz, descsz, type };
    memcpy(out, hdr, sizeof hdr);
    size_t at = sizeof hdr;
    memset(out + at, 0, 64);
    memcpy(out + at, name, namesz);
    at = (at + namesz + align - 1) & ~(align - 1);
    memset(out + at, 0xd5, descsz);
    at = (at + descsz + align - 1) & ~(align - 1);
    return at;
}

static uint8_t img[4096];
static uint8_t notes[1024];

static size_t ours(uint8_t *out, size_t align)
{
    return note(out, "Calyx", 6, CX_NOTE_NATIVE_AUTHORITY, 0, align);
}

static void owner_and_mode(void **state)
{
    (void)state;
    assert_true(native_grant_owner_ok(0, 0100755));
    assert_true(native_grant_owner_ok(0, 0100700));
    assert_true(native_grant_owner_ok(0, 0104755)); /* set-user-ID changes nothing */
    assert_false(native_grant_owner_ok(0, 0100775));
    assert_false(native_grant_owner_ok(0, 0100757));
    assert_false(native_grant_owner_ok(0, 0100777));
    assert_false(native_grant_owner_ok(1000, 0100755));
    assert_false(native_grant_owner_ok(1000, 0100700));
}

static void finds_the_note(void **state)
{
    (void)state;
    size_t n = ours(notes, 4);
    assert_true(native_grant_image_asks(img, image_with_notes(img, notes, n, 4)));
    n = ours(notes, 8);
    assert_true(native_grant_image_asks(img, image_with_notes(img, notes, n, 8)));
    /* After another note (a GNU property note with a descriptor), 8-aligned. */
    n = note(notes, "GNU", 4, 5, 16, 8);
    n += ours(notes + n, 8);
    assert_true(native_grant_image_asks(img, image_with_notes(img, notes, n, 8)));
    /* After an odd-sized one, 4-aligned. */
    n = note(notes, "Other", 6, 1, 3, 4);
    n += ours(notes + n, 4);
    assert_true(native_grant_image_asks(img, image_with_notes(img, notes, n, 4)));
}

static void other_notes_ask_nothing(void **state)
{
    (void)state;
    size_t n = note(notes, "Calyx", 6, CX_NOTE_NATIVE_AUTHORITY + 1, 0, 4);
    assert_false(native_grant_image_asks(img, image_with_notes(img, notes, n, 4)));
    n = note(notes, "Calyx", 5, CX_NOTE_NATIVE_AUTHORITY, 0, 4); /* no NUL */
    assert_false(native_grant_image_asks(img, image_with_notes(img, notes, n, 4)));
    n = note(notes, "CalyX", 6, CX_NOTE_NATIVE_AUTHORITY, 0, 4);
    assert_false(native_grant_image_asks(img, image_with_notes(img, notes, n, 4)));
    n = note(notes, "Calyx\0x", 8, CX_NOTE_NATIVE_AUTHORITY, 0, 4);
    assert_false(native_grant_image_asks(img, image_with_notes(img, notes, n, 4)));
    assert_false(native_grant_image_asks(img, image_with_notes(img, notes, 0, 4)));
}

static void malformed_images(void **state)
{
    (void)state;
    size_t n = ours(notes, 4), size = image_with_notes(img, notes, n, 4);
    Elf64_Ehdr *eh = (Elf64_Ehdr *)img;
    Elf64_Phdr *ph = (Elf64_Phdr *)(img + sizeof *eh);
    /* Every truncation: the note counts only when it is wholly in the file. */
    for (size_t len = 0; len < size; len++) {
        uint8_t *cut = malloc(len ? len : 1);
        assert_non_null(cut);
        memcpy(cut, img, len);
        assert_false(native_grant_image_asks(cut, len));
        free(cut);
    }
    assert_true(native_grant_image_asks(img, size));

    img[EI_CLASS] = 1; /* ELFCLASS32 */
    assert_false(native_grant_image_asks(img, size));
    img[EI_CLASS] = ELFCLASS64;
    img[0] = 0;
    assert_false(native_grant_image_asks(img, size));
    img[0] = ELFMAG0;

    eh->e_phoff = size; /* the table outside the file */
    assert_false(native_grant_image_asks(img, size));
    eh->e_phoff = UINT64_MAX - 8;
    assert_false(native_grant_image_asks(img, size));
    eh->e_phoff = sizeof *eh;
    eh->e_phentsize = sizeof *ph - 1;
    assert_false(native_grant_image_asks(img, size));
    eh->e_phentsize = sizeof *ph;
    eh->e_phnum = 0xffff;
    assert_false(native_grant_image_asks(img, size));
    eh->e_phnum = 2;

    ph[1].p_filesz = n - 1; /* the segment ends inside the note */
    assert_false(native_grant_image_asks(img, size));
    ph[1].p_filesz = UINT64_MAX;
    assert_false(native_grant_image_asks(img, size));
    ph[1].p_filesz = n;
    ph[1].p_offset = UINT64_MAX - 2;
    assert_false(native_grant_image_asks(img, size));
    ph[1].p_offset = size - n;
    assert_true(native_grant_image_asks(img, size));

    uint32_t *hdr = (uint32_t *)(img + ph[1].p_offset);
    hdr[0] = UINT32_MAX; /* namesz past the end */
    assert_false(native_grant_image_asks(img, size));
    hdr[0] = 6;
    hdr[1] = UINT32_MAX - 2; /* descsz past the end */
    assert_false(native_grant_image_asks(img, size));
    hdr[1] = 0;
    assert_true(native_grant_image_asks(img, size));
}

/* Random bytes flipped in a valid image, many times: no crash, and the note is
   found only while its bytes and the headers leading to it are intact. */
static void mutations_never_crash(void **state)
{
    (void)state;
    size_t n = note(notes, "GNU", 4, 5, 16, 8);
    n += ours(notes + n, 8);
    size_t size = image_with_notes(img, notes, n, 8);
    uint8_t *copy = malloc(size); /* exactly the image: a sanitizer build sees any read past it */
    assert_non_null(copy);
    uint64_t rng = 0x243f6a8885a308d3ull;
    for (int round = 0; round < 200000; round++) {
        memcpy(copy, img, size);
        for (int k = 0; k < 1 + round % 4; k++) {
            rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
            copy[rng % size] = (uint8_t)(rng >> 24);
        }
        (void)native_grant_image_asks(copy, size);
    }
    free(copy);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(owner_and_mode),
        cmocka_unit_test(finds_the_note),
        cmocka_unit_test(other_notes_ask_nothing),
        cmocka_unit_test(malformed_images),
        cmocka_unit_test(mutations_never_crash),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
