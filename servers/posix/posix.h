/* The POSIX server's common definitions: the Linux ABI headers (Debian's
   linux-libc-dev uapi headers, not glibc), the native API, and the internal
   results a syscall handler may return besides a Linux value or -errno. */
#ifndef POSIX_POSIX_H
#define POSIX_POSIX_H

#include <stddef.h>
#include <stdint.h>
#include <calyx/native.h>
#include <calyx/personality.h>
#include <linux/errno.h>
#include <asm/signal.h>
#include <asm/siginfo.h>
#include <linux/signal.h>
#include <calyx/start.h>

/* A handler's result is a Linux return value (>= 0, or -errno), or one of
   these, which are never valid results (Linux errors stop at -4095). */
#define R_DEFER   (-100000L) /* the thread is blocked; its reply comes later */
#define R_RESUME  (-100001L) /* registers were set: reply RESUME, result register untouched */
#define R_GONE    (-100002L) /* the thread or process ended; nothing to answer */

/* linux_handler: a Linux syscall's handler (the Linux ABI table,
   abi/<arch>/syscalls.toml, names one per number). */
#include "abi/linux_abi.h"

/* Linux's internal restart codes (never seen by programs): a blocked call
   cut short by a signal restarts after a SA_RESTART handler, else EINTR. */
#define ERESTARTSYS    512
#define ERESTARTNOINTR 513 /* restarted even after a handler */
#define ERESTARTNOHAND 514

#define NSIG_LINUX 64 /* signals 1..64; sigset_t is one 64-bit word */
#define SIGBIT(s) (1ull << ((s) - 1))

/* Boot options. */
extern int posix_trace;

/* The endpoint every POSIX process's syscalls arrive at (WRITE right is what
   process_set_personality needs). */
extern cx_cap_t posix_endpoint_cap;
/* Its id (channels to it need both). */
extern cx_endpoint_t posix_endpoint_id;
/* The console (stdout, stdin) and the error console (stderr). */
extern cx_cap_t posix_console_cap, posix_errcon_cap;
/* The memory pool: MAP_SHARED anonymous memory is made from it, it is the
   authority process_create_env needs, and native grants are derived from it
   (native_grant.h). */
extern cx_cap_t posix_pool_cap;

/* The server's error console (stderr of the first program), for logs. */
void posix_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* len bytes from getrandom's generator (main.c): /dev/random and /dev/urandom. */
void posix_random(void *buf, size_t len);

#endif
