/* mount(2) and umount2(2): see fsmount.h. */
#include "fsmount.h"
#include "mount.h"
#include <calyx/malloc.h>
#include "../../../kernel/lib/string.h"
#include "../../../kernel/lib/printf.h"
#include <asm-generic/errno.h>
#include <linux/fcntl.h>
#include <linux/mount.h>
#include <linux/magic.h>

#define MNT_FORCE       1
#define MNT_DETACH      2
#define MNT_EXPIRE      4
#define UMOUNT_NOFOLLOW 8

#define PROPAGATION (MS_SHARED | MS_PRIVATE | MS_SLAVE | MS_UNBINDABLE)

/* --- filesystem types ------------------------------------------------------------------- */

static const struct fs_type *types[FSMOUNT_TYPES_MAX];

int fsmount_register(const struct fs_type *t)
{
    for (int i = 0; i < FSMOUNT_TYPES_MAX; i++) {
        if (!types[i]) {
            types[i] = t;
            return 0;
        }
    }
    return -ENOSPC;
}

const struct fs_type *fsmount_type(int i)
{
    return i >= 0 && i < FSMOUNT_TYPES_MAX ? types[i] : 0;
}

static const struct fs_type *type_named(const char *name)
{
    for (int i = 0; i < FSMOUNT_TYPES_MAX && types[i]; i++)
        if (!strcmp(types[i]->name, name))
            return types[i];
    return 0;
}

/* --- tmpfs ------------------------------------------------------------------------------- */

static int parse_u64(const char *s, size_t len, int base, uint64_t *out)
{
    uint64_t v = 0;
    if (len == 0)
        return -EINVAL;
    for (size_t i = 0; i < len; i++) {
        int d = s[i] >= '0' && s[i] <= '9' ? s[i] - '0' : -1;
        if (d < 0 || d >= base || v > (UINT64_MAX - (uint64_t)d) / (uint64_t)base)
            return -EINVAL;
        v = v * (uint64_t)base + (uint64_t)d;
    }
    *out = v;
    return 0;
}

/* size=: bytes with an optional k/m/g suffix, or a percentage of the
   default limit (tmpfs's percentage of RAM: VFS_DATA_MAX is half of it). */
static int parse_size(const char *s, size_t len, uint64_t *out)
{
    uint64_t mul = 1;
    if (len && (s[len - 1] == '%')) {
        uint64_t pct;
        if (parse_u64(s, len - 1, 10, &pct))
            return -EINVAL;
        *out = VFS_DATA_MAX * 2 / 100 * pct;
        return 0;
    }
    if (len) {
        switch (s[len - 1]) {
        case 'k': case 'K': mul = 1ull << 10; len--; break;
        case 'm': case 'M': mul = 1ull << 20; len--; break;
        case 'g': case 'G': mul = 1ull << 30; len--; break;
        }
    }
    uint64_t v;
    if (parse_u64(s, len, 10, &v) || v > UINT64_MAX / mul)
        return -EINVAL;
    *out = v * mul;
    return 0;
}

static int in_use(const struct vfs_dirent *e, void *arg)
{
    (void)arg;
    return e->node->refs != 0;
}

/* A whole tree with no node in use can go; one with users stays (never
   reached again: its memory is kept rather than freed under a user). */
static int tree_in_use(struct vnode *root)
{
    return root->refs || vfs_tree_find(root, in_use, 0);
}

void fsmount_free_tree(struct vfs *fs)
{
    if (tree_in_use(fs->root))
        return;
    vfs_destroy(fs);
    free(fs->options);
    free(fs);
}

static void tmpfs_release(struct vfs *fs)
{
    fsmount_free_tree(fs);
}

static uint32_t next_dev = VFS_ROOT_DEV + 1;

static void (*tmpfs_clock)(struct vfs_time *now);

/* Applies tmpfs's options to a new filesystem. */
static int tmpfs_options(struct vfs *fs, const char *data)
{
    for (const char *p = data; p && *p;) {
        const char *end = strchr(p, ',');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        size_t klen = 0;
        while (klen < len && p[klen] != '=')
            klen++;
        const char *eq = klen < len ? p + klen : 0;
        const char *v = eq ? eq + 1 : p + len;
        size_t vlen = eq ? len - klen - 1 : 0;
        uint64_t n;
#define KEY(k) (klen == sizeof k - 1 && !memcmp(p, k, klen))
        if (KEY("size") && eq) {
            if (parse_size(v, vlen, &n))
                return -EINVAL;
            fs->data_limit = n ? n : VFS_DATA_MAX * 2; /* 0: no limit but RAM's */
        } else if (KEY("nr_blocks") && eq) {
            if (parse_size(v, vlen, &n))
                return -EINVAL;
            fs->data_limit = n * VFS_PAGE_SIZE;
        } else if (KEY("mode") && eq) {
            if (parse_u64(v, vlen, 8, &n) || n > 07777)
                return -EINVAL;
            fs->root->mode = VFS_IFDIR | (uint32_t)n;
        } else if ((KEY("uid") || KEY("gid")) && eq) {
            if (parse_u64(v, vlen, 10, &n) || n > UINT32_MAX)
                return -EINVAL;
            *(p[0] == 'u' ? &fs->root->uid : &fs->root->gid) = (uint32_t)n;
        } else if (KEY("nr_inodes") && eq) {
            if (parse_size(v, vlen, &n))
                return -EINVAL; /* VFS_MAX_NODES stays the limit */
        } else if (!(KEY("inode64") || KEY("inode32") || KEY("noswap") || KEY("huge") ||
                     KEY("mpol") || KEY("defaults"))) {
            return -EINVAL; /* tmpfs: Unknown parameter */
        }
#undef KEY
        p += len + (end ? 1 : 0);
    }
    return 0;
}

/* The options as Linux's tmpfs shows them (what differs from the defaults). */
static void tmpfs_show(struct vfs *fs)
{
    char text[128];
    size_t n = 0;
    text[0] = 0;
    if (fs->data_limit != VFS_DATA_MAX)
        n += (size_t)ksnprintf(text + n, sizeof text - n, ",size=%lluk",
                               (unsigned long long)(fs->data_limit >> 10));
    if ((fs->root->mode & VFS_PERM_MASK) != 01777)
        n += (size_t)ksnprintf(text + n, sizeof text - n, ",mode=%o",
                               (unsigned)(fs->root->mode & VFS_PERM_MASK));
    if (fs->root->uid)
        n += (size_t)ksnprintf(text + n, sizeof text - n, ",uid=%u", fs->root->uid);
    if (fs->root->gid)
        n += (size_t)ksnprintf(text + n, sizeof text - n, ",gid=%u", fs->root->gid);
    free(fs->options);
    fs->options = 0;
    if (n && (fs->options = malloc(n)))
        memcpy(fs->options, text + 1, n); /* without the first comma, with the NUL */
}

static int tmpfs_make(const char *source, struct vnode *dev, const char *data, int rdonly,
                      struct vfs **out)
{
    (void)source, (void)dev, (void)rdonly;
    struct vfs *fs = calloc(1, sizeof *fs);
    if (!fs)
        return -ENOMEM;
    if (vfs_init_empty(fs, tmpfs_clock)) {
        free(fs);
        return -ENOMEM;
    }
    fs->root->mode = VFS_IFDIR | 01777; /* tmpfs's default */
    int r = tmpfs_options(fs, data);
    if (r) {
        vfs_destroy(fs);
        free(fs);
        return r;
    }
    fs->type = "tmpfs";
    fs->magic = TMPFS_MAGIC;
    fs->dev = next_dev++;
    tmpfs_show(fs);
    fs->release = tmpfs_release;
    *out = fs;
    return 0;
}

static const struct fs_type tmpfs_type = { "tmpfs", 0, tmpfs_make };
static const struct fs_type ramfs_type = { "ramfs", 0, tmpfs_make };

void fsmount_init(void (*clock)(struct vfs_time *now))
{
    tmpfs_clock = clock;
    fsmount_register(&tmpfs_type);
    fsmount_register(&ramfs_type);
}

uint32_t fsmount_new_dev(void)
{
    return next_dev++;
}

/* --- mount(2) ------------------------------------------------------------------------------ */

static uint32_t mount_flags_of(uint64_t ms)
{
    uint32_t f = 0;
    if (ms & MS_RDONLY) f |= VFS_MNT_RDONLY;
    if (ms & MS_NOSUID) f |= VFS_MNT_NOSUID;
    if (ms & MS_NODEV) f |= VFS_MNT_NODEV;
    if (ms & MS_NOEXEC) f |= VFS_MNT_NOEXEC;
    if (ms & MS_NOATIME) f |= VFS_MNT_NOATIME;
    if (ms & MS_NODIRATIME) f |= VFS_MNT_NODIRATIME;
    /* relatime is the default unless strictatime or noatime says otherwise */
    if (!(ms & (MS_STRICTATIME | MS_NOATIME)))
        f |= VFS_MNT_RELATIME;
    return f;
}

static int lookup(struct file_ctx *c, const char *path, int vflags, struct vfs_path *out)
{
    return vfs_walk(&c->fs->root, &c->fs->cwd, path, vflags, &c->cred, out);
}

static int remount(struct vfs_path *at, uint64_t flags, const char *data)
{
    struct vfs_mount *m = at->mnt;
    if (!m || at->vn != m->root)
        return -EINVAL;
    uint32_t f = mount_flags_of(flags);
    if (flags & MS_BIND) { /* this mount's flags only */
        if ((f & VFS_MNT_RDONLY) && !(m->flags & VFS_MNT_RDONLY) && m->writers)
            return -EBUSY; /* files open for writing through it (Linux's mnt_make_readonly) */
        m->flags = f;
        return 0;
    }
    struct vfs *fs = m->fs;
    int rdonly = (flags & MS_RDONLY) != 0;
    if (rdonly && !fs->rdonly && fs->writers)
        return -EBUSY;
    if (!rdonly && fs->rdonly && fs->owner)
        return -EACCES; /* a filesystem read only (ext2 here) stays so */
    if (data && *data && fs->magic == TMPFS_MAGIC && fs->release == tmpfs_release) {
        int r = tmpfs_options(fs, data);
        if (r)
            return r;
        tmpfs_show(fs);
    }
    fs->rdonly = (uint32_t)rdonly;
    m->flags = f & ~(uint32_t)VFS_MNT_RDONLY;
    return 0;
}

/* MS_MOVE: the mount at source goes to target. */
static int move_mount(struct file_ctx *c, const char *source, struct vfs_path *to)
{
    struct vfs_path from;
    int r = lookup(c, source, 0, &from);
    if (r)
        return r;
    struct vfs_mount *m = from.mnt;
    if (!m || from.vn != m->root || !m->parent) {
        r = -EINVAL;
    } else {
        for (struct vfs_mount *a = to->mnt; a; a = a->parent)
            if (a == m)
                r = -ELOOP; /* into itself */
        if (!r && vfs_is_dir(m->root) != vfs_is_dir(to->vn))
            r = -EINVAL; /* a directory and a non-directory: Linux's do_move_mount */
    }
    if (!r) {
        m->mountpoint->mounted--;
        vfs_unref(m->mountpoint);
        m->parent = to->mnt;
        m->mountpoint = to->vn;
        vfs_ref(to->vn);
        to->vn->mounted++;
        /* newest on its mountpoint: it goes to the end of the list */
        struct vfs_mount **pp = &vfs_mounts;
        while (*pp != m)
            pp = &(*pp)->next;
        *pp = m->next;
        m->next = 0;
        while (*pp)
            pp = &(*pp)->next;
        *pp = m;
    }
    vfs_path_unref(&from);
    return r;
}

static int new_mount(struct file_ctx *c, const char *source, struct vfs_path *at, const char *type,
                     uint64_t flags, const char *data)
{
    const struct fs_type *t = type ? type_named(type) : 0;
    if (!t)
        return -ENODEV;
    if (!vfs_is_dir(at->vn))
        return -ENOTDIR;
    struct vfs_path dev = { 0, 0 };
    int r;
    if (t->needs_dev) {
        if (!source || !*source)
            return -ENOENT;
        if ((r = lookup(c, source, 0, &dev)))
            return r;
        if ((dev.vn->mode & VFS_IFMT) != VFS_IFBLK) {
            vfs_path_unref(&dev);
            return -ENOTBLK;
        }
        if (dev.mnt && (dev.mnt->flags & VFS_MNT_NODEV)) {
            vfs_path_unref(&dev);
            return -EACCES;
        }
    }
    struct vfs *fs;
    r = t->make(source, dev.vn, data, (flags & MS_RDONLY) != 0, &fs);
    if (dev.vn)
        vfs_path_unref(&dev);
    if (r)
        return r;
    if (flags & MS_RDONLY)
        fs->rdonly = 1;
    r = mount_attach(fs, fs->root, at, mount_flags_of(flags) & ~(uint32_t)VFS_MNT_RDONLY,
                     source && *source ? source : "none", 0);
    if (r && fs->mounts == 0 && fs->release)
        fs->release(fs);
    return r;
}

int64_t file_mount(struct file_ctx *c, const char *source, const char *target, const char *type,
                   uint64_t flags, const char *data)
{
    if (c->cred.uid != 0)
        return -EPERM; /* CAP_SYS_ADMIN */
    if ((flags & MS_MGC_MSK) == MS_MGC_VAL)
        flags &= ~(uint64_t)MS_MGC_MSK;
    struct vfs_path at;
    int r = lookup(c, target, 0, &at);
    if (r)
        return r;
    uint64_t prop = flags & PROPAGATION;
    if (flags & MS_REMOUNT) {
        r = remount(&at, flags, data);
    } else if (flags & MS_BIND) {
        struct vfs_path src;
        if (!source || !*source)
            r = -EINVAL;
        else if (!(r = lookup(c, source, 0, &src))) {
            r = mount_bind(&src, &at, (flags & MS_REC) != 0);
            vfs_path_unref(&src);
        }
    } else if (prop) {
        if (prop & (prop - 1))
            r = -EINVAL; /* one kind at a time */
        else if (!at.mnt || at.vn != at.mnt->root)
            r = -EINVAL;
        else
            mount_set_propagation(at.mnt, prop == MS_SHARED ? MOUNT_SHARED
                                          : prop == MS_SLAVE ? MOUNT_SLAVE
                                          : prop == MS_UNBINDABLE ? MOUNT_UNBINDABLE
                                                                  : MOUNT_PRIVATE,
                                  (flags & MS_REC) != 0);
    } else if (flags & MS_MOVE) {
        r = !source || !*source ? -EINVAL : move_mount(c, source, &at);
    } else {
        r = new_mount(c, source, &at, type, flags, data);
    }
    vfs_path_unref(&at);
    return r;
}

int64_t file_umount(struct file_ctx *c, const char *target, int flags)
{
    if (flags & ~(MNT_FORCE | MNT_DETACH | UMOUNT_NOFOLLOW))
        return -EINVAL;
    if (c->cred.uid != 0)
        return -EPERM;
    struct vfs_path at;
    int r = lookup(c, target, (flags & UMOUNT_NOFOLLOW) ? VFS_NOFOLLOW : 0, &at);
    if (r)
        return r;
    if (!at.mnt || at.vn != at.mnt->root)
        r = -EINVAL; /* not a mount point */
    else
        r = mount_umount(at.mnt, (flags & MNT_DETACH) != 0, 1);
    vfs_path_unref(&at);
    return r;
}

int64_t fsmount_unshare(struct fs_state *fs)
{
    if (!fs->ns)
        return -EINVAL; /* a tree without mounts */
    struct vfs_mount *ns;
    int r = mount_ns_copy(fs->ns, &fs->root, &fs->cwd, &ns);
    if (r)
        return r;
    vfs_ns_put(fs->ns);
    fs->ns = ns;
    return 0;
}

int64_t file_unshare_mounts(struct file_ctx *c)
{
    return c->cred.uid != 0 ? -EPERM : fsmount_unshare(c->fs);
}
