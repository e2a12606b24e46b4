/* System V IPC in /proc: the limits in /proc/sys/kernel (msgmax, msgmnb,
 * msgmni, sem, shmmax, shmall, shmmni), read by anyone and written by root
 * with Linux's checks (proc_dointvec_minmax and friends: an integer in
 * range, else EINVAL), and the objects in /proc/sysvipc/{msg,sem,shm} with
 * Linux's header lines and columns. */
#include <stdarg.h>
#include "ipc.h"
#include "vfs.h"
#include "sysctl.h"
#include "printf.h"
#include "string.h"
#include <calyx/malloc.h>
#include <linux/fcntl.h>

void ipc_text_printf(struct ipc_text *t, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = kvsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0 || t->err)
        return;
    if (t->len + (size_t)n + 1 > t->cap) {
        size_t cap = t->cap ? t->cap : 512;
        while (cap < t->len + (size_t)n + 1)
            cap *= 2;
        char *b = realloc(t->buf, cap);
        if (!b) {
            t->err = -ENOMEM;
            return;
        }
        t->buf = b;
        t->cap = cap;
    }
    va_start(ap, fmt);
    kvsnprintf(t->buf + t->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    t->len += (size_t)n;
}

/* --- /proc/sysvipc ------------------------------------------------------------------------------ */

static int sysvipc_generate(struct vnode *vn, const struct vfs_cred *cred, char **data, size_t *len)
{
    (void)cred;
    struct ipc_text t = { 0 };
    switch (vn->synth_arg) {
    case 0: msg_proc_show(&t); break;
    case 1: sem_proc_show(&t); break;
    default: shm_proc_show(&t); break;
    }
    if (t.err) {
        free(t.buf);
        return t.err;
    }
    *data = t.buf;
    *len = t.len;
    return 0;
}

static const struct vfs_synth_ops sysvipc_ops = { .generate = sysvipc_generate };

/* --- /proc/sys/kernel ------------------------------------------------------------------------- */

enum { K_MSGMAX, K_MSGMNB, K_MSGMNI, K_SEM, K_SHMMAX, K_SHMALL, K_SHMMNI, K_COUNT };
static const char *const knames[K_COUNT] = {
    "msgmax", "msgmnb", "msgmni", "sem", "shmmax", "shmall", "shmmni",
};

static size_t show(int k, char *buf, size_t size)
{
    const struct ipc_limits *l = &ipc_limits;
    switch (k) {
    case K_MSGMAX: return (size_t)ksnprintf(buf, size, "%d\n", l->msgmax);
    case K_MSGMNB: return (size_t)ksnprintf(buf, size, "%d\n", l->msgmnb);
    case K_MSGMNI: return (size_t)ksnprintf(buf, size, "%d\n", l->msgmni);
    case K_SEM:
        return (size_t)ksnprintf(buf, size, "%d\t%d\t%d\t%d\n", l->semmsl, l->semmns, l->semopm,
                                 l->semmni);
    case K_SHMMAX: return (size_t)ksnprintf(buf, size, "%lu\n", (unsigned long)l->shmmax);
    case K_SHMALL: return (size_t)ksnprintf(buf, size, "%lu\n", (unsigned long)l->shmall);
    default: return (size_t)ksnprintf(buf, size, "%d\n", l->shmmni);
    }
}

static int64_t sysctl_pread(struct vnode *vn, void *buf, size_t len, uint64_t off)
{
    char text[96];
    size_t n = show((int)vn->synth_arg, text, sizeof text);
    return sysctl_read_text(text, n, buf, len, off);
}

static int64_t sysctl_pwrite(struct vnode *vn, const void *buf, size_t len, uint64_t off)
{
    int k = (int)vn->synth_arg;
    if (off != 0 || len == 0)
        return (int64_t)len; /* Linux (sysctl_writes_strict) ignores writes past the start */
    char text[128];
    size_t n = len < sizeof text - 1 ? len : sizeof text - 1;
    memcpy(text, buf, n);
    text[n] = 0;
    int64_t v[4];
    size_t used;
    int count = sysctl_parse(text, n, v, k == K_SEM ? 4 : 1, k == K_SHMMAX || k == K_SHMALL, &used);
    if (count < 0)
        return count;
    struct ipc_limits *l = &ipc_limits;
    switch (k) {
    case K_MSGMAX: case K_MSGMNB: case K_MSGMNI: case K_SHMMNI: {
        int64_t hi = k == K_MSGMNI || k == K_SHMMNI ? IPC_MNI : INT32_MAX;
        if (v[0] < 0 || v[0] > hi)
            return -EINVAL;
        int *field = k == K_MSGMAX ? &l->msgmax : k == K_MSGMNB ? &l->msgmnb
                   : k == K_MSGMNI ? &l->msgmni : &l->shmmni;
        *field = (int)v[0];
        break;
    }
    case K_SEM: {
        int vals[4] = { l->semmsl, l->semmns, l->semopm, l->semmni };
        for (int i = 0; i < count; i++)
            vals[i] = (int)v[i];
        l->semmsl = vals[0], l->semmns = vals[1], l->semopm = vals[2];
        if (vals[3] < 0 || vals[3] > IPC_MNI)
            return -ERANGE; /* as Linux: semmni stays, the others are taken */
        l->semmni = vals[3];
        break;
    }
    case K_SHMMAX: l->shmmax = (uint64_t)v[0]; break;
    default: l->shmall = (uint64_t)v[0]; break;
    }
    return (int64_t)(used < len ? used : len);
}

static const struct vfs_synth_ops sysctl_ops = { .open = sysctl_open, .pread = sysctl_pread,
                                                 .pwrite = sysctl_pwrite };

int ipc_procfs_init(struct vnode *proc_root, struct vnode *sys_kernel)
{
    int r;
    for (int k = 0; k < K_COUNT; k++)
        if ((r = vfs_synth_node(sys_kernel, knames[k], VFS_IFREG | 0644, 0, 0, &sysctl_ops,
                                (uint64_t)k, NULL)))
            return r;
    struct vnode *dir;
    static const struct vfs_synth_ops dir_ops = { 0 }; /* fixed: nothing to refresh */
    if ((r = vfs_synth_node(proc_root, "sysvipc", VFS_IFDIR | 0555, 0, 0, &dir_ops, 0, &dir)))
        return r;
    static const char *const names[] = { "msg", "sem", "shm" };
    for (int i = 0; i < 3 && !r; i++)
        r = vfs_synth_node(dir, names[i], VFS_IFREG | 0444, 0, 0, &sysvipc_ops, (uint64_t)i, NULL);
    vfs_unref(dir);
    return r;
}
