/* Moving bytes across the user/kernel boundary. Every user range is checked
   against the address space's page tables first, so a bad pointer is an
   error for the caller and never a kernel fault.

   Writes honour copy-on-write: a write to a page shared after process_fork
   gives the page its own frame first (vm_fault), as a user write would. When
   no frame can be had for that copy, the OOM killer is started (oom.h) but
   not waited for, since these run where the writer must not sleep, and the
   write fails like a bad address (-1, so callers answer InvalidAddress);
   user_byte's nomem tells the two apart for a caller that may wait
   (process_vm_write, through vm_fault_or_reclaim). */
#ifndef KERNEL_USERCOPY_H
#define KERNEL_USERCOPY_H

#include <stddef.h>
#include <stdint.h>

struct vmspace;

/* 0 on success, -1 when any byte of the range is not mapped with the needed access. */
int copy_from_user(struct vmspace *vs, void *dst, uint64_t src, size_t n);
int copy_to_user(struct vmspace *vs, uint64_t dst, const void *src, size_t n);
/* From one space's user memory straight into another's (or the same), with
   no kernel buffer in between: IPC's fast path. 0, or -1 as above (some bytes
   may have been written by then). */
int copy_user_to_user(struct vmspace *to, uint64_t dst, struct vmspace *from, uint64_t src, size_t n);
/* 1 when every byte of the range is mapped writable for the user (copy-on-write
   pages in it get their own frames now: the caller is about to write). */
int user_writable(struct vmspace *vs, uint64_t addr, size_t n);
/* 1 when every byte of the range is mapped readable for the user. */
int user_readable(struct vmspace *vs, uint64_t addr, size_t n);

/* The kernel address of the user byte at addr, for reading (VM_READ) or writing
   (VM_WRITE, breaking copy-on-write), valid up to the end of its page. NULL
   when not accessible; *nomem (may be NULL) is set when the reason is a
   copy-on-write page that found no frame. */
void *user_byte(struct vmspace *vs, uint64_t addr, unsigned need, int *nomem);

#endif
