/* Open files for the POSIX server: open file descriptions, per-process file
 * descriptor tables, and the file syscalls as functions over KERNEL buffers
 * (the server copies paths and data in from and out to the client). Each
 * returns the Linux syscall result, or -errno.
 *
 * Sharing, as Linux:
 *   struct ofile   one open file description (vnode, offset, status flags);
 *                  shared by dup'ed descriptors and across fork; refcounted.
 *   struct fdtable descriptor -> ofile plus the close-on-exec bit; shared by
 *                  threads (CLONE_FILES), copied by fork (fdtable_clone).
 *   struct fs_state cwd, root (chroot) and umask; shared by threads
 *                  (CLONE_FS), copied by fork.
 * Limits: FILE_NOFILE_DEFAULT (1024, RLIMIT_NOFILE's default) descriptors per
 * table -> EMFILE; FILE_IO_MAX bytes per read/write (larger requests are
 * cut, as Linux cuts at 0x7ffff000). Not thread-safe: the server serialises.
 *
 * Where each part lives: ofile.c (descriptions, tables, fs_state), fileops.c
 * (the operations of regular files, directories and /proc files), filepath.c
 * (the *at lookups, cwd and root), file.c (open, close, read, write, lseek,
 * getdents64, dup, fcntl, ioctl), filestat.c (stat, statx, statfs, access),
 * fileattr.c (truncate, fallocate, mode, owner, times), filename.c (mkdir,
 * unlink, rename, link, symlink, mknod, readlink), filelock.c (record locks,
 * flock); file_internal.h holds what they share. */
#ifndef POSIX_FILE_H
#define POSIX_FILE_H

#include <stddef.h>
#include <stdint.h>
#include <asm/stat.h>
#include "vfs.h"

#define FILE_NOFILE_DEFAULT 1024
#define FILE_NOFILE_MAX (FILE_NOFILE_DEFAULT * 64) /* RLIMIT_NOFILE's ceiling: /proc/sys/fs/nr_open */
#define FILE_IO_MAX         0x7ffff000ul

/* getdents64 records (Linux struct linux_dirent64; no uapi header has it). */
struct linux_dirent64 {
    uint64_t d_ino;
    int64_t d_off;      /* the position after this entry (for lseek) */
    uint16_t d_reclen;  /* record length, 8-byte aligned */
    uint8_t d_type;     /* DT_* */
    char d_name[];      /* NUL-terminated */
};
#define LINUX_DT_UNKNOWN 0
#define LINUX_DT_FIFO    1
#define LINUX_DT_CHR     2
#define LINUX_DT_DIR     4
#define LINUX_DT_BLK     6
#define LINUX_DT_REG     8
#define LINUX_DT_LNK     10
#define LINUX_DT_SOCK    12

struct ofile {
    const struct file_ops *ops; /* read, write, poll, ioctl... (vfs.h), chosen at open */
    struct vnode *vn;   /* holds a reference */
    struct vfs_mount *mnt; /* the mount it was opened through (referenced; NULL: none, as pipes) */
    int writer;         /* counted in vn->fs->writers (a regular file open for writing) */
    uint64_t offset;    /* regular files: byte offset; directories: readdir position */
    uint32_t flags;     /* O_ACCMODE bits | status flags (O_APPEND, O_NONBLOCK, ...) */
    uint32_t refs;
    /* A synthetic file's content (vfs.h, procfs), generated at open: reads,
       pread and lseek work on this snapshot; freed with the description. */
    char *snap;
    size_t snap_len;
    struct file_async *async; /* owner, F_SETSIG and O_ASYNC (fasync.h); NULL: none set */
    int lease_counted;  /* counted in its node's open_rd/open_wr (lease.h) */
};

struct fdtable {
    struct ofile **files;  /* cap slots, NULL = free */
    uint8_t *cloexec;      /* cap flags */
    uint32_t cap;          /* slots allocated (grows up to limit) */
    uint32_t limit;        /* RLIMIT_NOFILE: descriptors must be < limit */
    uint32_t refs;         /* CLONE_FILES sharers */
};

struct fs_state {
    struct vfs *vfs;
    struct vfs_path cwd;   /* holds references */
    struct vfs_path root;  /* chroot: where "/" and ".." stop; holds references */
    struct vfs_mount *ns;  /* the mount namespace (a user of it; NULL: no mounts) */
    uint32_t umask;        /* default 022 */
    uint32_t refs;         /* CLONE_FS sharers */
};

struct thread;

/* What every file call needs: the caller's tables and credentials, and the
   caller itself for the files' operations (terminals do job control on it). */
struct file_ctx {
    struct fs_state *fs;
    struct fdtable *fdt;
    struct vfs_cred cred;
    int pid;               /* the caller's pid: F_GETLK reports it as a lock owner */
    uint32_t ruid, rgid;   /* its real ids (a socket's SCM_CREDENTIALS) */
    struct thread *t;      /* the calling thread (the server's; NULL: the server itself) */
};

/* --- open file descriptions ------------------------------------------------------ */
/* A new description on vn with vn's operations (takes a new vnode
   reference; calls the open operation with c, which may be NULL). NULL with
   *err = -errno on failure. */
struct ofile *ofile_new(struct vnode *vn, uint32_t flags, const struct file_ctx *c, int *err);
extern uint64_t ofile_count; /* descriptions alive: /proc/sys/fs/file-nr */
/* The same for a node reached through a mount (takes a reference on it). */
struct ofile *ofile_new_at(const struct vfs_path *p, uint32_t flags, const struct file_ctx *c,
                           int *err);
void ofile_ref(struct ofile *f);
void ofile_unref(struct ofile *f); /* last one: device release, vnode unref */
/* Called (when set) with each description about to be freed: epoll drops
   its entries for it. */
extern void (*ofile_free_hook)(struct ofile *f);

/* --- descriptor tables ----------------------------------------------------------- */
struct fdtable *fdtable_new(void);                     /* empty, limit FILE_NOFILE_DEFAULT; NULL on ENOMEM */
struct fdtable *fdtable_clone(const struct fdtable *t); /* fork: same descriptions, same cloexec bits */
void fdtable_ref(struct fdtable *t);
void fdtable_unref(struct fdtable *t);                 /* last one closes everything */
void fdtable_close_on_exec(struct fdtable *t);         /* execve */
/* The description for fd (no new reference), or NULL (EBADF). */
struct ofile *fdtable_get(const struct fdtable *t, int fd);
/* Installs f (taking over the caller's reference) at the lowest free
   descriptor >= min_fd. fd, or -EMFILE / -EINVAL (min_fd out of range) / -ENOMEM. */
int fdtable_install(struct fdtable *t, struct ofile *f, int min_fd, int cloexec);
/* Changes RLIMIT_NOFILE (EINVAL above FILE_NOFILE_DEFAULT * 64); open descriptors above stay. */
int fdtable_set_limit(struct fdtable *t, uint32_t limit);

/* --- fs_state ------------------------------------------------------------------- */
/* cwd = root = the namespace's root mount (vfs_mounts) when it shows vfs,
   else vfs->root on no mount (a tree without mounts); umask 022. */
struct fs_state *fs_state_new(struct vfs *vfs);
struct fs_state *fs_state_clone(const struct fs_state *s);
void fs_state_unref(struct fs_state *s);

/* --- the file syscalls ------------------------------------------------------------
   dirfd: a descriptor of a directory or AT_FDCWD (-100). Paths are
   NUL-terminated kernel strings (the server refuses > VFS_PATH_MAX with
   ENAMETOOLONG while copying in). */
/* open/openat: O_CREAT (through a dangling symbolic link too), O_EXCL, O_TRUNC
   (needs write permission), O_APPEND, O_DIRECTORY (ENOTDIR), O_NOFOLLOW
   (ELOOP on a final link), O_PATH (fstat, fchdir, *at dirfd; read/write
   EBADF), access mode 3 (ioctl only); O_TMPFILE is EOPNOTSUPP. */
int64_t file_openat(struct file_ctx *c, int dirfd, const char *path, uint32_t flags, uint32_t mode);
int64_t file_close(struct file_ctx *c, int fd);
int64_t file_read(struct file_ctx *c, int fd, void *buf, size_t len);
int64_t file_write(struct file_ctx *c, int fd, const void *buf, size_t len);
int64_t file_pread(struct file_ctx *c, int fd, void *buf, size_t len, int64_t off);
int64_t file_pwrite(struct file_ctx *c, int fd, const void *buf, size_t len, int64_t off);

int64_t file_lseek(struct file_ctx *c, int fd, int64_t off, int whence);
int64_t file_fstat(struct file_ctx *c, int fd, struct stat *st);
/* newfstatat: AT_SYMLINK_NOFOLLOW, AT_EMPTY_PATH (path "" means dirfd itself). */
int64_t file_fstatat(struct file_ctx *c, int dirfd, const char *path, struct stat *st, int flags);
void file_fill_stat(const struct vnode *vn, struct stat *st);
int64_t file_getdents64(struct file_ctx *c, int fd, void *buf, size_t len);
int64_t file_mkdirat(struct file_ctx *c, int dirfd, const char *path, uint32_t mode);
int64_t file_unlinkat(struct file_ctx *c, int dirfd, const char *path, int flags); /* AT_REMOVEDIR */
/* renameat2 with flags 0 or RENAME_NOREPLACE (EINVAL otherwise). */
int64_t file_renameat(struct file_ctx *c, int olddirfd, const char *oldpath, int newdirfd,
                      const char *newpath, uint32_t flags);
int64_t file_linkat(struct file_ctx *c, int olddirfd, const char *oldpath, int newdirfd,
                    const char *newpath, int flags);
int64_t file_symlinkat(struct file_ctx *c, const char *target, int newdirfd, const char *linkpath);
/* mknodat: type 0 or S_IFREG makes an empty file, S_IFIFO a FIFO (pipe.h),
   S_IFCHR/S_IFBLK (root only, else EPERM) and S_IFSOCK a node whose open
   gives ENXIO (no driver or socket behind it); S_IFDIR EPERM, others EINVAL.
   The umask applies. dev is Linux's encoding (st_rdev). */
int64_t file_mknodat(struct file_ctx *c, int dirfd, const char *path, uint32_t mode, uint32_t dev);
/* The driver behind a device number (set by the server: loop devices, the
   memory devices...): ops and *ctx for a new node of type VFS_IFCHR or
   VFS_IFBLK, or NULL for none (its open is ENXIO). */
extern const struct file_ops *(*file_device_driver)(uint32_t type, uint64_t rdev, void **ctx);
int64_t file_readlinkat(struct file_ctx *c, int dirfd, const char *path, char *buf, size_t size);
int64_t file_ftruncate(struct file_ctx *c, int fd, int64_t len);
int64_t file_truncate(struct file_ctx *c, const char *path, int64_t len);
int64_t file_fchmodat(struct file_ctx *c, int dirfd, const char *path, uint32_t mode);
int64_t file_fchmod(struct file_ctx *c, int fd, uint32_t mode);
/* Extended attributes (vfs.h) of fd's node (path NULL) or path's (nofollow:
   of a last symbolic link itself): set, get, list or remove as op says; a
   change needs a writable mount (EROFS), a descriptor one that is not
   O_PATH (EBADF). The answer is vfs.h's. */
enum file_xattr_kind { XATTR_SET, XATTR_GET, XATTR_LIST, XATTR_REMOVE };
struct file_xattr_op {
    enum file_xattr_kind kind;
    const char *name;   /* not for XATTR_LIST */
    const void *value;  /* XATTR_SET */
    void *buf;          /* XATTR_GET, XATTR_LIST: size bytes (size 0: only the length) */
    size_t size;
    int flags;          /* XATTR_SET: VFS_XATTR_CREATE, VFS_XATTR_REPLACE */
};
int64_t file_xattr(struct file_ctx *c, int fd, const char *path, int nofollow,
                   const struct file_xattr_op *op);
/* Only the node's errors (and EROFS for a write): what Linux checks before
   an attribute call's own arguments. */
int64_t file_xattr_check(struct file_ctx *c, int fd, const char *path, int nofollow, int write);
/* chown family: uid/gid (uint32_t)-1 leave that id. Only root changes the
   owner (EPERM); the owner may change the group to one of its groups.
   Clears S_ISUID (and S_ISGID when group-executable) of non-directories,
   as Linux. flags: AT_SYMLINK_NOFOLLOW, AT_EMPTY_PATH. */
int64_t file_fchownat(struct file_ctx *c, int dirfd, const char *path, uint32_t uid, uint32_t gid,
                      int flags);
int64_t file_fchown(struct file_ctx *c, int fd, uint32_t uid, uint32_t gid);
/* utimensat: times NULL = both now; nsec may be FILE_UTIME_NOW/OMIT. path
   NULL = dirfd itself (futimens; flags must be 0). Explicit times need the
   owner or root (EPERM), "now" only write permission (EACCES). EINVAL for a
   bad nsec or flag. */
#define FILE_UTIME_NOW  ((1l << 30) - 1l)
#define FILE_UTIME_OMIT ((1l << 30) - 2l)
int64_t file_utimensat(struct file_ctx *c, int dirfd, const char *path, const struct vfs_time *times,
                       int flags);
/* statx (struct statx of linux/stat.h): fills STATX_BASIC_STATS | STATX_BTIME;
   EINVAL for a STATX__RESERVED mask bit or bad flags. path NULL or "" with
   AT_EMPTY_PATH: dirfd itself. */
struct statx;
int64_t file_statx(struct file_ctx *c, int dirfd, const char *path, int flags, uint32_t mask,
                   struct statx *stx);
/* statfs/fstatfs (struct statfs of asm/statfs.h): tmpfs's answer. */
struct statfs;
int64_t file_statfs(struct file_ctx *c, const char *path, struct statfs *st);
int64_t file_fstatfs(struct file_ctx *c, int fd, struct statfs *st);
/* chroot: root only (EPERM), after the lookup's own errors. */
int64_t file_chroot(struct file_ctx *c, const char *path);
/* fallocate(2): see vfs_fallocate; EBADF unless open for writing, ESPIPE on pipes. */
int64_t file_fallocate(struct file_ctx *c, int fd, int mode, int64_t off, int64_t len);
/* fcntl's lock commands F_GETLK, F_SETLK, F_SETLKW, F_OFD_GETLK, F_OFD_SETLK,
   F_OFD_SETLKW over a kernel struct flock (F_*GETLK fill it in). F_SETLKW
   answers -EAGAIN like F_SETLK when it would have to wait and fills *want
   with the request: the server parks the caller then on the file's lock
   queue (lock_waitq) and tries again when it is woken (and finds
   deadlocks from the wants). */
struct file_lock_want {
    struct vnode *vn;
    int kind;             /* enum lock_kind */
    int type;             /* LOCK_TYPE_RD / LOCK_TYPE_WR */
    uint64_t start, end;
    const void *owner;    /* POSIX: the fdtable; OFD, flock: the ofile */
    const void *holder;   /* the owner of the conflicting lock */
};
struct flock;
int64_t file_fcntl_lock(struct file_ctx *c, int fd, int cmd, struct flock *fl,
                        struct file_lock_want *want);
/* flock(2): LOCK_SH, LOCK_EX, LOCK_UN, | LOCK_NB. -EAGAIN (EWOULDBLOCK) when
   it would wait, with *want filled: the server parks unless LOCK_NB. */
int64_t file_flock(struct file_ctx *c, int fd, int op, struct file_lock_want *want);

/* F_GETFD, F_SETFD, F_GETFL, F_SETFL (O_APPEND, O_NONBLOCK changeable),
   F_DUPFD, F_DUPFD_CLOEXEC; EINVAL for others (the lock commands go to
   file_fcntl_lock). */
int64_t file_fcntl(struct file_ctx *c, int fd, int cmd, uint64_t arg);
/* faccessat2: mode F_OK or R_OK|W_OK|X_OK, flags AT_EACCESS | AT_SYMLINK_NOFOLLOW
   (effective ids are the only ids this layer knows). */
int64_t file_faccessat(struct file_ctx *c, int dirfd, const char *path, int mode, int flags);
int64_t file_dup(struct file_ctx *c, int fd);
/* dup2: dup3 with flags 0, and oldfd == newfd answers newfd when valid. */
int64_t file_dup2(struct file_ctx *c, int oldfd, int newfd);
int64_t file_dup3(struct file_ctx *c, int oldfd, int newfd, uint32_t flags); /* O_CLOEXEC; EINVAL if equal */
/* getcwd: writes the path with its NUL; returns its length with the NUL,
   -ERANGE if size is too small, -ENOENT if the cwd was removed. */
int64_t file_getcwd(struct file_ctx *c, char *buf, size_t size);
int64_t file_chdir(struct file_ctx *c, const char *path);
int64_t file_fchdir(struct file_ctx *c, int fd);
/* ioctl: devices get the call (the console answers TCGETS, TCSETS*,
   TIOCGWINSZ ...); ENOTTY for every other node and for unknown requests. */
int64_t file_ioctl(struct file_ctx *c, int fd, uint64_t req, void *arg);
/* Bytes the server copies in before / out after file_ioctl for req (0 for
   an unknown request); *in and *out tell the direction. */
size_t file_ioctl_size(uint64_t req, int *in, int *out);

#endif
