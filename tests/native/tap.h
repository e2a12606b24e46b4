/* TAP output for native test programs booted under QEMU. Each CHECK is one
   test point; the program's exit status is 0 only when all passed. */
#ifndef TESTS_NATIVE_TAP_H
#define TESTS_NATIVE_TAP_H

#include <calyx/native.h>

static int tap_count, tap_failures;

static inline void tap_plan(int n) { cx_printf("TAP version 13\n1..%d\n", n); }

static inline void tap_check(int ok, const char *name, const char *expr, int line)
{
    tap_count++;
    if (!ok) {
        tap_failures++;
        cx_printf("not ok %d - %s\n  # failed: %s (line %d)\n", tap_count, name, expr, line);
    } else {
        cx_printf("ok %d - %s\n", tap_count, name);
    }
}

#define CHECK(name, cond) tap_check(!!(cond), name, #cond, __LINE__)

static inline int tap_done(void) { return tap_failures ? 1 : 0; }

#endif
