/* Moving bytes across the user/kernel boundary. Every user range is checked
   against the address space's page tables first, so a bad pointer is an
   error for the caller and never a kernel fault. */
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
/* 1 when every byte of the range is mapped writable for the user. */
int user_writable(struct vmspace *vs, uint64_t addr, size_t n);
/* 1 when every byte of the range is mapped readable for the user. */
int user_readable(struct vmspace *vs, uint64_t addr, size_t n);

#endif
