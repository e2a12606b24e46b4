/* Process Control on address spaces: process_fork (a copy-on-write copy of
 * another process), process_vm_read/write (copy bytes to and from another
 * process) and process_vm_map/unmap/protect (mmap, munmap and mprotect in
 * another process, through the same code as the native calls).
 *
 * Decisions beyond docs/syscalls.md:
 *  - process_vm_read/write check the caller's buffer whole first (any bad
 *    byte: InvalidAddress, nothing copied), then copy up to the first byte of
 *    the target that is not readable (read) or writable (write) with the
 *    target's own protections; the count says how far it got. A short count
 *    never carries an error: the next call, at the first byte not copied,
 *    tells why (InvalidAddress, or OutOfMemory when a copy-on-write page of
 *    the target found no frame). process_vm_write waits for the OOM killer
 *    (kernel/oom.h) before it says OutOfMemory; process_vm_read does not.
 *  - length 0 copies nothing and returns 0 (after the capability checks).
 *  - process_fork's child thread runs at SCHED_DEFAULT_PRIORITY.
 */
#include "gen/syscall_handlers.h"
#include "memobj.h"
#include "current.h"
#include "personality.h"
#include "process_cap.h"
#include "sys_memory.h"
#include "usercopy.h"
#include "oom.h"
#include "thread.h"
#include "sched.h"
#include "lib/string.h"
#include <calyx/personality.h>
#include "arch.h"
#include "mmu.h"

#define ERR(code) CX_MKERR(CX_ERR_##code)

uint64_t sys_process_fork(cx_cap_t authority, cx_cap_t process_cap, user_addr_t regs,
                          struct cx_process_fork_result *out)
{
    /* Making a process needs the pool's authority, as process_create does. */
    uint64_t err = memobj_pool_authority(current_cspace(), authority, CX_RIGHT_WRITE);
    if (err)
        return err;
    struct process *src;
    err = process_cap_lookup_live(process_cap, CX_RIGHT_READ, &src);
    if (err)
        return err;
    struct cx_regs r;
    if (copy_from_user(current_vm(), &r, regs, sizeof r) < 0)
        return ERR(INVALID_ADDRESS);
    if (arch_regs_check(&r) < 0)
        return ERR(INVALID_PARAMETER);
    if (process_count() >= PROCESS_MAX)
        return ERR(RESOURCE_EXHAUSTED);
    const char *reason;
    struct process *child = process_create(src->name, &reason); /* the caller is its creator */
    if (!child)
        return ERR(OUT_OF_MEMORY);
    err = vm_fork(&child->vm, &src->vm);
    struct thread *t = err ? NULL : thread_create(child, 0, 0, 0, SCHED_DEFAULT_PRIORITY);
    if (!t) {
        process_discard(child);
        return err ? err : ERR(OUT_OF_MEMORY);
    }
    arch_regs_set(t, &r);
    cx_cap_t c = cspace_insert(current_cspace(), &child->obj, CX_RIGHTS_ALL);
    if (!c) {
        process_discard(child);
        return ERR(RESOURCE_EXHAUSTED);
    }
    personality_inherit(child, src); /* last: a failed fork never reports an exit */
    out->process_id = child->pid;
    out->thread_id = t->tid;
    out->capability = c;
    return 0;
}

static size_t min3(size_t a, size_t b, size_t c)
{
    size_t m = a < b ? a : b;
    return m < c ? m : c;
}

/* The kernel address of dst in `to` for writing; when a copy-on-write page
   there finds no frame, the OOM killer frees memory while the caller waits
   (vm_fault_or_reclaim), and *nomem is set only when that failed too. */
static char *writable_or_reclaim(struct vmspace *to, uint64_t dst, int *nomem)
{
    char *d = user_byte(to, dst, VM_WRITE, nomem);
    if (d || !*nomem)
        return d;
    enum vm_fault_result r = vm_fault_or_reclaim(to, dst, VM_WRITE);
    if (r != VM_FAULT_NO_MEMORY)
        *nomem = 0; /* resolved, or not worth saying: a bad address, or the caller is being killed */
    return r == VM_FAULT_RESOLVED ? user_byte(to, dst, VM_WRITE, nomem) : NULL;
}

/* Copies up to n bytes from src in `from` to dst in `to`, a page piece at a
   time, stopping at the first byte that is not accessible. The count copied.
   nomem NULL: never waits for memory. Else the writes into `to` may wait for
   the OOM killer, and *nomem is set when a copy-on-write page of `to` found
   no frame even so. */
static size_t cross_copy(struct vmspace *to, uint64_t dst, struct vmspace *from, uint64_t src,
                         size_t n, int *nomem)
{
    size_t done = 0;
    while (done < n) {
        /* The destination first: breaking copy-on-write there may replace a
           frame that the source (same address space) would otherwise name. */
        char *d = nomem ? writable_or_reclaim(to, dst + done, nomem)
                        : user_byte(to, dst + done, VM_WRITE, NULL);
        const char *s = d ? user_byte(from, src + done, VM_READ, NULL) : NULL;
        if (!s)
            break;
        size_t chunk = min3(n - done, PAGE_SIZE - ((dst + done) & (PAGE_SIZE - 1)),
                            PAGE_SIZE - ((src + done) & (PAGE_SIZE - 1)));
        memmove(d, s, chunk);
        done += chunk;
    }
    return done;
}

uint64_t sys_process_vm_read(cx_cap_t process_cap, cx_uaddr_t addr, user_addr_t buffer, size_t length)
{
    struct process *p;
    uint64_t err = process_cap_lookup_live(process_cap, CX_RIGHT_READ, &p);
    if (err)
        return err;
    if (length > CX_PROCESS_VM_MAX)
        return ERR(INVALID_PARAMETER);
    if (!user_writable(current_vm(), buffer, length))
        return ERR(INVALID_ADDRESS);
    if (length == 0)
        return 0;
    /* No waiting for memory: the target could end meanwhile, and reading
       its emptied space afterwards is not safe. */
    size_t n = cross_copy(current_vm(), buffer, &p->vm, addr, length, NULL);
    return n ? n : ERR(INVALID_ADDRESS);
}

uint64_t sys_process_vm_write(cx_cap_t process_cap, cx_uaddr_t addr, user_addr_t buffer, size_t length)
{
    struct process *p;
    uint64_t err = process_cap_lookup_live(process_cap, CX_RIGHT_WRITE, &p);
    if (err)
        return err;
    if (length > CX_PROCESS_VM_MAX)
        return ERR(INVALID_PARAMETER);
    if (!user_readable(current_vm(), buffer, length))
        return ERR(INVALID_ADDRESS);
    if (length == 0)
        return 0;
    /* The copy may sleep while the OOM killer frees memory (a POSIX server
       writing into its client is the usual way a process's copy-on-write
       pages get kernel writes). Safe: this call holds nothing but p, which
       it keeps referenced; when p ends meanwhile its space is empty and the
       copy stops there. */
    int nomem = 0;
    kobject_get(&p->obj);
    size_t n = cross_copy(&p->vm, addr, current_vm(), buffer, length, &nomem);
    kobject_put(&p->obj);
    return n ? n : nomem ? ERR(OUT_OF_MEMORY) : ERR(INVALID_ADDRESS);
}

uint64_t sys_process_vm_map(cx_cap_t process_cap, cx_uaddr_t addr, size_t length, cx_prot_t prot,
                            cx_mapflags_t flags, cx_cap_t capability, size_t offset)
{
    struct process *p;
    uint64_t err = process_cap_lookup_live(process_cap, CX_RIGHT_WRITE, &p);
    return err ? err : mmap_in(&p->vm, addr, length, prot, flags, capability, offset);
}

uint64_t sys_process_vm_unmap(cx_cap_t process_cap, cx_uaddr_t addr, size_t length)
{
    struct process *p;
    uint64_t err = process_cap_lookup_live(process_cap, CX_RIGHT_WRITE, &p);
    return err ? err : munmap_in(&p->vm, addr, length);
}

uint64_t sys_process_vm_protect(cx_cap_t process_cap, cx_uaddr_t addr, size_t length, cx_prot_t prot)
{
    struct process *p;
    uint64_t err = process_cap_lookup_live(process_cap, CX_RIGHT_WRITE, &p);
    return err ? err : mprotect_in(&p->vm, addr, length, prot);
}

uint64_t sys_process_vm_cmpxchg32(cx_cap_t process_cap, cx_uaddr_t addr, uint32_t expected,
                                  uint32_t desired)
{
    struct process *p;
    uint64_t err = process_cap_lookup_live(process_cap, CX_RIGHT_WRITE, &p);
    if (err)
        return err;
    if (addr & 3)
        return ERR(INVALID_PARAMETER);
    int nomem = 0;
    kobject_get(&p->obj);
    uint32_t *w = (uint32_t *)writable_or_reclaim(&p->vm, addr, &nomem);
    uint32_t old = expected;
    /* Aligned: the word never crosses a page. Atomic for SMP's sake; on one
       CPU the kernel is not preempted anyway. */
    if (w)
        __atomic_compare_exchange_n(w, &old, desired, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
    kobject_put(&p->obj);
    if (!w)
        return nomem ? ERR(OUT_OF_MEMORY) : ERR(INVALID_ADDRESS);
    return old;
}

uint64_t sys_process_vm_region(cx_cap_t process_cap, cx_uaddr_t addr, struct cx_memory_region *out)
{
    struct process *p;
    uint64_t err = process_cap_lookup_live(process_cap, CX_RIGHT_READ, &p);
    if (err)
        return err;
    const struct vm_region *r = p->vm.regions; /* sorted by address */
    while (r && r->end <= addr)
        r = r->next;
    if (!r)
        return ERR(NOT_FOUND);
    out->start = r->start;
    out->end = r->end;
    out->prot = ((r->prot & VM_READ) ? CX_PROT_READ : 0) | ((r->prot & VM_WRITE) ? CX_PROT_WRITE : 0) |
                ((r->prot & VM_EXEC) ? CX_PROT_EXEC : 0);
    return 0;
}
