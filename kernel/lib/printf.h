/* Kernel formatted output: C99 snprintf semantics without floating point.
 *
 * Conversions: d i u x X o c s p %, length modifiers hh h l ll z j t,
 * flags - 0 + space #, width and precision (either may be '*').
 * Deliberate differences from ISO C:
 *   %p    always "0x" and 16 hex digits (NULL too); width and '-' apply.
 *   %s    NULL prints "(null)" (cut by the precision like any string).
 *   no %n, no floating point (the kernel is built without SSE); an unknown
 *         conversion is printed as is, '%' included, and consumes no argument.
 * The return value is the length the full output would have had (not
 * counting the NUL), or -1 if that exceeds INT_MAX. With size > 0 the
 * output is always NUL-terminated; with size == 0 buf is never touched. */
#ifndef KERNEL_LIB_PRINTF_H
#define KERNEL_LIB_PRINTF_H

#include <stdarg.h>
#include <stddef.h>

int kvsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
    __attribute__((format(printf, 3, 0)));
int ksnprintf(char *buf, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* kprintf formats into a KPRINTF_MAX-byte stack buffer and passes the result
   to console_write: one message is at most KPRINTF_MAX - 1 bytes, longer
   output is truncated (never overflows). Returns the bytes written. */
#define KPRINTF_MAX 512
int kprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int kvprintf(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));

/* The console sink, provided elsewhere (arch serial port in the kernel, a
   capturing stub in host tests). s is not NUL-terminated. */
void console_write(const char *s, size_t n);

#endif
