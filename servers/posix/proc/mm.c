/* Memory calls (see mm.h). */
#include "posix.h"
#include "mm.h"
#include "client.h"
#include "errno_map.h"
#include "file.h"
#include "string.h"
#include "ipc.h"
#include "mlock.h"
#include "pagecache.h"
#include <linux/mman.h>
#include <linux/fcntl.h>
#include <linux/elf.h>
#include <calyx/malloc.h>

#define PAGE CX_PAGE_SIZE
#define PAGE_UP(x) (((x) + PAGE - 1) & ~(uint64_t)(PAGE - 1))
/* Static-pie programs are loaded at this bias (the kernel's ELF_DYN_BASE). */
#define DYN_BIAS 0x400000ull
/* The flags MAP_SHARED_VALIDATE accepts (Linux 6.1's LEGACY_MAP_MASK). */
#define MAP_KNOWN (MAP_SHARED | MAP_PRIVATE | MAP_FIXED | MAP_ANONYMOUS | MAP_DENYWRITE | MAP_EXECUTABLE | \
                   MAP_UNINITIALIZED | MAP_GROWSDOWN | MAP_LOCKED | MAP_NORESERVE | MAP_POPULATE | \
                   MAP_NONBLOCK | MAP_STACK | MAP_HUGETLB)

static int shared_add(struct proc *p, const struct mm_shared *e);

void mm_exec(struct proc *p, const uint8_t *image, size_t size)
{
    mm_release(p); /* a new address space */
    uint64_t end = 0;
    const Elf64_Ehdr *eh = (const void *)image;
    if (size >= sizeof *eh && eh->e_phoff < size && eh->e_phentsize == sizeof(Elf64_Phdr) &&
        eh->e_phnum <= (size - eh->e_phoff) / sizeof(Elf64_Phdr)) {
        uint64_t bias = eh->e_type == ET_DYN ? DYN_BIAS : 0;
        for (unsigned i = 0; i < eh->e_phnum; i++) {
            Elf64_Phdr ph;
            memcpy(&ph, image + eh->e_phoff + i * sizeof ph, sizeof ph);
            if (ph.p_type != PT_LOAD)
                continue;
            if (ph.p_vaddr + ph.p_memsz + bias > end)
                end = ph.p_vaddr + ph.p_memsz + bias;
            /* The file-backed part of the segment, for /proc/<pid>/maps (the
               rest, up to p_memsz, is anonymous there, as on Linux). */
            if (ph.p_filesz && ph.p_vaddr + ph.p_filesz >= ph.p_vaddr) {
                uint64_t base = (ph.p_vaddr + bias) & ~(uint64_t)(PAGE - 1);
                shared_add(p, &(struct mm_shared){ .base = base,
                                                   .len = PAGE_UP(ph.p_vaddr + bias + ph.p_filesz) - base,
                                                   .off = ph.p_offset & ~(uint64_t)(PAGE - 1),
                                                   .kind = MM_PROGRAM });
            }
        }
    }
    p->brk_start = p->brk_end = p->brk_mapped = PAGE_UP(end); /* the heap starts above the program */
}

/* --- shared mappings ----------------------------------------------------------- */

static uint64_t next_serial = 1;

static int shared_add(struct proc *p, const struct mm_shared *e)
{
    if (p->nshared == p->shared_cap) {
        if (p->shared_cap >= MM_SHARED_MAX)
            return -ENOMEM;
        uint32_t cap = p->shared_cap ? p->shared_cap * 2 : 8;
        struct mm_shared *n = realloc(p->shared, cap * sizeof *n);
        if (!n)
            return -ENOMEM;
        p->shared = n;
        p->shared_cap = cap;
    }
    p->shared[p->nshared++] = *e;
    if (e->vn) {
        vfs_ref(e->vn);
        e->vn->mapped_writable += e->maywrite != 0;
    }
    return 0;
}

/* A file mapping's entry is gone: its hold on the file with it. */
static void file_mapping_gone(const struct mm_shared *r)
{
    if (!r->vn)
        return;
    r->vn->mapped_writable -= r->maywrite != 0;
    vfs_unref(r->vn);
}

/* [addr, addr+len) is no longer mapped: the regions lose that part (a
   region cut in the middle becomes two). */
static void shared_forget(struct proc *p, uint64_t addr, uint64_t len)
{
    uint64_t end = addr + len;
    for (uint32_t i = 0; i < p->nshared;) {
        struct mm_shared r = p->shared[i];
        uint64_t rend = r.base + r.len;
        if (rend <= addr || r.base >= end) {
            i++;
            continue;
        }
        p->shared[i] = p->shared[--p->nshared]; /* out; the pieces left go back in */
        if (r.base < addr) {
            struct mm_shared low = r;
            low.len = addr - r.base;
            shared_add(p, &low);
        }
        if (rend > end) {
            struct mm_shared high = r;
            high.base = end;
            high.len = rend - end;
            high.off = r.off + (end - r.base);
            shared_add(p, &high);
        }
        file_mapping_gone(&r);
    }
}

uint64_t mm_shared_serial(void)
{
    return next_serial++;
}

int mm_shared_add(struct proc *p, uint64_t base, uint64_t len, uint64_t serial, uint64_t off)
{
    return shared_add(p, &(struct mm_shared){ .base = base, .len = len, .serial = serial, .off = off,
                                              .kind = MM_SHARED_ANON });
}

void mm_shared_forget(struct proc *p, uint64_t addr, uint64_t len)
{
    shared_forget(p, addr, len);
}

void mm_futex_key(const struct proc *p, uint64_t addr, int private_op, struct futex_key *key)
{
    for (uint32_t i = 0; !private_op && i < p->nshared; i++) {
        const struct mm_shared *r = &p->shared[i];
        if (addr - r->base < r->len && (r->kind == MM_SHARED_ANON || r->kind == MM_SHARED_FILE)) {
            key->space = r->serial | 1ull << 63; /* never a process's address */
            key->word = r->off + (addr - r->base);
            return;
        }
    }
    key->space = (uint64_t)(uintptr_t)p;
    key->word = addr;
}

void mm_set_program(struct proc *p, struct vnode *vn)
{
    if (vn) {
        vfs_ref(vn);
        vn->running++;
    }
    if (p->prog) {
        p->prog->running--;
        vfs_unref(p->prog);
    }
    p->prog = vn;
}

int mm_fork(struct proc *parent, struct proc *child)
{
    child->prog = NULL;
    mm_set_program(child, parent->prog);
    child->shared = NULL;
    child->nshared = child->shared_cap = 0;
    child->locks = NULL; /* memory locks are not inherited (mlock.h) */
    child->nlocks = 0;
    child->mlock_future = 0;
    for (uint32_t i = 0; i < parent->nshared; i++) {
        const struct mm_shared *r = &parent->shared[i];
        if (shared_add(child, r) < 0)
            return -ENOMEM;
    }
    return 0;
}

void mm_release(struct proc *p)
{
    mlock_release(p);
    for (uint32_t i = 0; i < p->nshared; i++)
        file_mapping_gone(&p->shared[i]);
    free(p->shared);
    p->shared = NULL;
    p->nshared = p->shared_cap = 0;
}

uint64_t mm_mapped_bytes(const struct proc *p)
{
    uint64_t total = 0;
    struct cx_memory_region r;
    for (uint64_t a = 0; p->cap && !CX_IS_ERR(cx_process_vm_region(p->cap, a, &r)); a = r.end)
        total += r.end - r.start;
    return total;
}

uint64_t mm_resident_bytes(const struct proc *p)
{
    struct cx_cpu_times c;
    return p->cap && !CX_IS_ERR(cx_thread_times(p->cap, 0, &c)) ? c.resident_pages * PAGE : 0;
}

static uint32_t cx_prot(uint64_t prot)
{
    uint32_t r = 0;
    if (prot & PROT_READ)
        r |= CX_PROT_READ;
    if (prot & PROT_WRITE)
        r |= CX_PROT_WRITE | CX_PROT_READ;
    if (prot & PROT_EXEC)
        r |= CX_PROT_EXEC | CX_PROT_READ;
    return r;
}

/* RLIMIT_AS: whether p may map more bytes (the kernel's figure of what it
   has mapped is asked for only when a limit is set). */
static int within_as_limit(const struct proc *p, uint64_t more)
{
    uint64_t lim = p->rlim[RLIMIT_AS].rlim_cur;
    return lim == RLIM_INFINITY || (more <= lim && mm_mapped_bytes(p) <= lim - more);
}

long sys_brk(struct thread *t, const uint64_t *a)
{
    struct proc *p = t->p;
    uint64_t want = a[0];
    if (want < p->brk_start || want - p->brk_start > BRK_MAX)
        return (long)p->brk_end;
    uint64_t need = PAGE_UP(want);
    if (need > p->brk_mapped && !within_as_limit(p, need - p->brk_mapped))
        return (long)p->brk_end;
    if (need > p->brk_mapped) {
        uint64_t r = cx_process_vm_map(p->cap, p->brk_mapped, need - p->brk_mapped,
                                       CX_PROT_READ | CX_PROT_WRITE,
                                       CX_MAP_PRIVATE | CX_MAP_ANONYMOUS | CX_MAP_FIXED,
                                       CX_CAP_NULL, 0);
        if (CX_IS_ERR(r))
            return (long)p->brk_end; /* Linux's way of saying ENOMEM */
        p->brk_mapped = need;
    } else if (need < p->brk_mapped) {
        cx_process_vm_unmap(p->cap, need, p->brk_mapped - need);
        p->brk_mapped = need;
    }
    p->brk_end = want;
    return (long)want;
}

static long map_fail(uint64_t r)
{
    switch (CX_ERR_CODE(r)) {
    case CX_ERR_OUT_OF_MEMORY: case CX_ERR_RESOURCE_EXHAUSTED: return -ENOMEM;
    case CX_ERR_ALREADY_EXISTS: return -EEXIST;
    case CX_ERR_PERMISSION_DENIED: return -EACCES;
    case CX_ERR_INVALID_ADDRESS: return -ENOMEM;
    default: return -EINVAL;
    }
}

/* Maps len bytes of vn's pages from off at addr (cflags as process_vm_map:
   shared or private, FIXED or not), with write access for a shared one only
   when maywrite. The address, or a negative errno. */
static long map_vnode(struct proc *p, struct vnode *vn, uint64_t addr, uint64_t len, uint32_t cprot,
                      uint32_t cflags, uint64_t off, int maywrite, uint64_t *serial)
{
    if (off > CX_MEMORY_OBJECT_MAX || len > CX_MEMORY_OBJECT_MAX - off)
        return -EFBIG; /* past what a cached file can hold (pagecache.h) */
    cx_cap_t mem;
    uint64_t file_serial;
    int e = pagecache_share(vn, &mem, serial ? serial : &file_serial);
    if (e < 0)
        return e;
    uint32_t rights = CX_RIGHT_READ | CX_RIGHT_EXEC | (maywrite ? CX_RIGHT_WRITE : 0);
    uint64_t view = cx_capability_derive(mem, rights);
    if (CX_IS_ERR(view))
        return -ENOMEM;
    uint64_t r = cx_process_vm_map(p->cap, addr, len, cprot, cflags, view, off);
    cx_capability_revoke(view); /* the mapping keeps the object */
    return CX_IS_ERR(r) ? map_fail(r) : (long)r;
}

/* The list entry for a file mapping [base, base+len) made by map_vnode
   (serial: the file's, as map_vnode gave it). */
static int file_entry_add(struct proc *p, struct vnode *vn, uint64_t base, uint64_t len, uint64_t off,
                          int shared, int maywrite, uint64_t serial)
{
    struct mm_shared e = { .base = base, .len = len, .serial = shared ? serial : 0, .off = off, .vn = vn,
                           .maywrite = shared && maywrite, .kind = shared ? MM_SHARED_FILE : MM_PRIVATE_FILE };
    return shared_add(p, &e);
}

/* A mapping of a regular file: its own pages (pagecache.h). Shared, through
   a capability with the rights its open mode gives, so that mprotect cannot
   make a read-only one writable (EACCES, as Linux); private, copy-on-write
   (the file's pages until written here). A private mapping's pages past
   the end of the file read as zeros (Linux: SIGBUS). */
static long map_file(struct thread *t, struct ofile *f, uint64_t addr, uint64_t len,
                     uint64_t prot, uint32_t cflags, uint64_t off, int locked)
{
    struct proc *p = t->p;
    /* A file sealed against writes maps without the right too, so that
       mprotect cannot add PROT_WRITE (EACCES, as Linux clears VM_MAYWRITE). */
    int shared = (cflags & CX_MAP_SHARED) != 0;
    int maywrite = (f->flags & O_ACCMODE) == O_RDWR && !(f->vn->seals & VFS_SEALS_NO_WRITE);
    uint64_t serial;
    long r = map_vnode(p, f->vn, addr, len, cx_prot(prot), cflags, off, shared && maywrite, &serial);
    if (r < 0)
        return r;
    vfs_touch(f->vn, 1, 0, 0); /* mapping reads the file: its atime, as Linux's file_accessed */
    if (file_entry_add(p, f->vn, (uint64_t)r, len, off, shared, maywrite, serial) < 0) {
        cx_process_vm_unmap(p->cap, (uint64_t)r, len);
        return -ENOMEM;
    }
    long e = mlock_mapped(p, (uint64_t)r, len, locked);
    if (e < 0) {
        cx_process_vm_unmap(p->cap, (uint64_t)r, len);
        shared_forget(p, (uint64_t)r, len);
        return e;
    }
    return r;
}

long sys_mmap(struct thread *t, const uint64_t *a)
{
    struct proc *p = t->p;
    uint64_t addr = a[0], len = a[1], prot = a[2], flags = a[3], off = a[5];
    int fd = (int)a[4];
    if (len == 0 || len > CX_USER_TOP || (off & (PAGE - 1)))
        return -EINVAL;
    if (prot & ~(uint64_t)(PROT_READ | PROT_WRITE | PROT_EXEC))
        return -EINVAL;
    uint64_t type = flags & MAP_TYPE;
    if (type != MAP_PRIVATE && type != MAP_SHARED && type != MAP_SHARED_VALIDATE)
        return -EINVAL;
    int shared = type != MAP_PRIVATE;
    len = PAGE_UP(len);
    uint32_t cflags = shared ? CX_MAP_SHARED : CX_MAP_PRIVATE;
    struct ofile *f = NULL;
    if (!(flags & MAP_ANONYMOUS)) { /* Linux's order: the descriptor, its access, the file's kind */
        f = fdtable_get(p->fdt, fd);
        if (!f)
            return -EBADF;
        uint32_t acc = f->flags & O_ACCMODE;
        if (acc == O_WRONLY || (shared && (prot & PROT_WRITE) && acc == O_RDONLY))
            return -EACCES; /* a mapping reads; a shared writable one writes */
        if (!vfs_is_reg(f->vn) || f->vn->fs->file_ops)
            return -ENODEV; /* mqueue's files are queues, not pages */
        if (type == MAP_SHARED_VALIDATE && (flags & ~(uint64_t)MAP_KNOWN))
            return -EOPNOTSUPP; /* a flag this kernel does not know: refused, not ignored */
        if (shared && (prot & PROT_WRITE) && (f->vn->seals & VFS_SEALS_NO_WRITE))
            return -EPERM; /* sealed (F_SEAL_WRITE, F_SEAL_FUTURE_WRITE) */
    }
    if (flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)) {
        if (addr & (PAGE - 1))
            return -EINVAL;
        if (addr >= CX_USER_TOP || len > CX_USER_TOP - addr)
            return -ENOMEM;
        cflags |= CX_MAP_FIXED;
        if ((flags & MAP_FIXED) && !(flags & MAP_FIXED_NOREPLACE)) {
            cx_process_vm_unmap(p->cap, addr, len); /* MAP_FIXED replaces what was there */
            shared_forget(p, addr, len);
            shm_unmapped(p, addr, len);
            mlock_unmapped(p, addr, len);
        }
    } else {
        addr &= ~(uint64_t)(PAGE - 1);
    }
    if (flags & MAP_POPULATE)
        cflags |= CX_MAP_POPULATE;
    if (!within_as_limit(p, len))
        return -ENOMEM;
    if (f)
        return map_file(t, f, addr, len, prot, cflags, off, (flags & MAP_LOCKED) != 0);
    cx_cap_t mem = CX_CAP_NULL;
    if (shared) { /* shared with the children fork makes: an object of its own */
        uint64_t m = cx_capability_create(CX_OBJ_MEMORY, len, CX_RIGHTS_ALL, posix_pool_cap);
        if (CX_IS_ERR(m))
            return -ENOMEM;
        mem = m;
    } else {
        cflags |= CX_MAP_ANONYMOUS;
    }
    uint64_t r = cx_process_vm_map(p->cap, addr, len, cx_prot(prot), cflags, mem, 0);
    if (mem != CX_CAP_NULL)
        cx_capability_revoke(mem); /* the mapping keeps the object */
    if (CX_IS_ERR(r))
        return map_fail(r);
    if (shared && shared_add(p, &(struct mm_shared){ .base = r, .len = len, .serial = next_serial++,
                                                      .kind = MM_SHARED_ANON }) < 0) {
        cx_process_vm_unmap(p->cap, r, len);
        return -ENOMEM;
    }
    long e = mlock_mapped(p, r, len, (flags & MAP_LOCKED) != 0);
    if (e < 0) { /* beyond RLIMIT_MEMLOCK: Linux refuses the mapping */
        cx_process_vm_unmap(p->cap, r, len);
        shared_forget(p, r, len);
        return e;
    }
    return (long)r;
}

long sys_munmap(struct thread *t, const uint64_t *a)
{
    uint64_t addr = a[0], len = a[1];
    if ((addr & (PAGE - 1)) || len == 0 || addr >= CX_USER_TOP || len > CX_USER_TOP - addr)
        return -EINVAL;
    uint64_t r = cx_process_vm_unmap(t->p->cap, addr, PAGE_UP(len));
    if (CX_IS_ERR(r) && CX_ERR_CODE(r) != CX_ERR_NOT_FOUND)
        return -EINVAL;
    shared_forget(t->p, addr, PAGE_UP(len));
    shm_unmapped(t->p, addr, PAGE_UP(len)); /* System V attachments there are cut or detached */
    mlock_unmapped(t->p, addr, PAGE_UP(len));
    return 0;
}

long sys_mprotect(struct thread *t, const uint64_t *a)
{
    uint64_t addr = a[0], len = a[1], prot = a[2];
    if (addr & (PAGE - 1))
        return -EINVAL;
    if (prot & ~(uint64_t)(PROT_READ | PROT_WRITE | PROT_EXEC | PROT_GROWSDOWN | PROT_GROWSUP))
        return -EINVAL;
    if (len == 0)
        return 0;
    if (addr >= CX_USER_TOP || len > CX_USER_TOP - addr)
        return -ENOMEM;
    uint64_t r = cx_process_vm_protect(t->p->cap, addr, PAGE_UP(len), cx_prot(prot));
    if (!CX_IS_ERR(r))
        return 0;
    switch (CX_ERR_CODE(r)) {
    case CX_ERR_NOT_FOUND: return -ENOMEM;
    case CX_ERR_PERMISSION_DENIED: return -EACCES;
    default: return -EINVAL;
    }
}

/* Copies len bytes of the client's memory from src to dst through the server. */
static long move_bytes(struct proc *p, uint64_t dst, uint64_t src, uint64_t len)
{
    static uint8_t buf[65536];
    for (uint64_t done = 0; done < len; done += sizeof buf) {
        size_t n = len - done < sizeof buf ? (size_t)(len - done) : sizeof buf;
        if (client_read(p, src + done, buf, n) < 0 || client_write(p, dst + done, buf, n) < 0)
            return -EFAULT;
    }
    return 0;
}

static const struct mm_shared *entry_at(const struct proc *p, uint64_t addr, uint64_t *next);

/* mremap growing a file mapping: more of the file in place when the pages
   above are free, else (MREMAP_MAYMOVE) the whole again elsewhere: a shared
   one maps the same pages, a private one takes its present bytes along
   (its written pages are its own). */
static long remap_file_grow(struct proc *p, struct mm_shared e, uint64_t old, uint64_t olen, uint64_t nlen,
                            int maymove)
{
    struct cx_memory_region region;
    if (CX_IS_ERR(cx_process_vm_region(p->cap, old, &region)) || region.start > old)
        return -EFAULT;
    int shared = e.kind == MM_SHARED_FILE;
    uint32_t cflags = shared ? CX_MAP_SHARED : CX_MAP_PRIVATE, cprot = (uint32_t)region.prot;
    uint64_t off = e.off + (old - e.base);
    if (old + nlen <= CX_USER_TOP &&
        map_vnode(p, e.vn, old + olen, nlen - olen, cprot, cflags | CX_MAP_FIXED, off + olen, e.maywrite,
                  NULL) >= 0) {
        if (file_entry_add(p, e.vn, old + olen, nlen - olen, off + olen, shared, e.maywrite, e.serial) < 0) {
            cx_process_vm_unmap(p->cap, old + olen, nlen - olen);
            return -ENOMEM;
        }
        return (long)old;
    }
    if (!maymove)
        return -ENOMEM;
    long n = map_vnode(p, e.vn, 0, nlen, shared ? cprot : CX_PROT_READ | CX_PROT_WRITE, cflags, off, e.maywrite,
                       NULL);
    if (n < 0)
        return n;
    if (!shared && (move_bytes(p, (uint64_t)n, old, olen) < 0 ||
                    CX_IS_ERR(cx_process_vm_protect(p->cap, (uint64_t)n, nlen, cprot)))) {
        cx_process_vm_unmap(p->cap, (uint64_t)n, nlen);
        return -EFAULT;
    }
    if (file_entry_add(p, e.vn, (uint64_t)n, nlen, off, shared, e.maywrite, e.serial) < 0) {
        cx_process_vm_unmap(p->cap, (uint64_t)n, nlen);
        return -ENOMEM;
    }
    cx_process_vm_unmap(p->cap, old, olen);
    shared_forget(p, old, olen);
    mlock_unmapped(p, old, olen);
    return n;
}

/* mremap of private anonymous read-write memory (what realloc does): shrink
   in place, grow in place when the pages above are free, else move with
   MREMAP_MAYMOVE (a copy through the server). File mappings grow by more of
   the file (remap_file_grow). */
long sys_mremap(struct thread *t, const uint64_t *a)
{
    struct proc *p = t->p;
    uint64_t old = a[0], olen = PAGE_UP(a[1]), nlen = PAGE_UP(a[2]), flags = a[3];
    if ((old & (PAGE - 1)) || nlen == 0 || flags & ~(uint64_t)(MREMAP_MAYMOVE | MREMAP_FIXED))
        return -EINVAL;
    if ((flags & MREMAP_FIXED) || olen == 0)
        return -EINVAL;
    if (old >= CX_USER_TOP || olen > CX_USER_TOP - old || nlen > CX_USER_TOP)
        return -EINVAL;
    uint64_t next;
    const struct mm_shared *e = entry_at(p, old, &next);
    if (nlen > olen && e && (e->kind == MM_SHARED_FILE || e->kind == MM_PRIVATE_FILE) &&
        old + olen <= e->base + e->len)
        return remap_file_grow(p, *e, old, olen, nlen, (flags & MREMAP_MAYMOVE) != 0);
    if (nlen <= olen) {
        if (nlen < olen) {
            cx_process_vm_unmap(p->cap, old + nlen, olen - nlen);
            shared_forget(p, old + nlen, olen - nlen);
            mlock_unmapped(p, old + nlen, olen - nlen);
        }
        return (long)old;
    }
    if (old + nlen <= CX_USER_TOP) {
        uint64_t r = cx_process_vm_map(p->cap, old + olen, nlen - olen,
                                       CX_PROT_READ | CX_PROT_WRITE,
                                       CX_MAP_PRIVATE | CX_MAP_ANONYMOUS | CX_MAP_FIXED,
                                       CX_CAP_NULL, 0);
        if (!CX_IS_ERR(r))
            return (long)old;
    }
    if (!(flags & MREMAP_MAYMOVE))
        return -ENOMEM;
    uint64_t n = cx_process_vm_map(p->cap, 0, nlen, CX_PROT_READ | CX_PROT_WRITE,
                                   CX_MAP_PRIVATE | CX_MAP_ANONYMOUS, CX_CAP_NULL, 0);
    if (CX_IS_ERR(n))
        return -ENOMEM;
    if (move_bytes(p, n, old, olen) < 0) {
        cx_process_vm_unmap(p->cap, n, nlen);
        return -EFAULT;
    }
    cx_process_vm_unmap(p->cap, old, olen);
    shared_forget(p, old, olen);
    mlock_unmapped(p, old, olen);
    return (long)n;
}

/* The advice values Linux 6.1 (Debian's configuration) accepts. */
static int advice_known(int advice)
{
    return (advice >= MADV_NORMAL && advice <= MADV_DONTNEED) ||
           (advice >= MADV_FREE && advice <= 25 /* MADV_COLLAPSE */) ||
           advice == MADV_HWPOISON || advice == 101 /* MADV_SOFT_OFFLINE */;
}

/* MADV_DONTNEED: private pages of [start, end) are dropped: anonymous ones
   read as zeros again, a private file mapping's show the file again; shared
   ones keep their pages (they are the object's). EINVAL for locked pages,
   ENOMEM when part of the range is not mapped (the rest is done). The
   program's own segments keep their pages (they are not the file's here). */
static long dont_need(struct proc *p, uint64_t start, uint64_t end)
{
    if (mlock_locked_within(p, start, end))
        return -EINVAL;
    long r = 0;
    uint64_t at = start;
    struct mm_area a;
    while (at < end && mm_area_next(p, at, &a) == 0 && a.start < end) {
        if (a.start > at)
            r = -ENOMEM; /* a hole */
        uint64_t s = a.start, e = a.end < end ? a.end : end, len = e - s;
        at = a.end;
        if (a.shared || a.kind == MA_PROGRAM)
            continue;
        cx_process_vm_unmap(p->cap, s, len);
        if (a.kind == MA_FILE)
            map_vnode(p, a.vn, s, len, a.prot, CX_MAP_PRIVATE | CX_MAP_FIXED, a.off, 0, NULL);
        else
            cx_process_vm_map(p->cap, s, len, a.prot, CX_MAP_PRIVATE | CX_MAP_ANONYMOUS | CX_MAP_FIXED,
                              CX_CAP_NULL, 0);
    }
    return at < end ? -ENOMEM : r;
}

/* Checked as Linux checks it (alignment, advice, length, privilege); of the
   advice, MADV_DONTNEED is acted on (dont_need), the rest is only advice
   here. */
long sys_madvise(struct thread *t, const uint64_t *a)
{
    uint64_t start = a[0], len_in = a[1];
    int advice = (int)a[2];
    if (!advice_known(advice) || (start & (PAGE - 1)))
        return -EINVAL;
    uint64_t len = PAGE_UP(len_in);
    if ((len_in && !len) || start + len < start)
        return -EINVAL;
    if (len == 0)
        return 0;
    if ((advice == MADV_HWPOISON || advice == 101) && t->p->euid != 0)
        return -EPERM;
    if (start + len > CX_USER_TOP)
        return -ENOMEM; /* nothing is mapped up there */
    return advice == MADV_DONTNEED ? dont_need(t->p, start, start + len) : 0;
}

int mm_fault_past_eof(const struct proc *p, uint64_t addr)
{
    for (uint32_t i = 0; i < p->nshared; i++) {
        const struct mm_shared *r = &p->shared[i];
        if (r->kind == MM_SHARED_FILE && addr - r->base < r->len)
            return r->off + (addr - r->base) >= PAGE_UP(vfs_size(r->vn));
    }
    return 0;
}

/* A shared file mapping's stores are the file's pages already, and the
   files live in memory: there is nothing to write back or to invalidate.
   What is checked is what Linux checks (flags, alignment, a range that is
   all mapped). */
long sys_msync(struct thread *t, const uint64_t *a)
{
    uint64_t start = a[0], len = PAGE_UP(a[1]), flags = a[2];
    if (flags & ~(uint64_t)(MS_ASYNC | MS_INVALIDATE | MS_SYNC))
        return -EINVAL;
    if ((flags & MS_ASYNC) && (flags & MS_SYNC))
        return -EINVAL;
    if ((start & (PAGE - 1)) || start + len < start)
        return -EINVAL;
    if (len == 0)
        return 0;
    /* Every page of the range mapped, else ENOMEM (Linux's answer too). */
    struct proc *p = t->p;
    struct cx_memory_region r;
    for (uint64_t at = start; at < start + len; at = r.end)
        if (CX_IS_ERR(cx_process_vm_region(p->cap, at, &r)) || r.start > at)
            return -ENOMEM;
    if ((flags & MS_INVALIDATE) && mlock_locked_within(p, start, start + len))
        return -EBUSY; /* locked pages cannot be invalidated */
    /* Stores through a writable shared mapping change the file: by msync
       at the latest its times say so (POSIX; Linux stamps them at the
       first write fault, which the kernel resolves without the server). */
    for (uint32_t i = 0; (flags & (MS_SYNC | MS_ASYNC)) && i < p->nshared; i++) {
        const struct mm_shared *e = &p->shared[i];
        if (e->kind == MM_SHARED_FILE && e->maywrite && e->base < start + len && start < e->base + e->len)
            vfs_touch(e->vn, 0, 1, 1);
    }
    return 0;
}

/* --- /proc/<pid>/maps ---------------------------------------------------------- */

/* The entry of p's list covering addr, or NULL; *next: where the next
   entry above addr starts (UINT64_MAX when none). */
static const struct mm_shared *entry_at(const struct proc *p, uint64_t addr, uint64_t *next)
{
    const struct mm_shared *hit = NULL;
    *next = UINT64_MAX;
    for (uint32_t i = 0; i < p->nshared; i++) {
        const struct mm_shared *r = &p->shared[i];
        if (addr - r->base < r->len)
            hit = r;
        else if (r->base > addr && r->base < *next)
            *next = r->base;
    }
    return hit;
}

/* What the server knows of [start, *end) (cut short where that changes). */
static void describe(const struct proc *p, uint64_t start, uint64_t top, struct mm_area *a)
{
    uint64_t next, end = top;
    const struct mm_shared *e = entry_at(p, start, &next);
    a->vn = NULL;
    a->off = 0;
    a->shared = 0;
    if (e) {
        if (e->base + e->len < end)
            end = e->base + e->len;
        a->off = e->off + (start - e->base);
        a->shared = e->kind == MM_SHARED_ANON || e->kind == MM_SHARED_FILE;
        a->vn = e->vn;
        a->kind = e->kind == MM_SHARED_ANON ? MA_SHARED_ANON : e->kind == MM_PROGRAM ? MA_PROGRAM : MA_FILE;
    } else if (start >= p->brk_start && start < p->brk_mapped) {
        a->kind = MA_HEAP;
        if (p->brk_mapped < end)
            end = p->brk_mapped;
    } else {
        a->kind = MA_ANON;
        if (next < end)
            end = next;
        if (start < p->brk_start && p->brk_start < end)
            end = p->brk_start;
    }
    a->end = end;
}

int mm_area_next(const struct proc *p, uint64_t addr, struct mm_area *out)
{
    struct cx_memory_region r;
    if (!p->cap || CX_IS_ERR(cx_process_vm_region(p->cap, addr, &r)))
        return -1;
    out->start = r.start > addr ? r.start : addr;
    out->prot = (unsigned)r.prot;
    describe(p, out->start, r.end, out);
    /* Kernel regions the same in every way shown run on as one line, as
       Linux merges its areas (the heap grows a region at a time). */
    while (out->end == r.end && !CX_IS_ERR(cx_process_vm_region(p->cap, r.end, &r)) &&
           r.start == out->end && (unsigned)r.prot == out->prot) {
        struct mm_area more;
        describe(p, r.start, r.end, &more);
        if (more.kind != out->kind || more.vn != out->vn || more.shared != out->shared ||
            ((out->kind == MA_FILE || out->kind == MA_PROGRAM) && more.off != out->off + (r.start - out->start)))
            break;
        out->end = more.end;
    }
    /* The topmost region is the main thread's stack (the loader puts it there). */
    if (out->kind == MA_ANON && CX_IS_ERR(cx_process_vm_region(p->cap, out->end, &r)))
        out->kind = MA_STACK;
    return 0;
}
