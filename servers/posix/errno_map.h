/* The one mapping from native Calyx error results (CX_ERR_*) to Linux errno
 * values, and errno names for tracing.
 *
 *   InvalidParameter  -> EINVAL     PermissionDenied  -> EPERM (a capability
 *   NotFound          -> ENOENT        lacks a right: a privilege, not a file
 *   AlreadyExists     -> EEXIST        mode; file mode checks say EACCES
 *   OutOfMemory       -> ENOMEM        themselves in vnode.c)
 *   Busy              -> EBUSY      Timeout           -> ETIMEDOUT
 *   ResourceExhausted -> EAGAIN     InvalidCapability -> EBADF
 *   Interrupted       -> EINTR      InvalidAddress    -> EFAULT
 *   BufferTooSmall    -> ERANGE     NotSupported      -> ENOSYS
 *   InvalidSyscall    -> ENOSYS     anything else     -> EIO
 * For calls about processes and threads (kill, wait, ...) errno_from_cx_proc
 * answers ESRCH for NotFound and InvalidCapability instead. */
#ifndef POSIX_ERRNO_MAP_H
#define POSIX_ERRNO_MAP_H

#include <stdint.h>

/* The positive Linux errno for a native error result (CX_IS_ERR(result)),
   0 for a success result. */
int errno_from_cx(uint64_t result);
/* The same, with NotFound and InvalidCapability meaning "no such process". */
int errno_from_cx_proc(uint64_t result);

/* A syscall return value: -errno for an error result, else the result itself. */
static inline int64_t linux_result_from_cx(uint64_t result)
{
    int e = errno_from_cx(result);
    return e ? -(int64_t)e : (int64_t)result;
}

/* "ENOENT" for 2; NULL for a value that is no Linux errno (1..133). */
const char *errno_name(int err);

#endif
