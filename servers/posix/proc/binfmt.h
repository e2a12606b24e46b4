/* What execve runs (binfmt.c): Linux's binfmt_script and binfmt_elf
 * decisions, made before the kernel is asked to load anything.
 *
 * "#!interp [arg]" scripts run their interpreter, which may itself be a
 * script: up to BINFMT_MAX_DEPTH handlers in all (Linux's exec_binprm
 * allows depth 0..5), ELOOP beyond. Each level rewrites argv as Linux does:
 * argv[0] is dropped and interp, arg (when present) and the file's path go
 * in front. The first line is read as Linux reads it: within the first
 * BINFMT_BUF_SIZE bytes; without a newline there, an interpreter name that
 * runs to the end is ENOEXEC, and an empty one names the current directory
 * (EACCES), as on Linux.
 *
 * An ELF image that names a loader (PT_INTERP) needs that loader to exist
 * and be executable (ENOENT, EACCES ... from its lookup); a malformed
 * PT_INTERP is ENOEXEC. Whether the image can run at all is the kernel's
 * to say (process_create_env: ENOEXEC with a reason in the kernel log). */
#ifndef POSIX_BINFMT_H
#define POSIX_BINFMT_H

#include <stddef.h>
#include <stdint.h>

struct proc;
struct exec_args;

#define BINFMT_MAX_DEPTH 6
#define BINFMT_BUF_SIZE 256 /* Linux's BINPRM_BUF_SIZE */

/* How much of a program the server reads: its headers (the kernel maps
   the rest from the page cache: process_create_mapped, LOADER_HEAD_MAX). */
#define BINFMT_HEAD_MAX (64u * 1024)

/* Finds the ELF program execve of path runs for p, rewriting e's argv for
   each script on the way. On success *prog is its file (referenced: the
   caller drops it), *image (malloc'd: the caller frees it) and *size hold
   its first BINFMT_HEAD_MAX bytes, and *grant_ok says whether the program
   may have the native authority (native_grant_file_ok of its file, and 0
   whenever a script led to it). 0 or -errno (ETXTBSY: open for writing). */
struct vnode;
long binfmt_load(struct proc *p, const char *path, struct exec_args *e, struct vnode **prog,
                 uint8_t **image, size_t *size, int *grant_ok);

/* The "#!" line of a script's first bytes, as Linux parses it: the
   interpreter into interp (BINFMT_BUF_SIZE bytes) and the optional
   argument into arg (*arg is "" without one). 0, or -ENOEXEC for a line
   without an interpreter, -EACCES for an empty name (see above). */
long binfmt_parse_script(const uint8_t *data, size_t size, char *interp, char *arg);

#endif
