/* Memory locking (see mlock.h). */
#include "posix.h"
#include "mlock.h"
#include "mm.h"
#include "string.h"
#include <linux/mman.h>
#include <calyx/malloc.h>

#define PAGE CX_PAGE_SIZE
#define PAGE_DOWN(x) ((x) & ~(uint64_t)(PAGE - 1))

uint64_t mlock_locked_bytes(const struct proc *p)
{
    uint64_t n = 0;
    for (uint32_t i = 0; i < p->nlocks; i++)
        n += p->locks[i].end - p->locks[i].start;
    return n;
}

uint64_t mlock_locked_within(const struct proc *p, uint64_t s, uint64_t e)
{
    uint64_t n = 0;
    for (uint32_t i = 0; i < p->nlocks; i++) {
        uint64_t a = p->locks[i].start > s ? p->locks[i].start : s;
        uint64_t b = p->locks[i].end < e ? p->locks[i].end : e;
        if (a < b)
            n += b - a;
    }
    return n;
}

/* The locked ranges with [s, e) added (add) or taken out, still sorted,
   disjoint and merged. 0 or -ENOMEM (then nothing changed). */
static int locks_change(struct proc *p, uint64_t s, uint64_t e, int add)
{
    struct mm_lock *n = malloc((p->nlocks + 2) * sizeof *n);
    if (!n)
        return -ENOMEM;
    uint32_t k = 0, at = 0;
    for (uint32_t i = 0; i < p->nlocks; i++) {
        struct mm_lock r = p->locks[i];
        if (r.end <= s || r.start >= e) {
            n[k++] = r;
        } else {
            if (r.start < s)
                n[k++] = (struct mm_lock){ r.start, s };
            if (r.end > e)
                n[k++] = (struct mm_lock){ e, r.end };
        }
    }
    if (add) {
        while (at < k && n[at].start < s)
            at++;
        memmove(&n[at + 1], &n[at], (k - at) * sizeof *n);
        n[at] = (struct mm_lock){ s, e };
        k++;
        if (at + 1 < k && n[at + 1].start == n[at].end) { /* touches the next */
            n[at].end = n[at + 1].end;
            memmove(&n[at + 1], &n[at + 2], (k - at - 2) * sizeof *n);
            k--;
        }
        if (at > 0 && n[at - 1].end == n[at].start) { /* and the one before */
            n[at - 1].end = n[at].end;
            memmove(&n[at], &n[at + 1], (k - at - 1) * sizeof *n);
            k--;
        }
    }
    free(p->locks);
    p->locks = n;
    p->nlocks = k;
    return 0;
}

/* 0 when every page of [s, e) is mapped in p, else -ENOMEM. */
static long range_mapped(struct proc *p, uint64_t s, uint64_t e)
{
    for (uint64_t a = s; a < e;) {
        struct cx_memory_region r;
        if (CX_IS_ERR(cx_process_vm_region(p->cap, a, &r)) || r.start > a)
            return -ENOMEM;
        a = r.end;
    }
    return 0;
}

/* The lock's promise: every page of [s, e) is resident now (memory is
   given at the first touch: a byte is read from it), and every writable
   one has a frame of its own (a page shared copy-on-write since fork is
   copied: the byte is written back). The client's threads cannot run
   meanwhile: this server's thread is above them and does not block here. */
static void populate(struct proc *p, uint64_t s, uint64_t e)
{
    for (uint64_t a = s; a < e;) {
        struct cx_memory_region r;
        if (CX_IS_ERR(cx_process_vm_region(p->cap, a, &r)) || r.start >= e)
            return;
        uint64_t from = r.start > a ? r.start : a, to = r.end < e ? r.end : e;
        if (r.prot & CX_PROT_READ)
            for (uint64_t pg = from; pg < to; pg += PAGE) {
                uint8_t b;
                if (!CX_IS_ERR(cx_process_vm_read(p->cap, pg, &b, 1)) && (r.prot & CX_PROT_WRITE))
                    cx_process_vm_write(p->cap, pg, &b, 1);
            }
        a = r.end;
    }
}

/* Linux's can_do_mlock: a non-zero RLIMIT_MEMLOCK, or root (CAP_IPC_LOCK). */
static int may_lock(const struct proc *p)
{
    return p->rlim[RLIMIT_MEMLOCK].rlim_cur != 0 || p->euid == 0;
}

/* Would p stay within RLIMIT_MEMLOCK with these bytes locked? Root always does. */
static int within_limit(const struct proc *p, uint64_t bytes)
{
    uint64_t lim = p->rlim[RLIMIT_MEMLOCK].rlim_cur;
    return p->euid == 0 || lim == RLIM_INFINITY || bytes / PAGE <= lim / PAGE;
}

/* mlock and mlock2 (Linux's do_mlock): whole pages around [addr, addr+len). */
static long do_mlock(struct thread *t, uint64_t addr, uint64_t len)
{
    struct proc *p = t->p;
    if (!may_lock(p))
        return -EPERM;
    uint64_t s = PAGE_DOWN(addr), e = addr + len;
    if (e < addr || e > UINT64_MAX - PAGE)
        return -EINVAL; /* Linux: end < start */
    e = PAGE_DOWN(e + PAGE - 1);
    if (e == s)
        return 0;
    uint64_t add = (e - s) - mlock_locked_within(p, s, e);
    if (!within_limit(p, mlock_locked_bytes(p) + add))
        return -ENOMEM;
    long r = range_mapped(p, s, e);
    if (r == 0)
        r = locks_change(p, s, e, 1);
    if (r == 0)
        populate(p, s, e);
    return r;
}

long sys_mlock(struct thread *t, const uint64_t *a)
{
    return do_mlock(t, a[0], a[1]);
}

long sys_mlock2(struct thread *t, const uint64_t *a)
{
    if (a[2] & ~(uint64_t)MLOCK_ONFAULT)
        return -EINVAL;
    return do_mlock(t, a[0], a[1]);
}

long sys_munlock(struct thread *t, const uint64_t *a)
{
    uint64_t addr = a[0], len = a[1];
    uint64_t s = PAGE_DOWN(addr), e = addr + len;
    if (e < addr || e > UINT64_MAX - PAGE)
        return -EINVAL;
    e = PAGE_DOWN(e + PAGE - 1);
    if (e == s)
        return 0;
    long r = range_mapped(t->p, s, e);
    return r < 0 ? r : locks_change(t->p, s, e, 0);
}

/* Linux's mlockall: flags valid (not 0, nothing unknown, MCL_ONFAULT not
   alone), may lock at all (EPERM), and for MCL_CURRENT everything mapped
   within the limit (ENOMEM) unless root. MCL_FUTURE is set or, without it,
   cleared. */
long sys_mlockall(struct thread *t, const uint64_t *a)
{
    struct proc *p = t->p;
    uint64_t flags = a[0];
    if (!flags || (flags & ~(uint64_t)(MCL_CURRENT | MCL_FUTURE | MCL_ONFAULT)) || flags == MCL_ONFAULT)
        return -EINVAL;
    if (!may_lock(p))
        return -EPERM;
    if (flags & MCL_CURRENT) {
        if (!within_limit(p, mm_mapped_bytes(p))) /* Linux's total_vm */
            return -ENOMEM;
        struct cx_memory_region r;
        for (uint64_t at = 0; !CX_IS_ERR(cx_process_vm_region(p->cap, at, &r)); at = r.end)
            if (locks_change(p, r.start, r.end, 1) < 0)
                return -ENOMEM;
        populate(p, 0, CX_USER_TOP);
    }
    p->mlock_future = (flags & MCL_FUTURE) != 0;
    return 0;
}

long sys_munlockall(struct thread *t, const uint64_t *a)
{
    (void)a;
    mlock_release(t->p);
    return 0;
}

long mlock_mapped(struct proc *p, uint64_t addr, uint64_t len, int map_locked)
{
    if (!map_locked && !p->mlock_future)
        return 0;
    if (!within_limit(p, mlock_locked_bytes(p) + len - mlock_locked_within(p, addr, addr + len)))
        return -EAGAIN;
    if (locks_change(p, addr, addr + len, 1) < 0)
        return -EAGAIN;
    populate(p, addr, addr + len);
    return 0;
}

void mlock_unmapped(struct proc *p, uint64_t addr, uint64_t len)
{
    if (mlock_locked_within(p, addr, addr + len))
        locks_change(p, addr, addr + len, 0); /* out of memory: they stay counted */
}

void mlock_release(struct proc *p)
{
    free(p->locks);
    p->locks = NULL;
    p->nlocks = 0;
    p->mlock_future = 0;
}
