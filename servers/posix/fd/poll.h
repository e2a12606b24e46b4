/* poll, ppoll, select, pselect6, and the epoll waits.
 *
 * Readiness of an open file description (poll_ofile): regular files,
 * directories and symbolic links are always ready for reading and writing
 * (POLLIN|POLLOUT|POLLRDNORM|POLLWRNORM, as Linux's default mask); device-
 * like nodes (character devices, pipes, FIFOs, sockets) answer through
 * their file_ops.poll (the bits ready NOW; a NULL op means always ready as
 * above). A descriptor that is not open, or is an O_PATH one, is POLLNVAL for
 * poll and EBADF for select, as Linux; poll ignores negative fds.
 *
 * Waiting: a call that finds nothing ready and has a non-zero timeout parks
 * its thread with block = BLOCK_POLL and t->deadline = the end of the
 * timeout (0: forever), its sleeper on the wait queues (waitq.h) that every
 * file's poll operation registered while it was looked at (an epoll wait:
 * the instance's own queue and its files'). The parked call is evaluated
 * again (poll_retry) when one of them is woken, and only then: a device
 * whose poll answer changes wakes its queue. The deadline ends in time_expire
 * (poll_timed_out: 0, and select's sets are written back empty); a signal
 * ends it in signal.c's wake_blocked (poll_interrupted: -ERESTARTNOHAND, so
 * EINTR after a handler and a restart when none runs).
 *
 * Signal masks: ppoll and pselect6 install their mask for the wait only
 * (saved_mask/restore_mask as rt_sigsuspend); a signal it unblocks that is
 * pending or arrives ends the call with EINTR, its handler running under the
 * temporary mask and returning to the old one. When the call returns for any
 * other reason the old mask is back before the return (a pending signal it
 * blocks stays pending).
 *
 * Timeouts: select, pselect6 and ppoll write the time left back into the
 * caller's timeval/timespec (Linux without STICKY_TIMEOUTS; a write that
 * faults is ignored); a restarted select therefore continues with the time
 * left. A restarted poll (no handler ran: a stop and continue) starts its
 * timeout again.
 *
 * Limits, as Linux: poll/ppoll with nfds above the RLIMIT_NOFILE soft limit
 * -> EINVAL; select with nfds < 0 -> EINVAL, nfds above the descriptor
 * table's limit (fdtable.limit, at most 65536) is cut to it (bits beyond are
 * ignored; a set bit of a closed descriptor below it is EBADF). A timeout
 * beyond ~3000 years is forever. */
#ifndef POSIX_POLL_H
#define POSIX_POLL_H

#include <stdint.h>

struct thread;
struct ofile;

struct poll_table;

/* The Linux poll bits an open file description has ready now, for the
   caller c; with pt, its sleeper also waits on the queues that may change
   them (waitq.h). */
struct file_ctx;
uint32_t poll_ofile(struct ofile *f, const struct file_ctx *c, struct poll_table *pt);

long sys_poll(struct thread *t, const uint64_t *a);
long sys_ppoll(struct thread *t, const uint64_t *a);
long sys_select(struct thread *t, const uint64_t *a);
long sys_pselect6(struct thread *t, const uint64_t *a);
/* The epoll waits (instances: epoll.h); never restarted after a signal. */
long sys_epoll_wait(struct thread *t, const uint64_t *a);
long sys_epoll_pwait(struct thread *t, const uint64_t *a);
long sys_epoll_pwait2(struct thread *t, const uint64_t *a);

/* A BLOCK_POLL thread, its block already cleared: evaluates its call
   again; R_DEFER (parked again, BLOCK_POLL) or the call's result. */
long poll_retry(struct thread *t);
/* Its deadline passed (time_expire): the call's final result. */
long poll_timed_out(struct thread *t);
/* A signal cut the wait short (wake_blocked): -ERESTARTNOHAND. */
long poll_interrupted(struct thread *t);

#endif
