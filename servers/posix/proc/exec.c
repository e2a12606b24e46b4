/* Starting programs: the first program (proc_spawn_init) and execve. */
#include "posix.h"
#include "proc.h"
#include "proc_internal.h"
#include "client.h"
#include "fileio.h"
#include "mm.h"
#include "signal.h"
#include "ptimer.h"
#include "futex_pi.h"
#include "vfs.h"
#include "console.h"
#include "errno_map.h"
#include "procfs.h"
#include "string.h"
#include "execargs.h"
#include "binfmt.h"
#include "native_grant.h"
#include "time.h"
#include "ipc.h"
#include "cputime.h"
#include "pagecache.h"

/* The kernel process running prog's pages from the page cache (they are
   shared with every other process running it): process_create_mapped, with
   a main stack of RLIMIT_STACK (as set at execve; unlimited: the largest
   the kernel makes). */
static uint64_t create_mapped(const struct proc *p, struct vnode *prog, const uint8_t *head, size_t size,
                              int grant_ok, const struct exec_args *e)
{
    uint64_t stack = p->rlim[RLIMIT_STACK].rlim_cur;
    if (stack == RLIM_INFINITY || stack > CX_STACK_MAX)
        stack = CX_STACK_MAX;
    cx_cap_t mem;
    uint64_t serial;
    int r = pagecache_share(prog, &mem, &serial);
    if (r < 0)
        return CX_MKERR(r == -EFBIG ? CX_ERR_INVALID_PARAMETER : CX_ERR_OUT_OF_MEMORY);
    uint64_t view = cx_capability_derive(mem, CX_RIGHT_READ | CX_RIGHT_EXEC);
    if (CX_IS_ERR(view))
        return view;
    uint64_t k = native_grant_create(grant_ok, head, size, view, (const char *const *)e->argv, e->argc, e->envc,
                                     stack);
    cx_capability_revoke(view); /* the new process's mappings keep the pages */
    return k;
}

/* Creates the kernel process for path (scripts run their interpreters:
   binfmt.h). On success *kpid, *cap are the new (not yet started) process,
   *prog its program file (referenced), and the program's headers have set
   p's heap start. */
static long exec_create(struct proc *p, const char *path, struct exec_args *e, uint64_t *kpid,
                        cx_cap_t *cap, struct vnode **prog)
{
    uint8_t *image; /* the program's headers (binfmt_load), freed below */
    size_t size;
    int grant_ok; /* may it have the native authority? never through "#!" (native_grant.h) */
    long r = binfmt_load(p, path, e, prog, &image, &size, &grant_ok);
    if (r < 0)
        return r;
    if (exec_args_kernel_bytes(e) > CX_START_MAX_ARGBYTES) { /* execargs.h: only a script near the top */
        free(image);
        vfs_unref(*prog);
        return -E2BIG;
    }
    uint64_t k = create_mapped(p, *prog, image, size, grant_ok, e);
    if (CX_IS_ERR(k)) {
        free(image);
        vfs_unref(*prog);
        return CX_ERR_CODE(k) == CX_ERR_INVALID_PARAMETER ? -ENOEXEC : -errno_from_cx(k);
    }
    mm_exec(p, image, size);
    free(image);
    uint64_t c = cx_process_capability(k, CX_RIGHTS_ALL);
    if (CX_IS_ERR(c)) {
        struct cx_exit_info info;
        cx_process_wait(k, CX_TIMEOUT_POLL, &info); /* never started: gone with the wait */
        native_grant_end(k);
        vfs_unref(*prog);
        return -EAGAIN;
    }
    uint64_t s = cx_process_set_personality(c, posix_endpoint_cap);
    if (CX_IS_ERR(s)) {
        vfs_unref(*prog);
        cx_process_kill(c, 0);
        cx_capability_revoke(c);
        native_grant_end(k);
        return -errno_from_cx(s);
    }
    *kpid = k;
    *cap = c;
    return 0;
}

static void set_comm(struct proc *p, const char *path)
{
    const char *base = path;
    for (const char *c = path; *c; c++)
        if (*c == '/' && c[1])
            base = c + 1;
    strlcpy(p->comm, base, sizeof p->comm);
}

int proc_spawn_init(const char *const *argv, size_t argc, const char *const *envp, size_t envc)
{
    if (argc == 0)
        return -E2BIG;
    struct proc *p = proc_alloc();
    if (!p)
        return -EAGAIN;
    proc_rlimits_default(p);
    struct exec_args e;
    int r = (int)exec_args_from_lists(&e, p, argv, argc, envp, envc);
    if (r == 0)
        r = fileio_init_proc(p);
    if (r < 0) {
        exec_args_free(&e);
        return r;
    }
    console_init_ctty(p);
    uint64_t kpid;
    struct vnode *prog;
    r = (int)exec_create(p, argv[0], &e, &kpid, &p->cap, &prog);
    if (r < 0) {
        exec_args_free(&e);
        return r;
    }
    mm_set_program(p, prog);
    vfs_unref(prog);
    proc_set_kpid(p, kpid);
    procfs_proc_created(p, NULL);
    procfs_proc_exec(p, argv[0], (const char *const *)e.argv, e.argc, (const char *const *)e.envp,
                     e.envc);
    exec_args_free(&e);
    if (!thread_alloc(p, p->pid))
        return -EAGAIN;
    set_comm(p, argv[0]);
    init_pid = p->pid;
    cx_process_start(p->kpid);
    return 0;
}

long sys_execve(struct thread *t, const uint64_t *a)
{
    static struct exec_args e;
    static char path[VFS_PATH_MAX];
    struct proc *p = t->p;
    long r = client_string(p, a[0], path, sizeof path);
    if (r < 0)
        return r;
    struct vnode *vn; /* Linux opens the file before it reads the strings */
    if ((r = fileio_lookup_exec(p, path, &vn)) < 0)
        return r;
    vfs_unref(vn);
    if ((r = exec_args_from_client(&e, p, a[1], a[2], path)) < 0) {
        exec_args_free(&e);
        return r;
    }
    uint64_t kpid;
    cx_cap_t cap;
    uint64_t old_brk[3] = { p->brk_start, p->brk_end, p->brk_mapped };
    struct vnode *prog;
    r = exec_create(p, path, &e, &kpid, &cap, &prog);
    if (r < 0) {
        p->brk_start = old_brk[0], p->brk_end = old_brk[1], p->brk_mapped = old_brk[2];
        exec_args_free(&e);
        return r;
    }
    /* The point of no return: the old image goes (its CX_PMSG_EXIT comes
       with the old kernel pid, which nobody owns any more: reaped then). */
    futex_owners_exit(p); /* while the old memory is still there */
    cputime_exec(p, t);
    cx_process_kill(p->cap, 0);
    cx_capability_revoke(p->cap);
    proc_set_kpid(p, kpid);
    p->cap = cap;
    mm_set_program(p, prog);
    vfs_unref(prog);
    proc_drop_threads(p, t);
    t->reply = CX_REPLY_NONE; /* the caller died with the old image */
    thread_set_ktid(t, 0);
    t->sched_level = 0; /* the new image's thread starts at the default (sched.h) */
    thread_set_tid(t, p->pid);
    t->clear_child_tid = t->robust_list = 0;
    t->ss_sp = t->ss_size = 0;
    t->ss_flags = SS_DISABLE;
    t->block = BLOCK_NONE;
    time_set_deadline(t, 0);
    p->first_seen = 0;
    procfs_proc_exec(p, path, (const char *const *)e.argv, e.argc, (const char *const *)e.envp, e.envc);
    exec_args_free(&e);
    signal_exec(p);
    ptimer_delete_all(p); /* timer_create's timers end at execve, as Linux */
    fileio_exec(p);
    ipc_exec(p); /* the old address space took the attached segments with it */
    set_comm(p, path);
    cx_process_start(kpid);
    proc_release_vfork(p);
    return R_GONE;
}
