/* The /proc/sys files of no subsystem of their own (see procsys.h). */
#include "procsys.h"
#include "sysctl.h"
#include "file.h"
#include "pipe.h"
#include "fileio.h"
#include "proc.h"
#include "printf.h"
#include <calyx/malloc.h>
#include <asm-generic/errno.h>

static int64_t threads_max = THREAD_MAX, ngroups_max = VFS_NGROUPS_MAX;
static int64_t nr_open = FILE_NOFILE_MAX, file_max = INT64_MAX;

static const struct sysctl_int kernel_files[] = {
    { "threads-max", &threads_max, THREAD_MAX, THREAD_MAX, 0, 0, 1 },
    { "ngroups_max", &ngroups_max, VFS_NGROUPS_MAX, VFS_NGROUPS_MAX, 0, 0, 1 },
};

static int64_t leases_enable = 1;

static const struct sysctl_int fs_files[] = {
    /* seconds a lease's holder has to give it up (lease.h) */
    { "lease-break-time", &lease_break_time, INT32_MIN, INT32_MAX, 0, 0, 0 },
    { "leases-enable", &leases_enable, 1, 1, 0, 0, 1 }, /* always on */
    /* proc_dopipe_max_size: a page at least, rounded to a power of two */
    { "pipe-max-size", &pipe_max_size, PIPE_PAGE, 1ll << 31, 1, 1, 0 },
    { "nr_open", &nr_open, FILE_NOFILE_MAX, FILE_NOFILE_MAX, 0, 0, 1 },
    { "file-max", &file_max, INT64_MAX, INT64_MAX, 1, 0, 1 }, /* no system-wide limit */
};

/* fs/file-nr: descriptions open, 0 (Linux's always-0 free count), file-max. */
static int file_nr(struct vnode *vn, const struct vfs_cred *cred, char **data, size_t *len)
{
    (void)vn, (void)cred;
    char *t = malloc(64);
    if (!t)
        return -ENOMEM;
    *len = (size_t)ksnprintf(t, 64, "%llu\t0\t%lld\n", (unsigned long long)ofile_count,
                             (long long)file_max);
    *data = t;
    return 0;
}

static const struct vfs_synth_ops file_nr_ops = { .generate = file_nr };

int procsys_init(void)
{
    struct vnode *kernel = sysctl_dir("kernel"), *fs = sysctl_dir("fs");
    if (!kernel || !fs)
        return -ENOENT;
    int r = 0;
    for (size_t i = 0; i < sizeof kernel_files / sizeof kernel_files[0] && !r; i++)
        r = sysctl_add(kernel, &kernel_files[i]);
    for (size_t i = 0; i < sizeof fs_files / sizeof fs_files[0] && !r; i++)
        r = sysctl_add(fs, &fs_files[i]);
    if (!r)
        r = sysctl_add_text(kernel, "core_pattern", "core\n"); /* coredump.h: fixed */
    if (!r)
        r = sysctl_add_text(kernel, "core_uses_pid", "0\n");
    if (!r)
        r = vfs_synth_node(fs, "file-nr", VFS_IFREG | 0444, 0, 0, &file_nr_ops, 0, NULL);
    return r;
}
