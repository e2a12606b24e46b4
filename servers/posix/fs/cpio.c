/* cpio "newc" loader: see cpio.h. */
#include "cpio.h"
#include "../../../kernel/lib/string.h"
#include <asm-generic/errno.h>

enum { F_INO, F_MODE, F_UID, F_GID, F_NLINK, F_MTIME, F_FILESIZE, F_DEVMAJOR, F_DEVMINOR,
       F_RDEVMAJOR, F_RDEVMINOR, F_NAMESIZE, F_CHECK, NFIELDS };

static int hex_field(const uint8_t *p, uint32_t *out)
{
    uint32_t v = 0;
    for (int i = 0; i < 8; i++) {
        uint8_t c = p[i];
        uint32_t d;
        if (c >= '0' && c <= '9')
            d = c - '0';
        else if (c >= 'a' && c <= 'f')
            d = c - 'a' + 10;
        else if (c >= 'A' && c <= 'F')
            d = c - 'A' + 10;
        else
            return -1;
        v = v << 4 | d;
    }
    *out = v;
    return 0;
}

static size_t pad4(size_t n) { return (n + 3) & ~(size_t)3; }

/* The regular files with more than one link met so far in this archive, by
   (ino, device): a later entry with the same key is another name for the
   node (cpio writes the data with one of the names, GNU cpio the last). */
struct link_seen {
    uint32_t ino, devmajor, devminor;
    struct vnode *vn; /* holds a reference until the archive is loaded */
};
static struct link_seen links_seen[CPIO_LINKS_MAX];
static size_t nlinks_seen;

static struct link_seen *link_find(const uint32_t *f)
{
    for (size_t i = 0; i < nlinks_seen; i++) {
        struct link_seen *l = &links_seen[i];
        if (l->ino == f[F_INO] && l->devmajor == f[F_DEVMAJOR] && l->devminor == f[F_DEVMINOR])
            return l;
    }
    return NULL;
}

static int link_remember(const uint32_t *f, struct vnode *vn, struct cpio_result *res)
{
    if (nlinks_seen == CPIO_LINKS_MAX) {
        res->why = "more than CPIO_LINKS_MAX hard-linked files";
        return -ENOMEM;
    }
    struct link_seen *l = &links_seen[nlinks_seen++];
    l->ino = f[F_INO], l->devmajor = f[F_DEVMAJOR], l->devminor = f[F_DEVMINOR];
    l->vn = vn;
    vfs_ref(vn);
    return 0;
}

static void links_forget(void)
{
    for (size_t i = 0; i < nlinks_seen; i++)
        vfs_unref(links_seen[i].vn);
    nlinks_seen = 0;
}

static int fail(struct cpio_result *res, int err, const char *why, const char *name, size_t len)
{
    res->why = why;
    if (name) {
        size_t n = len < sizeof res->name - 1 ? len : sizeof res->name - 1;
        memcpy(res->name, name, n);
        res->name[n] = 0;
    }
    return err;
}

/* Removes an existing non-directory named name in dir, so that the entry can replace it. */
static int clear_name(struct vnode *dir, const char *name, int keep_dir, int keep_reg)
{
    struct vnode *old = vfs_dir_find(dir, name);
    if (!old)
        return 0;
    if (vfs_is_dir(old))
        return keep_dir ? 0 : -EISDIR;
    if (keep_reg && vfs_is_reg(old))
        return 0;
    return vfs_unlink(dir, name, 0);
}

static void set_attrs(struct vnode *vn, const uint32_t *f)
{
    vn->mode = (vn->mode & VFS_IFMT) | (f[F_MODE] & VFS_PERM_MASK);
    vn->uid = f[F_UID];
    vn->gid = f[F_GID];
    vn->atime.sec = vn->mtime.sec = vn->ctime.sec = f[F_MTIME];
    vn->atime.nsec = vn->mtime.nsec = vn->ctime.nsec = 0;
}

/* Creates one entry; path is relative to the root and NUL-terminated. */
static int add_entry(struct vfs *fs, const char *path, const uint32_t *f, const uint8_t *data,
                     struct cpio_result *res)
{
    uint32_t type = f[F_MODE] & VFS_IFMT;
    if (type != VFS_IFDIR && type != VFS_IFREG && type != VFS_IFLNK) {
        res->skipped++;
        return 0;
    }
    if (path[0] == 0) { /* the root itself */
        if (type != VFS_IFDIR)
            return -EINVAL;
        set_attrs(fs->root, f);
        return 0;
    }
    struct vnode *dir, *vn = 0;
    char name[VFS_NAME_MAX + 1];
    int r = vfs_lookup_parent(fs, fs->root, path, 0, &dir, name, 0);
    if (r)
        return r;
    if (type == VFS_IFDIR) {
        r = clear_name(dir, name, 1, 0);
        if (!r) {
            vn = vfs_dir_find(dir, name);
            if (vn)
                vfs_ref(vn);
            else
                r = vfs_mkdir(dir, name, 0700, 0, &vn);
        }
        if (!r)
            res->dirs++;
    } else if (type == VFS_IFREG && f[F_NLINK] > 1 && link_find(f)) {
        /* Another name of a file met earlier: link it, then write this
           entry's data (if any) over the node without truncating it. */
        vn = link_find(f)->vn;
        vfs_ref(vn);
        r = clear_name(dir, name, 0, 0);
        if (!r)
            r = vfs_link(dir, name, vn, 0);
        if (!r && f[F_FILESIZE]) {
            int64_t n = vfs_write(vn, data, f[F_FILESIZE], 0);
            r = n < 0 ? (int)n : n != f[F_FILESIZE] ? -EFBIG : 0;
        }
        if (!r)
            res->hardlinks++;
    } else if (type == VFS_IFREG) {
        r = clear_name(dir, name, 0, 1);
        if (!r) {
            vn = vfs_dir_find(dir, name);
            if (vn) {
                vfs_ref(vn);
                r = vfs_truncate(vn, 0);
            } else {
                r = vfs_create(dir, name, 0600, 0, &vn);
            }
        }
        if (!r && f[F_FILESIZE]) {
            int64_t n = vfs_write(vn, data, f[F_FILESIZE], 0);
            r = n < 0 ? (int)n : n != f[F_FILESIZE] ? -EFBIG : 0;
        }
        if (!r && f[F_NLINK] > 1)
            r = link_remember(f, vn, res);
        if (!r)
            res->files++;
    } else {
        char target[VFS_PATH_MAX];
        size_t len = f[F_FILESIZE];
        if (len == 0 || len >= VFS_PATH_MAX || strnlen((const char *)data, len) != len) {
            vfs_unref(dir);
            return -EINVAL;
        }
        memcpy(target, data, len);
        target[len] = 0;
        r = clear_name(dir, name, 0, 0);
        if (!r)
            r = vfs_symlink(dir, name, target, 0, &vn);
        if (!r)
            res->symlinks++;
    }
    if (vn) {
        if (!r)
            set_attrs(vn, f);
        vfs_unref(vn);
    }
    vfs_unref(dir);
    return r;
}

/* "./a", "/a", "a" -> "a"; "." and "./" -> ""; -1 for a ".." component. */
static int normalise(const char *name, const char **out)
{
    while (name[0] == '/' || (name[0] == '.' && (name[1] == '/' || name[1] == 0)))
        name++;
    for (const char *p = name; *p;) {
        if (p[0] == '.' && p[1] == '.' && (p[2] == '/' || p[2] == 0))
            return -1;
        while (*p && *p != '/')
            p++;
        while (*p == '/')
            p++;
    }
    *out = name;
    return 0;
}

static int load(struct vfs *fs, const uint8_t *a, size_t size, struct cpio_result *res)
{
    size_t off = 0;
    for (;;) {
        if (size - off < CPIO_HEADER_SIZE)
            return fail(res, -EINVAL, "missing trailer (archive ends early)", 0, 0);
        const uint8_t *h = a + off;
        if (memcmp(h, "070701", 6) && memcmp(h, "070702", 6))
            return fail(res, -EINVAL, "bad magic (not a newc archive)", 0, 0);
        uint32_t f[NFIELDS];
        for (int i = 0; i < NFIELDS; i++)
            if (hex_field(h + 6 + 8 * i, &f[i]))
                return fail(res, -EINVAL, "non-hex digit in a header", 0, 0);
        size_t namesize = f[F_NAMESIZE];
        if (namesize == 0 || namesize > VFS_PATH_MAX)
            return fail(res, -EINVAL, "name size 0 or over PATH_MAX", 0, 0);
        if (namesize > size - off - CPIO_HEADER_SIZE)
            return fail(res, -EINVAL, "name runs past the end", 0, 0);
        const char *name = (const char *)h + CPIO_HEADER_SIZE;
        if (name[namesize - 1] != 0 || strlen(name) != namesize - 1)
            return fail(res, -EINVAL, "name not NUL-terminated where its size says", name,
                        namesize - 1);
        size_t data_off = pad4(off + CPIO_HEADER_SIZE + namesize);
        if (!strcmp(name, "TRAILER!!!"))
            return 0;
        if (namesize == 1)
            return fail(res, -EINVAL, "empty name", 0, 0);
        if (data_off > size || f[F_FILESIZE] > size - data_off)
            return fail(res, -EINVAL, "data runs past the end", name, namesize - 1);
        /* A newc size has 32 bits: always below VFS_MAX_FILE_SIZE. */
        const char *path;
        if (normalise(name, &path))
            return fail(res, -EINVAL, "\"..\" in a name", name, namesize - 1);
        int r = add_entry(fs, path, f, a + data_off, res);
        if (r)
            return fail(res, r, res->why ? res->why : r == -EINVAL ? "bad symbolic link or root entry"
                                                                    : "filesystem error",
                        name, namesize - 1);
        off = pad4(data_off + f[F_FILESIZE]);
        if (off > size) /* the last entry's padding is missing: the trailer check fails next */
            off = size;
    }
}

int cpio_load(struct vfs *fs, const void *archive, size_t size, struct cpio_result *res)
{
    memset(res, 0, sizeof *res);
    int r = load(fs, archive, size, res);
    links_forget();
    return r;
}
