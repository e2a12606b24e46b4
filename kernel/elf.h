/* ELF64 executable validation for loading user programs (boot modules and
 * process_create images). Portable: no allocation, no arch code; the image
 * may sit at any alignment.
 *
 * elf_parse only checks and describes; the loader maps. Everything it
 * accepts is a static program for this architecture (ARCH_ELF_MACHINE,
 * kernel/arch.h; ET_EXEC, or ET_DYN = static-pie)
 * whose PT_LOAD segments are in bounds, non-overlapping and W^X.
 *
 * ET_DYN: entry, segment vaddrs, phdr_vaddr and lowest/highest_vaddr are
 * relative to a load bias the loader chooses. elf_parse validates them as if
 * the bias were 0; the loader must re-check bias + highest_vaddr <= its
 * user limit (and for overflow) before mapping.
 *
 * Not interpreted (left to the loader, or ignored): PT_TLS, PT_DYNAMIC
 * (static-pie relocates itself), PT_GNU_STACK (user stacks are never
 * executable), section headers. */
#ifndef KERNEL_ELF_H
#define KERNEL_ELF_H

#include <stddef.h>
#include <stdint.h>

/* --- The on-disk format (the subset we need, standard names). --- */

#define EI_NIDENT   16
#define EI_MAG0     0
#define EI_MAG1     1
#define EI_MAG2     2
#define EI_MAG3     3
#define EI_CLASS    4
#define EI_DATA     5
#define EI_VERSION  6
#define EI_OSABI    7

#define ELFMAG0     0x7f
#define ELFMAG1     'E'
#define ELFMAG2     'L'
#define ELFMAG3     'F'
#define ELFCLASS64  2
#define ELFDATA2LSB 1
#define EV_CURRENT  1

#define ET_EXEC     2
#define ET_DYN      3

#define PT_NULL      0
#define PT_LOAD      1
#define PT_DYNAMIC   2
#define PT_INTERP    3
#define PT_NOTE      4
#define PT_PHDR      6
#define PT_TLS       7
#define PT_GNU_STACK 0x6474e551
#define PT_GNU_RELRO 0x6474e552

#define PF_X        1
#define PF_W        2
#define PF_R        4

typedef struct {
    unsigned char e_ident[EI_NIDENT];
    uint16_t e_type;
    uint16_t e_machine;
    uint32_t e_version;
    uint64_t e_entry;
    uint64_t e_phoff;
    uint64_t e_shoff;
    uint32_t e_flags;
    uint16_t e_ehsize;
    uint16_t e_phentsize;
    uint16_t e_phnum;
    uint16_t e_shentsize;
    uint16_t e_shnum;
    uint16_t e_shstrndx;
} Elf64_Ehdr;

typedef struct {
    uint32_t p_type;
    uint32_t p_flags;
    uint64_t p_offset;
    uint64_t p_vaddr;
    uint64_t p_paddr;
    uint64_t p_filesz;
    uint64_t p_memsz;
    uint64_t p_align;
} Elf64_Phdr;

/* --- What the loader gets. --- */

#define ELF_MAX_SEGMENTS 16     /* PT_LOAD segments per image; more is refused */
#define ELF_PAGE_SIZE    4096

/* Segment protection (CX-style bits; note PF_* order differs). */
#define ELF_PROT_READ  1
#define ELF_PROT_WRITE 2
#define ELF_PROT_EXEC  4

/* One PT_LOAD: file bytes [offset, offset+filesz) go to vaddr, the rest of
   [vaddr, vaddr+memsz) is zero. vaddr is not necessarily page aligned. */
struct elf_segment {
    uint64_t vaddr, memsz, filesz, offset;
    uint32_t prot;              /* ELF_PROT_* */
};

struct elf_image {
    uint64_t entry;
    uint16_t type;              /* ET_EXEC or ET_DYN */
    uint64_t phdr_vaddr;        /* program headers in memory (AT_PHDR); 0 if not loaded */
    uint16_t phnum, phentsize;  /* AT_PHNUM, AT_PHENT */
    unsigned nsegments;         /* PT_LOADs, in file order */
    struct elf_segment seg[ELF_MAX_SEGMENTS];
    uint64_t lowest_vaddr;      /* smallest segment vaddr */
    uint64_t highest_vaddr;     /* largest segment end (vaddr + memsz, exclusive) */
    int has_interp;             /* PT_INTERP seen (the image was then refused) */
};

/* Validates image[0..size) as a static ELF64 program for this architecture
   whose segments must end at or below user_limit (highest user address + 1,
   e.g. USER_TOP). Returns 0 and fills *out, or returns -1 and sets
   *reason (if reason is not NULL) to a static, human-readable explanation. */
int elf_parse(const void *image, size_t size, uint64_t user_limit,
              struct elf_image *out, const char **reason);
/* The same for a file whose first head_len bytes are at head: the ELF and
   program headers must lie within them, the segments within file_size (a
   loader that maps the file's pages reads no more than the headers). */
int elf_parse_head(const void *head, size_t head_len, uint64_t file_size, uint64_t user_limit,
                   struct elf_image *out, const char **reason);

#endif
