/* /proc/sys files holding numbers, as Linux's proc_dointvec_minmax and
 * proc_doulongvec_minmax read and write them: a read gives the value(s) in
 * decimal and a newline; root writes (the files are 0644: others EACCES
 * at open) one or more decimals separated by blanks; a value that is not
 * a number or lies outside [min, max] is EINVAL and changes nothing; a
 * write past offset 0 is ignored (sysctl_writes_strict); the answer is the
 * bytes taken. A read-only one (0444) shows what Calyx fixes at build
 * time (e.g. fs/nr_open), with its reason in docs/posix-server.md. */
#ifndef POSIX_SYSCTL_H
#define POSIX_SYSCTL_H

#include "vfs.h"

struct sysctl_int {
    const char *name;
    int64_t *value;
    int64_t min, max;
    int is_unsigned;   /* proc_doulongvec: no minus sign */
    int pow2;          /* rounded up to a power of two (fs/pipe-max-size) */
    int read_only;
};

/* /proc/sys/<path> ("kernel", "fs/mqueue"), made as needed; NULL when
   /proc is not there yet. */
struct vnode *sysctl_dir(const char *path);
/* Adds s (which must outlive the file) in dir. 0 or -errno. */
int sysctl_add(struct vnode *dir, const struct sysctl_int *s);
/* A fixed text file (0444), e.g. kernel/core_pattern. */
int sysctl_add_text(struct vnode *dir, const char *name, const char *text);

/* For files with rules of their own (System V IPC's sem): the open check,
   a read of text at off, and the parse of up to max integers (ints as
   proc_dointvec, or unsigned longs as proc_doulongvec): how many (none:
   -EINVAL), *used the bytes taken with the blanks after the last. */
int sysctl_open(struct vnode *vn, const struct vfs_cred *cred, int acc);
int64_t sysctl_read_text(const char *text, size_t n, void *buf, size_t len, uint64_t off);
int sysctl_parse(const char *s, size_t len, int64_t *v, int max, int is_unsigned, size_t *used);

#endif
