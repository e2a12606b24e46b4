/* procfs: a read-only /proc in Linux's formats (man 5 proc), enough for
 * busybox ps, top, free, uptime, pgrep/pkill, pidof, mount/df and /dev/fd.
 *
 * It is a subtree of the server's one filesystem made of synthetic nodes
 * (vfs.h "synthetic nodes"):
 *   /proc/<pid>/      one directory per process, alive or zombie, made when
 *                     the process is created and removed when it is reaped
 *                     (procfs_proc_created / procfs_proc_reaped, called by
 *                     proc/); owned by the process's effective uid/gid,
 *                     brought up to date on every lookup. Holds stat, status,
 *                     cmdline, comm, environ (0400; ptrace access, else
 *                     EACCES), maps (ptrace access, else EACCES), mem (0600:
 *                     the memory at the offset, read and written in place;
 *                     ptrace access), mounts, fd/ (one magic link per open
 *                     descriptor, re-read from the descriptor table on every
 *                     lookup and readdir), and the magic links exe, cwd, root.
 *   /proc/self        a magic link to the caller's /proc/<pid>
 *   meminfo uptime loadavg stat mounts filesystems version cpuinfo
 *   sys/kernel/{hostname,ostype,osrelease,pid_max}
 *   sys/fs/mqueue/    msg_max, msgsize_max, msg_default, msgsize_default, queues_max:
 *                     message queue limits, readable and written by root
 *                     (fs/mqueue.c adds them: mqueue.h)
 *   /dev/fd, /dev/stdin, /dev/stdout, /dev/stderr: ordinary symbolic links
 *   into /proc/self/fd (made unless the root filesystem already has them).
 * File contents are generated when a file is opened: the open file
 * description reads that snapshot. Following /proc/<pid>/fd/N, exe, cwd or
 * root reaches the node itself (opening /proc/self/fd/0 opens the same
 * file, pipe or terminal), as Linux; following or reading them, and reading
 * environ, needs Linux's ptrace access (EACCES): the process itself, root, or
 * all its uids and gids the caller's and the process dumpable.
 *
 * Figures the server does not have (documented, not invented):
 *   - CPU time comes from the kernel's accounting (cputime.h: a Linux
 *     syscall's work in this server is the server's, not the caller's);
 *     /proc/stat's cpu line has the POSIX processes' user and system time
 *     and counts everything else as idle (the servers' own work too); no
 *     per-task directories (/proc/<pid>/task); load averages are 0.00.
 *   - Memory: MemTotal and MemFree are the kernel's figures (memory_info:
 *     the pages it manages, and the free ones); MemAvailable is MemFree
 *     (nothing is reclaimable: files live in memory, as Linux's shmem);
 *     Cached and Shmem are the in-memory filesystems' file bytes; buffers,
 *     swap and the rest are 0.
 *   - Mappings: vsize (VmSize) is what the kernel has mapped
 *     (process_vm_region), rss (VmRSS, RssAnon) what its page tables map
 *     (thread_times: pages touched), VmHWM the peak of that (ru_maxrss);
 *     maps lists every mapping (mm.h's mm_area_next).
 *   - Terminals: tty_nr is the controlling terminal's device number
 *     (0x501 for /dev/console, 0x441 for /dev/ttyS1), tpgid its foreground
 *     group; 0 and -1 without one (console_ctty_info).
 * Limits: cmdline and environ are the argv and envp given at execve, a heap
 * copy of their exact size (execve's own limit bounds it: execargs.h); a program that
 * rewrites its argv in memory does not change them. Zombies show an empty
 * cmdline and environ, as Linux. No /proc/<pid>/task, /proc/thread-self,
 * /proc/<tid> of non-leader threads, or writable files (but sys/fs/mqueue). */
#ifndef POSIX_PROCFS_H
#define POSIX_PROCFS_H

#include <stddef.h>
#include <stdint.h>

struct proc;
struct thread;
struct vfs;

#define PROCFS_HZ 100                     /* USER_HZ: clock ticks in stat's times */

/* Creates /proc (replacing an empty /proc directory a root archive brought)
   and the /dev/fd links. 0 or -errno (-EEXIST: /proc holds something). */
int procfs_init(struct vfs *fs);

/* The process files' calls (proc/fork.c, exec.c, proc.c): p was created
   (fork; parent NULL for the first program), p starts a new program image
   (execve and the first program: the argv and envp it gets, path as given
   to execve), p's slot is freed (reaped, or a fork that failed). */
void procfs_proc_created(struct proc *p, const struct proc *parent);
void procfs_proc_exec(struct proc *p, const char *path, const char *const *argv, size_t argc,
                      const char *const *envp, size_t envc);
void procfs_proc_reaped(struct proc *p);

/* sysinfo(2), from the same figures as /proc/meminfo and /proc/uptime. */
long sys_sysinfo(struct thread *t, const uint64_t *a);

/* /proc's root directory (mqueue.c adds /proc/sys/fs/mqueue under it). */
struct vnode *procfs_root(void);

#endif
