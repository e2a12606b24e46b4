/* The Linux ABI as data: the tables tools/gen_linux_abi.py generates from
 * an architecture's syscall table (abi/<arch>/syscalls.toml) into
 * abi/<arch>/gen/. docs/linux-abi.md lists every call with its status and
 * the file of its handler.
 *
 * Only portable types here: the host tests link the trace table without
 * the server. */
#ifndef POSIX_ABI_LINUX_ABI_H
#define POSIX_ABI_LINUX_ABI_H

#include <stddef.h>
#include <stdint.h>

/* A Linux syscall's handler: the calling thread and the call's six argument
   registers. Its result is the Linux result, or one of posix.h's R_*. */
struct thread;
typedef long (*linux_handler)(struct thread *t, const uint64_t *a);

/* --- dispatch (gen/dispatch.c) -------------------------------------------------------- */

/* gen/dispatch.c declares each handler with this. A host test defines it
   first, to put stand-ins in the table (tests/host/test_posix_dispatch.c). */
#ifndef LINUX_HANDLER
#define LINUX_HANDLER(name) long name(struct thread *t, const uint64_t *a);
#endif

struct linux_call {
    linux_handler handler; /* NULL: not provided (ENOSYS, logged once) */
};

/* Indexed by syscall number; numbers from linux_call_count up have no handler. */
extern const struct linux_call linux_calls[];
extern const size_t linux_call_count;

/* --- tracing (gen/trace.c) ------------------------------------------------------------ */

struct linux_trace {
    const char *name; /* NULL: no call has this number */
    char args[7];     /* one kind letter per argument (sysnames.h) */
    char result;      /* 'p': the result is an address; 0: a number */
};

/* Indexed by syscall number: every call the architecture has. */
extern const struct linux_trace linux_syscall_trace[];
extern const size_t linux_syscall_count;

#endif
