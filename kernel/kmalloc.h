/* The kernel heap: kernel objects and their tables. */
#ifndef KERNEL_KMALLOC_H
#define KERNEL_KMALLOC_H

#include <stddef.h>

#define KMALLOC_MAX (8u << 20) /* larger requests fail: process_create's argument copy
                                  (CX_START_MAX_ARGBYTES) is the largest user */

void *kmalloc(size_t size);   /* zeroed memory, or NULL when out of memory */
void kfree(void *p);
size_t kmalloc_live(void);    /* allocations not yet freed, for leak checks */

#endif
