/* Advisory file locks: see lock.h. One list of records for the whole
   server; a file rarely has more than a handful of locks. */
#include "lock.h"
#include "waitq.h"
#include <calyx/malloc.h>
#include <asm-generic/errno.h>

struct lock_rec {
    struct lock_rec *next;
    struct vnode *vn;
    const void *owner;
    enum lock_kind kind;
    int type;
    int pid;
    uint64_t start, end;
};

/* The waiters of one file's locks. Made when the first one parks; one
   found empty (its waiters left) is freed. The key is never dereferenced. */
struct lock_queue {
    struct lock_queue *next;
    const struct vnode *vn;
    struct waitq q;
};

static struct lock_rec *locks;
static int nlocks;
static struct lock_queue *queues;

int lock_count(void) { return nlocks; }

struct waitq *lock_waitq(const struct vnode *vn)
{
    for (struct lock_queue *lq = queues; lq; lq = lq->next)
        if (lq->vn == vn)
            return &lq->q;
    struct lock_queue *lq = calloc(1, sizeof *lq);
    if (!lq)
        return NULL;
    lq->vn = vn;
    lq->next = queues;
    queues = lq;
    return &lq->q;
}

/* A lock on vn went away or shrank: its waiters look again. */
static void changed(const struct vnode *vn)
{
    for (struct lock_queue **pp = &queues; *pp;) {
        struct lock_queue *lq = *pp;
        if (lq->vn == vn)
            waitq_wake(&lq->q);
        if (waitq_empty(&lq->q)) {
            *pp = lq->next;
            free(lq);
        } else {
            pp = &lq->next;
        }
    }
}

/* flock locks live apart from the fcntl ones. */
static int same_family(enum lock_kind a, enum lock_kind b)
{
    return (a == LOCK_FLOCK) == (b == LOCK_FLOCK);
}

static int overlaps(const struct lock_rec *l, uint64_t start, uint64_t end)
{
    return l->start <= end && start <= l->end;
}

int lock_test(struct vnode *vn, enum lock_kind kind, const void *owner, int type, uint64_t start,
              uint64_t end, struct lock_info *info)
{
    for (struct lock_rec *l = locks; l; l = l->next) {
        if (l->vn != vn || l->owner == owner || !same_family(l->kind, kind) ||
            !overlaps(l, start, end))
            continue;
        if (type == LOCK_TYPE_RD && l->type == LOCK_TYPE_RD)
            continue;
        if (info) {
            info->type = l->type;
            info->start = l->start;
            info->end = l->end;
            info->pid = l->kind == LOCK_POSIX ? l->pid : -1;
            info->owner = l->owner;
            info->kind = l->kind;
        }
        return 1;
    }
    return 0;
}

static struct lock_rec *rec_new(struct vnode *vn, enum lock_kind kind, const void *owner, int pid,
                                int type, uint64_t start, uint64_t end)
{
    if (nlocks >= LOCK_MAX)
        return 0;
    struct lock_rec *l = malloc(sizeof *l);
    if (!l)
        return 0;
    l->vn = vn, l->kind = kind, l->owner = owner, l->pid = pid, l->type = type;
    l->start = start, l->end = end;
    l->next = locks;
    locks = l;
    nlocks++;
    return l;
}

static void rec_unlink(struct lock_rec **pp)
{
    struct lock_rec *l = *pp;
    *pp = l->next;
    free(l);
    nlocks--;
}

/* Records of owner on vn in this family (the ones a new lock edits). */
static int mine(const struct lock_rec *l, struct vnode *vn, enum lock_kind kind, const void *owner)
{
    return l->vn == vn && l->owner == owner && same_family(l->kind, kind);
}

int lock_set(struct vnode *vn, enum lock_kind kind, const void *owner, int pid, int type,
             uint64_t start, uint64_t end)
{
    if (type != LOCK_TYPE_UN && lock_test(vn, kind, owner, type, start, end, 0))
        return -EAGAIN;
    /* Splitting one of owner's ranges around [start, end] needs a record:
       reserve it first so a failure changes nothing. */
    int need = 0;
    for (struct lock_rec *l = locks; l; l = l->next)
        if (mine(l, vn, kind, owner) && l->start < start && l->end > end)
            need = 1;
    if (type != LOCK_TYPE_UN)
        need++;
    if (nlocks + need > LOCK_MAX)
        return -ENOLCK;

    /* Merge: a same-type range of owner that touches or overlaps grows the new one. */
    if (type != LOCK_TYPE_UN) {
        for (struct lock_rec *l = locks; l; l = l->next) {
            if (!mine(l, vn, kind, owner) || l->type != type)
                continue;
            int touches = (start == 0 || l->end >= start - 1) && (end == LOCK_EOF || l->start <= end + 1);
            if (touches) {
                if (l->start < start)
                    start = l->start;
                if (l->end > end)
                    end = l->end;
            }
        }
    }
    /* Cut [start, end] out of owner's existing ranges. */
    int shrank = 0;
    for (struct lock_rec **pp = &locks; *pp;) {
        struct lock_rec *l = *pp;
        if (!mine(l, vn, kind, owner) || !overlaps(l, start, end)) {
            pp = &l->next;
            continue;
        }
        if (l->type != type || type == LOCK_TYPE_UN)
            shrank = 1;
        if (l->start < start && l->end > end) { /* split in two */
            struct lock_rec *tail = rec_new(vn, l->kind, owner, l->pid, l->type, end + 1, l->end);
            if (!tail)
                return -ENOLCK; /* reserved above: cannot happen */
            l->end = start - 1;
            pp = &l->next;
        } else if (l->start < start) {
            l->end = start - 1;
            pp = &l->next;
        } else if (l->end > end) {
            l->start = end + 1;
            pp = &l->next;
        } else {
            rec_unlink(pp);
        }
    }
    if (type != LOCK_TYPE_UN && !rec_new(vn, kind, owner, pid, type, start, end))
        return -ENOLCK;
    if (shrank)
        changed(vn);
    return 0;
}

void lock_release(struct vnode *vn, const void *owner)
{
    for (struct lock_rec **pp = &locks; *pp;) {
        if ((*pp)->owner == owner && (!vn || (*pp)->vn == vn)) {
            const struct vnode *of = (*pp)->vn;
            rec_unlink(pp);
            changed(of);
        } else {
            pp = &(*pp)->next;
        }
    }
}
