/* /proc/sys files that belong to no subsystem of their own: kernel/
 * threads-max and ngroups_max (Calyx's fixed THREAD_MAX and
 * VFS_NGROUPS_MAX: read-only), core_pattern and core_uses_pid ("core" and
 * 0: coredump.h's fixed naming), fs/pipe-max-size (written by root, as
 * Linux), nr_open (RLIMIT_NOFILE's fixed ceiling), file-max (no system-wide
 * file limit: LONG_MAX) and file-nr (open file descriptions). Subsystems
 * add their own (fs/mqueue, kernel's System V IPC limits) with sysctl.h. */
#ifndef POSIX_PROCSYS_H
#define POSIX_PROCSYS_H

int procsys_init(void);

#endif
