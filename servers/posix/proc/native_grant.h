/* Granting a POSIX program the native process-creation authority, on purpose.
 *
 * POSIX programs start with no capabilities, so they cannot call the native
 * process_create (it needs the memory pool's authority). A program that
 * legitimately starts native processes asks for the authority with an ELF
 * note (name CX_NOTE_NAME, type CX_NOTE_NATIVE_AUTHORITY, calyx/start.h), which
 * libc-port/cx-cc links into every program it builds. Asking is not enough:
 * the executable file must also be owned by root and writable by nobody else,
 * as for a set-user-ID-root program, so that a user cannot grant himself the
 * authority by compiling his own binary. A "#!" script never gets it, whatever
 * its interpreter (as Linux ignores set-user-ID on scripts).
 *
 * The grant is a capability derived from the server's pool capability with
 * CX_RIGHT_WRITE | CX_RIGHT_GRANT (create processes, and hand that on to the
 * native processes it creates; no DERIVE: no memory objects from the pool),
 * given to the new process as its one start capability
 * (CX_START_CAP_NATIVE_AUTHORITY). The server keeps the derived capability
 * under the kernel pid and revokes it when that kernel process ends, which
 * also happens to an image that execve replaces (its exit notice), and when a
 * creation is abandoned: the process's copy, and any it handed on, go with it.
 * A fork child starts with an empty capability space: it has no authority
 * until it execs a granted program itself.
 *
 * The hooks are in exec.c's exec_create (native_grant_file_ok,
 * native_grant_create, native_grant_end when a created process is given up)
 * and exit.c's proc_kernel_exit (native_grant_end). docs/posix-server.md,
 * "Native authority". */
#ifndef POSIX_NATIVE_GRANT_H
#define POSIX_NATIVE_GRANT_H

#include <stddef.h>
#include <stdint.h>
#include <calyx/abi.h>

struct vnode;

/* The rights of a grant. */
#define NATIVE_GRANT_RIGHTS (CX_RIGHT_WRITE | CX_RIGHT_GRANT)

/* 1 when a file with this owner and mode may be granted the authority:
   owned by root, and neither group- nor other-writable. */
int native_grant_owner_ok(uint32_t uid, uint32_t mode);
/* The same for the program file being executed. */
int native_grant_file_ok(const struct vnode *vn);
/* 1 when the ELF image's PT_NOTE segments hold the note asking for the
   authority. Any malformed header, segment or note is "no". */
int native_grant_image_asks(const uint8_t *image, size_t size);

/* Creates the kernel process of an exec (process_create_mapped of the
   program's pages `program`, with the server's pool as its authority,
   strings = argv then envp), granting the authority when file_ok and the
   image's headers (image[0..size), the file's start) ask for it. The
   kernel pid, or the create's CX error (nothing is left granted then). A
   grant that cannot be made (no slot, no capability) is logged and the
   program starts without it. */
uint64_t native_grant_create(int file_ok, const uint8_t *image, size_t size, cx_cap_t program,
                             const char *const *strings, size_t argc, size_t envc, uint64_t stack_size);
/* The kernel process kpid has ended, or its creation was given up: its grant,
   if it has one, is revoked. Nothing for a kernel process without one. */
void native_grant_end(uint64_t kpid);

#endif
