/* Memory calls: brk, mmap, munmap, mprotect, mremap, madvise, done with
 * process_vm_map/unmap/protect on the client's process capability. */
#ifndef POSIX_MM_H
#define POSIX_MM_H

#include "proc.h"

/* Most bytes brk may grow the heap beyond its start (ENOMEM past it). */
#define BRK_MAX (1ull << 30)

/* Sets the heap start from an ELF image (just above its highest segment). */
void mm_exec(struct proc *p, const uint8_t *image, size_t size);

/* What the server knows of a process's mappings beyond the kernel's
   regions: the shared ones, so that futexes in them are found by every
   process sharing the memory (fork keeps the mappings), and a touch past
   the end of a mapped file is told from a bad address (SIGBUS, not
   SIGSEGV); the private file mappings and the program's segments, for
   /proc/<pid>/maps. Each is a range of one memory object (shared: known by
   a serial number; a file's: pagecache.h) or of a file. At most
   MM_SHARED_MAX per process (mmap: ENOMEM beyond, as Linux past
   vm.max_map_count). */
#define MM_SHARED_MAX 4096
enum mm_kind {
    MM_SHARED_ANON,  /* MAP_SHARED|MAP_ANONYMOUS, System V segments */
    MM_SHARED_FILE,  /* MAP_SHARED of a file */
    MM_PRIVATE_FILE, /* MAP_PRIVATE of a file */
    MM_PROGRAM,      /* a segment execve loaded from the program (procfs knows the file) */
};
struct mm_shared {
    uint64_t base, len;   /* where it shows */
    uint64_t serial;      /* shared kinds: the object */
    uint64_t off;         /* of base in the object or file */
    struct vnode *vn;     /* file kinds: the file (a reference); else NULL */
    int maywrite;         /* shared, of a file opened for writing: counts in vn->mapped_writable */
    enum mm_kind kind;
};

/* One line of /proc/<pid>/maps: a run of the address space with one
   protection and one origin (mm_area_next). */
struct mm_area {
    uint64_t start, end;
    unsigned prot;         /* CX_PROT_* */
    int shared;            /* 's' rather than 'p' */
    enum mm_area_kind { MA_ANON, MA_HEAP, MA_STACK, MA_FILE, MA_PROGRAM, MA_SHARED_ANON } kind;
    struct vnode *vn;      /* MA_FILE: the file (no reference: valid while p is unchanged) */
    uint64_t off;          /* MA_FILE, MA_PROGRAM: the offset in the file */
};
/* The area starting at or after addr: 0 and *out, or -1 when none is. */
int mm_area_next(const struct proc *p, uint64_t addr, struct mm_area *out);

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

/* The program file p runs from now on (NULL: none, at exit): referenced
   and counted in its `running`, so that opening it for writing is ETXTBSY
   while it runs (its pages are the running program's, shared). */
void mm_set_program(struct proc *p, struct vnode *vn);

/* fork: the child has the parent's mappings and program (0 or -ENOMEM);
   exec and exit drop them. */
int mm_fork(struct proc *parent, struct proc *child);
void mm_release(struct proc *p);

/* What p has mapped now, in bytes, as the kernel knows it (process_vm_region),
   and of it what is resident (pages touched: thread_times); 0 for a process
   without an image. */
uint64_t mm_mapped_bytes(const struct proc *p);
uint64_t mm_resident_bytes(const struct proc *p);

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
