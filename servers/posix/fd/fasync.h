/* Signal-driven I/O: an open file description's owner (fcntl F_SETOWN,
 * F_SETOWN_EX), its signal (F_SETSIG) and O_ASYNC, as Linux has them.
 *
 * With O_ASYNC set, the description's sleeper stays on the wait queues of
 * its object (through the file's poll operation, as a poll would); a change
 * to the object wakes it, and the server (fileio.c, sigio.c) looks at the
 * file again: when it has become readable, writable, or hung up since the
 * last look, the owner gets the signal (SIGIO, or F_SETSIG's with si_code
 * POLL_IN/POLL_OUT/POLL_HUP/POLL_ERR, si_band and si_fd). Linux signals on
 * each arrival of data; this signals when readiness rises, which is what a
 * program that drains its descriptor on SIGIO sees either way. */
#ifndef POSIX_FASYNC_H
#define POSIX_FASYNC_H

#include <stdint.h>
#include "waitq.h"

struct ofile;
struct file_ctx;

enum { OWNER_TID = 0, OWNER_PID = 1, OWNER_PGRP = 2 }; /* F_OWNER_* */

struct file_async {
    struct sleeper s;       /* first: on the object's queues while armed */
    struct ofile *f;
    int owner_type, owner_id; /* id 0: no owner */
    uint32_t owner_uid, owner_euid; /* who set it: the signal's permission */
    int sig;                /* F_SETSIG; 0 is SIGIO */
    int fd;                 /* the descriptor O_ASYNC was set through: si_fd */
    int pid;                /* the process that set it: whose view a later look takes */
    uint32_t last;          /* the poll answer at the last look */
    int armed;
};

/* f's record, made when create asks (NULL without memory or when not asked). */
struct file_async *file_async_of(struct ofile *f, int create);
/* O_ASYNC on (through descriptor fd, by c's process) or off: 0 or -ENOMEM. */
int file_async_set(struct ofile *f, const struct file_ctx *c, int on, int fd);
/* After a wake: the events that have become true since the last look (and
   the sleeper back on the queues). */
uint32_t file_async_events(struct file_async *a, const struct file_ctx *c);
/* The description goes (ofile.c). */
void file_async_free(struct ofile *f);

static inline struct file_async *async_of_sleeper(struct sleeper *s)
{
    return (struct file_async *)s; /* s is the first member */
}

#endif
