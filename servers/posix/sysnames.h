/* Linux x86_64 syscall names and an strace-style line formatter for the
 * POSIX server's "trace" mode.
 *
 * The name table is generated at build time (tools/gen_linux_sysnames.py)
 * from linux-libc-dev's <asm/unistd_64.h> into
 * $(BUILD)/gen/posix/linux_sysnames.c; nothing generated is committed. */
#ifndef POSIX_SYSNAMES_H
#define POSIX_SYSNAMES_H

#include <stddef.h>
#include <stdint.h>

/* Generated: names indexed by number (NULL in gaps), and the table size. */
extern const char *const linux_syscall_names[];
extern const size_t linux_syscall_count;

/* "read" for 0; NULL for a number with no name. */
const char *sys_name(uint64_t nr);

/* Formats one traced call, strace style, into out (always NUL-terminated
   when n > 0):
       openat(AT_FDCWD, 0x7ffc1000, 0x80000, 0644) = 3
       read(3, 0x4010a0, 4096) = -ENOENT
       syscall_999(0x1, 0x2, 0x3, 0x4, 0x5, 0x6) = -ENOSYS
   Common calls print only their real arguments, each by kind: fd (decimal,
   AT_FDCWD by name), pointer/string address (hex), flags (hex), mode
   (octal), size/count/offset (decimal). Unknown calls print all six in hex.
   The result is a decimal number (hex for pointer results such as mmap and
   brk), or -ENAME for -4095..-1. Returns the length the full line would
   have (like snprintf). */
size_t trace_format(char *out, size_t n, uint64_t nr, const uint64_t args[6], int64_t result);

#endif
