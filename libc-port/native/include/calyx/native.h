/* The native Calyx user library: program start-up, the capabilities a
   program was given, and small conveniences over the generated stubs
   (calyx/syscalls.h). */
#ifndef CALYX_NATIVE_H
#define CALYX_NATIVE_H

#include <stddef.h>
#include <stdint.h>
#include <calyx/abi.h>
#include <calyx/syscalls.h>

/* Capabilities granted at start, in the order the creator listed them.
   The root task gets the console first. */
extern const cx_cap_t *cx_start_caps;
extern size_t cx_start_ncaps;

/* The capability used by cx_printf and cx_puts (default: the first one given). */
extern cx_cap_t cx_stdout_cap;

int cx_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int cx_puts(const char *s);
const char *cx_strerror(uint64_t result); /* "PermissionDenied" for an error result, "Success" otherwise */



#endif
