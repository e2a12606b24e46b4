/* mount and umount2: the arguments copied from the client; the semantics
 * are fsmount.c's (file_mount, file_umount). Handlers for the Linux ABI
 * table (abi/x86_64/syscalls.toml). */
#include "posix.h"
#include "fileio.h"
#include "client.h"
#include "proc.h"
#include "file.h"
#include "fsmount.h"
#include "vfs.h"

static char target[VFS_PATH_MAX], source[VFS_PATH_MAX];

long sys_mount(struct thread *t, const uint64_t *a)
{
    /* the source may be NULL (propagation, remount), as may type and data */
    static char fstype[FSMOUNT_DATA_MAX], data[FSMOUNT_DATA_MAX];
    struct proc *p = t->p;
    struct file_ctx c = fileio_ctx(t);
    long r;
    if (a[0] && (r = fileio_get_path(p, a[0], source)) < 0)
        return r;
    if ((r = fileio_get_path(p, a[1], target)) < 0)
        return r;
    if (a[2] && (r = client_string(p, a[2], fstype, sizeof fstype)) < 0)
        return r;
    if (a[4] && (r = client_string(p, a[4], data, sizeof data)) < 0)
        return r;
    return file_mount(&c, a[0] ? source : NULL, target, a[2] ? fstype : NULL, a[3],
                      a[4] ? data : NULL);
}

long sys_umount2(struct thread *t, const uint64_t *a)
{
    struct file_ctx c = fileio_ctx(t);
    long r = fileio_get_path(t->p, a[0], target);
    if (r < 0)
        return r;
    return file_umount(&c, target, (int)a[1]);
}
