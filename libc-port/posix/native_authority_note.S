/* The ELF note by which a program asks the POSIX server for the native
 * process-creation authority (calyx/start.h, servers/posix/proc/native_grant.h).
 * libc-port/cx-cc links this object into every program it builds; the
 * server grants the authority only when the program's file is also owned by
 * root and writable by nobody else. Not part of libcalyx-posix.a: an archive
 * member that defines no symbol the program uses would never be linked. */
#include <calyx/start.h>

    .section .note.calyx, "a", @note
    .balign 4
    .long 2f - 1f               /* namesz: "Calyx" with its NUL */
    .long 0                     /* descsz: no descriptor */
    .long CX_NOTE_NATIVE_AUTHORITY
1:  .asciz CX_NOTE_NAME
2:  .balign 4
    .section .note.GNU-stack, "", @progbits
