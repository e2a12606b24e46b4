/* The data calls: read, write, pread64, pwrite64, readv, writev, preadv,
 * pwritev, sendfile. Data moves through the server's buffer IO_CHUNK bytes
 * at a time between the client (client.c) and the file layer (file.c);
 * a call that must wait parks on its file's wait queues (BLOCK_READ) and
 * runs again whole when one is woken (fileio.c). Handlers for the Linux ABI table
 * (abi/x86_64/syscalls.toml). */
#include "posix.h"
#include "fileio.h"
#include "client.h"
#include "proc.h"
#include "signal.h"
#include "file.h"
#include "vfs.h"
#include "pipe.h"
#include <linux/fcntl.h>

/* iovec entries in one readv/writev (Linux's UIO_MAXIOV). */
#define IOV_MAX_ENTRIES 1024

/* A read that found a device empty: park the thread on the file's wait
   queues unless non-blocking. */
static long maybe_park(struct thread *t, int fd, long r)
{
    if (r != -EAGAIN)
        return r;
    struct ofile *f = fdtable_get(t->p->fdt, fd);
    if (!f || (f->flags & O_NONBLOCK))
        return r;
    return fileio_park(t, f, BLOCK_READ);
}

/* A write that failed before moving anything: a full pipe parks the
   writer; a pipe without readers (or a stream socket without its peer)
   raises SIGPIPE, as the file's operations say. */
static long write_error(struct thread *t, int fd, long r)
{
    struct ofile *f = fdtable_get(t->p->fdt, fd);
    if (r == -EPIPE && f && (f->ops->flags & FILE_OPS_SIGPIPE)) {
        signal_send_thread(t, SIGPIPE, NULL);
        return r; /* a default SIGPIPE ended the caller: t is not touched again */
    }
    return maybe_park(t, fd, r);
}

/* Bytes moved through the server's buffer per call of the file's
   operation: IO_CHUNK at a time, or all at once (up to IO_WHOLE_MAX) for a
   file whose transfers must not be split (sockets: records). 0: no such
   descriptor (the file call answers EBADF). */
static size_t chunk_of(struct thread *t, int fd)
{
    struct ofile *f = fdtable_get(t->p->fdt, fd);
    return !f ? IO_CHUNK : (f->ops->flags & FILE_OPS_WHOLE) ? IO_WHOLE_MAX : IO_CHUNK;
}

/* read and pread64 (off >= 0): IO_CHUNK at a time until count, a short chunk
   or an error, so a large read of a file or of /dev/zero is as full as on
   Linux (dd counts a short read as a partial record); a pipe or terminal
   gives what it has, as its first chunk comes back short or the next one
   finds it empty (the bytes already moved are the answer). */
static long do_read(struct thread *t, int fd, uint64_t buf, size_t count, int64_t off)
{
    struct file_ctx c = fileio_ctx(t);
    size_t chunk = chunk_of(t, fd);
    if (count > FILE_IO_MAX)
        count = FILE_IO_MAX;
    size_t done = 0;
    do {
        size_t n = count - done < chunk ? count - done : chunk;
        int64_t r = off < 0 ? file_read(&c, fd, fileio_iobuf, n)
                            : file_pread(&c, fd, fileio_iobuf, n, off + (int64_t)done);
        if (r < 0)
            return done ? (long)done : maybe_park(t, fd, r);
        if (r > 0 && client_write(t->p, buf + done, fileio_iobuf, (size_t)r) < 0)
            return done ? (long)done : -EFAULT;
        done += (size_t)r;
        if ((size_t)r < n || chunk == IO_WHOLE_MAX)
            break;
    } while (done < count);
    return (long)done;
}

static long do_write(struct thread *t, int fd, uint64_t buf, size_t count, int64_t off)
{
    struct file_ctx c = fileio_ctx(t);
    size_t chunk = chunk_of(t, fd);
    size_t done = 0;
    while (done < count) {
        size_t n = count - done < chunk ? count - done : chunk;
        if (client_read(t->p, buf + done, fileio_iobuf, n) < 0)
            return done ? (long)done : -EFAULT;
        int64_t r = off < 0 ? file_write(&c, fd, fileio_iobuf, n)
                            : file_pwrite(&c, fd, fileio_iobuf, n, off + (int64_t)done);
        if (r < 0)
            return done ? (long)done : write_error(t, fd, r);
        done += (size_t)r;
        if ((size_t)r < n || chunk == IO_WHOLE_MAX)
            break;
    }
    if (count == 0) {
        int64_t r = file_write(&c, fd, fileio_iobuf, 0);
        if (r < 0)
            return r;
    }
    return (long)done;
}

static long read_iov(struct proc *p, uint64_t iov, uint64_t cnt, struct uiovec *v, size_t *total)
{
    return cnt > IOV_MAX_ENTRIES ? -EINVAL : client_iovecs(p, iov, cnt, v, total);
}

static long do_writev(struct thread *t, int fd, uint64_t iov, uint64_t cnt, int64_t off)
{
    static struct uiovec v[IOV_MAX_ENTRIES];
    size_t total;
    long r = read_iov(t->p, iov, cnt, v, &total);
    if (r < 0)
        return r;
    struct file_ctx c = fileio_ctx(t);
    size_t chunk = chunk_of(t, fd);
    size_t done = 0;
    uint64_t i = 0, in = 0; /* position in v */
    do {
        /* Gather up to a chunk so small writev calls stay one write. */
        size_t n = 0;
        while (i < cnt && n < chunk) {
            size_t take = v[i].len - in < chunk - n ? v[i].len - in : chunk - n;
            if (take && client_read(t->p, v[i].base + in, fileio_iobuf + n, take) < 0)
                return done ? (long)done : -EFAULT;
            n += take, in += take;
            if (in == v[i].len)
                i++, in = 0;
        }
        int64_t w = off < 0 ? file_write(&c, fd, fileio_iobuf, n)
                            : file_pwrite(&c, fd, fileio_iobuf, n, off + (int64_t)done);
        if (w < 0)
            return done ? (long)done : write_error(t, fd, w);
        done += (size_t)w;
        if ((size_t)w < n || chunk == IO_WHOLE_MAX)
            break;
    } while (i < cnt);
    return (long)done;
}

static long do_readv(struct thread *t, int fd, uint64_t iov, uint64_t cnt, int64_t off)
{
    static struct uiovec v[IOV_MAX_ENTRIES];
    size_t total;
    long r = read_iov(t->p, iov, cnt, v, &total);
    if (r < 0)
        return r;
    struct file_ctx c = fileio_ctx(t);
    size_t chunk = chunk_of(t, fd);
    if (total > FILE_IO_MAX)
        total = FILE_IO_MAX;
    /* As do_read: whole chunks until total or a short one; each chunk is
       scattered from where the last left off (entry i, offset in). */
    size_t done = 0, in = 0;
    uint64_t i = 0;
    do {
        size_t want = total - done < chunk ? total - done : chunk;
        int64_t got = off < 0 ? file_read(&c, fd, fileio_iobuf, want)
                              : file_pread(&c, fd, fileio_iobuf, want, off + (int64_t)done);
        if (got < 0)
            return done ? (long)done : maybe_park(t, fd, got);
        size_t put = 0;
        while (i < cnt && put < (size_t)got) {
            size_t n = (size_t)got - put < v[i].len - in ? (size_t)got - put : v[i].len - in;
            if (client_write(t->p, v[i].base + in, fileio_iobuf + put, n) < 0)
                return done ? (long)done : -EFAULT;
            put += n;
            in += n;
            if (in == v[i].len)
                i++, in = 0;
        }
        done += (size_t)got;
        if ((size_t)got < want || chunk == IO_WHOLE_MAX)
            break;
    } while (done < total);
    return (long)done;
}

/* sendfile: in_fd's bytes to out_fd through the server's buffer. A regular
   in_fd is read at a position (its offset, or *offp which then gets the new
   position and leaves the offset alone) that advances only by what out_fd
   took, so nothing is lost when out_fd takes less; from a pipe or device
   only as much is read as out_fd surely takes (pipe_room). */
static long do_sendfile(struct thread *t, int out_fd, int in_fd, uint64_t offp, size_t count)
{
    struct proc *p = t->p;
    struct file_ctx c = fileio_ctx(t);
    struct ofile *in = fdtable_get(p->fdt, in_fd);
    if (!in || (in->flags & O_PATH) || (in->flags & O_ACCMODE) == O_WRONLY)
        return -EBADF;
    int seekable = vfs_is_reg(in->vn);
    int64_t pos = (int64_t)in->offset;
    if (offp) {
        if (vfs_is_dev(in->vn))
            return -ESPIPE;
        if (client_read(p, offp, &pos, sizeof pos) < 0)
            return -EFAULT;
        if (pos < 0)
            return -EINVAL;
    }
    struct ofile *out = fdtable_get(p->fdt, out_fd);
    if (!out || (out->flags & O_PATH) || (out->flags & O_ACCMODE) == O_RDONLY)
        return -EBADF;
    if ((out->flags & O_APPEND) || (!seekable && !vfs_is_dev(in->vn)))
        return -EINVAL; /* as Linux: no appending output, no directory input */
    if (count > FILE_IO_MAX)
        count = FILE_IO_MAX;
    size_t done = 0;
    while (done < count) {
        size_t n = count - done < IO_CHUNK ? count - done : IO_CHUNK;
        int64_t got;
        if (seekable) {
            got = file_pread(&c, in_fd, fileio_iobuf, n, pos);
        } else {
            size_t room = pipe_room(out->vn);
            if (room == 0) {
                if (done)
                    break;
                return write_error(t, out_fd, -EAGAIN);
            }
            got = file_read(&c, in_fd, fileio_iobuf, n < room ? n : room);
        }
        if (got < 0 && !done)
            return maybe_park(t, in_fd, got);
        if (got <= 0)
            break;
        int64_t w = file_write(&c, out_fd, fileio_iobuf, (size_t)got);
        if (w < 0 && !done)
            return write_error(t, out_fd, w);
        if (w <= 0)
            break;
        done += (size_t)w;
        pos += w;
        if (w < got)
            break;
    }
    if (offp) {
        if (client_write(p, offp, &pos, sizeof pos) < 0)
            return -EFAULT;
    } else if (seekable) {
        in->offset = (uint64_t)pos;
    }
    return (long)done;
}

/* --- the calls ------------------------------------------------------------------------ */

long sys_read(struct thread *t, const uint64_t *a)
{
    return do_read(t, (int)a[0], a[1], (size_t)a[2], -1);
}

long sys_write(struct thread *t, const uint64_t *a)
{
    return do_write(t, (int)a[0], a[1], (size_t)a[2], -1);
}

long sys_readv(struct thread *t, const uint64_t *a)
{
    return do_readv(t, (int)a[0], a[1], a[2], -1);
}

long sys_writev(struct thread *t, const uint64_t *a)
{
    return do_writev(t, (int)a[0], a[1], a[2], -1);
}

long sys_pread64(struct thread *t, const uint64_t *a)
{
    if ((int64_t)a[3] < 0)
        return -EINVAL;
    return do_read(t, (int)a[0], a[1], (size_t)a[2], (int64_t)a[3]);
}

long sys_pwrite64(struct thread *t, const uint64_t *a)
{
    if ((int64_t)a[3] < 0)
        return -EINVAL;
    return do_write(t, (int)a[0], a[1], (size_t)a[2], (int64_t)a[3]);
}

long sys_preadv(struct thread *t, const uint64_t *a)
{
    if ((int64_t)a[3] < 0)
        return -EINVAL;
    return do_readv(t, (int)a[0], a[1], a[2], (int64_t)a[3]);
}

long sys_pwritev(struct thread *t, const uint64_t *a)
{
    if ((int64_t)a[3] < 0)
        return -EINVAL;
    return do_writev(t, (int)a[0], a[1], a[2], (int64_t)a[3]);
}

long sys_sendfile(struct thread *t, const uint64_t *a)
{
    return do_sendfile(t, (int)a[0], (int)a[1], a[2], (size_t)a[3]);
}
