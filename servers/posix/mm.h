/* Memory calls: brk, mmap, munmap, mprotect, mremap, madvise, done with
 * process_vm_map/unmap/protect on the client's process capability. */
#ifndef POSIX_MM_H
#define POSIX_MM_H

#include "proc.h"

/* Most bytes brk may grow the heap beyond its start (ENOMEM past it). */
#define BRK_MAX (1ull << 30)

/* Sets the heap start from an ELF image (just above its highest segment). */
void mm_exec(struct proc *p, const uint8_t *image, size_t size);

long sys_brk(struct thread *t, const uint64_t *a);
long sys_mmap(struct thread *t, const uint64_t *a);
long sys_munmap(struct thread *t, const uint64_t *a);
long sys_mprotect(struct thread *t, const uint64_t *a);
long sys_mremap(struct thread *t, const uint64_t *a);
long sys_madvise(struct thread *t, const uint64_t *a);

#endif
