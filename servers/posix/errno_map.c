/* Native error results to Linux errno values: see errno_map.h. */
#include "errno_map.h"
#include <calyx/abi.h>
#include <asm-generic/errno.h>

static const int cx_errno_table[CX_ERR_COUNT] = {
    [CX_ERR_SUCCESS] = 0,
    [CX_ERR_INVALID_PARAMETER] = EINVAL,
    [CX_ERR_PERMISSION_DENIED] = EPERM,
    [CX_ERR_NOT_FOUND] = ENOENT,
    [CX_ERR_ALREADY_EXISTS] = EEXIST,
    [CX_ERR_OUT_OF_MEMORY] = ENOMEM,
    [CX_ERR_BUSY] = EBUSY,
    [CX_ERR_TIMEOUT] = ETIMEDOUT,
    [CX_ERR_RESOURCE_EXHAUSTED] = EAGAIN,
    [CX_ERR_INVALID_CAPABILITY] = EBADF,
    [CX_ERR_INTERRUPTED] = EINTR,
    [CX_ERR_INVALID_ADDRESS] = EFAULT,
    [CX_ERR_BUFFER_TOO_SMALL] = ERANGE,
    [CX_ERR_NOT_SUPPORTED] = ENOSYS,
    [CX_ERR_INVALID_SYSCALL] = ENOSYS,
};

int errno_from_cx(uint64_t result)
{
    if (!CX_IS_ERR(result))
        return 0;
    uint64_t code = CX_ERR_CODE(result);
    if (code == CX_ERR_SUCCESS || code >= CX_ERR_COUNT)
        return EIO; /* an error result with a code this table does not know */
    return cx_errno_table[code];
}

int errno_from_cx_proc(uint64_t result)
{
    if (CX_IS_ERR(result) && (CX_ERR_CODE(result) == CX_ERR_NOT_FOUND ||
                              CX_ERR_CODE(result) == CX_ERR_INVALID_CAPABILITY))
        return ESRCH;
    return errno_from_cx(result);
}

#define E(name) [name] = #name
static const char *const errno_names[] = {
    E(EPERM), E(ENOENT), E(ESRCH), E(EINTR), E(EIO), E(ENXIO), E(E2BIG), E(ENOEXEC),
    E(EBADF), E(ECHILD), E(EAGAIN), E(ENOMEM), E(EACCES), E(EFAULT), E(ENOTBLK), E(EBUSY),
    E(EEXIST), E(EXDEV), E(ENODEV), E(ENOTDIR), E(EISDIR), E(EINVAL), E(ENFILE), E(EMFILE),
    E(ENOTTY), E(ETXTBSY), E(EFBIG), E(ENOSPC), E(ESPIPE), E(EROFS), E(EMLINK), E(EPIPE),
    E(EDOM), E(ERANGE), E(EDEADLK), E(ENAMETOOLONG), E(ENOLCK), E(ENOSYS), E(ENOTEMPTY),
    E(ELOOP), E(ENOMSG), E(EIDRM), E(ECHRNG), E(EL2NSYNC), E(EL3HLT), E(EL3RST), E(ELNRNG),
    E(EUNATCH), E(ENOCSI), E(EL2HLT), E(EBADE), E(EBADR), E(EXFULL), E(ENOANO), E(EBADRQC),
    E(EBADSLT), E(EBFONT), E(ENOSTR), E(ENODATA), E(ETIME), E(ENOSR), E(ENONET), E(ENOPKG),
    E(EREMOTE), E(ENOLINK), E(EADV), E(ESRMNT), E(ECOMM), E(EPROTO), E(EMULTIHOP), E(EDOTDOT),
    E(EBADMSG), E(EOVERFLOW), E(ENOTUNIQ), E(EBADFD), E(EREMCHG), E(ELIBACC), E(ELIBBAD),
    E(ELIBSCN), E(ELIBMAX), E(ELIBEXEC), E(EILSEQ), E(ERESTART), E(ESTRPIPE), E(EUSERS),
    E(ENOTSOCK), E(EDESTADDRREQ), E(EMSGSIZE), E(EPROTOTYPE), E(ENOPROTOOPT),
    E(EPROTONOSUPPORT), E(ESOCKTNOSUPPORT), E(EOPNOTSUPP), E(EPFNOSUPPORT), E(EAFNOSUPPORT),
    E(EADDRINUSE), E(EADDRNOTAVAIL), E(ENETDOWN), E(ENETUNREACH), E(ENETRESET),
    E(ECONNABORTED), E(ECONNRESET), E(ENOBUFS), E(EISCONN), E(ENOTCONN), E(ESHUTDOWN),
    E(ETOOMANYREFS), E(ETIMEDOUT), E(ECONNREFUSED), E(EHOSTDOWN), E(EHOSTUNREACH),
    E(EALREADY), E(EINPROGRESS), E(ESTALE), E(EUCLEAN), E(ENOTNAM), E(ENAVAIL), E(EISNAM),
    E(EREMOTEIO), E(EDQUOT), E(ENOMEDIUM), E(EMEDIUMTYPE), E(ECANCELED), E(ENOKEY),
    E(EKEYEXPIRED), E(EKEYREVOKED), E(EKEYREJECTED), E(EOWNERDEAD), E(ENOTRECOVERABLE),
    E(ERFKILL), E(EHWPOISON),
};
#undef E

const char *errno_name(int err)
{
    if (err <= 0 || (size_t)err >= sizeof errno_names / sizeof errno_names[0])
        return 0;
    return errno_names[err];
}
