/* Records found by a number (idhash.c): a small intrusive hash table, so
 * the lookups the server makes on every message (the process of a kernel
 * pid, the thread of a kernel thread id) cost the same however many
 * processes and threads exist.
 *
 * A record embeds a struct idlink per table it is in; a zeroed link is in
 * no table. Several links may carry the same key (the caller tells them
 * apart while walking idhash_first/idhash_next). Removal is O(1). */
#ifndef POSIX_IDHASH_H
#define POSIX_IDHASH_H

#include <stddef.h>
#include <stdint.h>

#define IDHASH_BITS 7 /* 128 buckets: the tables hold at most a few hundred records */
#define IDHASH_BUCKETS (1u << IDHASH_BITS)

struct idlink {
    struct idlink *next;
    struct idlink **pprev; /* what points at this link; NULL: in no table */
    uint64_t key;
};

struct idhash {
    struct idlink *bucket[IDHASH_BUCKETS];
};

/* Puts l (in no table) in h under key. */
void idhash_add(struct idhash *h, struct idlink *l, uint64_t key);
/* Takes l out of its table; nothing if it is in none. */
void idhash_del(struct idlink *l);
/* The first link with key, or NULL; idhash_next: the next with l's key. */
struct idlink *idhash_first(const struct idhash *h, uint64_t key);
struct idlink *idhash_next(const struct idlink *l);

/* The record of type `type` whose member `field` is the link l. */
#define IDHASH_ENTRY(l, type, field) ((type *)(void *)((char *)(l) - offsetof(type, field)))

#endif
