/* mmap, munmap and mprotect on any address space: the native calls apply them
   to the caller's, process_vm_map/unmap/protect to another process's. The
   rules and errors are those of docs/syscalls.md (and sys_memory.c); a memory
   object capability is always looked up in the caller's capability space. */
#ifndef KERNEL_SYS_MEMORY_H
#define KERNEL_SYS_MEMORY_H

#include <stddef.h>
#include <stdint.h>
#include <calyx/abi.h>

struct vmspace;

uint64_t mmap_in(struct vmspace *vs, uint64_t addr, size_t length, cx_prot_t prot,
                 cx_mapflags_t flags, cx_cap_t capability, size_t offset);
uint64_t munmap_in(struct vmspace *vs, uint64_t addr, size_t length);
uint64_t mprotect_in(struct vmspace *vs, uint64_t addr, size_t length, cx_prot_t prot);

#endif
