/* Pages for file data (pagepool.c): 4 KiB, page-aligned, zeroed, carved
 * from chunks of PAGEPOOL_CHUNK_PAGES pages, with no header beside them.
 *
 * Why not malloc: a 4 KiB request is a "large" allocation for the server's
 * heap (calyx/heap.h), one mapping of two pages each (its header does not
 * fit in the page), so a tmpfs file took twice its size and one kernel
 * mapping per page, and writing it slowed as the mappings grew in number.
 * A chunk whose pages are all free goes back to the heap (and the kernel).
 *
 * No limit of its own: the heap's memory is the limit (NULL when out). */
#ifndef POSIX_PAGEPOOL_H
#define POSIX_PAGEPOOL_H

#include <stddef.h>
#include <stdint.h>

#define PAGEPOOL_PAGE 4096u
#define PAGEPOOL_CHUNK_PAGES 64u

/* A zeroed page, or NULL when memory is exhausted. */
void *pagepool_alloc(void);
/* Gives back a page pagepool_alloc returned (NULL: nothing). */
void pagepool_free(void *page);
/* Pages handed out and not given back (for leak checks). */
size_t pagepool_in_use(void);

#endif
