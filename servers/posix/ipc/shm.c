/* System V shared memory, as Linux's ipc/shm.c: shmget, shmat, shmdt,
 * shmctl.
 *
 * A segment is a kernel memory object the server holds (made at the first
 * attach, so shmget of a large segment nobody maps costs nothing) and maps
 * into each process that attaches it (process_vm_map with the object, as
 * MAP_SHARED memory): every attachment shows the same frames. The server
 * keeps the attachments to count shm_nattch, to find what shmdt detaches,
 * and to let fork (the child's mappings are the parent's, shared) and
 * exec/exit (the address space is gone) count them. As Linux counts
 * mappings (vmas), an attachment munmap cuts in two counts twice, and one
 * it trims stays one; shmdt takes every piece of the attachment that
 * starts at its address. Futexes in a segment are keyed by the segment (mm.h), so processes
 * meet in them as in MAP_SHARED memory.
 *
 * IPC_RMID of an attached segment marks it SHM_DEST and makes its key
 * IPC_PRIVATE; it goes with its last detach. */
#include "ipc.h"
#include "client.h"
#include "mm.h"
#include "string.h"
#include <calyx/malloc.h>
#include <asm/shmbuf.h>

/* <linux/shm.h>'s, which includes the C library's <unistd.h>. */
#define SHMMIN       1
#define SHM_HUGETLB  04000
#define SHM_RDONLY   010000
#define SHM_RND      020000
#define SHM_REMAP    040000
#define SHM_EXEC     0100000
#define SHM_LOCK     11
#define SHM_UNLOCK   12
#define SHM_STAT     13
#define SHM_INFO     14
#define SHM_STAT_ANY 15
struct shm_info {
    int used_ids;
    unsigned long shm_tot, shm_rss, shm_swp, swap_attempts, swap_successes;
};

#define PAGE CX_PAGE_SIZE
#define SHMLBA PAGE
#define SHM_DEST   01000 /* in the mode: removed, waiting for its last detach */
#define SHM_LOCKED 02000 /* in the mode: SHM_LOCK (recorded only) */

struct shm_seg {
    struct ipc_obj perm;
    uint64_t size;          /* shm_segsz, as asked */
    uint64_t pages;
    cx_cap_t mem;           /* the memory object; CX_CAP_NULL before the first attach */
    uint64_t serial;        /* its name for futex keys (mm.h) */
    int cpid, lpid;
    uint64_t nattch;
    int64_t atime, dtime, ctime;
};

/* One process's mapping of (a piece of) a segment. */
struct shm_att {
    struct shm_att *next;
    struct proc *p;
    uint64_t addr, len;
    uint64_t off;           /* of addr in the segment: the attachment began at addr - off */
    struct shm_seg *seg;
};

static struct ipc_ids shm_ids = { .last_idx = -1 };
static uint64_t shm_tot; /* pages in all segments: shmall, SHM_INFO */
static struct shm_att *atts;

static struct shm_seg *seg_of(struct ipc_obj *o)
{
    return (struct shm_seg *)o;
}

static void seg_destroy(struct shm_seg *s)
{
    ipc_remove(&shm_ids, &s->perm);
    shm_tot -= s->pages;
    if (s->mem != CX_CAP_NULL)
        cx_capability_revoke(s->mem); /* mappings left keep the object; none are */
    free(s);
}

/* --- shmget ----------------------------------------------------------------------------------- */

static long seg_create(struct thread *t, int32_t key, int flg, uint64_t size)
{
    if (size < SHMMIN || size > ipc_limits.shmmax)
        return -EINVAL;
    uint64_t pages = (size + PAGE - 1) / PAGE;
    if (pages * PAGE < size)
        return -ENOSPC;
    if (shm_tot + pages < shm_tot || shm_tot + pages > ipc_limits.shmall)
        return -ENOSPC;
    if (flg & SHM_HUGETLB)
        return -ENOMEM; /* no huge pages: Linux's answer with vm.nr_hugepages 0 */
    struct shm_seg *s = calloc(1, sizeof *s);
    if (!s)
        return -ENOMEM;
    int id = ipc_add(&shm_ids, &s->perm, ipc_limits.shmmni, t->p, key, flg);
    if (id < 0) {
        free(s);
        return id;
    }
    s->size = size;
    s->pages = pages;
    s->mem = CX_CAP_NULL;
    s->cpid = t->p->pid;
    s->ctime = ipc_now();
    shm_tot += pages;
    return id;
}

static int seg_more_checks(struct ipc_obj *o, uint64_t size)
{
    return seg_of(o)->size < size ? -EINVAL : 0;
}

static const struct ipc_kind shm_kind = { &shm_ids, seg_create, seg_more_checks };

long sys_shmget(struct thread *t, const uint64_t *a)
{
    return ipc_get(t, &shm_kind, (int32_t)a[0], (int)a[2], a[1]);
}

/* --- attachments ------------------------------------------------------------------------------ */

static int att_add(struct proc *p, uint64_t addr, uint64_t len, uint64_t off, struct shm_seg *s,
                   int lpid)
{
    struct shm_att *at = malloc(sizeof *at);
    if (!at)
        return -ENOMEM;
    *at = (struct shm_att){ atts, p, addr, len, off, s };
    atts = at;
    s->nattch++;
    s->atime = ipc_now();
    s->lpid = lpid;
    return 0;
}

/* Forgets *pp's attachment (unlinked and freed); the segment goes when it
   was removed and this was its last. */
static void att_drop(struct shm_att **pp, int pid)
{
    struct shm_att *at = *pp;
    struct shm_seg *s = at->seg;
    *pp = at->next;
    free(at);
    s->nattch--;
    s->dtime = ipc_now();
    s->lpid = pid;
    if (s->nattch == 0 && (s->perm.mode & SHM_DEST))
        seg_destroy(s);
}

int shm_fork(struct proc *parent, struct proc *child)
{
    for (struct shm_att *at = atts; at; at = at->next)
        if (at->p == parent && att_add(child, at->addr, at->len, at->off, at->seg, parent->pid) < 0) {
            shm_drop_all(child);
            return -ENOMEM;
        }
    return 0;
}

void shm_drop_all(struct proc *p)
{
    for (struct shm_att **pp = &atts; *pp;)
        if ((*pp)->p == p)
            att_drop(pp, p->pid);
        else
            pp = &(*pp)->next;
}

/* As Linux's vma split and close: a trimmed piece is opened anew and the
   cut part closed (times and pid change, the count does not); a piece cut
   in the middle becomes two; a piece wholly inside goes. */
void shm_unmapped(struct proc *p, uint64_t addr, uint64_t len)
{
    uint64_t end = addr + len;
    for (struct shm_att **pp = &atts; *pp;) {
        struct shm_att *at = *pp;
        uint64_t at_end = at->addr + at->len;
        if (at->p != p || at->addr >= end || at_end <= addr) {
            pp = &at->next;
            continue;
        }
        uint64_t low = at->addr < addr ? addr - at->addr : 0; /* what stays below */
        uint64_t high = at_end > end ? at_end - end : 0;      /* and above */
        if (!low && !high) {
            att_drop(pp, p->pid);
            continue;
        }
        struct shm_seg *s = at->seg;
        if (low && high) /* the upper piece is a mapping of its own (new ones go first) */
            att_add(p, end, high, at->off + (end - at->addr), s, p->pid);
        if (low) {
            at->len = low;
        } else {
            at->off += end - at->addr;
            at->addr = end;
            at->len = high;
        }
        s->atime = s->dtime = ipc_now();
        s->lpid = p->pid;
        pp = &at->next;
    }
}

/* --- shmat, shmdt ----------------------------------------------------------------------------- */

static long map_error(uint64_t r)
{
    switch (CX_ERR_CODE(r)) {
    case CX_ERR_ALREADY_EXISTS: return -EINVAL; /* overlaps a mapping, no SHM_REMAP */
    case CX_ERR_INVALID_ADDRESS: case CX_ERR_OUT_OF_MEMORY: case CX_ERR_RESOURCE_EXHAUSTED:
        return -ENOMEM;
    case CX_ERR_PERMISSION_DENIED: return -EACCES;
    default: return -EINVAL;
    }
}

long sys_shmat(struct thread *t, const uint64_t *a)
{
    int id = (int)a[0];
    uint64_t addr = a[1];
    int flg = (int)a[2];
    struct proc *p = t->p;
    if (id < 0)
        return -EINVAL;
    int fixed = 0;
    if (addr) {
        if (addr & (SHMLBA - 1)) {
            if (!(flg & SHM_RND))
                return -EINVAL;
            addr &= ~(uint64_t)(SHMLBA - 1);
            if (!addr && (flg & SHM_REMAP))
                return -EINVAL;
        }
        fixed = 1;
    } else if (flg & SHM_REMAP) {
        return -EINVAL;
    }
    uint32_t prot = CX_PROT_READ;
    int acc = 0444;
    if (!(flg & SHM_RDONLY)) {
        prot |= CX_PROT_WRITE;
        acc |= 0222;
    }
    if (flg & SHM_EXEC) {
        prot |= CX_PROT_EXEC;
        acc |= 0111;
    }
    struct ipc_obj *o = ipc_lookup(&shm_ids, id);
    if (!o)
        return -EINVAL;
    if (ipc_permitted(p, o, acc) < 0)
        return -EACCES;
    struct shm_seg *s = seg_of(o);
    uint64_t len = s->pages * PAGE;
    if (fixed && addr + s->size < addr)
        return -EINVAL;
    if (fixed && (addr >= CX_USER_TOP || len > CX_USER_TOP - addr))
        return -ENOMEM; /* past user space, as mmap says */
    if (s->mem == CX_CAP_NULL) {
        uint64_t m = cx_capability_create(CX_OBJ_MEMORY, len, CX_RIGHTS_ALL, posix_pool_cap);
        if (CX_IS_ERR(m))
            return -ENOMEM;
        s->mem = m;
        s->serial = mm_shared_serial();
    }
    if (fixed && (flg & SHM_REMAP)) {
        cx_process_vm_unmap(p->cap, addr, len);
        shm_unmapped(p, addr, len);
        mm_shared_forget(p, addr, len);
    }
    uint64_t r = cx_process_vm_map(p->cap, addr, len, prot,
                                   CX_MAP_SHARED | (fixed ? CX_MAP_FIXED : 0), s->mem, 0);
    if (CX_IS_ERR(r))
        return map_error(r);
    if (att_add(p, r, len, 0, s, p->pid) < 0 || mm_shared_add(p, r, len, s->serial, 0) < 0) {
        cx_process_vm_unmap(p->cap, r, len);
        shm_unmapped(p, r, len);
        return -ENOMEM;
    }
    return (long)r;
}

/* Linux's shmdt: the lowest piece of an attachment that began at addr
   (its first pages may be gone) names the segment (none: EINVAL); every
   piece of that attachment within the segment's size from addr goes. */
long sys_shmdt(struct thread *t, const uint64_t *a)
{
    uint64_t addr = a[0];
    struct proc *p = t->p;
    if (addr & (PAGE - 1))
        return -EINVAL;
    struct shm_att *first = NULL;
    for (struct shm_att *at = atts; at; at = at->next)
        if (at->p == p && at->addr - at->off == addr && (!first || at->addr < first->addr))
            first = at;
    if (!first)
        return -EINVAL;
    struct shm_seg *s = first->seg;
    uint64_t size = s->pages * PAGE;
    int pieces = 0;
    for (struct shm_att *at = atts; at; at = at->next)
        if (at->p == p && at->seg == s && at->addr - at->off == addr && at->addr - addr < size)
            pieces++;
    /* The last drop may free s (a removed segment's last piece): counted
       first, so s is not looked at after that. */
    for (struct shm_att **pp = &atts; *pp && pieces > 0;) {
        struct shm_att *at = *pp;
        if (at->p != p || at->seg != s || at->addr - at->off != addr || at->addr - addr >= size) {
            pp = &at->next;
            continue;
        }
        cx_process_vm_unmap(p->cap, at->addr, at->len);
        mm_shared_forget(p, at->addr, at->len);
        att_drop(pp, p->pid);
        pieces--;
    }
    return 0;
}

/* --- shmctl ----------------------------------------------------------------------------------- */

static long shmctl_stat(struct thread *t, int id, int cmd, uint64_t buf)
{
    struct ipc_obj *o = cmd == IPC_STAT ? ipc_lookup(&shm_ids, id) : ipc_at(&shm_ids, id);
    if (!o)
        return -EINVAL;
    if (cmd != SHM_STAT_ANY && ipc_permitted(t->p, o, 0444) < 0)
        return -EACCES;
    struct shm_seg *s = seg_of(o);
    struct shmid64_ds ds;
    memset(&ds, 0, sizeof ds);
    ipc_get_perm(o, &ds.shm_perm);
    ds.shm_segsz = s->size;
    ds.shm_atime = s->atime;
    ds.shm_dtime = s->dtime;
    ds.shm_ctime = s->ctime;
    ds.shm_cpid = s->cpid;
    ds.shm_lpid = s->lpid;
    ds.shm_nattch = s->nattch;
    if (client_write(t->p, buf, &ds, sizeof ds) < 0)
        return -EFAULT;
    return cmd == IPC_STAT ? 0 : o->id;
}

/* Pages of a segment with a frame: touched through some attachment (a
   segment's memory object gets its frames as they are touched). */
static uint64_t resident_pages(const struct shm_seg *s)
{
    if (s->mem == CX_CAP_NULL)
        return 0;
    uint64_t n = cx_memory_pages(s->mem, CX_PAGES_RESIDENT, 0, UINT64_MAX);
    return CX_IS_ERR(n) ? 0 : n;
}

long sys_shmctl(struct thread *t, const uint64_t *a)
{
    int id = (int)a[0], cmd = (int)a[1];
    uint64_t buf = a[2];
    struct proc *p = t->p;
    if (cmd < 0 || id < 0)
        return -EINVAL;
    int max = ipc_max_idx(&shm_ids);
    switch (cmd) {
    case IPC_INFO: {
        struct shminfo64 si;
        memset(&si, 0, sizeof si);
        si.shmmni = si.shmseg = (unsigned long)ipc_limits.shmmni;
        si.shmmax = ipc_limits.shmmax;
        si.shmall = ipc_limits.shmall;
        si.shmmin = SHMMIN;
        if (client_write(p, buf, &si, sizeof si) < 0)
            return -EFAULT;
        return max < 0 ? 0 : max;
    }
    case SHM_INFO: {
        struct shm_info si;
        memset(&si, 0, sizeof si);
        si.used_ids = shm_ids.in_use;
        si.shm_tot = shm_tot;
        for (int i = 0; i < shm_ids.cap; i++)
            if (shm_ids.slot[i])
                si.shm_rss += resident_pages(seg_of(shm_ids.slot[i]));
        if (client_write(p, buf, &si, sizeof si) < 0)
            return -EFAULT;
        return max < 0 ? 0 : max;
    }
    case IPC_STAT:
    case SHM_STAT:
    case SHM_STAT_ANY:
        return shmctl_stat(t, id, cmd, buf);
    case IPC_SET:
    case IPC_RMID: {
        struct shmid64_ds ds;
        if (cmd == IPC_SET && client_read(p, buf, &ds, sizeof ds) < 0)
            return -EFAULT;
        struct ipc_obj *o = ipc_lookup(&shm_ids, id);
        if (!o)
            return -EINVAL;
        if (ipc_may_own(p, o) < 0)
            return -EPERM;
        struct shm_seg *s = seg_of(o);
        if (cmd == IPC_SET) {
            int r = ipc_set_perm(o, &ds.shm_perm);
            if (r == 0)
                s->ctime = ipc_now();
            return r;
        }
        if (s->nattch) {
            o->mode |= SHM_DEST;
            o->key = IPC_PRIVATE; /* shmget finds it no more */
        } else {
            seg_destroy(s);
        }
        return 0;
    }
    case SHM_LOCK:
    case SHM_UNLOCK: {
        struct ipc_obj *o = ipc_lookup(&shm_ids, id);
        if (!o)
            return -EINVAL;
        if (p->euid != 0) { /* CAP_IPC_LOCK */
            if (p->euid != o->uid && p->euid != o->cuid)
                return -EPERM;
            if (cmd == SHM_LOCK && p->rlim[RLIMIT_MEMLOCK].rlim_cur == 0)
                return -EPERM;
        }
        if (cmd == SHM_LOCK)
            o->mode |= SHM_LOCKED;
        else
            o->mode &= ~(uint32_t)SHM_LOCKED;
        return 0;
    }
    default:
        return -EINVAL;
    }
}

/* --- /proc/sysvipc/shm ------------------------------------------------------------------------ */

void shm_proc_show(struct ipc_text *t)
{
    ipc_text_printf(t, "       key      shmid perms                  size  cpid  lpid nattch   uid   gid  "
                       "cuid  cgid      atime      dtime      ctime                   rss                  swap\n");
    for (int i = 0; i < shm_ids.cap; i++) {
        struct ipc_obj *o = shm_ids.slot[i];
        if (!o)
            continue;
        struct shm_seg *s = seg_of(o);
        uint64_t rss = resident_pages(s) * PAGE;
        ipc_text_printf(t, "%10d %10d  %4o %21lu %5u %5u  %5lu %5u %5u %5u %5u %10llu %10llu %10llu "
                           "%21lu %21lu\n",
                        o->key, o->id, o->mode, (unsigned long)s->size, (unsigned)s->cpid,
                        (unsigned)s->lpid, (unsigned long)s->nattch, o->uid, o->gid, o->cuid, o->cgid,
                        (unsigned long long)s->atime, (unsigned long long)s->dtime,
                        (unsigned long long)s->ctime, (unsigned long)rss, 0ul);
    }
}
