/* File leases (see lease.h). */
#include "file_internal.h"
#include "lease.h"
#include "fasync.h"
#include <calyx/malloc.h>
#include <asm-generic/errno.h>
#include <linux/fcntl.h>

struct lease {
    struct lease *next;  /* its node's leases */
    struct lease *all;   /* every lease: deadlines are looked for there (leases are few) */
    struct ofile *f;
    int type;            /* F_RDLCK or F_WRLCK */
    int breaking;        /* an open waits for it to become target */
    int target;          /* F_UNLCK or F_RDLCK */
    uint64_t deadline;   /* when the break is forced (monotonic ns); 0: not set yet */
    int announce;        /* its holder is still to hear of the break */
};

struct waitq lease_changed;
static struct lease *all_leases;

static int reads(const struct ofile *f) { return (f->flags & O_ACCMODE) != O_WRONLY; }
static int writes(const struct ofile *f) { return (f->flags & O_ACCMODE) != O_RDONLY; }

static int counted(const struct ofile *f)
{
    return vfs_is_reg(f->vn) && !(f->flags & O_PATH);
}

void lease_opened(struct ofile *f)
{
    if (!counted(f))
        return;
    f->lease_counted = 1;
    f->vn->open_rd += (uint32_t)reads(f);
    f->vn->open_wr += (uint32_t)writes(f);
}

static struct lease **find(struct vnode *vn, const struct ofile *f)
{
    struct lease **pp = &vn->leases;
    while (*pp && (*pp)->f != f)
        pp = &(*pp)->next;
    return pp;
}

static void drop(struct lease **pp)
{
    struct lease *l = *pp;
    *pp = l->next;
    for (struct lease **ap = &all_leases; *ap; ap = &(*ap)->all)
        if (*ap == l) {
            *ap = l->all;
            break;
        }
    free(l);
    waitq_wake(&lease_changed);
}

void lease_closed(struct ofile *f)
{
    if (!f->lease_counted)
        return;
    struct vnode *vn = f->vn;
    vn->open_rd -= (uint32_t)reads(f);
    vn->open_wr -= (uint32_t)writes(f);
    struct lease **pp = find(vn, f);
    if (*pp)
        drop(pp);
}

/* Linux's check_conflicting_open and the other leases (generic_add_lease). */
static int64_t may_add(const struct ofile *f, int type)
{
    struct vnode *vn = f->vn;
    if (type == F_RDLCK && vn->open_wr)
        return -EAGAIN; /* open for writing somewhere (the holder's own too) */
    if (type == F_WRLCK && (vn->open_wr != (uint32_t)writes(f) || vn->open_rd != (uint32_t)reads(f)))
        return -EAGAIN; /* opened by others */
    for (struct lease *l = vn->leases; l; l = l->next)
        if (l->f != f && (type == F_WRLCK || l->breaking))
            return -EAGAIN;
    return 0;
}

int64_t file_setlease(struct file_ctx *c, int fd, int type)
{
    struct ofile *f = fdtable_get(c->fdt, fd);
    if (!f || (f->flags & O_PATH))
        return -EBADF;
    if (type != F_RDLCK && type != F_WRLCK && type != F_UNLCK)
        return -EINVAL;
    if (!vfs_is_reg(f->vn))
        return -EINVAL;
    if (c->cred.uid != f->vn->uid && c->cred.uid != 0)
        return -EACCES; /* the owner, or CAP_LEASE */
    struct lease **pp = find(f->vn, f), *l = *pp;
    if (type == F_UNLCK) {
        if (!l)
            return -EAGAIN; /* Linux: no lease of this file's to remove */
        drop(pp);
        return 0;
    }
    if (l && l->breaking) { /* giving in to a break: only down to its target */
        if (type == F_WRLCK || (type == F_RDLCK && l->target == F_UNLCK))
            return -EAGAIN;
        l->type = F_RDLCK;
        l->breaking = 0;
        waitq_wake(&lease_changed);
        return 0;
    }
    int64_t r = may_add(f, type);
    if (r)
        return r;
    if (!l) {
        l = calloc(1, sizeof *l);
        if (!l)
            return -ENOMEM;
        l->f = f;
        l->next = f->vn->leases;
        f->vn->leases = l;
        l->all = all_leases;
        all_leases = l;
        /* The holder is told of breaks: it owns the description unless
           someone does already (Linux's lease_setup). */
        struct file_async *a = file_async_of(f, 1);
        if (a && !a->owner_id) {
            a->owner_type = OWNER_PID;
            a->owner_id = c->pid;
            a->owner_uid = c->ruid;
            a->owner_euid = c->cred.uid;
        }
        if (a)
            a->fd = fd;
    }
    l->type = type;
    return 0;
}

int64_t file_getlease(struct file_ctx *c, int fd)
{
    struct ofile *f = fdtable_get(c->fdt, fd);
    if (!f)
        return -EBADF;
    struct lease *l = vfs_is_reg(f->vn) ? *find(f->vn, f) : NULL;
    if (!l)
        return F_UNLCK;
    return l->breaking ? l->target : l->type;
}

int lease_break(struct vnode *vn, uint32_t oflags)
{
    int write = (oflags & O_ACCMODE) != O_RDONLY || (oflags & O_TRUNC);
    int waits = 0;
    for (struct lease *l = vn->leases; l; l = l->next) {
        if (l->type == F_RDLCK && !write)
            continue;
        waits = 1;
        if (l->breaking)
            continue;
        l->breaking = 1;
        l->target = write ? F_UNLCK : F_RDLCK;
        l->deadline = 0;
        l->announce = 1;
    }
    if (!waits)
        return 0;
    return (oflags & O_NONBLOCK) ? -EWOULDBLOCK : LEASE_WAIT;
}

struct ofile *lease_announced(void)
{
    for (struct lease *l = all_leases; l; l = l->all) /* usually none */
        if (l->announce) {
            l->announce = 0;
            return l->f;
        }
    return NULL;
}

uint64_t lease_set_deadlines(uint64_t deadline)
{
    uint64_t first = 0;
    for (struct lease *l = all_leases; l; l = l->all) {
        if (!l->breaking)
            continue;
        if (!l->deadline)
            l->deadline = deadline;
        if (!first || l->deadline < first)
            first = l->deadline;
    }
    return first;
}

void lease_expire(uint64_t now)
{
    for (struct lease *l = all_leases, *next; l; l = next) { /* usually none */
        next = l->all;
        if (!l->breaking || !l->deadline || l->deadline > now)
            continue;
        if (l->target == F_RDLCK) { /* Linux downgrades a write lease a reader broke */
            l->type = F_RDLCK;
            l->breaking = 0;
            waitq_wake(&lease_changed);
        } else {
            drop(find(l->f->vn, l->f));
        }
    }
}
