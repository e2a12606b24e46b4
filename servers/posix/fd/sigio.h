/* Signal-driven I/O's fcntl commands and signals (fasync.h). */
#ifndef POSIX_SIGIO_H
#define POSIX_SIGIO_H

#include <stdint.h>

struct thread;
struct file_async;

/* F_SETOWN, F_GETOWN, F_SETOWN_EX, F_GETOWN_EX, F_SETSIG, F_GETSIG. */
long sigio_fcntl(struct thread *t, int fd, int cmd, uint64_t arg);
/* An O_ASYNC description's sleeper was woken (fileio.c): signals its
   owner for what has become ready. */
void sigio_woken(struct file_async *a);
/* Signals the holders of leases that started breaking (lease.h), with
   POLL_MSG as Linux's lease_break_callback. */
void sigio_leases(void);

#endif
