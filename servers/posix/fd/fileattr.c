/* Changing a file's attributes: size (truncate, fallocate), mode,
 * ownership and times (file.h). */
#include "file_internal.h"
#include "lease.h"
#include <asm-generic/errno.h>
#include <linux/fcntl.h>

/* --- size ------------------------------------------------------------------------------------ */

int64_t file_ftruncate(struct file_ctx *c, int fd, int64_t len)
{
    struct ofile *f = fdtable_get(c->fdt, fd);
    if (!f || (f->flags & O_PATH))
        return -EBADF;
    if (len < 0 || !ofile_can_write(f) || !vfs_is_reg(f->vn))
        return -EINVAL;
    return vfs_truncate(f->vn, (uint64_t)len);
}

int64_t file_truncate(struct file_ctx *c, const char *path, int64_t len)
{
    if (len < 0)
        return -EINVAL;
    struct vfs_path p;
    int r = file_lookup_at(c, AT_FDCWD, path, 0, &p);
    if (r)
        return r;
    struct vnode *vn = p.vn;
    if (vfs_is_dir(vn))
        r = -EISDIR;
    else if (!vfs_is_reg(vn))
        r = -EINVAL;
    else if (!(r = vfs_permission(vn, &c->cred, VFS_MAY_WRITE)) && !(r = file_writable(&p)) &&
             !(r = vn->running ? -ETXTBSY : 0) && /* a running program's file */
             !(r = vn->leases ? lease_break(vn, O_WRONLY) : 0)) /* as Linux's vfs_truncate */
        r = vfs_truncate(vn, (uint64_t)len);
    vfs_path_unref(&p);
    return r;
}

int64_t file_fallocate(struct file_ctx *c, int fd, int mode, int64_t off, int64_t len)
{
    struct ofile *f = fdtable_get(c->fdt, fd);
    if (!f || (f->flags & O_PATH))
        return -EBADF;
    if (off < 0 || len <= 0)
        return -EINVAL;
    if (mode & ~(VFS_FALLOC_KEEP_SIZE | VFS_FALLOC_PUNCH_HOLE))
        return -EOPNOTSUPP;
    if ((mode & VFS_FALLOC_PUNCH_HOLE) && !(mode & VFS_FALLOC_KEEP_SIZE))
        return -EOPNOTSUPP;
    if (!ofile_can_write(f))
        return -EBADF;
    if ((f->vn->mode & VFS_IFMT) == VFS_IFIFO)
        return -ESPIPE;
    return vfs_fallocate(f->vn, mode, off, len);
}

/* --- mode and ownership ---------------------------------------------------------------------- */

static int chmod_node(struct file_ctx *c, const struct vfs_path *p, uint32_t mode)
{
    struct vnode *vn = p->vn;
    if (c->cred.uid != 0 && c->cred.uid != vn->uid)
        return -EPERM;
    int r = file_writable(p);
    if (r)
        return r;
    if (c->cred.uid != 0 && !vfs_is_dir(vn) && !vfs_in_group(&c->cred, vn->gid))
        mode &= ~(uint32_t)VFS_ISGID; /* as Linux: only a member sets set-group-id */
    vn->mode = (vn->mode & VFS_IFMT) | (mode & VFS_PERM_MASK);
    vfs_touch(vn, 0, 0, 1);
    return 0;
}

int64_t file_fchmodat(struct file_ctx *c, int dirfd, const char *path, uint32_t mode)
{
    struct vfs_path p;
    int r = file_lookup_at(c, dirfd, path, 0, &p);
    if (r)
        return r;
    r = chmod_node(c, &p, mode);
    vfs_path_unref(&p);
    return r;
}

int64_t file_fchmod(struct file_ctx *c, int fd, uint32_t mode)
{
    struct ofile *f = fdtable_get(c->fdt, fd);
    if (!f || (f->flags & O_PATH))
        return -EBADF;
    struct vfs_path p = ofile_path(f);
    return chmod_node(c, &p, mode);
}

static int chown_node(struct file_ctx *c, const struct vfs_path *p, uint32_t uid, uint32_t gid)
{
    struct vnode *vn = p->vn;
    int root = c->cred.uid == 0, owner = c->cred.uid == vn->uid;
    if (uid != (uint32_t)-1 && !root && !(owner && uid == vn->uid))
        return -EPERM;
    if (gid != (uint32_t)-1 && !root &&
        !(owner && (gid == vn->gid || vfs_in_group(&c->cred, gid))))
        return -EPERM;
    int r = file_writable(p);
    if (r)
        return r;
    if (!vfs_is_dir(vn) && !vfs_is_lnk(vn)) {
        /* Linux drops set-user-id always, set-group-id when it means
           "run as the group" (group-executable) or a non-member is at work. */
        uint32_t m = vn->mode & ~(uint32_t)VFS_ISUID;
        if ((m & VFS_ISGID) && ((m & 010) || (!root && !vfs_in_group(&c->cred, vn->gid))))
            m &= ~(uint32_t)VFS_ISGID;
        vn->mode = m;
    }
    if (uid != (uint32_t)-1)
        vn->uid = uid;
    if (gid != (uint32_t)-1)
        vn->gid = gid;
    vfs_touch(vn, 0, 0, 1);
    return 0;
}

int64_t file_fchownat(struct file_ctx *c, int dirfd, const char *path, uint32_t uid, uint32_t gid,
                      int flags)
{
    if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
        return -EINVAL;
    struct vfs_path p;
    int r = file_node_at(c, dirfd, path, flags, &p);
    if (r)
        return r;
    r = chown_node(c, &p, uid, gid);
    vfs_path_unref(&p);
    return r;
}

int64_t file_fchown(struct file_ctx *c, int fd, uint32_t uid, uint32_t gid)
{
    struct ofile *f = fdtable_get(c->fdt, fd);
    if (!f || (f->flags & O_PATH))
        return -EBADF;
    struct vfs_path p = ofile_path(f);
    return chown_node(c, &p, uid, gid);
}

/* --- times ----------------------------------------------------------------------------------- */

static int utime_valid(const struct vfs_time *t)
{
    return t->nsec == FILE_UTIME_NOW || t->nsec == FILE_UTIME_OMIT ||
           (t->nsec >= 0 && t->nsec <= 999999999);
}

static int utimes_node(struct file_ctx *c, const struct vfs_path *p, const struct vfs_time *times)
{
    struct vnode *vn = p->vn;
    if (times && times[0].nsec == FILE_UTIME_OMIT && times[1].nsec == FILE_UTIME_OMIT)
        return 0;
    int owner = c->cred.uid == 0 || c->cred.uid == vn->uid;
    int explicit = 0;
    for (int i = 0; times && i < 2; i++)
        if (times[i].nsec != FILE_UTIME_NOW && times[i].nsec != FILE_UTIME_OMIT)
            explicit = 1;
    if (explicit && !owner)
        return -EPERM;
    if (!owner) {
        int r = vfs_permission(vn, &c->cred, VFS_MAY_WRITE);
        if (r)
            return r;
    }
    int r = file_writable(p);
    if (r)
        return r;
    struct vfs_time now;
    vfs_now(vn->fs, &now);
    struct vfs_time *field[2] = { &vn->atime, &vn->mtime };
    for (int i = 0; i < 2; i++) {
        if (!times || times[i].nsec == FILE_UTIME_NOW)
            *field[i] = now;
        else if (times[i].nsec != FILE_UTIME_OMIT)
            *field[i] = times[i];
    }
    vn->ctime = now;
    return 0;
}

int64_t file_utimensat(struct file_ctx *c, int dirfd, const char *path, const struct vfs_time *times,
                       int flags)
{
    if (times && (!utime_valid(&times[0]) || !utime_valid(&times[1])))
        return -EINVAL;
    if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
        return -EINVAL;
    struct vfs_path p;
    int r;
    if (!path) { /* futimens */
        if (flags & AT_SYMLINK_NOFOLLOW)
            return -EINVAL;
        struct ofile *f = fdtable_get(c->fdt, dirfd);
        if (!f || (f->flags & O_PATH))
            return -EBADF;
        p = ofile_path(f);
        return utimes_node(c, &p, times);
    }
    r = file_node_at(c, dirfd, path, flags, &p);
    if (r)
        return r;
    r = utimes_node(c, &p, times);
    vfs_path_unref(&p);
    return r;
}
