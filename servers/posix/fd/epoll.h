/* epoll instances: an anonymous VFS node (vfs_new_anon, VFS_IFCHR | 0600;
 * Linux's anon inode has no type bits, a documented difference) holding the
 * interest list. The waiting calls (epoll_wait, epoll_pwait, epoll_pwait2)
 * live in poll.c and park as BLOCK_POLL like poll does.
 *
 * Semantics, as Linux:
 *   - an entry is keyed by (open file description, fd); it goes away by
 *     itself when that description is released (its last descriptor closed
 *     anywhere), through ofile.c's ofile_free_hook;
 *   - level-triggered by default; EPOLLET reports an entry again only when
 *     bits appear that were not ready at the previous look (new data added to
 *     an already readable pipe is NOT a new edge here, a documented
 *     difference); EPOLLONESHOT disables an entry once reported until
 *     EPOLL_CTL_MOD re-arms it; EPOLLEXCLUSIVE is accepted with ADD (only one
 *     waiter per instance matters here) and EINVAL with MOD; EPOLLWAKEUP is
 *     ignored;
 *   - EPOLLERR and EPOLLHUP are always reported; reports rotate through the
 *     ready entries so a small maxevents starves none;
 *   - the epoll fd itself polls readable (POLLIN) while an entry is ready.
 * Errors: EBADF (either fd not open), EINVAL (epfd not an epoll, fd == epfd,
 * bad op or flags, fd is itself an epoll instance: nesting is not supported),
 * EPERM (a regular file or directory, or a device without a poll operation,
 * as Linux for files that cannot be polled), EEXIST / ENOENT (ADD of a
 * present entry, MOD/DEL of a missing one), EFAULT.
 * Limits: EPOLL_MAX_WATCHES entries per instance -> ENOSPC (Linux's errno
 * for max_user_watches); EPOLL_MAX_EVENTS maxevents -> EINVAL. */
#ifndef POSIX_EPOLL_H
#define POSIX_EPOLL_H

#include <stdint.h>

#define EPOLL_MAX_WATCHES 8192
#define EPOLL_MAX_EVENTS  (0x7fffffff / 12) /* INT_MAX / sizeof(struct epoll_event), as Linux */

struct thread;

long sys_epoll_create(struct thread *t, const uint64_t *a);
long sys_epoll_create1(struct thread *t, const uint64_t *a);
long sys_epoll_ctl(struct thread *t, const uint64_t *a);

/* For poll.c's waiting calls: checks epfd (EBADF, EINVAL), then reports up
   to maxevents ready entries into the caller's array at events. Returns the
   count (0: nothing ready and nothing written or changed) or -errno. */
long epoll_collect(struct thread *t, int epfd, uint64_t events, int maxevents);

#endif
