/* AF_UNIX sockets: stream, datagram and sequenced-packet sockets between
 * processes of the server, over kernel buffers (the syscall glue in
 * sockcall.c copies to and from clients and parks callers).
 *
 * A socket is an anonymous VFS node of type VFS_IFSOCK whose device
 * operations (socket.c's file_ops) hold a struct sock; the one open file description
 * made with it (socket, socketpair, accept) is the socket: its release
 * closes it. A name is either a filesystem path (bind makes a VFS_IFSOCK
 * node whose ctx points back at the socket while it is bound; opening it is
 * ENXIO, as Linux) or an abstract name (sun_path[0] == 0, kept only in the
 * socket). Every socket is in one list, which abstract lookups and closes
 * walk.
 *
 * Semantics, as Linux's af_unix.c:
 *   stream      bytes without boundaries; a blocking write of at most half
 *               the sender's SO_SNDBUF (SOCK_STREAM_ATOMIC by default) goes
 *               in whole or waits (EAGAIN), a larger one puts in what fits
 *               once that much is free and returns a short count (Linux
 *               would wait for all of it); a non-blocking one puts in what
 *               fits. MSG_WAITALL waits for all of it, or until the queue
 *               costs half the writer's buffer (a writer could be waiting
 *               for room then). Reads stop after a message carrying
 *               descriptors and where the sender's credentials change.
 *               Each queued write costs SOCK_MSG_COST beyond its bytes
 *               against the buffer, as Linux counts an skb's truesize.
 *   dgram       records kept whole; too large for SO_SNDBUF: EMSGSIZE; a
 *               full receiver (SOCK_DGRAM_QLEN messages or SO_RCVBUF bytes)
 *               makes senders wait; a connected socket whose peer closed
 *               gets ECONNREFUSED once and is unconnected afterwards.
 *   seqpacket   connected like a stream, records like datagrams.
 *   close       the peer of a connection sees end of file (and ECONNRESET
 *               first when unread data was lost, or when it was still in a
 *               listener's queue); writers get EPIPE.
 *   poll        as unix_poll / unix_dgram_poll: POLLIN for data, a pending
 *               connection or a shut down receive side (with POLLRDHUP),
 *               POLLOUT for room, POLLHUP when both directions are shut or a
 *               connection socket is not connected, POLLERR for SO_ERROR.
 *
 * Limits: SOCK_BUF_DEFAULT bytes per direction (setsockopt doubles the
 * value asked, as Linux, between SOCK_BUF_MIN and 2 * SOCK_BUF_MAX);
 * SOCK_DGRAM_QLEN datagrams waiting in one socket; SOCK_MAX_FD descriptors
 * in one SCM_RIGHTS message (EINVAL); backlogs up to SOCK_SOMAXCONN.
 * Descriptors in flight hold their open file descriptions; a socket sent
 * over itself (a reference cycle) is never collected (Linux has a
 * garbage collector for that).
 *
 * Waiting: each socket has a wait queue (waitq.h). A change to a socket's
 * receive queue, backlog, state or buffer sizes wakes it (and its peer when
 * both change); its poll operation registers on its own queue, its peer's
 * (room to write) and that of a socket a blocked sendto or connect found
 * full. */
#ifndef POSIX_SOCKET_H
#define POSIX_SOCKET_H

#include <stddef.h>
#include <stdint.h>
#include "vfs.h"

struct ofile;
struct file_ctx;

/* The Linux ABI values (the uapi headers do not carry them). */
#define LX_AF_UNIX        1
#define LX_AF_NETLINK     16
#define LX_NETLINK_ROUTE  0
#define LX_SOCK_STREAM    1
#define LX_SOCK_DGRAM     2
#define LX_SOCK_RAW       3 /* AF_UNIX takes it as SOCK_DGRAM */
#define LX_SOCK_SEQPACKET 5
#define LX_SOCK_TYPE_MASK 0xf
#define LX_SOCK_MAX       11
#define LX_SHUT_RD        0
#define LX_SHUT_WR        1
#define LX_SHUT_RDWR      2
#define LX_MSG_OOB        0x1
#define LX_MSG_PEEK       0x2
#define LX_MSG_CTRUNC     0x8
#define LX_MSG_TRUNC      0x20
#define LX_MSG_DONTWAIT   0x40
#define LX_MSG_EOR        0x80
#define LX_MSG_WAITALL    0x100
#define LX_MSG_NOSIGNAL   0x4000
#define LX_MSG_CMSG_CLOEXEC 0x40000000
#define LX_SCM_RIGHTS     1
#define LX_SCM_CREDENTIALS 2
#define LX_UNIX_PATH_MAX  108 /* sun_path bytes */
#define LX_SUN_PATH_OFF   2   /* offsetof(struct sockaddr_un, sun_path) */
#define LX_SOCKADDR_UN_SIZE (LX_SUN_PATH_OFF + LX_UNIX_PATH_MAX)

#define SOCK_BUF_DEFAULT 212992 /* Linux's net.core.[rw]mem_default */
#define SOCK_BUF_MAX     212992 /* net.core.[rw]mem_max: setsockopt's cap before doubling */
#define SOCK_BUF_MIN     4608   /* SOCK_MIN_SNDBUF: the least a setsockopt leaves */
#define SOCK_DGRAM_QLEN  512    /* datagrams queued in one socket (Linux: 10 from strangers) */
#define SOCK_MSG_COST    512    /* what one queued message costs beyond its bytes (an skb's overhead) */
#define SOCK_STREAM_ATOMIC (SOCK_BUF_DEFAULT / 2) /* blocking stream writes up to this are never short */
#define SOCK_MAX_FD      253    /* SCM_MAX_FD: descriptors in one message */
#define SOCK_SOMAXCONN   4096   /* listen backlog cap (net.core.somaxconn) */

/* A socket name as getsockname reports it: len bytes of a sockaddr_un
   (LX_SUN_PATH_OFF alone: unnamed; 0: no name to report). */
struct sock_addr {
    uint32_t len;
    uint8_t bytes[LX_SOCKADDR_UN_SIZE + 1]; /* + a NUL after a full path */
};

/* Who sends (SCM_CREDENTIALS, SO_PEERCRED): struct ucred's layout. */
struct sock_cred {
    int32_t pid;
    uint32_t uid, gid;
};

struct sock_msg;
struct sock;

/* The socket behind an open file description, or NULL (ENOTSOCK). */
struct sock *sock_of(const struct ofile *f);

/* socket(2) after the family check: type with SOCK_NONBLOCK/SOCK_CLOEXEC
   already taken off; protocol 0 or AF_UNIX. A new description (O_RDWR |
   oflags) holding the socket, or -EPROTONOSUPPORT, -ESOCKTNOSUPPORT,
   -ENOMEM, -ENOSPC. */
int sock_create(struct vfs *fs, const struct vfs_cred *cred, int type, int protocol,
                uint32_t oflags, struct ofile **out);
/* socket(AF_NETLINK, type, protocol): only what mq_notify's SIGEV_THREAD
   needs (musl's mq_notify receives its 32-byte cookie on one). SOCK_RAW or
   SOCK_DGRAM (else ESOCKTNOSUPPORT) of NETLINK_ROUTE (other protocols:
   EPROTONOSUPPORT, Linux's answer for a protocol it was built without). It
   receives, polls and closes like a datagram socket and getsockname shows
   a struct sockaddr_nl; what rtnetlink answers is not provided: send, bind
   and connect are EOPNOTSUPP. */
int sock_create_netlink(struct vfs *fs, const struct vfs_cred *cred, int type, int protocol,
                        uint32_t oflags, struct ofile **out);
/* mq_notify's check of its target: 0 for a netlink socket, -ENOTSOCK for
   a file that is no socket, -EINVAL for another socket (Linux's answers). */
int sock_netlink_check(const struct ofile *f);
/* Queues len bytes from "the kernel" (nl_pid 0) on netlink socket f. */
void sock_netlink_deliver(struct ofile *f, const void *buf, size_t len);
/* socketpair(2): two connected sockets; who is the creator (SO_PEERCRED). */
int sock_create_pair(struct vfs *fs, const struct vfs_cred *cred, const struct sock_cred *who,
                     int type, int protocol, uint32_t oflags, struct ofile *out[2]);

/* bind(2): addr is len bytes of a sockaddr_un from the caller. A path makes
   a socket node (mode 0777 & ~umask; EADDRINUSE when the name exists, the
   lookup's errors otherwise), an abstract name must be free (EADDRINUSE),
   len == 2 autobinds. EINVAL: bound already, bad family or length. */
int sock_bind(struct file_ctx *c, struct sock *s, const void *addr, uint32_t len);
/* listen(2): EINVAL unbound or connected, EOPNOTSUPP for datagrams. who:
   the credentials clients see as SO_PEERCRED. */
int sock_listen(struct sock *s, int backlog, const struct sock_cred *who);
/* The socket named by addr, for a socket of this type (abstract names are
   per type: another type's is not found, ECONNREFUSED; a path names any
   type, which the caller compares: EPROTOTYPE). ENOENT, ECONNREFUSED
   (nobody bound there), EACCES (no write permission on the node), EINVAL
   (bad address). */
int sock_lookup(struct file_ctx *c, const void *addr, uint32_t len, int type, struct sock **out);
/* connect(2) to target (streams: a listener; datagrams: the default peer,
   target NULL for AF_UNSPEC). -EAGAIN when the backlog is full (a blocking
   caller waits), EPROTOTYPE, ECONNREFUSED, EISCONN, EINVAL. */
int sock_connect(struct sock *s, struct sock *target, const struct sock_cred *who);
/* Whether addr is AF_UNSPEC (a datagram disconnect). */
int sock_addr_unspec(const void *addr, uint32_t len);
/* accept(2): the next connection, as a new description (O_RDWR | oflags).
   -EAGAIN when none is pending, EINVAL when not listening, EOPNOTSUPP. */
int sock_accept(struct sock *s, struct vfs *fs, const struct vfs_cred *cred, uint32_t oflags,
                struct ofile **out);
/* shutdown(2): how LX_SHUT_* (else EINVAL); the peer of a connection
   loses the other direction. Never ENOTCONN (Linux's AF_UNIX neither). */
int sock_shutdown(struct sock *s, int how);

/* sendmsg(2) over a kernel buffer. to: the destination (datagrams; NULL:
   the peer). files: nfiles descriptions to pass (the message takes its own
   references), cred: the sender (always recorded). nonblock: a stream
   write larger than the room puts in a part instead of waiting. The byte
   count or -EAGAIN (would wait), -EPIPE (the glue raises SIGPIPE for
   streams), -ENOTCONN, -EISCONN, -EMSGSIZE, -ECONNREFUSED, -EPERM, -ENOMEM. */
int64_t sock_send(struct sock *s, struct sock *to, const void *buf, size_t len,
                  struct ofile *const *files, int nfiles, const struct sock_cred *cred,
                  int nonblock);

/* What a receive got besides the bytes. files: nfiles descriptions the
   caller now holds one reference each of (a malloc'd array it frees). */
struct sock_recv_info {
    struct sock_addr from;      /* the sender's name (len 0: unnamed) */
    struct sock_cred cred;      /* the sender's credentials */
    struct ofile **files;
    int nfiles;
    int flags;                  /* LX_MSG_TRUNC */
    size_t full_len;            /* records: the whole record's length */
};
/* recvmsg(2) into a kernel buffer. flags: LX_MSG_PEEK, LX_MSG_WAITALL,
   LX_MSG_TRUNC (a record's whole length is the answer). Bytes (0: end of
   file), or -EAGAIN (would wait), -EINVAL (an unconnected stream),
   -ENOTCONN (seqpacket), -ECONNRESET (once), -ENOMEM. */
int64_t sock_recv(struct sock *s, void *buf, size_t len, int flags, struct sock_recv_info *info);
void sock_recv_info_drop(struct sock_recv_info *info); /* unreferences unused files */

/* getsockname / getpeername (ENOTCONN). */
int sock_name(const struct sock *s, int peer, struct sock_addr *out);
/* getsockopt / setsockopt at SOL_SOCKET over an int or struct ucred.
   *len: room in, bytes out. ENOPROTOOPT, EINVAL (short value). */
int sock_getopt(struct sock *s, int name, void *val, uint32_t *len);
int sock_setopt(struct sock *s, int name, const void *val, uint32_t len);
/* SO_PASSCRED is on: receives carry SCM_CREDENTIALS. */
int sock_passcred(const struct sock *s);
int sock_type(const struct sock *s);

/* Sockets alive, pending connections included (the tests' leak checks). */
size_t sock_live(void);

#endif
