/* Core dumps (see coredump.h). */
#include "posix.h"
#include "coredump.h"
#include "client.h"
#include "fileio.h"
#include "file.h"
#include "cputime.h"
#include "string.h"
#include "abi/abi.h"
#include <calyx/malloc.h>
#include <linux/elf.h>
#include <linux/fcntl.h>

#define CORE_PAGE 4096            /* Linux's smallest useful RLIMIT_CORE, and load alignment */
#define CORE_REGIONS_MAX 4096     /* regions described beyond these are left out */
#define CORE_CHUNK 65536

/* struct elf_prstatus on a 64-bit Linux (336 bytes on x86_64). */
struct core_prstatus {
    int32_t si_signo, si_code, si_errno;
    int16_t cursig;
    int16_t pad0;
    uint64_t sigpend, sighold;
    int32_t pid, ppid, pgrp, sid;
    struct { int64_t sec, usec; } utime, stime, cutime, cstime;
    uint64_t reg[ABI_ELF_NGREG];
    int32_t fpvalid;
    int32_t pad1;
};

/* struct elf_prpsinfo (136 bytes). */
struct core_prpsinfo {
    char state, sname, zomb, nice;
    uint32_t pad0;
    uint64_t flag;
    uint32_t uid, gid;
    int32_t pid, ppid, pgrp, sid;
    char fname[16];
    char psargs[80];
};
_Static_assert(sizeof(struct core_prpsinfo) == 136, "prpsinfo");

/* A growing buffer of notes. */
struct notes {
    uint8_t *buf;
    size_t len, cap;
    int failed;
};

static void put(struct notes *n, const void *data, size_t len)
{
    size_t want = n->len + ((len + 3) & ~(size_t)3);
    if (n->failed)
        return;
    if (want > n->cap) {
        size_t cap = n->cap ? n->cap : 4096;
        while (cap < want)
            cap *= 2;
        uint8_t *b = realloc(n->buf, cap);
        if (!b) {
            n->failed = 1;
            return;
        }
        n->buf = b, n->cap = cap;
    }
    memcpy(n->buf + n->len, data, len);
    memset(n->buf + n->len + len, 0, want - n->len - len);
    n->len = want;
}

static void note(struct notes *n, uint32_t type, const void *desc, size_t len)
{
    Elf64_Nhdr h = { .n_namesz = 5, .n_descsz = (uint32_t)len, .n_type = type };
    put(n, &h, sizeof h);
    put(n, "CORE\0\0\0", 8);
    put(n, desc, len);
}

static void ns_tv(uint64_t ns, int64_t *sec, int64_t *usec)
{
    *sec = (int64_t)(ns / 1000000000u);
    *usec = (int64_t)(ns % 1000000000u / 1000u);
}

static void thread_notes(struct notes *n, struct proc *p, struct thread *t,
                         const struct lx_siginfo *si, int culprit)
{
    static struct cx_regs regs;
    if (!t->ktid || CX_IS_ERR(cx_thread_get_regs(p->cap, t->ktid, &regs)))
        return;
    struct core_prstatus ps;
    memset(&ps, 0, sizeof ps);
    if (culprit) {
        ps.si_signo = si->si_signo, ps.si_code = si->si_code, ps.si_errno = si->si_errno;
        ps.cursig = (int16_t)si->si_signo;
    }
    ps.sigpend = t->pending.set | p->pending.set;
    ps.sighold = t->sigmask;
    ps.pid = t->tid, ps.ppid = p->ppid, ps.pgrp = p->pgid, ps.sid = p->sid;
    uint64_t u = 0, s = 0, cu = 0, cs = 0;
    cputime_thread(t, &u, &s);
    cputime_children(p, &cu, &cs);
    ns_tv(u, &ps.utime.sec, &ps.utime.usec);
    ns_tv(s, &ps.stime.sec, &ps.stime.usec);
    ns_tv(cu, &ps.cutime.sec, &ps.cutime.usec);
    ns_tv(cs, &ps.cstime.sec, &ps.cstime.usec);
    abi_elf_gregs(&regs, ps.reg);
    ps.fpvalid = 1;
    note(n, NT_PRSTATUS, &ps, sizeof ps);
    note(n, NT_PRFPREG, abi_elf_fpregs(&regs), ABI_ELF_FPREGS_SIZE);
}

/* The file being written: everything past limit is dropped, as Linux
   stops a core at RLIMIT_CORE. */
struct out {
    struct file_ctx c;
    int fd;
    uint64_t at, limit;
    int failed;     /* a write failed */
};

static void emit(struct out *o, const void *data, size_t len)
{
    const uint8_t *d = data;
    if (o->at + len > o->limit) /* cut short: still a core, as Linux's */
        len = o->at >= o->limit ? 0 : (size_t)(o->limit - o->at);
    while (len && !o->failed) {
        int64_t r = file_write(&o->c, o->fd, d, len);
        if (r <= 0) {
            o->failed = 1;
            return;
        }
        d += r, len -= (size_t)r, o->at += (uint64_t)r;
    }
}

static void emit_zeros(struct out *o, uint64_t len)
{
    static const uint8_t zero[CORE_PAGE];
    while (len && !o->failed && o->at < o->limit) {
        size_t k = len < sizeof zero ? (size_t)len : sizeof zero;
        emit(o, zero, k);
        len -= k;
    }
}

static void emit_memory(struct out *o, struct proc *p, uint64_t start, uint64_t len)
{
    static uint8_t chunk[CORE_CHUNK];
    for (uint64_t done = 0; done < len && !o->failed && o->at < o->limit;) {
        size_t k = len - done < CORE_CHUNK ? (size_t)(len - done) : CORE_CHUNK;
        if (client_read(p, start + done, chunk, k) < 0)
            memset(chunk, 0, k); /* unreadable after all: zeros, as a hole */
        emit(o, chunk, k);
        done += k;
    }
}

int coredump_write(struct proc *p, struct thread *culprit, const struct lx_siginfo *si)
{
    uint64_t limit = p->rlim[RLIMIT_CORE].rlim_cur;
    if (limit < CORE_PAGE || p->not_dumpable || !culprit)
        return 0;
    /* The regions, as the kernel keeps them. */
    struct cx_memory_region *regions = NULL;
    size_t nreg = 0, cap = 0;
    struct cx_memory_region r;
    for (uint64_t addr = 0; nreg < CORE_REGIONS_MAX &&
                            !CX_IS_ERR(cx_process_vm_region(p->cap, addr, &r)); addr = r.end) {
        if (nreg == cap) {
            size_t ncap = cap ? cap * 2 : 64;
            struct cx_memory_region *g = realloc(regions, ncap * sizeof *g);
            if (!g)
                break;
            regions = g, cap = ncap;
        }
        regions[nreg++] = r;
    }
    /* The notes: the culprit's registers first, as Linux puts the thread
       that took the signal first. */
    struct notes n = { 0 };
    thread_notes(&n, p, culprit, si, 1);
    for (struct thread *t = p->thread_head; t; t = t->proc_next)
        if (t != culprit)
            thread_notes(&n, p, t, si, 0);
    struct core_prpsinfo ps;
    memset(&ps, 0, sizeof ps);
    ps.state = 0, ps.sname = 'R';
    ps.nice = (char)p->nice;
    ps.uid = p->uid, ps.gid = p->gid;
    ps.pid = p->pid, ps.ppid = p->ppid, ps.pgrp = p->pgid, ps.sid = p->sid;
    strlcpy(ps.fname, p->comm, sizeof ps.fname);
    strlcpy(ps.psargs, p->comm, sizeof ps.psargs);
    note(&n, NT_PRPSINFO, &ps, sizeof ps);
    note(&n, NT_SIGINFO, si, sizeof *si);
    int written = 0;
    if (n.failed)
        goto out;

    /* Made as Linux makes it: an old core goes first, then a new file only. */
    struct out o = { .c = fileio_ctx(culprit), .limit = limit };
    file_unlinkat(&o.c, AT_FDCWD, "core", 0);
    int64_t fd = file_openat(&o.c, AT_FDCWD, "core",
                             O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0)
        goto out;
    o.fd = (int)fd;
    size_t nph = nreg + 1;
    uint64_t notes_off = sizeof(Elf64_Ehdr) + nph * sizeof(Elf64_Phdr);
    uint64_t data_off = (notes_off + n.len + CORE_PAGE - 1) & ~(uint64_t)(CORE_PAGE - 1);
    Elf64_Ehdr eh = {
        .e_ident = { ELFMAG0, ELFMAG1, ELFMAG2, ELFMAG3, ELFCLASS64, ELFDATA2LSB, EV_CURRENT,
                     ELFOSABI_NONE },
        .e_type = ET_CORE, .e_machine = ABI_ELF_MACHINE, .e_version = EV_CURRENT,
        .e_phoff = sizeof(Elf64_Ehdr), .e_ehsize = sizeof(Elf64_Ehdr),
        .e_phentsize = sizeof(Elf64_Phdr), .e_phnum = (uint16_t)nph,
    };
    emit(&o, &eh, sizeof eh);
    Elf64_Phdr ph = { .p_type = PT_NOTE, .p_offset = notes_off, .p_filesz = n.len, .p_align = 4 };
    emit(&o, &ph, sizeof ph);
    uint64_t off = data_off;
    for (size_t i = 0; i < nreg; i++) {
        uint64_t size = regions[i].end - regions[i].start;
        uint64_t prot = regions[i].prot;
        Elf64_Phdr l = {
            .p_type = PT_LOAD, .p_offset = off, .p_vaddr = regions[i].start,
            .p_filesz = (prot & CX_PROT_READ) ? size : 0, .p_memsz = size, .p_align = CORE_PAGE,
            .p_flags = ((prot & CX_PROT_READ) ? PF_R : 0) | ((prot & CX_PROT_WRITE) ? PF_W : 0) |
                       ((prot & CX_PROT_EXEC) ? PF_X : 0),
        };
        emit(&o, &l, sizeof l);
        off += l.p_filesz;
    }
    emit(&o, n.buf, n.len);
    emit_zeros(&o, data_off - notes_off - n.len);
    for (size_t i = 0; i < nreg; i++)
        if (regions[i].prot & CX_PROT_READ)
            emit_memory(&o, p, regions[i].start, regions[i].end - regions[i].start);
    file_close(&o.c, o.fd);
    written = !o.failed;
out:
    free(n.buf);
    free(regions);
    return written;
}
