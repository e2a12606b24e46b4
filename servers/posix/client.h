/* Client memory: every pointer a POSIX program passes goes through here.
 * The copies use process_vm_read/process_vm_write on the process
 * capability, so a bad pointer is an error result (-EFAULT), never a fault
 * in the server. Lengths are the caller's to bound; a range that wraps
 * around the address space is -EFAULT. */
#ifndef POSIX_CLIENT_H
#define POSIX_CLIENT_H

#include <stddef.h>
#include <stdint.h>

struct proc;

/* 0, or -EFAULT when any byte of [addr, addr+len) cannot be read/written. */
int client_read(struct proc *p, uint64_t addr, void *buf, size_t len);
int client_write(struct proc *p, uint64_t addr, const void *buf, size_t len);

/* As much of [addr, addr+len) as can be moved, a page at a time from the
   start, stopping at the first page that cannot be reached (Linux's
   access_remote_vm: process_vm_readv/writev, /proc/<pid>/mem). The bytes moved. */
size_t client_read_partial(struct proc *p, uint64_t addr, void *buf, size_t len);
size_t client_write_partial(struct proc *p, uint64_t addr, const void *buf, size_t len);

/* Copies a NUL-terminated string of at most size-1 bytes into buf.
   Returns its length, -EFAULT, or -ENAMETOOLONG when no NUL comes within
   size bytes. */
long client_string(struct proc *p, uint64_t addr, char *buf, size_t size);

/* A struct iovec as the client passes it. */
struct uiovec {
    uint64_t base, len;
};
/* Reads cnt iovecs at addr into v (the caller bounds cnt) and adds up
   their lengths into *total: 0, -EFAULT, or -EINVAL when the sum passes
   INT64_MAX, as Linux's readv/writev/sendmsg. */
long client_iovecs(struct proc *p, uint64_t addr, uint64_t cnt, struct uiovec *v, size_t *total);

/* Convenience for one 32- or 64-bit value. */
int client_read_u32(struct proc *p, uint64_t addr, uint32_t *v);
int client_write_u32(struct proc *p, uint64_t addr, uint32_t v);
int client_write_u64(struct proc *p, uint64_t addr, uint64_t v);
/* Atomically replaces the aligned word at addr with desired when it holds
   expected, against the client's own threads (robust and PI futexes).
   *old gets its previous value. 0, or -EFAULT. */
int client_cmpxchg_u32(struct proc *p, uint64_t addr, uint32_t expected, uint32_t desired,
                       uint32_t *old);

#endif
