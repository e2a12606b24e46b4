/* Record locks (fcntl) and flock over lock.c (file.h). */
#include "file_internal.h"
#include "lock.h"
#include <asm-generic/errno.h>
#include <linux/fcntl.h>
#include <linux/fs.h>

/* A struct flock's range as [start, end] (end LOCK_EOF: to any length). */
static int flock_range(const struct ofile *f, const struct flock *fl, uint64_t *start, uint64_t *end)
{
    int64_t base;
    switch (fl->l_whence) {
    case SEEK_SET: base = 0; break;
    case SEEK_CUR: base = (int64_t)f->offset; break;
    case SEEK_END: base = (int64_t)vfs_size(f->vn); break;
    default: return -EINVAL;
    }
    int64_t s = fl->l_start, len = fl->l_len;
    if ((s > 0 && base > INT64_MAX - s) || (s < 0 && base < INT64_MIN - s))
        return -EOVERFLOW;
    s += base;
    if (len < 0) { /* the bytes before start */
        if (s + len < 0)
            return -EINVAL;
        *start = (uint64_t)(s + len);
        *end = (uint64_t)s - 1;
        return 0;
    }
    if (s < 0)
        return -EINVAL;
    *start = (uint64_t)s;
    if (len == 0)
        *end = LOCK_EOF;
    else if (len - 1 > INT64_MAX - s)
        return -EOVERFLOW;
    else
        *end = (uint64_t)(s + len - 1);
    return 0;
}

int64_t file_fcntl_lock(struct file_ctx *c, int fd, int cmd, struct flock *fl,
                        struct file_lock_want *want)
{
    struct ofile *f = fdtable_get(c->fdt, fd);
    if (!f)
        return -EBADF;
    if (f->flags & O_PATH)
        return -EBADF;
    int ofd = cmd == F_OFD_GETLK || cmd == F_OFD_SETLK || cmd == F_OFD_SETLKW;
    int getlk = cmd == F_GETLK || cmd == F_OFD_GETLK;
    if (ofd && fl->l_pid != 0)
        return -EINVAL;
    if (fl->l_type != F_RDLCK && fl->l_type != F_WRLCK && fl->l_type != F_UNLCK)
        return -EINVAL;
    uint64_t start, end;
    int r = flock_range(f, fl, &start, &end);
    if (r)
        return r;
    enum lock_kind kind = ofd ? LOCK_OFD : LOCK_POSIX;
    const void *owner = ofd ? (const void *)f : (const void *)c->fdt;
    if (getlk) {
        struct lock_info info;
        if (fl->l_type == F_UNLCK)
            return -EINVAL;
        if (!lock_test(f->vn, kind, owner, fl->l_type, start, end, &info)) {
            fl->l_type = F_UNLCK;
            return 0;
        }
        fl->l_type = (short)info.type;
        fl->l_whence = SEEK_SET;
        fl->l_start = (int64_t)info.start;
        fl->l_len = info.end == LOCK_EOF ? 0 : (int64_t)(info.end - info.start + 1);
        fl->l_pid = info.pid;
        return 0;
    }
    if ((fl->l_type == F_RDLCK && !ofile_can_read(f)) ||
        (fl->l_type == F_WRLCK && !ofile_can_write(f)))
        return -EBADF;
    r = lock_set(f->vn, kind, owner, c->pid, fl->l_type, start, end);
    if (r == -EAGAIN && want) {
        struct lock_info info;
        lock_test(f->vn, kind, owner, fl->l_type, start, end, &info);
        *want = (struct file_lock_want){ f->vn, kind, fl->l_type, start, end, owner, info.owner };
    }
    return r;
}

int64_t file_flock(struct file_ctx *c, int fd, int op, struct file_lock_want *want)
{
    struct ofile *f = fdtable_get(c->fdt, fd);
    if (!f || (f->flags & O_PATH))
        return -EBADF;
    int type;
    switch (op & ~LOCK_NB) {
    case LOCK_SH: type = LOCK_TYPE_RD; break;
    case LOCK_EX: type = LOCK_TYPE_WR; break;
    case LOCK_UN: type = LOCK_TYPE_UN; break;
    default: return -EINVAL;
    }
    /* Converting drops the old lock first, as Linux (not atomic). */
    if (type != LOCK_TYPE_UN && lock_test(f->vn, LOCK_FLOCK, f, type, 0, LOCK_EOF, 0))
        lock_set(f->vn, LOCK_FLOCK, f, -1, LOCK_TYPE_UN, 0, LOCK_EOF);
    int r = lock_set(f->vn, LOCK_FLOCK, f, -1, type, 0, LOCK_EOF);
    if (r == -EAGAIN && want) {
        struct lock_info info;
        lock_test(f->vn, LOCK_FLOCK, f, type, 0, LOCK_EOF, &info);
        *want = (struct file_lock_want){ f->vn, LOCK_FLOCK, type, 0, LOCK_EOF, f, info.owner };
    }
    return r;
}
