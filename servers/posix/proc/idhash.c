/* Records found by a number (see idhash.h): chained buckets, each chain a
 * list whose links point back at what points to them, so a link leaves in
 * O(1) without its table. */
#include "idhash.h"

static unsigned bucket_of(uint64_t key)
{
    /* Fibonacci hashing: the top bits of key * 2^64/phi spread small,
       dense numbers (pids, kernel ids) over every bucket. */
    return (unsigned)((key * 0x9E3779B97F4A7C15ull) >> (64 - IDHASH_BITS));
}

void idhash_add(struct idhash *h, struct idlink *l, uint64_t key)
{
    struct idlink **head = &h->bucket[bucket_of(key)];
    l->key = key;
    l->next = *head;
    if (l->next)
        l->next->pprev = &l->next;
    l->pprev = head;
    *head = l;
}

void idhash_del(struct idlink *l)
{
    if (!l->pprev)
        return;
    *l->pprev = l->next;
    if (l->next)
        l->next->pprev = l->pprev;
    l->next = NULL;
    l->pprev = NULL;
}

static struct idlink *from(struct idlink *l, uint64_t key)
{
    while (l && l->key != key)
        l = l->next;
    return l;
}

struct idlink *idhash_first(const struct idhash *h, uint64_t key)
{
    return from(h->bucket[bucket_of(key)], key);
}

struct idlink *idhash_next(const struct idlink *l)
{
    return from(l->next, l->key);
}
