/* Linux syscall names and an strace-style line formatter for the POSIX
 * server's "trace" mode.
 *
 * Names and argument kinds come from the trace table tools/gen_linux_abi.py
 * generates from the architecture's syscall table
 * (abi/x86_64/syscalls.toml -> abi/x86_64/gen/trace.c). */
#ifndef POSIX_SYSNAMES_H
#define POSIX_SYSNAMES_H

#include <stddef.h>
#include <stdint.h>
#include "abi/linux_abi.h" /* linux_syscall_trace, linux_syscall_count */

/* "read" for 0; NULL for a number with no name. */
const char *sys_name(uint64_t nr);

/* Formats one traced call, strace style, into out (always NUL-terminated
   when n > 0):
       openat(AT_FDCWD, 0x7ffc1000, 0x80000, 0644) = 3
       read(3, 0x4010a0, 4096) = -ENOENT
       syscall_999(0x1, 0x2, 0x3, 0x4, 0x5, 0x6) = -ENOSYS
   A call prints only its real arguments, each by kind (the trace table's
   letters): f fd (decimal, AT_FDCWD by name), p pointer or string address
   (hex), x flags (hex), o mode (octal), u unsigned decimal (sizes, counts),
   d signed decimal. Unknown numbers print all six in hex.
   The result is a decimal number (hex for pointer results such as mmap and
   brk), or -ENAME for -4095..-1. Returns the length the full line would
   have (like snprintf). */
size_t trace_format(char *out, size_t n, uint64_t nr, const uint64_t args[6], int64_t result);

#endif
