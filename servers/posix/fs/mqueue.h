/* POSIX message queues, as Linux's ipc/mqueue.c: the mqueue filesystem and
 * the queues that are its files (the syscalls are fd/mqcall.c's).
 *
 * One mqueue filesystem (Linux has one per IPC namespace; Calyx has one
 * namespace), mounted at /dev/mqueue at boot as systemd does, and wherever
 * root mounts type "mqueue" again (every mount shows the same queues). Its
 * root is drwxrwxrwt root:root. Each queue is a regular file of it, size 80
 * as Linux's FILENT_SIZE, whose reads give
 *     QSIZE:<bytes>    NOTIFY:<kind> SIGNO:<sig>  NOTIFY_PID:<pid>
 * (Linux's format); unlink removes the name, the queue lives on while a
 * descriptor holds it. open(O_CREAT) on the filesystem makes a queue with
 * the default attributes, as Linux's mqueue_create. The descriptors mq_open
 * gives are such files opened: read gives the status text, write is EINVAL,
 * poll is POLLIN while messages wait and POLLOUT while there is room.
 *
 * Messages: priorities 0..MQ_PRIO_MAX-1, the highest first and FIFO within
 * one. Blocked senders and receivers park on the queue's wait queues and run
 * again when it changes (fileio.h); a notification fires only when a
 * message arrives on an empty queue and no receiver waits, then it is gone.
 *
 * Limits (Linux's, /proc/sys/fs/mqueue/, written by root within Linux's
 * ranges, EINVAL outside):
 *   msg_max          10    (1..65536)   mq_maxmsg a user may ask
 *   msgsize_max      8192  (128..16M)   mq_msgsize a user may ask
 *   msg_default      10    (1..65536)   mq_maxmsg without attributes
 *   msgsize_default  8192  (128..16M)   mq_msgsize without attributes
 *   queues_max       256   (any int)    queues at once (ENOSPC beyond)
 * root (Linux's CAP_SYS_RESOURCE) may ask up to MQ_HARD_MSGMAX and
 * MQ_HARD_MSGSIZEMAX and pass queues_max. Every queue costs its creator's
 * real user maxmsg * msgsize plus Linux's per-message bookkeeping against
 * RLIMIT_MSGQUEUE (EMFILE beyond), until the queue is gone. */
#ifndef POSIX_MQUEUE_H
#define POSIX_MQUEUE_H

#include <stddef.h>
#include <stdint.h>
#include "vfs.h"

#define MQ_PRIO_MAX        32768
#define MQ_HARD_MSGMAX     65536
#define MQ_HARD_MSGSIZEMAX (16 * 1024 * 1024)
#define MQ_COOKIE_LEN      32 /* SIGEV_THREAD's netlink cookie (NOTIFY_COOKIE_LEN) */

/* sigev_notify values */
#define MQ_SIGEV_SIGNAL 0
#define MQ_SIGEV_NONE   1
#define MQ_SIGEV_THREAD 2

/* struct mq_attr of 64-bit Linux */
struct lx_mq_attr {
    int64_t mq_flags, mq_maxmsg, mq_msgsize, mq_curmsgs;
    int64_t reserved[4];
};

struct mqueue;
struct ofile;
struct proc;
struct thread;
struct file_ctx;

/* Mounts the filesystem at /dev/mqueue and makes /proc/sys/fs/mqueue.
   After procfs_init. 0 or -errno. */
int mqueue_init(struct vfs *root_fs);
/* The mqueue filesystem (mq_open's names live in its root). */
struct vfs *mqueue_fs(void);

/* The queue behind a description, or NULL (not a queue: EBADF). */
struct mqueue *mq_of(const struct ofile *f);

/* Makes queue name in the filesystem's root for process p (permissions,
   queues_max, the attributes' checks, RLIMIT_MSGQUEUE as Linux, in its
   order); attr NULL: the defaults. The node comes back referenced. */
int mq_create(struct proc *p, const struct vfs_cred *cred, const char *name, uint32_t mode,
              const struct lx_mq_attr *attr, struct vnode **out);

/* The queue's attributes (mq_flags left 0). */
void mq_attr_get(const struct mqueue *q, struct lx_mq_attr *out);

/* One message (malloc'd with its bytes). */
struct mq_msg {
    struct mq_msg *next;
    unsigned prio;
    size_t len;
    uint8_t data[];
};
/* A message of len bytes for the caller to fill (free() it), or NULL. */
struct mq_msg *mq_msg_new(size_t len, unsigned prio);
/* Sending: 0 when the queue took m (it may notify), -EAGAIN when full
   (m stays the caller's). */
int mq_put(struct mqueue *q, struct mq_msg *m, const struct proc *sender);
/* Receiving: the first message, now the caller's (free() it); NULL when empty. */
struct mq_msg *mq_take(struct mqueue *q);
/* Parks t as a sender (send 1) or receiver (0): its sleeper on the queue's
   wait queue. 0 or -ENOMEM. */
int mq_wait(struct mqueue *q, struct thread *t, int send);

/* mq_notify: registration by p (-EBUSY when one is there); kind
   MQ_SIGEV_*; sock: the netlink socket's description for SIGEV_THREAD
   (the registration takes a reference), cookie its 32 bytes. */
int mq_notify_set(struct mqueue *q, const struct proc *p, const void *fdt, int kind, int signo,
                  uint64_t value, struct ofile *sock, const uint8_t cookie[MQ_COOKIE_LEN]);
/* mq_notify(NULL): drops p's registration (nothing when another's). */
void mq_notify_clear(struct mqueue *q, const struct proc *p);

#endif
