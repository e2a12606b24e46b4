/* /proc: see procfs.h. */
#include <stdarg.h>
#include "posix.h"
#include "abi/abi.h"
#include "procfs.h"
#include "host.h"
#include "console.h"
#include "proc.h"
#include "client.h"
#include "file.h"
#include "vfs.h"
#include "mount.h"
#include "fsmount.h"
#include "time.h"
#include "ipc.h"
#include "cputime.h"
#include "mlock.h"
#include "mm.h"
#include "printf.h"
#include "procsys.h"
#include "string.h"
#include <calyx/malloc.h>
#include <linux/sysinfo.h>
#include <linux/elf.h>
#include <linux/magic.h>

#define NSEC 1000000000ull
#define TICK_NS (NSEC / PROCFS_HZ)
#define PAGE_BYTES CX_PAGE_SIZE
#define MAPS_NAME_COLUMN 73 /* where Linux's maps lines start the path */

/* What procfs keeps per process slot (procs[i] <-> info[i]). */
struct pinfo {
    uint32_t serial;       /* names the process in node arguments; 0: slot unused */
    uint64_t start_ns;     /* monotonic, at creation */
    char *args;            /* argv strings, then envp strings, each NUL-terminated */
    size_t argv_len, env_len;
    struct vnode *exe;     /* the program's file (referenced), or NULL */
    uint64_t text_bytes;   /* its loaded segments (page-rounded): executable ones */
    uint64_t data_bytes;   /* and the others */
    struct vnode *dir;     /* /proc/<pid> (in the tree), or NULL */
};

static struct pinfo info[PROC_MAX];
static uint32_t next_serial = 1;
static uint64_t forks;     /* processes created since boot (/proc/stat) */
static int last_pid;
static struct vfs *procfs_vfs;     /* the root filesystem (where exe lookups start) */
static struct vfs proc_fs;          /* procfs itself, mounted at /proc */
static struct vnode *proc_root;

/* A node's argument: the process's serial (0: a global file) and a kind or fd. */
static uint64_t node_arg(uint32_t serial, uint32_t what)
{
    return (uint64_t)what << 32 | serial;
}
static uint32_t arg_serial(const struct vnode *vn) { return (uint32_t)vn->synth_arg; }
static uint32_t arg_what(const struct vnode *vn) { return (uint32_t)(vn->synth_arg >> 32); }

static struct pinfo *info_of(const struct proc *p)
{
    return &info[p - procs];
}

/* The process a node describes; NULL once it was reaped (ESRCH for readers). */
static struct proc *proc_of(const struct vnode *vn)
{
    uint32_t serial = arg_serial(vn);
    for (int i = 0; i < PROC_MAX; i++)
        if (serial && info[i].serial == serial && procs[i].state != P_FREE)
            return &procs[i];
    return NULL;
}

/* Linux's ptrace access with the opener's (effective) credentials, which
   /proc/<pid>/environ, maps, mem, fd/ and the exe, cwd and root links
   demand: the process itself, root, or all of its uids and gids are the
   opener's and it is dumpable. */
static int may_inspect(const struct proc *p, const struct vfs_cred *cred)
{
    if (!cred || cred->uid == 0 || cred->pid == p->pid)
        return 1;
    return cred->uid == p->uid && cred->uid == p->euid && cred->uid == p->suid &&
           cred->gid == p->gid && cred->gid == p->egid && cred->gid == p->sgid && !p->not_dumpable;
}

/* --- text building ------------------------------------------------------------------ */

struct text {
    char *data;
    size_t len, cap;
    int failed;            /* out of memory: the content is incomplete */
};

static int text_room(struct text *t, size_t more)
{
    if (t->failed)
        return 0;
    if (t->len + more < t->cap)
        return 1;
    size_t cap = t->cap ? t->cap : 512;
    while (cap <= t->len + more)
        cap *= 2;
    char *d = realloc(t->data, cap);
    if (!d) {
        t->failed = 1;
        return 0;
    }
    t->data = d;
    t->cap = cap;
    return 1;
}

static void text_put(struct text *t, const void *bytes, size_t n)
{
    if (text_room(t, n)) {
        memcpy(t->data + t->len, bytes, n);
        t->len += n;
    }
}

static void __attribute__((format(printf, 2, 3))) text_printf(struct text *t, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = kvsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0 || !text_room(t, (size_t)n + 1))
        return;
    va_start(ap, fmt);
    kvsnprintf(t->data + t->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    t->len += (size_t)n;
}

/* --- what the server knows about processes -------------------------------------------- */

static int thread_runs(const struct thread *t)
{
    return t->block == BLOCK_NONE && !t->p->stopped;
}

/* R running (or being served), S parked in a blocking call, T stopped, Z zombie. */
static char proc_state(const struct proc *p)
{
    if (p->state == P_ZOMBIE)
        return 'Z';
    if (p->stopped)
        return 'T';
    for (const struct thread *t = p->thread_head; t; t = t->proc_next)
        if (thread_runs(t))
            return 'R';
    return 'S';
}

static const char *state_name(char s)
{
    switch (s) {
    case 'R': return "R (running)";
    case 'T': return "T (stopped)";
    case 'Z': return "Z (zombie)";
    default: return "S (sleeping)";
    }
}

/* The thread whose tid is the pid, else any thread of p (NULL: none left). */
static const struct thread *leader(const struct proc *p)
{
    for (const struct thread *t = p->thread_head; t; t = t->proc_next)
        if (t->tid == p->pid)
            return t;
    return p->thread_head;
}

static int nthreads_of(const struct proc *p)
{
    return p->nthreads ? p->nthreads : 1; /* a zombie counts its leader, as Linux */
}

/* Signal sets as Linux reports them: pending, blocked, ignored, caught. */
static void signal_sets(const struct proc *p, uint64_t *pend, uint64_t *blk, uint64_t *ign,
                        uint64_t *cgt)
{
    const struct thread *t = leader(p);
    *pend = p->pending.set | (t ? t->pending.set : 0);
    *blk = t ? t->sigmask : 0;
    *ign = *cgt = 0;
    for (int s = 1; s <= NSIG_LINUX; s++) {
        uint64_t h = p->act[s - 1].handler;
        if (h == (uint64_t)SIG_IGN)
            *ign |= SIGBIT(s);
        else if (h != (uint64_t)SIG_DFL)
            *cgt |= SIGBIT(s);
    }
}

static uint64_t heap_bytes(const struct proc *p)
{
    return p->brk_mapped > p->brk_start ? p->brk_mapped - p->brk_start : 0;
}

/* What the server knows is mapped: the program's segments and its brk heap
   (not the stack, mmaps or what is resident: see procfs.h). */
static uint64_t vsize_of(const struct proc *p)
{
    const struct pinfo *in = info_of(p);
    if (p->state == P_ZOMBIE)
        return 0;
    uint64_t mapped = mm_mapped_bytes(p); /* the kernel's figure, when it has one */
    return mapped ? mapped : in->text_bytes + in->data_bytes + heap_bytes(p);
}

/* --- /proc/<pid> files --------------------------------------------------------------- */

static void gen_stat(struct text *t, const struct proc *p)
{
    const struct pinfo *in = info_of(p);
    uint64_t pend, blk, ign, cgt;
    signal_sets(p, &pend, &blk, &ign, &cgt);
    int zombie = p->state == P_ZOMBIE;
    int tty_nr, tpgid;
    console_ctty_info(p, &tty_nr, &tpgid);
    uint64_t u = 0, s = 0, cu, cs;
    const struct thread *l = leader(p); /* policy and priority are its first thread's, as Linux */
    cputime_proc(p, &u, &s);
    cputime_children(p, &cu, &cs);
    text_printf(t, "%d (%s) %c %d %d %d %d %d %u %lu %lu %lu %lu %lu %lu %ld %ld %ld %ld %ld %ld"
                " %llu %lu %ld %llu",
                p->pid, p->comm, proc_state(p), p->ppid, p->pgid, p->sid, tty_nr, tpgid,
                0u /* flags */, 0ul, 0ul, 0ul, 0ul /* faults */,
                (unsigned long)(u / TICK_NS), (unsigned long)(s / TICK_NS),
                (long)(cu / TICK_NS), (long)(cs / TICK_NS),
                l && l->rt_priority ? -1l - l->rt_priority : 20l + p->nice /* priority */, (long)p->nice,
                (long)nthreads_of(p), 0l /* itrealvalue */,
                (unsigned long long)(in->start_ns / TICK_NS), (unsigned long)vsize_of(p),
                (long)(zombie ? 0 : mm_resident_bytes(p) / PAGE_BYTES) /* rss */,
                (unsigned long long)p->rlim[RLIMIT_RSS].rlim_cur);
    text_printf(t, " %lu %lu %lu %lu %lu %llu %llu %llu %llu %lu %lu %lu %d %d %u %u %llu %lu %ld"
                " %lu %lu %llu %lu %lu %lu %lu %d\n",
                0ul, 0ul, 0ul, 0ul, 0ul /* code, stack, esp, eip */,
                (unsigned long long)pend, (unsigned long long)blk, (unsigned long long)ign,
                (unsigned long long)cgt, 0ul /* wchan */, 0ul, 0ul /* nswap */,
                p->exit_signal, 0 /* processor */, (unsigned)(l ? l->rt_priority : 0),
                (unsigned)(l ? l->sched_policy : 0),
                0ull /* blkio */, 0ul, 0l /* guest */, 0ul, 0ul /* data */,
                zombie ? 0ull : (unsigned long long)p->brk_start, 0ul, 0ul, 0ul, 0ul /* args env */,
                zombie ? p->status : 0);
}

static void gen_status(struct text *t, const struct proc *p)
{
    uint64_t pend, blk, ign, cgt;
    signal_sets(p, &pend, &blk, &ign, &cgt);
    const struct thread *l = leader(p);
    text_printf(t, "Name:\t%s\n", p->comm);
    if (p->fs)
        text_printf(t, "Umask:\t%04o\n", p->fs->umask);
    text_printf(t, "State:\t%s\nTgid:\t%d\nNgid:\t0\nPid:\t%d\nPPid:\t%d\nTracerPid:\t0\n",
                state_name(proc_state(p)), p->pid, p->pid, p->ppid);
    text_printf(t, "Uid:\t%u\t%u\t%u\t%u\nGid:\t%u\t%u\t%u\t%u\n", p->uid, p->euid, p->suid,
                p->euid, p->gid, p->egid, p->sgid, p->egid);
    text_printf(t, "FDSize:\t%u\nGroups:\t\nNStgid:\t%d\nNSpid:\t%d\nNSpgid:\t%d\nNSsid:\t%d\n",
                p->fdt ? p->fdt->cap : 0, p->pid, p->pid, p->pgid, p->sid);
    if (p->state != P_ZOMBIE) {
        const struct pinfo *in = info_of(p);
        /* Sizes are what is mapped; resident is what has been touched (the
           kernel's page-table count), and its peak. Resident pages are not
           told apart by kind: all count as RssAnon. */
        unsigned long size = (unsigned long)(vsize_of(p) / 1024);
        unsigned long rss = (unsigned long)(mm_resident_bytes(p) / 1024);
        unsigned long hwm = (unsigned long)cputime_maxrss_kb(p, 0);
        if (hwm < rss)
            hwm = rss;
        text_printf(t, "VmPeak:\t%8lu kB\nVmSize:\t%8lu kB\n", size, size);
        text_printf(t, "VmLck:\t%8lu kB\nVmPin:\t%8lu kB\n", (unsigned long)(mlock_locked_bytes(p) / 1024), 0ul);
        text_printf(t, "VmHWM:\t%8lu kB\nVmRSS:\t%8lu kB\nRssAnon:\t%8lu kB\n", hwm, rss, rss);
        text_printf(t, "RssFile:\t%8lu kB\nRssShmem:\t%8lu kB\n", 0ul, 0ul);
        text_printf(t, "VmData:\t%8lu kB\nVmStk:\t%8lu kB\nVmExe:\t%8lu kB\n",
                    (unsigned long)((in->data_bytes + heap_bytes(p)) / 1024), 0ul,
                    (unsigned long)(in->text_bytes / 1024));
        text_printf(t, "VmLib:\t%8lu kB\nVmPTE:\t%8lu kB\nVmSwap:\t%8lu kB\n", 0ul, 0ul, 0ul);
        /* No huge pages, transparent or not; a core is written while the
           server holds the process, so nobody reads this meanwhile. */
        text_printf(t, "HugetlbPages:\t%8lu kB\nCoreDumping:\t0\nTHP_enabled:\t0\n", 0ul);
    }
    text_printf(t, "Threads:\t%d\nSigQ:\t%lu/%lu\n", nthreads_of(p),
                (unsigned long)sigpending_user_count(p->uid),
                (unsigned long)p->rlim[RLIMIT_SIGPENDING].rlim_cur);
    text_printf(t, "SigPnd:\t%016llx\nShdPnd:\t%016llx\nSigBlk:\t%016llx\nSigIgn:\t%016llx\n"
                "SigCgt:\t%016llx\n", (unsigned long long)(l ? l->pending.set : 0),
                (unsigned long long)p->pending.set, (unsigned long long)blk,
                (unsigned long long)ign, (unsigned long long)cgt);
    /* Capabilities as Linux derives them from the ids: root's permitted
       and effective sets are full (CAP_LAST_CAP 40), others' empty. */
    unsigned long long all_caps = (1ull << 41) - 1;
    text_printf(t, "CapInh:\t%016llx\nCapPrm:\t%016llx\nCapEff:\t%016llx\nCapBnd:\t%016llx\n"
                "CapAmb:\t%016llx\nNoNewPrivs:\t%d\nSeccomp:\t0\nSeccomp_filters:\t0\n"
                "Speculation_Store_Bypass:\tunknown\nSpeculationIndirectBranch:\tunknown\n", 0ull,
                p->euid == 0 || p->uid == 0 || p->suid == 0 ? all_caps : 0ull,
                p->euid == 0 ? all_caps : 0ull, all_caps, 0ull, p->no_new_privs ? 1 : 0);
    /* One CPU and one memory node; Linux prints the node mask as 32 words. */
    text_printf(t, "Cpus_allowed:\t1\nCpus_allowed_list:\t0\nMems_allowed:\t");
    for (int i = 0; i < 31; i++)
        text_printf(t, "00000000,");
    text_printf(t, "00000001\nMems_allowed_list:\t0\n"
                "voluntary_ctxt_switches:\t0\nnonvoluntary_ctxt_switches:\t0\n");
}

static void gen_args(struct text *t, const struct proc *p, int env)
{
    const struct pinfo *in = info_of(p);
    if (p->state == P_ZOMBIE || !in->args)
        return;
    if (env)
        text_put(t, in->args + in->argv_len, in->env_len);
    else
        text_put(t, in->args, in->argv_len);
}

static int64_t node_name(const struct proc *p, const struct vfs_path *at, char *buf, size_t size);

/* One line per area (mm.h mm_area_next), in Linux's format: the path of a
   file starts at MAPS_NAME_COLUMN; an anonymous line ends in a space. */
static void maps_line(struct text *t, const struct proc *p, const struct mm_area *a)
{
    struct vnode *vn = a->kind == MA_PROGRAM ? info_of(p)->exe : a->vn;
    uint32_t dev = vn ? vfs_dev(vn->fs) : a->kind == MA_SHARED_ANON ? 1 : 0;
    size_t before = t->len;
    text_printf(t, "%08llx-%08llx %c%c%c%c %08llx %02x:%02x %llu ", (unsigned long long)a->start,
                (unsigned long long)a->end, (a->prot & CX_PROT_READ) ? 'r' : '-',
                (a->prot & CX_PROT_WRITE) ? 'w' : '-', (a->prot & CX_PROT_EXEC) ? 'x' : '-',
                a->shared ? 's' : 'p', (unsigned long long)(vn || a->kind == MA_PROGRAM ? a->off : 0),
                (dev >> 8) & 0xfff, (dev & 0xff) | ((dev >> 12) & 0xfff00),
                (unsigned long long)(vn ? vn->ino : 0));
    char name[VFS_PATH_MAX + 16];
    int64_t n = 0;
    switch (a->kind) {
    case MA_HEAP: n = ksnprintf(name, sizeof name, "[heap]"); break;
    case MA_STACK: n = ksnprintf(name, sizeof name, "[stack]"); break;
    case MA_SHARED_ANON: n = ksnprintf(name, sizeof name, "/dev/zero (deleted)"); break;
    default:
        if (vn)
            n = node_name(p, &(struct vfs_path){ NULL, vn }, name, sizeof name);
        break;
    }
    if (n <= 0) {
        text_printf(t, "\n");
        return;
    }
    size_t used = t->len - before;
    text_printf(t, "%*s%.*s\n", used < MAPS_NAME_COLUMN ? (int)(MAPS_NAME_COLUMN - used) : 0, "", (int)n,
                name);
}

static void gen_maps(struct text *t, const struct proc *p)
{
    if (p->state == P_ZOMBIE)
        return;
    struct mm_area a;
    for (uint64_t at = 0; mm_area_next(p, at, &a) == 0; at = a.end)
        maps_line(t, p, &a);
}

/* --- global files ---------------------------------------------------------------------- */

/* A name in /proc/mounts: space, tab, newline and backslash in octal, as Linux. */
static void put_escaped(struct text *t, const char *s)
{
    for (; *s; s++) {
        if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\\')
            text_printf(t, "\\%03o", (unsigned)(unsigned char)*s);
        else
            text_printf(t, "%c", *s);
    }
}

static const char *type_of(const struct vfs *fs)
{
    return fs->type ? fs->type : "tmpfs";
}

static void mounts_line(struct vfs_mount *m, const char *where, void *arg)
{
    struct text *t = arg;
    char flags[96];
    mount_flag_text(m, flags, sizeof flags);
    put_escaped(t, m->source);
    text_printf(t, " ");
    put_escaped(t, where);
    text_printf(t, " %s %s%s%s 0 0\n", type_of(m->fs), flags, m->fs->options ? "," : "",
                m->fs->options ? m->fs->options : "");
}

/* The caller's root: mount lists and link texts are as it sees them. */
static struct vfs_path root_of(const struct proc *p)
{
    if (p && p->fs)
        return p->fs->root;
    return (struct vfs_path){ vfs_mounts, vfs_mounts ? vfs_mounts->root : procfs_vfs->root };
}

static void gen_mounts(struct text *t, const struct proc *p)
{
    struct vfs_path root = root_of(p);
    mount_each(&root, mounts_line, t);
}

static void mountinfo_line(struct vfs_mount *m, const char *where, void *arg)
{
    struct text *t = arg;
    static char inner[VFS_PATH_MAX];
    /* the mount's root inside its filesystem */
    struct vfs_path top = { 0, m->fs->root }, r = { 0, m->root };
    if (vfs_path_name(&top, &r, inner, sizeof inner) < 0)
        ksnprintf(inner, sizeof inner, "/");
    char flags[96];
    mount_flag_text(m, flags, sizeof flags);
    uint32_t dev = vfs_dev(m->fs);
    text_printf(t, "%d %d %u:%u ", m->id, m->parent ? m->parent->id : m->id, (dev >> 8) & 0xfff,
                dev & 0xff);
    put_escaped(t, inner);
    text_printf(t, " ");
    put_escaped(t, where);
    text_printf(t, " %s", flags);
    if (m->group)
        text_printf(t, " shared:%d", m->group);
    else if (m->unbindable)
        text_printf(t, " unbindable");
    text_printf(t, " - %s ", type_of(m->fs));
    put_escaped(t, m->source);
    text_printf(t, " %s%s%s\n", m->fs->rdonly ? "ro" : "rw", m->fs->options ? "," : "",
                m->fs->options ? m->fs->options : "");
}

static void gen_mountinfo(struct text *t, const struct proc *p)
{
    struct vfs_path root = root_of(p);
    mount_each(&root, mountinfo_line, t);
}

static void gen_filesystems(struct text *t)
{
    const struct fs_type *ft;
    for (int i = 0; (ft = fsmount_type(i)); i++)
        text_printf(t, "%s\t%s\n", ft->needs_dev ? "" : "nodev", ft->name);
}

/* Bytes the files under dir hold (outside /proc); a file with n names
   counts 1/n at each. */
static uint64_t file_bytes(struct vnode *dir, int depth)
{
    uint64_t bytes = 0;
    if (depth > VFS_SYMLOOP_MAX * 4)
        return 0;
    for (size_t i = 0; i < dir->u.dir.count; i++) {
        struct vnode *vn = dir->u.dir.ents[i].node;
        if (!vn || vn->synth)
            continue;
        if (vfs_is_dir(vn)) {
            bytes += file_bytes(vn, depth + 1);
        } else if (vfs_is_reg(vn)) {
            struct stat st;
            file_fill_stat(vn, &st);
            bytes += (uint64_t)st.st_blocks * 512 / (vn->nlink ? vn->nlink : 1);
        }
    }
    return bytes;
}

/* The machine's memory as the kernel counts it (memory_info), and the
   in-memory filesystems' file bytes (Linux counts tmpfs as Shmem and
   Cached); in kB. */
static void mem_figures(uint64_t *files_kb, uint64_t *total_kb, uint64_t *free_kb)
{
    struct cx_memory_info mi = { 0, 0 };
    cx_memory_info(&mi);
    *total_kb = mi.total_pages * (CX_PAGE_SIZE / 1024);
    *free_kb = mi.free_pages * (CX_PAGE_SIZE / 1024);
    uint64_t bytes = 0;
    for (struct vfs_mount *m = vfs_mounts; m; m = m->next) {
        int first = 1; /* each filesystem once, however often mounted */
        for (struct vfs_mount *o = vfs_mounts; o != m; o = o->next)
            if (o->fs == m->fs)
                first = 0;
        if (first && m->fs->magic != PROC_SUPER_MAGIC && m->fs->magic != EXT2_SUPER_MAGIC)
            bytes += file_bytes(m->fs->root, 0);
    }
    if (!vfs_mounts)
        bytes = file_bytes(procfs_vfs->root, 0);
    *files_kb = bytes / 1024;
}

static void gen_meminfo(struct text *t)
{
    uint64_t files, total, free_kb;
    mem_figures(&files, &total, &free_kb);
    const struct {
        const char *name;
        uint64_t kb;
    } rows[] = {
        { "MemTotal:", total }, { "MemFree:", free_kb }, { "MemAvailable:", free_kb },
        { "Buffers:", 0 }, { "Cached:", files }, { "SwapCached:", 0 }, { "Active:", 0 },
        { "Inactive:", 0 }, { "Shmem:", files }, { "SwapTotal:", 0 }, { "SwapFree:", 0 },
        { "Dirty:", 0 }, { "Slab:", 0 }, { "SReclaimable:", 0 }, { "SUnreclaim:", 0 },
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
        text_printf(t, "%-16s%8llu kB\n", rows[i].name, (unsigned long long)rows[i].kb);
}

/* Seconds and hundredths. */
static void put_centi(struct text *t, uint64_t ns)
{
    text_printf(t, "%llu.%02llu", (unsigned long long)(ns / NSEC),
                (unsigned long long)(ns % NSEC / (NSEC / 100)));
}

static void gen_uptime(struct text *t)
{
    uint64_t now = time_now_ns();
    put_centi(t, now);
    text_put(t, " ", 1);
    put_centi(t, now); /* no CPU accounting: the one CPU counts as idle */
    text_put(t, "\n", 1);
}

static void count_threads(int *running, int *total)
{
    *running = *total = 0;
    for (int i = 0; i < THREAD_MAX; i++) {
        if (!threads[i].used)
            continue;
        (*total)++;
        if (thread_runs(&threads[i]))
            (*running)++;
    }
}

static void gen_loadavg(struct text *t)
{
    int running, total;
    count_threads(&running, &total);
    text_printf(t, "0.00 0.00 0.00 %d/%d %d\n", running, total, last_pid);
}

static void gen_stat_global(struct text *t)
{
    uint64_t now = time_now_ns(), u, s;
    cputime_all(&u, &s);
    /* What no POSIX process ran counts as idle: the servers' own time too. */
    unsigned long long user = u / TICK_NS, sys = s / TICK_NS;
    unsigned long long idle = now > u + s ? (now - u - s) / TICK_NS : 0;
    int running, total;
    count_threads(&running, &total);
    text_printf(t, "cpu  %llu 0 %llu %llu 0 0 0 0 0 0\ncpu0 %llu 0 %llu %llu 0 0 0 0 0 0\n"
                "intr 0\nctxt 0\n", user, sys, idle, user, sys, idle);
    text_printf(t, "btime %llu\nprocesses %llu\nprocs_running %d\nprocs_blocked 0\n"
                "softirq 0 0 0 0 0 0 0 0 0 0 0\n",
                (unsigned long long)((time_realtime_ns() - now) / NSEC), (unsigned long long)forks,
                running);
}

static void gen_cpuinfo(struct text *t)
{
    char buf[512];
    text_put(t, buf, abi_cpuinfo(buf, sizeof buf));
}


/* --- generating a file at open ----------------------------------------------------------- */

enum pid_file { PF_STAT, PF_STATUS, PF_CMDLINE, PF_COMM, PF_ENVIRON, PF_MAPS, PF_MOUNTS,
                PF_MOUNTINFO };
enum global_file {
    GF_MEMINFO, GF_UPTIME, GF_LOADAVG, GF_STAT, GF_MOUNTS, GF_FILESYSTEMS, GF_VERSION,
    GF_CPUINFO, GF_HOSTNAME, GF_OSTYPE, GF_OSRELEASE, GF_PID_MAX,
};

static const struct { const char *name; uint32_t mode; } pid_files[] = {
    [PF_STAT] = { "stat", 0444 }, [PF_STATUS] = { "status", 0444 },
    [PF_CMDLINE] = { "cmdline", 0444 }, [PF_COMM] = { "comm", 0444 },
    [PF_ENVIRON] = { "environ", 0400 }, [PF_MAPS] = { "maps", 0444 },
    [PF_MOUNTS] = { "mounts", 0444 }, [PF_MOUNTINFO] = { "mountinfo", 0444 },
};

static void gen_global(struct text *t, uint32_t kind, const struct vfs_cred *cred)
{
    switch (kind) {
    case GF_MEMINFO: gen_meminfo(t); break;
    case GF_UPTIME: gen_uptime(t); break;
    case GF_LOADAVG: gen_loadavg(t); break;
    case GF_STAT: gen_stat_global(t); break;
    case GF_MOUNTS: gen_mounts(t, cred && cred->pid ? proc_by_pid(cred->pid) : NULL); break;
    case GF_FILESYSTEMS: gen_filesystems(t); break;
    case GF_VERSION:
        text_printf(t, "%s version %s (calyx@calyx) %s\n", HOST_SYSNAME, HOST_RELEASE,
                    HOST_VERSION);
        break;
    case GF_CPUINFO: gen_cpuinfo(t); break;
    case GF_HOSTNAME: text_printf(t, "%s\n", host_nodename()); break;
    case GF_OSTYPE: text_printf(t, "%s\n", HOST_SYSNAME); break;
    case GF_OSRELEASE: text_printf(t, "%s\n", HOST_RELEASE); break;
    case GF_PID_MAX: text_printf(t, "%d\n", PID_LIMIT); break;
    }
}

static int gen_pid_file(struct text *t, uint32_t kind, const struct proc *p,
                        const struct vfs_cred *cred)
{
    switch (kind) {
    case PF_STAT: gen_stat(t, p); break;
    case PF_STATUS: gen_status(t, p); break;
    case PF_CMDLINE: gen_args(t, p, 0); break;
    case PF_COMM: text_printf(t, "%s\n", p->comm); break;
    case PF_ENVIRON:
        if (!may_inspect(p, cred))
            return -EACCES;
        gen_args(t, p, 1);
        break;
    case PF_MAPS:
        if (!may_inspect(p, cred))
            return -EACCES;
        gen_maps(t, p);
        break;
    case PF_MOUNTS: gen_mounts(t, p); break;
    case PF_MOUNTINFO: gen_mountinfo(t, p); break;
    }
    return 0;
}

static int file_generate(struct vnode *vn, const struct vfs_cred *cred, char **data, size_t *len)
{
    struct text t = { 0 };
    int r = 0;
    if (arg_serial(vn) == 0) {
        gen_global(&t, arg_what(vn), cred);
    } else {
        struct proc *p = proc_of(vn);
        r = p ? gen_pid_file(&t, arg_what(vn), p, cred) : -ESRCH;
    }
    if (!r && t.failed)
        r = -ENOMEM;
    if (r) {
        free(t.data);
        return r;
    }
    *data = t.data;
    *len = t.len;
    return 0;
}

static const struct vfs_synth_ops file_ops = { .generate = file_generate };

/* --- /proc/<pid>/mem: the process's memory at the file offset ------------------------------ */

static int mem_open(struct vnode *vn, const struct vfs_cred *cred, int acc)
{
    (void)acc; /* the 0600 mode already decided reading and writing */
    struct proc *p = proc_of(vn);
    if (!p)
        return -ENOENT;
    return may_inspect(p, cred) ? 0 : -EACCES;
}

/* The process whose memory the file is, while it still has one. */
static struct proc *mem_owner(struct vnode *vn)
{
    struct proc *p = proc_of(vn);
    return p && p->state == P_ALIVE && !p->dying ? p : NULL;
}

/* Page by page, as Linux: what could be moved, or EIO when nothing could
   (nothing mapped there); 0 once the process has no memory (it ended). */
static int64_t mem_pread(struct vnode *vn, void *buf, size_t len, uint64_t off)
{
    struct proc *p = mem_owner(vn);
    size_t n = p ? client_read_partial(p, off, buf, len) : 0;
    return n ? (int64_t)n : p && len ? -EIO : 0;
}

static int64_t mem_pwrite(struct vnode *vn, const void *buf, size_t len, uint64_t off)
{
    struct proc *p = mem_owner(vn);
    size_t n = p ? client_write_partial(p, off, buf, len) : 0;
    return n ? (int64_t)n : p && len ? -EIO : 0;
}

static const struct vfs_synth_ops mem_ops = { .open = mem_open, .pread = mem_pread,
                                              .pwrite = mem_pwrite };

/* --- magic links ------------------------------------------------------------------------- */

static int64_t copy_out(char *buf, size_t size, const char *s, size_t len)
{
    if (len > size)
        len = size;
    memcpy(buf, s, len);
    return (int64_t)len;
}

/* How Linux names an open file in fd/ links, for the process p: its path
   as p's root sees it, "pipe:[ino]" ... */
static int64_t node_name(const struct proc *p, const struct vfs_path *at, char *buf, size_t size)
{
    static char path[VFS_PATH_MAX];
    struct vnode *vn = at->vn;
    int64_t n;
    if ((vn->mode & VFS_IFMT) == VFS_IFIFO && vn->nlink == 0) {
        n = ksnprintf(path, sizeof path, "pipe:[%llu]", (unsigned long long)vn->ino);
    } else if (vfs_is_reg(vn) && vn->nlink == 0 && vn->u.reg.anon_name) { /* a memfd */
        n = ksnprintf(path, sizeof path, "/%s (deleted)", vn->u.reg.anon_name);
    } else if (vn->nlink == 0 && !vfs_is_reg(vn) && !vfs_is_dir(vn)) {
        n = ksnprintf(path, sizeof path, "anon_inode:[%llu]", (unsigned long long)vn->ino);
    } else {
        struct vfs_path root = root_of(p), place = *at;
        if (!place.mnt && vfs_mounts)
            place.mnt = vfs_mount_guess(vn);
        n = vfs_path_name(&root, &place, path, sizeof path);
        n = n > 0 ? n - 1 : ksnprintf(path, sizeof path, "/ (deleted)");
    }
    return copy_out(buf, size, path, (size_t)n);
}

enum pid_link { PL_EXE, PL_CWD, PL_ROOT };

/* The place an exe/cwd/root link stands for (no new references). */
static int pid_link_node(struct vnode *vn, const struct vfs_cred *cred, struct vfs_path *out)
{
    struct proc *p = proc_of(vn);
    if (!p)
        return -ENOENT;
    if (!may_inspect(p, cred))
        return -EACCES;
    struct vfs_path n = { 0, 0 };
    switch (arg_what(vn)) {
    case PL_EXE: n.vn = info_of(p)->exe; break;
    case PL_CWD: if (p->fs) n = p->fs->cwd; break;
    case PL_ROOT: if (p->fs) n = p->fs->root; break;
    }
    if (!n.vn)
        return -ENOENT;
    *out = n;
    return 0;
}

static int64_t pid_link_readlink(struct vnode *vn, const struct vfs_cred *cred, char *buf,
                                 size_t size)
{
    struct vfs_path n;
    int r = pid_link_node(vn, cred, &n);
    return r ? r : node_name(proc_of(vn), &n, buf, size);
}

static const struct vfs_synth_ops pid_link_ops = {
    .readlink = pid_link_readlink, .follow = pid_link_node,
};

/* fd/N: the open file description's node. */
static int fd_link_node(struct vnode *vn, const struct vfs_cred *cred, struct vfs_path *out)
{
    struct proc *p = proc_of(vn);
    if (!p)
        return -ENOENT;
    if (!may_inspect(p, cred))
        return -EACCES;
    struct ofile *f = p->fdt ? fdtable_get(p->fdt, (int)arg_what(vn)) : NULL;
    if (!f)
        return -ENOENT;
    *out = (struct vfs_path){ f->mnt, f->vn };
    return 0;
}

static int64_t fd_link_readlink(struct vnode *vn, const struct vfs_cred *cred, char *buf,
                                size_t size)
{
    struct vfs_path n;
    int r = fd_link_node(vn, cred, &n);
    return r ? r : node_name(proc_of(vn), &n, buf, size);
}

static const struct vfs_synth_ops fd_link_ops = {
    .readlink = fd_link_readlink, .follow = fd_link_node,
};

/* /proc/self: the caller's own directory. */
static struct proc *caller(const struct vfs_cred *cred)
{
    struct proc *p = cred && cred->pid ? proc_by_pid(cred->pid) : NULL;
    return p && info_of(p)->dir ? p : NULL;
}

static int self_follow(struct vnode *vn, const struct vfs_cred *cred, struct vfs_path *out)
{
    (void)vn;
    struct proc *p = caller(cred);
    if (!p)
        return -ENOENT;
    out->vn = info_of(p)->dir; /* in the procfs mount the walk is in */
    return 0;
}

static int64_t self_readlink(struct vnode *vn, const struct vfs_cred *cred, char *buf, size_t size)
{
    (void)vn;
    struct proc *p = caller(cred);
    if (!p)
        return -ENOENT;
    char s[16];
    int n = ksnprintf(s, sizeof s, "%d", p->pid);
    return copy_out(buf, size, s, (size_t)n);
}

static const struct vfs_synth_ops self_ops = { .readlink = self_readlink, .follow = self_follow };

/* --- directories ------------------------------------------------------------------------- */

static void set_owner(struct vnode *vn, const struct proc *p)
{
    vn->uid = p->euid;
    vn->gid = p->egid;
}

static uint32_t fd_link_mode(const struct ofile *f)
{
    switch (f->flags & 3) { /* O_ACCMODE */
    case 0: return 0500;
    case 1: return 0300;
    default: return 0700;
    }
}

/* fd/: one link per open descriptor, re-read from the descriptor table. */
static void fd_dir_refresh(struct vnode *dir)
{
    static uint8_t seen[FILE_NOFILE_DEFAULT * 64 / 8];
    struct proc *p = proc_of(dir);
    struct fdtable *fdt = p ? p->fdt : NULL;
    uint32_t cap = fdt ? fdt->cap : 0;
    if (cap > sizeof seen * 8)
        cap = sizeof seen * 8;
    memset(seen, 0, (cap + 7) / 8);
    for (size_t i = dir->u.dir.count; i-- > 0;) {
        if (i >= dir->u.dir.count)
            continue; /* the removal below dropped trailing holes */
        struct vnode *link = dir->u.dir.ents[i].node;
        if (!link)
            continue;
        uint32_t fd = arg_what(link);
        struct ofile *f = fd < cap ? fdt->files[fd] : NULL;
        if (!f) {
            vfs_synth_remove(dir, dir->u.dir.ents[i].name);
            continue;
        }
        seen[fd / 8] |= (uint8_t)(1u << (fd % 8));
        link->mode = VFS_IFLNK | fd_link_mode(f);
        set_owner(link, p);
    }
    for (uint32_t fd = 0; fd < cap; fd++) {
        if (!fdt->files[fd] || (seen[fd / 8] & (1u << (fd % 8))))
            continue;
        char name[16];
        ksnprintf(name, sizeof name, "%u", fd);
        vfs_synth_node(dir, name, VFS_IFLNK | fd_link_mode(fdt->files[fd]), p->euid, p->egid,
                       &fd_link_ops, node_arg(arg_serial(dir), fd), NULL);
    }
}

static const struct vfs_synth_ops fd_dir_ops = { .refresh = fd_dir_refresh };

/* /proc/<pid>: its owner follows the process's effective ids. */
static void pid_dir_refresh(struct vnode *dir)
{
    struct proc *p = proc_of(dir);
    if (!p)
        return;
    set_owner(dir, p);
    for (size_t i = 0; i < dir->u.dir.count; i++)
        if (dir->u.dir.ents[i].node)
            set_owner(dir->u.dir.ents[i].node, p);
}

static const struct vfs_synth_ops pid_dir_ops = { .refresh = pid_dir_refresh };

static void root_refresh(struct vnode *dir)
{
    (void)dir;
    for (int i = 0; i < PROC_MAX; i++)
        if (info[i].dir)
            set_owner(info[i].dir, &procs[i]);
}

static const struct vfs_synth_ops root_ops = { .refresh = root_refresh };
static const struct vfs_synth_ops fixed_dir_ops = { 0 }; /* read-only, nothing to refresh */

static void make_pid_dir(struct proc *p)
{
    struct pinfo *in = info_of(p);
    char name[16];
    ksnprintf(name, sizeof name, "%d", p->pid);
    vfs_synth_remove(proc_root, name); /* nothing should be there: never two */
    struct vnode *dir;
    uint32_t s = in->serial;
    if (vfs_synth_node(proc_root, name, VFS_IFDIR | 0555, p->euid, p->egid, &pid_dir_ops,
                       node_arg(s, 0), &dir) < 0)
        return; /* out of nodes: this process has no directory */
    for (uint32_t k = 0; k < sizeof pid_files / sizeof pid_files[0]; k++)
        vfs_synth_node(dir, pid_files[k].name, VFS_IFREG | pid_files[k].mode, p->euid, p->egid,
                       &file_ops, node_arg(s, k), NULL);
    vfs_synth_node(dir, "mem", VFS_IFREG | 0600, p->euid, p->egid, &mem_ops, node_arg(s, 0), NULL);
    vfs_synth_node(dir, "fd", VFS_IFDIR | 0500, p->euid, p->egid, &fd_dir_ops, node_arg(s, 0),
                   NULL);
    static const char *const links[] = { [PL_EXE] = "exe", [PL_CWD] = "cwd", [PL_ROOT] = "root" };
    for (uint32_t k = 0; k < 3; k++)
        vfs_synth_node(dir, links[k], VFS_IFLNK | 0777, p->euid, p->egid, &pid_link_ops,
                       node_arg(s, k), NULL);
    in->dir = dir;
    vfs_unref(dir); /* the tree holds it */
}

/* --- the hooks --------------------------------------------------------------------------- */

static void set_args(struct pinfo *in, char *args, size_t argv_len, size_t env_len)
{
    free(in->args);
    in->args = args;
    in->argv_len = argv_len;
    in->env_len = env_len;
}

static void set_exe(struct pinfo *in, struct vnode *exe)
{
    if (exe)
        vfs_ref(exe);
    if (in->exe)
        vfs_unref(in->exe);
    in->exe = exe;
}

void procfs_proc_created(struct proc *p, const struct proc *parent)
{
    struct pinfo *in = info_of(p);
    procfs_proc_reaped(p); /* a slot is always clean, but be sure */
    in->serial = next_serial++;
    if (next_serial == 0)
        next_serial = 1;
    in->start_ns = time_now_ns();
    forks++;
    last_pid = p->pid;
    if (parent) {
        const struct pinfo *pi = info_of(parent);
        size_t n = pi->argv_len + pi->env_len;
        char *copy = n ? malloc(n) : NULL;
        if (copy) {
            memcpy(copy, pi->args, n);
            set_args(in, copy, pi->argv_len, pi->env_len);
        }
        set_exe(in, pi->exe);
        in->text_bytes = pi->text_bytes;
        in->data_bytes = pi->data_bytes;
    }
    if (proc_root)
        make_pid_dir(p);
}

static size_t strings_len(const char *const *s, size_t n)
{
    size_t len = 0;
    for (size_t i = 0; i < n; i++)
        len += strlen(s[i]) + 1;
    return len;
}

static char *put_strings(char *d, const char *const *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        size_t l = strlen(s[i]) + 1;
        memcpy(d, s[i], l);
        d += l;
    }
    return d;
}

/* The program file: path, or a "#!" script's interpreter (argv[0] then). */
static struct vnode *exe_of(struct proc *p, const char *path, const char *const *argv, size_t argc)
{
    struct vfs_path at;
    struct vfs_cred cred = { .uid = 0, .gid = 0, .pid = p->pid }; /* as p, for /proc/self/exe; root's rights */
    if (!p->fs || vfs_walk(&p->fs->root, &p->fs->cwd, path, 0, &cred, &at) < 0)
        return NULL;
    char magic[2];
    if (vfs_read(at.vn, magic, 2, 0) == 2 && magic[0] == '#' && magic[1] == '!' && argc) {
        vfs_path_unref(&at);
        if (vfs_walk(&p->fs->root, &p->fs->cwd, argv[0], 0, &cred, &at) < 0)
            return NULL;
    }
    struct vnode *vn = at.vn;
    vfs_ref(vn);
    vfs_path_unref(&at);
    return vn;
}

/* Sizes of the loaded segments of an ELF image (0 when it is not one). */
static void image_sizes(struct vnode *vn, uint64_t *text, uint64_t *data)
{
    Elf64_Ehdr eh;
    *text = *data = 0;
    if (vfs_read(vn, &eh, sizeof eh, 0) != sizeof eh || memcmp(eh.e_ident, ELFMAG, SELFMAG) ||
        eh.e_phentsize != sizeof(Elf64_Phdr) || eh.e_phnum > 256)
        return;
    for (unsigned i = 0; i < eh.e_phnum; i++) {
        Elf64_Phdr ph;
        if (vfs_read(vn, &ph, sizeof ph, eh.e_phoff + i * sizeof ph) != sizeof ph)
            return;
        if (ph.p_type != PT_LOAD)
            continue;
        uint64_t start = ph.p_vaddr & ~(uint64_t)(CX_PAGE_SIZE - 1);
        uint64_t end = (ph.p_vaddr + ph.p_memsz + CX_PAGE_SIZE - 1) & ~(uint64_t)(CX_PAGE_SIZE - 1);
        *((ph.p_flags & PF_X) ? text : data) += end - start;
    }
}

void procfs_proc_exec(struct proc *p, const char *path, const char *const *argv, size_t argc,
                      const char *const *envp, size_t envc)
{
    struct pinfo *in = info_of(p);
    size_t alen = strings_len(argv, argc), elen = strings_len(envp, envc);
    char *args = alen + elen ? malloc(alen + elen) : NULL;
    if (args)
        put_strings(put_strings(args, argv, argc), envp, envc);
    set_args(in, args, args ? alen : 0, args ? elen : 0);
    if (procfs_vfs) {
        struct vnode *exe = exe_of(p, path, argv, argc);
        set_exe(in, exe);
        in->text_bytes = in->data_bytes = 0;
        if (exe) {
            image_sizes(exe, &in->text_bytes, &in->data_bytes);
            vfs_unref(exe);
        }
    }
}

void procfs_proc_reaped(struct proc *p)
{
    struct pinfo *in = info_of(p);
    if (in->dir) {
        char name[16];
        ksnprintf(name, sizeof name, "%d", p->pid);
        if (vfs_dir_find(proc_root, name) == in->dir)
            vfs_synth_remove(proc_root, name);
        in->dir = NULL;
    }
    set_args(in, NULL, 0, 0);
    set_exe(in, NULL);
    memset(in, 0, sizeof *in);
}

/* --- set-up -------------------------------------------------------------------------------- */

static int add_file(struct vnode *dir, const char *name, uint32_t kind)
{
    return vfs_synth_node(dir, name, VFS_IFREG | 0444, 0, 0, &file_ops, node_arg(0, kind), NULL);
}

static int proc_make(const char *source, struct vnode *dev, const char *data, int rdonly,
                     struct vfs **out)
{
    (void)source, (void)dev, (void)data, (void)rdonly; /* hidepid= and friends: not kept */
    *out = &proc_fs; /* one procfs, however often mounted (one pid namespace) */
    return 0;
}

static const struct fs_type proc_type = { "proc", 0, proc_make };

struct vnode *procfs_root(void)
{
    return proc_root;
}

int procfs_init(struct vfs *fs)
{
    procfs_vfs = fs;
    if (vfs_init_empty(&proc_fs, fs->clock))
        return -ENOMEM;
    struct vnode *root = proc_fs.root, *sys, *kernel;
    root->mode = VFS_IFDIR | 0555;
    root->synth = &root_ops;
    proc_fs.type = "proc";
    proc_fs.magic = PROC_SUPER_MAGIC;
    proc_fs.dev = fsmount_new_dev();
    proc_fs.data_limit = 0; /* statfs: no blocks, no inodes (df leaves it out) */
    proc_root = root;
    fsmount_register(&proc_type);
    /* mounted at /proc, as an init script would (nosuid,nodev,noexec) */
    struct vnode *at = vfs_dir_find(fs->root, "proc");
    int made = !at;
    int r = made ? vfs_mkdir(fs->root, "proc", 0555, NULL, &at) : 0;
    if (r)
        return r;
    if (!vfs_is_dir(at))
        return -ENOTDIR;
    struct vfs_path where = { vfs_mounts, at };
    r = vfs_mounts ? mount_attach(&proc_fs, root, &where,
                                  VFS_MNT_NOSUID | VFS_MNT_NODEV | VFS_MNT_NOEXEC | VFS_MNT_RELATIME,
                                  "proc", NULL)
                   : 0;
    if (made)
        vfs_unref(at); /* the reference vfs_mkdir gave */
    if (r)
        return r;
    static const struct { const char *name; uint32_t kind; } files[] = {
        { "meminfo", GF_MEMINFO }, { "uptime", GF_UPTIME }, { "loadavg", GF_LOADAVG },
        { "stat", GF_STAT }, { "mounts", GF_MOUNTS }, { "filesystems", GF_FILESYSTEMS },
        { "version", GF_VERSION }, { "cpuinfo", GF_CPUINFO },
    };
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++)
        if ((r = add_file(root, files[i].name, files[i].kind)))
            return r;
    if ((r = vfs_synth_node(root, "self", VFS_IFLNK | 0777, 0, 0, &self_ops, 0, NULL)) ||
        (r = vfs_synth_node(root, "sys", VFS_IFDIR | 0555, 0, 0, &fixed_dir_ops, 0, &sys)))
        return r;
    r = vfs_synth_node(sys, "kernel", VFS_IFDIR | 0555, 0, 0, &fixed_dir_ops, 0, &kernel);
    vfs_unref(sys);
    if (r)
        return r;
    if (!(r = add_file(kernel, "hostname", GF_HOSTNAME)) &&
        !(r = add_file(kernel, "ostype", GF_OSTYPE)) &&
        !(r = add_file(kernel, "osrelease", GF_OSRELEASE)))
        r = add_file(kernel, "pid_max", GF_PID_MAX);
    if (!r)
        r = ipc_procfs_init(root, kernel); /* System V IPC: its limits, /proc/sysvipc */
    vfs_unref(kernel);
    if (!r)
        r = procsys_init();
    if (r)
        return r;
    /* /dev/fd and friends, as udev makes them (unless the archive has its own). */
    struct vnode *dev = vfs_dir_find(fs->root, "dev");
    static const char *const devlinks[][2] = {
        { "fd", "/proc/self/fd" }, { "stdin", "/proc/self/fd/0" },
        { "stdout", "/proc/self/fd/1" }, { "stderr", "/proc/self/fd/2" },
    };
    for (size_t i = 0; dev && vfs_is_dir(dev) && i < 4; i++)
        if (!vfs_dir_find(dev, devlinks[i][0]))
            vfs_symlink(dev, devlinks[i][0], devlinks[i][1], NULL, NULL);
    /* Processes that exist already (none at boot, but keep the tree whole). */
    for (int i = 0; i < PROC_MAX; i++)
        if (procs[i].state != P_FREE && info[i].serial && !info[i].dir)
            make_pid_dir(&procs[i]);
    return 0;
}

/* --- sysinfo ------------------------------------------------------------------------------ */

long sys_sysinfo(struct thread *t, const uint64_t *a)
{
    struct sysinfo si;
    memset(&si, 0, sizeof si);
    int running, total;
    count_threads(&running, &total);
    si.uptime = (long)(time_now_ns() / NSEC);
    uint64_t files, total_kb, free_kb;
    mem_figures(&files, &total_kb, &free_kb);
    si.totalram = total_kb;
    si.freeram = free_kb;
    si.sharedram = files;
    si.procs = (unsigned short)total;
    si.mem_unit = 1024;
    return client_write(t->p, a[0], &si, sizeof si) < 0 ? -EFAULT : 0;
}
