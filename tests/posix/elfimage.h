/* elfimage.h: the ELF64 executable header the tests that write their own
 * small programs (or deliberately broken ones) start from. */
#ifndef ELFIMAGE_H
#define ELFIMAGE_H

#include <elf.h>
#include <string.h>

/* An x86_64 ET_EXEC header at eh: entry point, and phnum program headers
   right after it. */
static inline void elf_exec_header(Elf64_Ehdr *eh, Elf64_Addr entry, Elf64_Half phnum)
{
	memset(eh, 0, sizeof *eh);
	memcpy(eh->e_ident, ELFMAG, SELFMAG);
	eh->e_ident[EI_CLASS] = ELFCLASS64;
	eh->e_ident[EI_DATA] = ELFDATA2LSB;
	eh->e_ident[EI_VERSION] = EV_CURRENT;
	eh->e_type = ET_EXEC;
	eh->e_machine = EM_X86_64;
	eh->e_version = EV_CURRENT;
	eh->e_entry = entry;
	eh->e_phoff = sizeof *eh;
	eh->e_ehsize = sizeof *eh;
	eh->e_phentsize = sizeof(Elf64_Phdr);
	eh->e_phnum = phnum;
}

#endif
