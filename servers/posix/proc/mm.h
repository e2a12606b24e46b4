/* Memory calls: brk, mmap, munmap, mprotect, mremap, madvise, done with
 * process_vm_map/unmap/protect on the client's process capability. */
#ifndef POSIX_MM_H
#define POSIX_MM_H

#include "proc.h"

/* Most bytes brk may grow the heap beyond its start (ENOMEM past it). */
#define BRK_MAX (1ull << 30)

/* Sets the heap start from an ELF image (just above its highest segment). */
void mm_exec(struct proc *p, const uint8_t *image, size_t size);

/* MAP_SHARED mappings, so that futexes in them are found by every process
   that shares the memory (fork keeps the mappings), and so that a touch
   past the end of a mapped file is told from a bad address (SIGBUS, not
   SIGSEGV): each is a range of one memory object, known by a serial number
   (a file's: pagecache.h). At most MM_SHARED_MAX per process (mmap
   MAP_SHARED: ENOMEM beyond, as Linux past vm.max_map_count). */
#define MM_SHARED_MAX 4096
struct mm_shared {
    uint64_t base, len;   /* where it shows */
    uint64_t serial;      /* the object */
    uint64_t off;         /* of base in the object */
    struct vnode *vn;     /* a file mapping: the file (a reference); else NULL */
    int maywrite;         /* of a file opened for writing: counts in vn->mapped_writable */
};

/* Shared mappings the server makes itself (System V shared memory, ipc/shm.c):
   a new object serial, adding a range (0 or -ENOMEM), forgetting one. */
uint64_t mm_shared_serial(void);
int mm_shared_add(struct proc *p, uint64_t base, uint64_t len, uint64_t serial, uint64_t off);
void mm_shared_forget(struct proc *p, uint64_t addr, uint64_t len);

/* A futex's identity: (process, address) for private memory and private
   futex operations, (object, offset) for MAP_SHARED memory. */
struct futex_key {
    uint64_t space, word;
};
void mm_futex_key(const struct proc *p, uint64_t addr, int private_op, struct futex_key *key);

/* fork: the child has the parent's mappings (0 or -ENOMEM); exec and exit
   drop them. */
int mm_fork(struct proc *parent, struct proc *child);
void mm_release(struct proc *p);

/* What p has mapped now, in bytes, as the kernel knows it (process_vm_region);
   0 for a process without an image. On Calyx every mapped page is resident. */
uint64_t mm_mapped_bytes(const struct proc *p);

/* A page fault at addr: is it a touch of a mapped file's page that lies
   wholly past the file's end (SIGBUS, BUS_ADRERR, as Linux)? */
int mm_fault_past_eof(const struct proc *p, uint64_t addr);

long sys_brk(struct thread *t, const uint64_t *a);
long sys_mmap(struct thread *t, const uint64_t *a);
long sys_munmap(struct thread *t, const uint64_t *a);
long sys_mprotect(struct thread *t, const uint64_t *a);
long sys_mremap(struct thread *t, const uint64_t *a);
long sys_madvise(struct thread *t, const uint64_t *a);
long sys_msync(struct thread *t, const uint64_t *a);

#endif
