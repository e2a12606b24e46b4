/* The POSIX server's in-memory filesystem: one tree of vnodes holding
 * directories, regular files (sparse: data in VFS_PAGE_SIZE pages, a hole
 * is a missing page and reads as zeros), character devices (an ops
 * table supplied by whoever creates them: the consoles, /dev/null, pipes)
 * and symbolic links.
 *
 * Errors are returned as negative Linux errno values (-ENOENT ...), results
 * as values >= 0. Limits, each a named constant below:
 *   VFS_NAME_MAX      255 bytes in one path component   -> ENAMETOOLONG
 *   VFS_PATH_MAX      4096 bytes in a path, NUL included -> ENAMETOOLONG
 *   VFS_MAX_NODES     65536 live vnodes                  -> ENOSPC
 *   VFS_MAX_FILE_SIZE 16 GiB in one regular file (holes   -> EFBIG
 *                     included: a sparse file may be that large)
 *   VFS_DATA_MAX      128 MiB of file data pages in the  -> ENOSPC
 *                     whole filesystem (struct vfs data_limit; half the
 *                     default 256 MiB guest, as tmpfs takes half of RAM)
 *   VFS_SYMLOOP_MAX   40 symbolic links in one lookup    -> ELOOP
 *   memory running out while growing a file or a dir     -> ENOSPC
 *
 * Lifetime: a vnode lives while it has a directory entry (nlink > 0) or a
 * reference (vfs_ref: an open file description, a cwd). vfs_unref of the
 * last reference of an unlinked vnode frees it (and calls a device's
 * destroy). Every function returning a vnode through an out pointer returns
 * it WITH a reference the caller must drop with vfs_unref.
 *
 * Permissions: checks use the classic owner/group/other bits against a
 * struct vfs_cred (the group bits apply when the node's group is the
 * effective gid or one of the supplementary groups); uid 0 passes every read/write check and the execute
 * check when any x bit is set (as Linux). Search (x) permission is checked
 * on every directory a lookup walks through.
 *
 * Not thread-safe: the server serialises all calls.
 *
 * Where it lives: the RAM filesystem in vnode.c (nodes, set-up), dir.c
 * (directories), names.c (creating and removing names), data.c (file
 * data), synth.c (synthetic nodes); the walker in walk.c (paths to places,
 * across mounts) and pathname.c (places back to paths). vfs_internal.h is
 * what they share. */
#ifndef POSIX_VFS_H
#define POSIX_VFS_H

#include <stddef.h>
#include <stdint.h>

#define VFS_NAME_MAX      255
#define VFS_PATH_MAX      4096
#define VFS_MAX_NODES     65536
#define VFS_MAX_FILE_SIZE ((uint64_t)16 << 30)
#define VFS_DATA_MAX      ((uint64_t)128 << 20)
#define VFS_PAGE_SIZE     4096
/* Page pointers in one leaf of a file's page table (a leaf maps 2 MiB). */
#define VFS_LEAF_PAGES    512
#define VFS_SYMLOOP_MAX   40

/* File types and mode bits: the Linux st_mode values. */
#define VFS_IFMT   0170000
#define VFS_IFSOCK 0140000
#define VFS_IFLNK  0120000
#define VFS_IFREG  0100000
#define VFS_IFDIR  0040000
#define VFS_IFBLK  0060000
#define VFS_IFCHR  0020000
#define VFS_IFIFO  0010000
#define VFS_ISUID  04000
#define VFS_ISGID  02000
#define VFS_ISVTX  01000
#define VFS_PERM_MASK 07777

/* access(2) bits: vfs_permission's want. */
#define VFS_MAY_EXEC  1
#define VFS_MAY_WRITE 2
#define VFS_MAY_READ  4

/* Linux makedev for the st_rdev of device nodes. */
#define VFS_MKDEV(major, minor) \
    ((((uint64_t)(major) & 0xfff) << 8) | ((uint64_t)(minor) & 0xff) | \
     (((uint64_t)(minor) & ~0xffull) << 12))

struct vfs_time {
    int64_t sec;
    int64_t nsec;
};

/* Supplementary groups a credential carries (setgroups beyond: EINVAL). */
#define VFS_NGROUPS_MAX 32

struct vfs_cred {
    uint32_t uid; /* effective ids */
    uint32_t gid;
    uint32_t ngroups;        /* supplementary groups, used by permission checks */
    const uint32_t *groups;  /* ngroups entries (NULL when 0); not owned */
    int32_t pid;  /* the calling process (0: the server itself): procfs's magic
                     links (/proc/self ...) resolve per caller */
};

/* 1 if gid is cred's effective group or one of its supplementary groups. */
int vfs_in_group(const struct vfs_cred *cred, uint32_t gid);

struct vnode;
struct poll_table;

struct ofile;
struct file_ctx;

/* The operations of an open file description (file.h's struct ofile). Every
 * description has them (f->ops), chosen when it is opened: the file layer's
 * own for regular files, directories and /proc files (fileops.c), the
 * driver's for a device node (vn->u.chr.ops: terminals, pipes, sockets,
 * epoll instances, memory and loop devices). c is the caller: its tables,
 * credentials and thread (c->t); NULL when the server itself opens or
 * reads a file. All optional (NULL: read and write give EINVAL, ioctl
 * ENOTTY, poll "always ready").
 *
 * read and write move bytes at off (>= 0: pread/pwrite), or at and past
 * the description's offset (off < 0); a stream (pipe, socket, terminal)
 * only ever sees off < 0 (the file layer answers ESPIPE). They return a
 * byte count or -errno; one that would have to wait returns -EAGAIN and the
 * server decides whether to park the caller (on the queues poll registers).
 * open is called when a description is created on the node (an error fails
 * the open), release when it goes away (pipes count their readers and
 * writers this way).
 *
 * The rest belongs to the node: destroy when the vnode itself is freed (the
 * device frees ctx); a block device's positional data and size (the
 * description's offset moves as for a file, lseek works; ext2 mounts read
 * through pread). */
struct file_ops {
    int64_t (*read)(struct ofile *f, const struct file_ctx *c, void *buf, size_t len, int64_t off);
    int64_t (*write)(struct ofile *f, const struct file_ctx *c, const void *buf, size_t len,
                     int64_t off);
    /* arg: a kernel buffer of file_ioctl_size(req) bytes, in and/or out. */
    int64_t (*ioctl)(struct ofile *f, const struct file_ctx *c, uint64_t req, void *arg);
    /* Linux POLLIN/POLLOUT/POLLHUP... bits that are ready now; with pt
       (not NULL) it also puts pt's sleeper on the wait queues whose wake
       may change the answer (poll_wait, waitq.h). */
    uint32_t (*poll)(struct ofile *f, const struct file_ctx *c, struct poll_table *pt);
    int (*open)(struct ofile *f, const struct file_ctx *c);
    void (*release)(struct ofile *f);
    /* A descriptor of it was closed in descriptor table fdt (every close,
       as Linux's flush; the description may live on): mqueue drops the
       closer's notification. */
    void (*flush)(struct ofile *f, const void *fdt);
    unsigned flags;    /* FILE_OPS_* */

    void (*destroy)(struct vnode *vn);
    int64_t (*pread)(struct vnode *vn, void *buf, size_t len, uint64_t off);
    int64_t (*pwrite)(struct vnode *vn, const void *buf, size_t len, uint64_t off);
    uint64_t (*size)(struct vnode *vn);
};

/* file_ops.flags: how the server moves a read's or write's bytes.
   WHOLE: in one call of up to the server's whole buffer, never in chunks
   (sockets: a record is never split, a write's room is judged as a whole).
   SIGPIPE: EPIPE from write raises SIGPIPE in the writer (pipes, stream
   sockets; not datagram sockets, as Linux).
   SYNC: fsync and fdatasync succeed (regular files, directories, block
   devices: memory is the medium, nothing to write back); on any other file
   they are EINVAL, as Linux answers for a file without an fsync
   operation (pipes, sockets, terminals, /proc files). */
#define FILE_OPS_WHOLE   1u
#define FILE_OPS_SIGPIPE 2u
#define FILE_OPS_SYNC    4u

/* One directory entry. Entries keep their insertion order; cookie (>= 2,
   growing) is what getdents uses as d_off, so removing an entry while a
   reader walks the directory never makes it skip or repeat another one. */
struct vfs_dirent {
    struct vnode *node;
    uint64_t cookie;
    uint16_t namelen;
    char *name; /* NUL-terminated, namelen bytes */
};

struct vfs;
struct vfs_synth_ops;

struct vnode {
    struct vfs *fs;
    uint64_t ino;
    uint32_t mode;     /* VFS_IF* type | permission bits */
    uint32_t uid, gid;
    uint32_t nlink;    /* directory entries naming it (dirs: 2 + subdirectories) */
    uint32_t refs;     /* vfs_ref holders */
    uint32_t mounted;  /* mounts whose mountpoint it is (lookups check for them) */
    uint64_t rdev;     /* device nodes: VFS_MKDEV(major, minor) */
    struct vfs_time atime, mtime, ctime;
    struct vfs_time btime; /* creation (statx) */
    struct vnode *parent; /* directories: the one containing it (root: itself) */
    const struct vfs_synth_ops *synth; /* synthetic nodes (procfs); NULL otherwise */
    struct vfs_xattr *xattrs; /* extended attributes (xattr.c), newest first */
    struct lease *leases; /* file leases (fd/lease.c) */
    uint32_t open_rd, open_wr; /* regular files: descriptions open for reading, writing */
    uint32_t mapped_writable;  /* regular files: shared mappings that may write (proc/mm.c) */
    uint32_t running;          /* regular files: processes running it (proc/mm.c): ETXTBSY for writers */
    uint8_t seals;        /* regular files: VFS_SEAL_* (fcntl F_ADD_SEALS; a new one has SEAL) */
    uint8_t anon;         /* made by vfs_new_anon (a pipe, socket, eventfd...): in no directory */
    uint64_t synth_arg;   /* the synthetic node's own word (what it describes); a
                             file of a filesystem with its own file_ops: its object */
    union {
        struct {             /* VFS_IFDIR */
            /* In cookie order (readdir's). A removed entry stays as a hole
               (node NULL) until the array is compacted, so removing the
               entries of a large directory one by one costs no shifting;
               count includes the holes: iterations skip node == NULL, and
               vfs_dir_size counts the entries. */
            struct vfs_dirent *ents;
            size_t count, cap, holes;
            uint64_t next_cookie;
            /* Name lookup for large directories (dir.c, VFS_DIR_INDEX_MIN):
               open addressing by name hash; a slot holds an entry's cookie
               + 1, 0 when empty, VFS_DIR_TOMB when its entry left. */
            uint64_t *index;
            size_t index_cap, index_used;
        } dir;
        struct {             /* VFS_IFREG: use vfs_read/vfs_write/vfs_map, never the pages */
            struct vfs_leaf **leaves; /* nleaves leaves of VFS_LEAF_PAGES pages; NULL = hole */
            size_t nleaves;
            uint64_t size;
            uint64_t pages;  /* pages allocated (st_blocks = pages * 8; vfs_reg_pages) */
            /* Non-NULL once the file is mapped shared (pagecache.h): its
               pages live in a kernel memory object, not in leaves. */
            struct vfs_pages *cache;
            /* A file in no directory (memfd_create): what /proc/<pid>/fd
               links call it ("memfd:NAME"); malloc'd, freed with it. */
            char *anon_name;
        } reg;
        struct {             /* VFS_IFCHR, and anonymous nodes (pipes: VFS_IFIFO) */
            const struct file_ops *ops;
            void *ctx;       /* the device's own state */
        } chr;
        struct {             /* VFS_IFLNK */
            char *target;
            size_t len;
        } lnk;
    } u;
};

typedef void (*vfs_clock_fn)(struct vfs_time *now);

/* One filesystem (Linux's superblock): a tree of nodes with its own inode
   numbers, limits and device number. It is seen through the mounts that
   show it (mount.h); a tree nobody mounts (tests, loaders) works alone. */
struct vfs {
    struct vnode *root;
    vfs_clock_fn clock;   /* the time stamped on nodes (NULL: always 0) */
    uint64_t next_ino;
    size_t nodes;         /* live vnodes, <= VFS_MAX_NODES */
    uint64_t data_pages;  /* file data pages allocated in all files */
    uint64_t data_limit;  /* bytes of file data allowed (VFS_DATA_MAX by vfs_init) */
    const char *type;     /* "tmpfs", "proc", "ext2" ... (NULL: "tmpfs") */
    uint32_t magic;       /* statfs f_type (0: TMPFS_MAGIC) */
    uint32_t dev;         /* st_dev: Linux's encoding of (0, minor) (0: VFS_ROOT_DEV) */
    uint32_t rdonly;      /* mounted read-only at the filesystem level: EROFS */
    uint32_t mounts;      /* mounts showing it (mount.c frees it after the last) */
    uint32_t writers;     /* open file descriptions that may write (remount ro: EBUSY) */
    char *options;        /* the mount options it was made with, for /proc/mounts (malloc'd or NULL) */
    void *owner;          /* the filesystem type's own state (ext2: its loop device) */
    /* Called when its last mount is gone (tmpfs frees its tree; NULL: kept). */
    void (*release)(struct vfs *fs);
    /* A filesystem whose regular files are objects of its own (mqueue: each
       file is a queue): their operations (destroy runs when such a node is
       freed), and made_file, run on each regular file vfs_create makes
       (an error undoes the creation). NULL: the RAM filesystem's files. */
    const struct file_ops *file_ops;
    int (*made_file)(struct vnode *vn, const struct vfs_cred *cred);
};
/* st_dev of the root filesystem (other filesystems count up from it). */
#define VFS_ROOT_DEV 0x1a
static inline uint32_t vfs_dev(const struct vfs *fs) { return fs->dev ? fs->dev : VFS_ROOT_DEV; }

/* --- mounts -----------------------------------------------------------------------
   A mount shows the subtree of one filesystem under root (a whole filesystem,
   or any directory or file of it for a bind mount) at mountpoint, a node of
   its parent mount. Lookups cross into the topmost mount on a node and ".."
   from a mount's root leaves through its mountpoint, so a place in the
   namespace is a (mount, node) pair: struct vfs_path. mount.h has the rest
   (mounting, unmounting, propagation); the walker needs only this. */
#define VFS_MNT_RDONLY     0x01
#define VFS_MNT_NOSUID     0x02
#define VFS_MNT_NODEV      0x04
#define VFS_MNT_NOEXEC     0x08
#define VFS_MNT_NOATIME    0x10
#define VFS_MNT_NODIRATIME 0x20
#define VFS_MNT_RELATIME   0x40

struct vfs_mount {
    struct vfs *fs;
    struct vnode *root;          /* referenced */
    struct vfs_mount *parent;    /* NULL: the namespace's root, or detached */
    struct vnode *mountpoint;    /* in parent (referenced), NULL when parent is */
    uint32_t flags;              /* VFS_MNT_* */
    uint32_t refs;               /* paths held: cwds, roots, open files, lookups in flight */
    uint32_t writers;            /* open files that may write through it (ro bind remount: EBUSY) */
    int id;                      /* /proc/self/mountinfo's mount ID */
    int group;                   /* shared: its peer group (> 0); 0: private */
    int unbindable;              /* MS_UNBINDABLE: bind mounts of it are EINVAL */
    int attached;                /* in the tree (0: unmounted, waiting for its last ref) */
    char *source;                /* what /proc/mounts shows first (malloc'd) */
    struct vfs_mount *next;      /* every mount, in the order they were made */
    /* A namespace's root mount (attached, no parent): the fs_states in the
       namespace (mount.h: mount_ns_get/put); the namespace goes with the last. */
    uint32_t ns_users;
    struct vfs_mount *copy;      /* scratch: its copy while a namespace is copied */
};

/* The mounts of every namespace, oldest first (vfs_mounts is the first
   namespace's root mount). */
extern struct vfs_mount *vfs_mounts;

/* A place in the namespace. mnt NULL: a tree without mounts (tests, loaders). */
struct vfs_path {
    struct vfs_mount *mnt;
    struct vnode *vn;
};

/* 1 if vn is top or a directory below it (walking parent pointers; a
   file has none, so only top itself counts for it). */
int vfs_below(const struct vnode *vn, const struct vnode *top);

/* The topmost mount attached on node vn of mount parent, or NULL. */
struct vfs_mount *vfs_mount_at(const struct vfs_mount *parent, const struct vnode *vn);
/* A mount showing vn's filesystem whose root vn is under (the first made),
   for a node whose mount nobody recorded; NULL when none. */
struct vfs_mount *vfs_mount_guess(const struct vnode *vn);
static inline void vfs_mount_ref(struct vfs_mount *m) { if (m) m->refs++; }
/* Drops a reference; a detached mount's last one frees it (mount.c). */
void vfs_mount_unref(struct vfs_mount *m);
/* Read-only, by the mount or by its filesystem. */
static inline int vfs_mount_rdonly(const struct vfs_mount *m)
{
    return m && ((m->flags & VFS_MNT_RDONLY) || m->fs->rdonly);
}

/* Users of a namespace (its root mount); the last one's put calls
   vfs_ns_release (mount.c sets it), except for the first namespace. */
void vfs_ns_get(struct vfs_mount *ns);
void vfs_ns_put(struct vfs_mount *ns);
extern void (*vfs_ns_release)(struct vfs_mount *ns);

void vfs_path_ref(const struct vfs_path *p);
void vfs_path_unref(struct vfs_path *p);   /* and clears it */
struct vfs_leaf;

/* Creates the root (mode 0755, uid/gid 0), /tmp (01777), /dev (0755),
   /dev/null (0666, char 1:3: reads give EOF, writes succeed) and
   /dev/console (0620, char 5:1, console_ops/console_ctx; NULL ops make it a
   second /dev/null). 0 or -ENOMEM. */
int vfs_init(struct vfs *fs, vfs_clock_fn clock, const struct file_ops *console_ops,
             void *console_ctx);
/* Only the root directory (mode 0755, uid/gid 0): a new tmpfs, or a tree a
   filesystem loader fills in. 0 or -ENOMEM. */
int vfs_init_empty(struct vfs *fs, vfs_clock_fn clock);
/* Frees every node (the tests' leak checks; the server never calls it). */
void vfs_destroy(struct vfs *fs);

void vfs_ref(struct vnode *vn);
void vfs_unref(struct vnode *vn);

static inline int vfs_is_dir(const struct vnode *vn) { return (vn->mode & VFS_IFMT) == VFS_IFDIR; }
static inline int vfs_is_reg(const struct vnode *vn) { return (vn->mode & VFS_IFMT) == VFS_IFREG; }
static inline int vfs_is_lnk(const struct vnode *vn) { return (vn->mode & VFS_IFMT) == VFS_IFLNK; }
/* Character devices and anonymous device-like nodes (pipes). */
static inline int vfs_is_dev(const struct vnode *vn)
{
    uint32_t t = vn->mode & VFS_IFMT;
    return t == VFS_IFCHR || t == VFS_IFIFO || t == VFS_IFSOCK || t == VFS_IFBLK;
}

/* --- path resolution ----------------------------------------------------------
   Relative paths start at cwd, absolute ones at fs->root; "." and ".." are
   handled (".." of the root is the root), repeated slashes are one, a
   trailing slash requires a directory (ENOTDIR). An empty path is ENOENT.
   Symbolic links are followed in the middle of a path always, at the end
   unless VFS_NOFOLLOW. Errors: ENOENT, ENOTDIR, ENAMETOOLONG, ELOOP, EACCES
   (no search permission on a directory walked through). */
#define VFS_NOFOLLOW 1

int vfs_lookup(struct vfs *fs, struct vnode *cwd, const char *path, int flags,
               const struct vfs_cred *cred, struct vnode **out);
/* The same for a process with its own root (chroot): absolute paths and
   absolute symlink targets start at root, and ".." of root is root. */
int vfs_lookup_in(struct vnode *root, struct vnode *cwd, const char *path, int flags,
                  const struct vfs_cred *cred, struct vnode **out);

/* For calls that create or remove a name: resolves everything but the last
   component, returns the directory (referenced) and copies the last name
   into name (VFS_NAME_MAX + 1 bytes). A path ending in "." or ".." reports
   that name, and "/" (only slashes) reports "/" with dir = the root: creators
   refuse these (EEXIST) and removers too (EINVAL, ENOTEMPTY, EBUSY) as Linux.
   *trailing_slash tells whether the path ended in '/' (may be NULL). */
int vfs_lookup_parent(struct vfs *fs, struct vnode *cwd, const char *path,
                      const struct vfs_cred *cred, struct vnode **dir,
                      char name[VFS_NAME_MAX + 1], int *trailing_slash);
int vfs_lookup_parent_in(struct vnode *root, struct vnode *cwd, const char *path,
                         const struct vfs_cred *cred, struct vnode **dir,
                         char name[VFS_NAME_MAX + 1], int *trailing_slash);

/* The same over the namespace: root and start are places (mounts and nodes),
   the answer a place with references on both (vfs_path_unref). */
int vfs_walk(const struct vfs_path *root, const struct vfs_path *start, const char *path, int flags,
             const struct vfs_cred *cred, struct vfs_path *out);
int vfs_walk_parent(const struct vfs_path *root, const struct vfs_path *start, const char *path,
                    const struct vfs_cred *cred, struct vfs_path *dir,
                    char name[VFS_NAME_MAX + 1], int *trailing_slash);

/* Looks name up in dir (no symlink following, no permission check).
   Returns the node WITHOUT a reference, or NULL. */
struct vnode *vfs_dir_find(struct vnode *dir, const char *name);
/* The entries a directory holds ("." and ".." not counted). */
static inline size_t vfs_dir_size(const struct vnode *dir)
{
    return dir->u.dir.count - dir->u.dir.holes;
}

/* 0 if cred may access vn as want (VFS_MAY_* bits), else -EACCES. */
int vfs_permission(const struct vnode *vn, const struct vfs_cred *cred, int want);

/* --- creating and removing names (dir: a directory; name: one component) -----
   New nodes get mode & VFS_PERM_MASK (the caller applies the umask), owner
   cred->uid/gid (or 0 with cred == NULL), all three times = now, and the
   parent's mtime/ctime change. Errors: EEXIST, ENOTDIR, EACCES (no write+search
   on dir), ENOENT (dir was removed), ENAMETOOLONG, ENOSPC. out may be NULL;
   otherwise it receives the new node with a reference. */
int vfs_create(struct vnode *dir, const char *name, uint32_t mode, const struct vfs_cred *cred,
               struct vnode **out);
int vfs_mkdir(struct vnode *dir, const char *name, uint32_t mode, const struct vfs_cred *cred,
              struct vnode **out);
int vfs_mknod_chr(struct vnode *dir, const char *name, uint32_t mode, uint64_t rdev,
                  const struct file_ops *ops, void *ctx, const struct vfs_cred *cred,
                  struct vnode **out);
/* A named device-like node of any of those types (mode holds the type:
   VFS_IFIFO, VFS_IFCHR, VFS_IFBLK or VFS_IFSOCK, else EINVAL); mknod(2). */
int vfs_mknod(struct vnode *dir, const char *name, uint32_t mode, uint64_t rdev,
              const struct file_ops *ops, void *ctx, const struct vfs_cred *cred,
              struct vnode **out);
int vfs_symlink(struct vnode *dir, const char *name, const char *target,
                const struct vfs_cred *cred, struct vnode **out);
/* A hard link to a non-directory (EPERM for a directory). */
int vfs_link(struct vnode *dir, const char *name, struct vnode *target,
             const struct vfs_cred *cred);
/* A node in no directory (pipes): type VFS_IFIFO, VFS_IFCHR or VFS_IFSOCK
   with its device ops, or VFS_IFREG (ops NULL: an unnamed file of fs, as
   memfd_create's), returned with one reference; freed (release called)
   when the last one is dropped. */
int vfs_new_anon(struct vfs *fs, uint32_t mode, const struct file_ops *ops, void *ctx,
                 const struct vfs_cred *cred, struct vnode **out);

/* Removes a non-directory's name: EISDIR for a directory, ENOENT, EACCES,
   EPERM (sticky directory, not the owner). */
int vfs_unlink(struct vnode *dir, const char *name, const struct vfs_cred *cred);
/* Removes an empty directory: ENOTDIR, ENOTEMPTY, EINVAL for ".", ENOTEMPTY
   for "..", EBUSY for the root. */
int vfs_rmdir(struct vnode *dir, const char *name, const struct vfs_cred *cred);
/* rename(2): replaces a target of a compatible type (EISDIR, ENOTDIR,
   ENOTEMPTY), refuses moving a directory under itself (EINVAL), renaming
   "." or ".." (EBUSY/EINVAL); same node on both sides does nothing. */
int vfs_rename(struct vnode *olddir, const char *oldname, struct vnode *newdir,
               const char *newname, const struct vfs_cred *cred);
/* renameat2's RENAME_EXCHANGE: the two names swap their nodes, of any
   types (ENOENT unless both exist; EINVAL when one would go inside itself). */
int vfs_exchange(struct vnode *olddir, const char *oldname, struct vnode *newdir,
                 const char *newname, const struct vfs_cred *cred);

/* --- extended attributes (xattr.c) ------------------------------------------------
   As Linux 6.1's tmpfs: the trusted.* namespace (root only; others cannot
   see it: reads ENODATA, writes EPERM) and security.* (anyone, as Debian's
   6.1 kernel allows; security.capability root only); user.* and system.*
   (ACLs) are EOPNOTSUPP there, as on
   6.1's tmpfs; other filesystems and anonymous nodes have none
   (EOPNOTSUPP). Names are 1..255 bytes (ERANGE), values at most
   VFS_XATTR_SIZE_MAX (E2BIG), kept in memory with the node. */
#define VFS_XATTR_NAME_MAX 255
#define VFS_XATTR_SIZE_MAX 65536
#define VFS_XATTR_LIST_MAX 65536
#define VFS_XATTR_CREATE  1
#define VFS_XATTR_REPLACE 2
int vfs_setxattr(struct vnode *vn, const char *name, const void *value, size_t size, int flags,
                 const struct vfs_cred *cred);
/* The value's length, copied to buf when size is not 0 (-ERANGE when it
   does not fit); -ENODATA when there is none. */
int64_t vfs_getxattr(struct vnode *vn, const char *name, void *buf, size_t size,
                     const struct vfs_cred *cred);
/* The names cred may see, each NUL-terminated, as getxattr's sizes. */
int64_t vfs_listxattr(struct vnode *vn, char *buf, size_t size, const struct vfs_cred *cred);
int vfs_removexattr(struct vnode *vn, const char *name, const struct vfs_cred *cred);
void vfs_xattr_free(struct vnode *vn);

/* --- data ---------------------------------------------------------------------
   Regular files only (EISDIR for a directory, EINVAL otherwise; devices go
   through their ops). read past the end gives 0; write past the end fills
   the gap with zeros; both stamp times. Byte count or -errno (EFBIG, ENOSPC). */
int64_t vfs_read(struct vnode *vn, void *buf, size_t len, uint64_t off);
int64_t vfs_write(struct vnode *vn, const void *buf, size_t len, uint64_t off);
/* Sets a regular file's size (EISDIR, EINVAL, EFBIG); shrinking frees the
   pages past the end, growing only makes a hole; mtime/ctime move only
   when the size changes (as tmpfs). */
int vfs_truncate(struct vnode *vn, uint64_t size);
/* A regular file's size in bytes (0 for other nodes). */
static inline uint64_t vfs_size(const struct vnode *vn)
{
    return (vn->mode & VFS_IFMT) == VFS_IFREG ? vn->u.reg.size : 0;
}

/* fallocate(2) on a regular file, modes as Linux (asm-generic values):
   0 allocates [off, off+len) and extends the size, VFS_FALLOC_KEEP_SIZE
   allocates without extending, VFS_FALLOC_PUNCH_HOLE|VFS_FALLOC_KEEP_SIZE
   frees the whole pages in the range and zeroes the partial ones. Errors:
   EOPNOTSUPP (other modes, PUNCH_HOLE without KEEP_SIZE), EINVAL (off < 0,
   len <= 0), EFBIG (past VFS_MAX_FILE_SIZE), ENOSPC (nothing allocated
   then), EISDIR, ENODEV (not a regular file). Stamps mtime/ctime. */
#define VFS_FALLOC_KEEP_SIZE  0x01
#define VFS_FALLOC_PUNCH_HOLE 0x02
int vfs_fallocate(struct vnode *vn, int mode, int64_t off, int64_t len);

/* File seals (fcntl F_ADD_SEALS, F_GET_SEALS), Linux's values. Only a
   tmpfs file has them (Linux: shmem's files); every new one starts with
   SEAL, so only memfd_create's MFD_ALLOW_SEALING ever makes one that takes
   more. SHRINK and GROW refuse size changes that way, WRITE and
   FUTURE_WRITE writes (EPERM from vfs_write, vfs_truncate, vfs_fallocate);
   mmap refuses writable shared mappings of a file sealed against writes
   (proc/mm.c). */
#define VFS_SEAL_SEAL         0x01
#define VFS_SEAL_SHRINK       0x02
#define VFS_SEAL_GROW         0x04
#define VFS_SEAL_WRITE        0x08
#define VFS_SEAL_FUTURE_WRITE 0x10
#define VFS_SEAL_ALL          0x1f
#define VFS_SEALS_NO_WRITE    (VFS_SEAL_WRITE | VFS_SEAL_FUTURE_WRITE)
/* Whether vn keeps seals (a regular file of a tmpfs). */
int vfs_sealable(const struct vnode *vn);
/* Adds seals: EINVAL (unknown bits, not sealable), EPERM (SEAL is set),
   EBUSY (WRITE while a shared mapping may write: vn->mapped_writable). */
int vfs_add_seals(struct vnode *vn, uint32_t seals);

/* lseek SEEK_DATA (data = 1) / SEEK_HOLE (data = 0): the first offset >= off
   in data (an allocated page) or in a hole (the end of the file counts as
   one). -ENXIO when off is at or past the end, or no data follows. */
int64_t vfs_seek_data(struct vnode *vn, uint64_t off, int data);

/* The whole of a regular file as one contiguous buffer (holes as zeros), for
   whoever needs the bytes in one piece (the program loader, reading small
   config files): *data is a malloc'd copy of *size bytes the caller frees
   with free() (NULL for an empty file). 0, -EINVAL (not a regular file),
   -ENOMEM. Does not stamp atime. */
int vfs_map(struct vnode *vn, uint8_t **data, size_t *size);
/* The same for at most the first max bytes (the headers of a program). */
int vfs_map_head(struct vnode *vn, size_t max, uint8_t **data, size_t *size);

/* A regular file's pages in a kernel memory object (fs/pagecache.c, the
   server's page cache): data.c hands every data operation of a file with
   u.reg.cache set to these. Each keeps u.reg.pages and the filesystem's
   data_pages true; results as the vfs_* call they stand for. */
struct vfs_cache_ops {
    int64_t (*read)(struct vnode *vn, void *buf, size_t len, uint64_t off);
    int64_t (*write)(struct vnode *vn, const void *buf, size_t len, uint64_t off);
    int (*resize)(struct vnode *vn, uint64_t size);
    void (*punch)(struct vnode *vn, uint64_t from, uint64_t to);
    int (*allocate)(struct vnode *vn, uint64_t from, uint64_t to, int keep_size);
    int64_t (*seek_data)(struct vnode *vn, uint64_t off, int data);
    void (*refresh)(struct vnode *vn); /* u.reg.pages again (mappings touch pages too) */
    void (*release)(struct vnode *vn); /* the file is gone */
};
struct vfs_pages {
    const struct vfs_cache_ops *ops; /* first: pagecache.c's state follows */
};
/* The pages of a regular file without a cache: page pg (NULL: a hole). */
const uint8_t *vfs_reg_page(const struct vnode *vn, uint64_t pg);
/* The file's data move to cache: the caller has copied every page there;
   the file's own pages are freed (data_pages drops by them). */
void vfs_reg_attach_cache(struct vnode *vn, struct vfs_pages *cache);
/* Pages allocated to a regular file now (st_blocks / 8). */
uint64_t vfs_reg_pages(const struct vnode *vn);

/* statfs(2) figures: total and free data blocks of VFS_PAGE_SIZE, total and
   free nodes. */
void vfs_statfs(struct vfs *fs, uint64_t *blocks, uint64_t *bfree, uint64_t *files,
                uint64_t *ffree);

/* A symbolic link's target (not NUL-terminated) and its length. EINVAL for other nodes. */
int vfs_readlink(struct vnode *vn, const char **target, size_t *len);

/* Directory iteration: the entry at or after *pos (0 = ".", 1 = "..", then
   cookies >= 2); fills *name, *namelen and *node and sets *pos past it.
   Returns 1 for an entry, 0 at the end, -ENOTDIR. */
int vfs_readdir(struct vnode *dir, uint64_t *pos, const char **name, size_t *namelen,
                struct vnode **node);

/* The absolute path of a directory, NUL-terminated, walking parents (a
   directory has exactly one). Returns the length with the NUL, -ERANGE when
   size is too small, -ENOENT when dir was removed. */
int64_t vfs_path_of(struct vnode *dir, char *buf, size_t size);
/* The path of dir as seen from root (chroot); a directory outside root
   gets the path from the filesystem's top prefixed by "(unreachable)", as
   Linux's getcwd. */
int64_t vfs_path_of_in(struct vnode *root, struct vnode *dir, char *buf, size_t size);

/* The path of p as seen from root, crossing mounts: directories and other
   nodes (found by a search of their mount, as Linux names them in /proc).
   Like vfs_path_of_in otherwise; a node outside root is "(unreachable)...". */
int64_t vfs_path_name(const struct vfs_path *root, const struct vfs_path *p, char *buf, size_t size);

/* Depth-first over every entry under top (top a directory; synthetic
   directories are not entered), iteratively: the directory holding the
   first entry match accepts, or NULL. */
struct vnode *vfs_tree_find(struct vnode *top, int (*match)(const struct vfs_dirent *e, void *arg),
                            void *arg);

/* Stamps: now from fs->clock. */
void vfs_now(struct vfs *fs, struct vfs_time *t);
void vfs_touch(struct vnode *vn, int atime, int mtime, int ctime);

/* --- synthetic nodes (procfs) -------------------------------------------------
   A node with synth ops is an ordinary node of the tree whose content comes
   from its owner:
   - a directory: refresh brings its entries up to date before every lookup
     in it, readdir or vfs_dir_find (NULL: a fixed directory). The entries are
     real entries, so readers keep their place (cookies) while it changes.
   - a regular file (mode VFS_IFREG, size 0 in stat as Linux): generate makes
     the whole content when the file is OPENED; the open file description
     keeps that snapshot (fileops.c), so a reader sees one consistent view.
   - a symbolic link ("magic link"): readlink gives its text for the caller,
     follow gives the node it stands for directly (lookups continue from that
     node: /proc/self/fd/0 reaches the open file itself).
   Names in a synthetic directory cannot be created, removed or renamed by
   anyone (EACCES to create, EPERM to remove or rename), root included; only
   the owner changes them (vfs_synth_node, vfs_synth_remove). */
struct vfs_synth_ops {
    void (*refresh)(struct vnode *dir);
    /* *data: malloc'd (the file layer frees it), *len bytes. 0 or -errno. */
    int (*generate)(struct vnode *vn, const struct vfs_cred *cred, char **data, size_t *len);
    /* The link text, not NUL-terminated, cut at size. Length or -errno. */
    int64_t (*readlink)(struct vnode *vn, const struct vfs_cred *cred, char *buf, size_t size);
    /* The place (no references: valid for the current call; out->mnt NULL
       when the owner does not know it). 0 or -errno. */
    int (*follow)(struct vnode *vn, const struct vfs_cred *cred, struct vfs_path *out);
    /* Files read and written in place at an offset (procfs's mem) rather
       than from a snapshot: open checks cred for access acc (O_RDONLY,
       O_WRONLY, O_RDWR) at open time, 0 or -errno; pread/pwrite move bytes
       at off: the count, or -errno. */
    int (*open)(struct vnode *vn, const struct vfs_cred *cred, int acc);
    int64_t (*pread)(struct vnode *vn, void *buf, size_t len, uint64_t off);
    int64_t (*pwrite)(struct vnode *vn, const void *buf, size_t len, uint64_t off);
};

static inline void vfs_synth_refresh(struct vnode *dir)
{
    if (dir->synth && dir->synth->refresh)
        dir->synth->refresh(dir);
}

/* Adds a synthetic node of type mode & VFS_IFMT (directory, regular file or
   symbolic link) named name to dir, owner uid/gid. EEXIST, ENOSPC,
   ENAMETOOLONG. out may be NULL, else it gets the node with a reference. */
int vfs_synth_node(struct vnode *dir, const char *name, uint32_t mode, uint32_t uid, uint32_t gid,
                   const struct vfs_synth_ops *ops, uint64_t arg, struct vnode **out);
/* Removes name from dir (a directory with everything in it). 0 or -ENOENT. */
int vfs_synth_remove(struct vnode *dir, const char *name);

/* /dev/null's operations, for the server's other nodes. */
extern const struct file_ops vfs_null_ops;

#endif
