/* The socket syscalls glue (sockcall.c) over socket.c: socket, socketpair,
 * bind, listen, accept, accept4, connect, sendto, recvfrom, sendmsg,
 * recvmsg, shutdown, getsockname, getpeername, getsockopt, setsockopt (the
 * handlers the Linux ABI table names), and read/write/readv/writev on a
 * socket descriptor (rwcall.c hands them here: they keep record boundaries
 * and take no detour through the file layer's chunks).
 *
 * Copies addresses, iovecs, message headers and ancillary data between the
 * client and the server (a bad pointer is EFAULT), installs received
 * descriptors, raises SIGPIPE for EPIPE on a stream (not with MSG_NOSIGNAL),
 * and parks a caller that must wait (BLOCK_READ on the socket's wait
 * queues: run again when one is woken, cut short by signals like a read)
 * unless the
 * descriptor is O_NONBLOCK or MSG_DONTWAIT was given.
 *
 * Limits: SOCKCALL_IO_MAX bytes moved by one call (twice the largest
 * socket buffer: a larger stream read or write is short); msg_controllen up
 * to SOCKCALL_CONTROL_MAX (ENOBUFS beyond); 1024 iovecs (EMSGSIZE). Only
 * AF_UNIX: other families are EAFNOSUPPORT. sendmmsg/recvmmsg and MSG_OOB
 * (EOPNOTSUPP) are not provided. */
#ifndef POSIX_SOCKCALL_H
#define POSIX_SOCKCALL_H

#include <stdint.h>

struct thread;

/* read (vec 0, write 0), write, readv (vec 1) or writev on the socket at
   fd: a receive or send without flags. */
long sockcall_rw(struct thread *t, int fd, uint64_t buf, uint64_t count, int vec, int write);

#endif
