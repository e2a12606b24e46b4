/* The argument and environment strings of a program being started (execve,
 * the first program), gathered in the server's heap and measured as Linux
 * measures them.
 *
 * Limits, each E2BIG as on Linux:
 *   EXEC_ARG_STRLEN  one string, its NUL included (Linux's MAX_ARG_STRLEN)
 *   exec_arg_max()   all strings (the program's path, the environment and
 *                    the arguments, NULs included) plus 8 bytes per argv and
 *                    envp pointer: a quarter of the caller's RLIMIT_STACK
 *                    (2 MiB with the default 8 MiB), at most EXEC_ARG_MAX_TOP
 *                    and at least EXEC_ARG_MIN. This is what sysconf(_SC_ARG_MAX)
 *                    reports. A "#!" script's interpreter, its argument and
 *                    the script's path replace argv[0] within the same budget.
 *   EXEC_ARG_STRINGS pointers in one array (Linux's MAX_ARG_STRINGS; the
 *                    bytes always run out first)
 * The count is limited only by these. The kernel's own limit for starting a
 * program (CX_START_MAX_ARGBYTES, include/calyx/start.h) is EXEC_ARG_MAX_TOP,
 * counted without the path, so whatever passes here fits there.
 */
#ifndef POSIX_EXECARGS_H
#define POSIX_EXECARGS_H

#include "posix.h"

struct proc;

#define EXEC_ARG_STRLEN  (128u << 10) /* 32 pages */
#define EXEC_ARG_MIN     (128u << 10) /* Linux's ARG_MAX: the floor with a small stack rlimit */
#define EXEC_ARG_MAX_TOP (6u << 20)   /* 3/4 of Linux's _STK_LIM (8 MiB) */
#define EXEC_ARG_STRINGS 0x7FFFFFFFul

/* The strings live in one array, argv then envp (envp == argv + argc at all
   times), as process_create_env takes them. Room before argv lets an empty
   argv get its "" and each "#!" script its interpreter without moving
   anything: one slot for the "", two for each script level binfmt allows
   (BINFMT_MAX_DEPTH handlers, all but the last a script). */
#define EXEC_ARGS_FRONT (1 + 2 * 6)

struct exec_args {
    char **slots;        /* EXEC_ARGS_FRONT spare slots, then argv, then envp */
    char **argv, **envp; /* argc and envc strings, each its own allocation */
    size_t argc, envc;
    size_t limit;        /* bytes the strings may take (the pointers' share taken off) */
    size_t used;         /* bytes the strings take, NULs included */
};

/* Linux's limit on argument and environment bytes for p (see above). */
size_t exec_arg_max(const struct proc *p);

/* Fills e (zeroed first) with copies of the client's NULL-terminated argv and
   envp arrays (either may be 0: empty), for executing path, checking the
   limits in Linux's order: the arrays, the pointers' share, then the
   environment's strings and the arguments'. An empty argv gets "" as argv[0].
   0, -EFAULT, -E2BIG or -ENOMEM; free e with exec_args_free on every path. */
long exec_args_from_client(struct exec_args *e, struct proc *p, uint64_t argv, uint64_t envp,
                           const char *path);
/* The same from strings in the server (the first program). */
long exec_args_from_lists(struct exec_args *e, struct proc *p, const char *const *argv, size_t argc,
                          const char *const *envp, size_t envc);
/* For a "#!" script at path: argv[0] becomes interp, arg (when not NULL), path. */
long exec_args_script(struct exec_args *e, const char *interp, const char *arg, const char *path);
/* Bytes the kernel counts for starting the program (strings + 8 per string). */
size_t exec_args_kernel_bytes(const struct exec_args *e);
void exec_args_free(struct exec_args *e);

#endif
