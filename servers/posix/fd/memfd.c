/* memfd_create: an unnamed regular file behind a descriptor, as Linux 6.1's.
 *
 * The file is a tmpfs file in no directory (vfs_new_anon, VFS_IFREG | 0777)
 * of a filesystem nobody mounts, as Linux keeps memfds in its internal
 * shm mount: their pages count against it, not against the root's, and
 * they have its st_dev. It is opened O_RDWR | O_LARGEFILE and its fd links
 * read "/memfd:NAME (deleted)". Seals (fcntl F_ADD_SEALS) live in the node
 * (vfs.h); without MFD_ALLOW_SEALING it starts with F_SEAL_SEAL, so takes
 * none. MFD_HUGETLB is EINVAL: there are no huge pages to back it (Linux
 * answers it from hugetlbfs). */
#include "posix.h"
#include "proc.h"
#include "file.h"
#include "fileio.h"
#include "fsmount.h"
#include "client.h"
#include "string.h"
#include <calyx/malloc.h>
#include <linux/fcntl.h>
#include <linux/memfd.h>

#define MFD_PREFIX      "memfd:"
#define MFD_PREFIX_LEN  (sizeof MFD_PREFIX - 1)
#define MFD_NAME_MAX    (VFS_NAME_MAX - MFD_PREFIX_LEN) /* 249, as Linux */
#define MFD_KNOWN       (MFD_CLOEXEC | MFD_ALLOW_SEALING | MFD_HUGETLB)

static struct vfs memfd_fs;
static int memfd_fs_ready;

/* The filesystem memfds live in, made at the first call. */
static struct vfs *memfd_vfs(void)
{
    if (!memfd_fs_ready) {
        if (vfs_init_empty(&memfd_fs, posix_vfs.clock))
            return 0;
        memfd_fs.type = "tmpfs";
        memfd_fs.dev = fsmount_new_dev();
        memfd_fs_ready = 1;
    }
    return &memfd_fs;
}

/* Linux's check: the huge page size bits only with MFD_HUGETLB. */
static int flags_valid(uint32_t flags)
{
    uint32_t known = MFD_KNOWN;
    if (flags & MFD_HUGETLB)
        known |= (uint32_t)MFD_HUGE_MASK << MFD_HUGE_SHIFT;
    return !(flags & ~known);
}

/* A new memfd node named full ("memfd:NAME"), sealable or not. */
static int memfd_node(const char *full, int sealable, const struct vfs_cred *cred,
                      struct vnode **out)
{
    struct vfs *fs = memfd_vfs();
    if (!fs)
        return -ENOMEM;
    size_t len = strlen(full) + 1;
    char *name = malloc(len);
    if (!name)
        return -ENOMEM;
    memcpy(name, full, len);
    struct vnode *vn;
    int r = vfs_new_anon(fs, VFS_IFREG | 0777, NULL, NULL, cred, &vn);
    if (r) {
        free(name);
        return r;
    }
    vn->u.reg.anon_name = name;
    if (sealable)
        vn->seals = 0; /* new regular files start with F_SEAL_SEAL */
    *out = vn;
    return 0;
}

long sys_memfd_create(struct thread *t, const uint64_t *a)
{
    uint32_t flags = (uint32_t)a[1]; /* an unsigned int */
    if (!flags_valid(flags))
        return -EINVAL;
    char full[MFD_PREFIX_LEN + MFD_NAME_MAX + 1] = MFD_PREFIX;
    long n = client_string(t->p, a[0], full + MFD_PREFIX_LEN, MFD_NAME_MAX + 1);
    if (n == -ENAMETOOLONG)
        return -EINVAL; /* a name longer than 249 bytes */
    if (n < 0)
        return n;
    if (flags & MFD_HUGETLB)
        return -EINVAL;
    struct file_ctx c = fileio_ctx(t);
    struct vnode *vn;
    int r = memfd_node(full, (flags & MFD_ALLOW_SEALING) != 0, &c.cred, &vn);
    if (r)
        return r;
    int err = 0;
    struct vfs_path at = { 0, vn };
    struct ofile *f = ofile_new_at(&at, O_RDWR | O_LARGEFILE, &c, &err);
    vfs_unref(vn); /* the description holds it now (or it goes) */
    if (!f)
        return err;
    int fd = fdtable_install(c.fdt, f, 0, (flags & MFD_CLOEXEC) != 0);
    if (fd < 0)
        ofile_unref(f);
    return fd;
}
