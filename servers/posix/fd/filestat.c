/* What a file is: stat, fstatat, statx, statfs, fstatfs and faccessat
 * (file.h). */
#include "file_internal.h"
#include "../../../kernel/lib/string.h"
#include <asm-generic/errno.h>
#include <linux/fcntl.h>
#include <linux/stat.h>
#include <linux/magic.h>
#include <asm/statfs.h>

#define F_OK 0
#define X_OK 1
#define W_OK 2
#define R_OK 4

/* --- stat ------------------------------------------------------------------------------------ */

#define DIRENT_BOGO_SIZE 20 /* st_size of a directory per entry, as tmpfs */

void file_fill_stat(const struct vnode *vn, struct stat *st)
{
    memset(st, 0, sizeof *st);
    st->st_dev = vfs_dev(vn->fs);
    st->st_ino = vn->ino;
    st->st_nlink = vn->nlink;
    st->st_mode = vn->mode;
    st->st_uid = vn->uid;
    st->st_gid = vn->gid;
    st->st_rdev = vn->rdev;
    uint64_t alloc = 0;
    if (vfs_is_reg(vn)) {
        st->st_size = (long)vn->u.reg.size;
        alloc = vfs_reg_pages(vn) * VFS_PAGE_SIZE;
    } else if (vfs_is_dir(vn)) {
        st->st_size = (long)((vfs_dir_size(vn) + 2) * DIRENT_BOGO_SIZE);
    } else if (vfs_is_lnk(vn)) {
        st->st_size = (long)vn->u.lnk.len;
    }
    st->st_blksize = 4096;
    st->st_blocks = (long)(((alloc + 4095) / 4096) * 8);
    st->st_atime = (unsigned long)vn->atime.sec;
    st->st_atime_nsec = (unsigned long)vn->atime.nsec;
    st->st_mtime = (unsigned long)vn->mtime.sec;
    st->st_mtime_nsec = (unsigned long)vn->mtime.nsec;
    st->st_ctime = (unsigned long)vn->ctime.sec;
    st->st_ctime_nsec = (unsigned long)vn->ctime.nsec;
}

int64_t file_fstat(struct file_ctx *c, int fd, struct stat *st)
{
    struct ofile *f = fdtable_get(c->fdt, fd);
    if (!f)
        return -EBADF;
    file_fill_stat(f->vn, st);
    return 0;
}

int64_t file_fstatat(struct file_ctx *c, int dirfd, const char *path, struct stat *st, int flags)
{
    if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH | AT_NO_AUTOMOUNT))
        return -EINVAL;
    struct vfs_path p;
    int r = file_node_at(c, dirfd, path, flags, &p);
    if (r)
        return r;
    file_fill_stat(p.vn, st);
    vfs_path_unref(&p);
    return 0;
}

int64_t file_statx(struct file_ctx *c, int dirfd, const char *path, int flags, uint32_t mask,
                   struct statx *stx)
{
    if ((flags & AT_STATX_SYNC_TYPE) == AT_STATX_SYNC_TYPE)
        return -EINVAL;
    if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH | AT_NO_AUTOMOUNT | AT_STATX_SYNC_TYPE))
        return -EINVAL;
    if (mask & STATX__RESERVED)
        return -EINVAL;
    struct vfs_path p;
    int r = file_node_at(c, dirfd, path, flags, &p);
    if (r)
        return r;
    struct vnode *vn = p.vn;
    struct stat st;
    file_fill_stat(vn, &st);
    memset(stx, 0, sizeof *stx);
    stx->stx_mask = STATX_BASIC_STATS | STATX_BTIME;
    stx->stx_blksize = (uint32_t)st.st_blksize;
    stx->stx_nlink = (uint32_t)st.st_nlink;
    stx->stx_uid = st.st_uid;
    stx->stx_gid = st.st_gid;
    stx->stx_mode = (uint16_t)st.st_mode;
    stx->stx_ino = st.st_ino;
    stx->stx_size = (uint64_t)st.st_size;
    stx->stx_blocks = (uint64_t)st.st_blocks;
    const struct vfs_time *t[4] = { &vn->atime, &vn->btime, &vn->ctime, &vn->mtime };
    struct statx_timestamp *o[4] = { &stx->stx_atime, &stx->stx_btime, &stx->stx_ctime,
                                     &stx->stx_mtime };
    for (int i = 0; i < 4; i++) {
        o[i]->tv_sec = t[i]->sec;
        o[i]->tv_nsec = (uint32_t)t[i]->nsec;
    }
    stx->stx_rdev_major = (uint32_t)((vn->rdev >> 8) & 0xfff);
    stx->stx_rdev_minor = (uint32_t)((vn->rdev & 0xff) | ((vn->rdev >> 12) & ~0xffull));
    stx->stx_dev_major = (uint32_t)((st.st_dev >> 8) & 0xfff);
    stx->stx_dev_minor = (uint32_t)((st.st_dev & 0xff) | ((st.st_dev >> 12) & ~0xffull));
    stx->stx_mnt_id = p.mnt ? (uint64_t)p.mnt->id : 0;
    if (p.mnt && p.vn == p.mnt->root)
        stx->stx_attributes |= STATX_ATTR_MOUNT_ROOT;
    stx->stx_attributes_mask = STATX_ATTR_MOUNT_ROOT;
    stx->stx_mask |= STATX_MNT_ID;
    vfs_path_unref(&p);
    return 0;
}

/* --- filesystem status ----------------------------------------------------------------------- */

#define STATFS_VALID 0x0020 /* ST_VALID: f_flags is meaningful */

/* statfs f_flags bits (Linux's ST_*), from the mount's and filesystem's flags. */
#define ST_RDONLY      0x0001
#define ST_NOSUID      0x0002
#define ST_NODEV       0x0004
#define ST_NOEXEC      0x0008
#define ST_NOATIME     0x0400
#define ST_NODIRATIME  0x0800
#define ST_RELATIME    0x1000

static void fill_statfs(const struct vfs_path *p, struct statfs *st)
{
    struct vfs *fs = p->vn->fs;
    uint64_t blocks, bfree, files, ffree;
    vfs_statfs(fs, &blocks, &bfree, &files, &ffree);
    memset(st, 0, sizeof *st);
    st->f_type = fs->magic ? fs->magic : TMPFS_MAGIC;
    st->f_bsize = VFS_PAGE_SIZE;
    st->f_frsize = VFS_PAGE_SIZE;
    st->f_blocks = (long)blocks;
    st->f_bfree = st->f_bavail = (long)bfree;
    st->f_files = (long)files;
    st->f_ffree = (long)ffree;
    st->f_namelen = VFS_NAME_MAX;
    st->f_flags = STATFS_VALID;
    static const uint32_t bits[][2] = {
        { VFS_MNT_NOSUID, ST_NOSUID }, { VFS_MNT_NODEV, ST_NODEV }, { VFS_MNT_NOEXEC, ST_NOEXEC },
        { VFS_MNT_NOATIME, ST_NOATIME }, { VFS_MNT_NODIRATIME, ST_NODIRATIME },
        { VFS_MNT_RELATIME, ST_RELATIME },
    };
    for (size_t i = 0; p->mnt && i < sizeof bits / sizeof bits[0]; i++)
        if (p->mnt->flags & bits[i][0])
            st->f_flags |= bits[i][1];
    if (vfs_mount_rdonly(p->mnt) || (!p->mnt && fs->rdonly))
        st->f_flags |= ST_RDONLY;
    st->f_fsid.val[0] = (int)vfs_dev(fs);
}

int64_t file_statfs(struct file_ctx *c, const char *path, struct statfs *st)
{
    struct vfs_path p;
    int r = file_lookup_at(c, AT_FDCWD, path, 0, &p);
    if (r)
        return r;
    fill_statfs(&p, st);
    vfs_path_unref(&p);
    return 0;
}

int64_t file_fstatfs(struct file_ctx *c, int fd, struct statfs *st)
{
    struct ofile *f = fdtable_get(c->fdt, fd);
    if (!f)
        return -EBADF;
    struct vfs_path p = ofile_path(f);
    fill_statfs(&p, st);
    return 0;
}

/* --- access ---------------------------------------------------------------------------------- */

int64_t file_faccessat(struct file_ctx *c, int dirfd, const char *path, int mode, int flags)
{
    if (mode & ~(R_OK | W_OK | X_OK))
        return -EINVAL;
    if (flags & ~(AT_EACCESS | AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
        return -EINVAL;
    struct vfs_path p;
    int r = file_node_at(c, dirfd, path, flags, &p);
    if (r)
        return r;
    r = mode == F_OK ? 0 : vfs_permission(p.vn, &c->cred, mode);
    if (!r && (mode & W_OK) && !vfs_is_dev(p.vn))
        r = file_writable(&p);
    vfs_path_unref(&p);
    return r;
}
