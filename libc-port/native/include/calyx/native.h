/* The native Calyx user library: program start-up, the capabilities a
   program was given, and small conveniences over the generated stubs
   (calyx/syscalls.h). */
#ifndef CALYX_NATIVE_H
#define CALYX_NATIVE_H

#include <stddef.h>
#include <stdint.h>
#include <calyx/abi.h>
#include <calyx/syscalls.h>
#include <calyx/malloc.h>

/* Capabilities granted at start, in the order the creator listed them.
   The root task gets the console first. */
extern const cx_cap_t *cx_start_caps;
extern size_t cx_start_ncaps;

/* The capability used by cx_printf and cx_puts (default: the first one given). */
extern cx_cap_t cx_stdout_cap;
/* The 16 bytes of AT_RANDOM: from the kernel's entropy source, different in every process. */
extern const uint8_t *cx_start_random;

int cx_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int cx_puts(const char *s);
const char *cx_strerror(uint64_t result);

/* Nanoseconds since boot (clock_get CX_CLOCK_MONOTONIC as one number). */
uint64_t cx_monotonic_ns(void);

/* The seed's create_process: process_create then process_start. authority is
   the memory pool capability (CX_RIGHT_WRITE; the root task's cx_start_caps[1]).
   The child gets argv[0..argc) and exactly caps[0..ncaps), and is killed when
   its creator ends. Returns the pid, or an error result. */
uint64_t cx_create_process(cx_cap_t authority, const void *image, size_t size, const char *const *argv,
                           size_t argc, const cx_cap_t *caps, size_t ncaps);

/* The seed's mmap: a pointer, or NULL with *error set (error may be NULL).
   memory == CX_CAP_NULL maps fresh anonymous memory; otherwise the memory
   object is mapped (SHARED unless flags say PRIVATE). */
void *cx_map(void *addr, size_t length, cx_prot_t prot, cx_mapflags_t flags, cx_cap_t memory,
             size_t offset, uint64_t *error); /* "PermissionDenied" for an error result, "Success" otherwise */



#endif
