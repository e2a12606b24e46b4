/* /proc/sys number files (see sysctl.h). */
#include "sysctl.h"
#include "procfs.h"
#include "printf.h"
#include <calyx/malloc.h>
#include "../../../kernel/lib/string.h"
#include <asm-generic/errno.h>
#include <linux/fcntl.h>

static const struct vfs_synth_ops fixed_dir = { 0 }; /* nothing to refresh */

struct vnode *sysctl_dir(const char *path)
{
    struct vnode *proc = procfs_root();
    struct vnode *d = proc ? vfs_dir_find(proc, "sys") : NULL;
    char name[VFS_NAME_MAX + 1];
    while (d && *path) {
        size_t n = 0;
        while (path[n] && path[n] != '/' && n < VFS_NAME_MAX)
            n++;
        memcpy(name, path, n);
        name[n] = 0;
        path += n + (path[n] == '/');
        struct vnode *next = vfs_dir_find(d, name);
        if (!next && vfs_synth_node(d, name, VFS_IFDIR | 0555, 0, 0, &fixed_dir, 0, NULL) == 0)
            next = vfs_dir_find(d, name);
        d = next;
    }
    return d;
}

int sysctl_open(struct vnode *vn, const struct vfs_cred *cred, int acc)
{
    int want = acc == O_RDONLY ? VFS_MAY_READ : acc == O_WRONLY ? VFS_MAY_WRITE
                                                             : VFS_MAY_READ | VFS_MAY_WRITE;
    return vfs_permission(vn, cred, want);
}

int64_t sysctl_read_text(const char *text, size_t n, void *buf, size_t len, uint64_t off)
{
    if (off >= n)
        return 0;
    if (len > n - off)
        len = n - (size_t)off;
    memcpy(buf, text + off, len);
    return (int64_t)len;
}

static int blank(char c)
{
    return c == ' ' || c == '\t' || c == '\n';
}

int sysctl_parse(const char *s, size_t len, int64_t *v, int max, int is_unsigned, size_t *used)
{
    int n = 0;
    size_t i = 0;
    for (;;) {
        while (i < len && blank(s[i]))
            i++;
        *used = i;
        if (i >= len || s[i] == 0)
            return n ? n : -EINVAL;
        if (n == max)
            return n; /* more values than the file has: left unread */
        int neg = 0;
        if (s[i] == '-') {
            if (is_unsigned)
                return -EINVAL;
            neg = 1;
            i++;
        }
        if (i >= len || s[i] < '0' || s[i] > '9')
            return -EINVAL;
        uint64_t x = 0;
        while (i < len && s[i] >= '0' && s[i] <= '9') {
            uint64_t d = (uint64_t)(s[i++] - '0');
            if (x > (UINT64_MAX - d) / 10)
                return -EINVAL;
            x = x * 10 + d;
        }
        if (i < len && !blank(s[i]) && s[i] != 0)
            return -EINVAL;
        if (!is_unsigned && x > (uint64_t)INT32_MAX + (uint64_t)neg)
            return -EINVAL; /* proc_dointvec's values are ints (unsigned longs: the bits) */
        v[n++] = neg ? (int64_t)(0 - x) : (int64_t)x;
    }
}

static const struct sysctl_int *int_of(const struct vnode *vn)
{
    return (const struct sysctl_int *)(uintptr_t)vn->synth_arg;
}

static int64_t int_pread(struct vnode *vn, void *buf, size_t len, uint64_t off)
{
    const struct sysctl_int *s = int_of(vn);
    char text[32];
    int n = s->is_unsigned ? ksnprintf(text, sizeof text, "%llu\n", (unsigned long long)*s->value)
                           : ksnprintf(text, sizeof text, "%lld\n", (long long)*s->value);
    return sysctl_read_text(text, (size_t)n, buf, len, off);
}

static int64_t int_pwrite(struct vnode *vn, const void *buf, size_t len, uint64_t off)
{
    const struct sysctl_int *s = int_of(vn);
    if (off != 0 || len == 0)
        return (int64_t)len;
    char text[64];
    size_t n = len < sizeof text - 1 ? len : sizeof text - 1;
    memcpy(text, buf, n);
    text[n] = 0;
    int64_t v;
    size_t used;
    int count = sysctl_parse(text, n, &v, 1, s->is_unsigned, &used);
    if (count < 0)
        return count;
    if (s->pow2 && v > 0) {
        int64_t p = 1;
        while (p < v && p < INT64_MAX / 2)
            p <<= 1;
        v = p < s->min ? s->min : p;
    }
    int out = s->is_unsigned ? (uint64_t)v < (uint64_t)s->min || (uint64_t)v > (uint64_t)s->max
                             : v < s->min || v > s->max;
    if (out)
        return -EINVAL;
    *s->value = v;
    return (int64_t)(used < len ? used : len);
}

static const struct vfs_synth_ops int_ops = {
    .open = sysctl_open, .pread = int_pread, .pwrite = int_pwrite,
};

int sysctl_add(struct vnode *dir, const struct sysctl_int *s)
{
    return vfs_synth_node(dir, s->name, VFS_IFREG | (s->read_only ? 0444 : 0644), 0, 0, &int_ops,
                          (uint64_t)(uintptr_t)s, NULL);
}

static int text_generate(struct vnode *vn, const struct vfs_cred *cred, char **data, size_t *len)
{
    (void)cred;
    const char *text = (const char *)(uintptr_t)vn->synth_arg;
    size_t n = strlen(text);
    char *copy = malloc(n + 1);
    if (!copy)
        return -ENOMEM;
    memcpy(copy, text, n + 1);
    *data = copy;
    *len = n;
    return 0;
}

static const struct vfs_synth_ops text_ops = { .generate = text_generate };

int sysctl_add_text(struct vnode *dir, const char *name, const char *text)
{
    return vfs_synth_node(dir, name, VFS_IFREG | 0444, 0, 0, &text_ops, (uint64_t)(uintptr_t)text,
                          NULL);
}
