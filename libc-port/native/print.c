/* Formatted output to the program's console capability. The formatter is the
   kernel's own (kernel/lib/printf.c), which calls console_write. */
#include <stdarg.h>
#include <calyx/native.h>
#include "printf.h"
#include "string.h"

void console_write(const char *s, size_t n)
{
    if (cx_stdout_cap)
        cx_write(cx_stdout_cap, s, n, 0);
}

int cx_printf(const char *fmt, ...)
{
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    int n = kvsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (n < 0)
        return n;
    console_write(buf, (size_t)n < sizeof buf ? (size_t)n : sizeof buf - 1);
    return n;
}

int cx_puts(const char *s)
{
    console_write(s, strlen(s));
    console_write("\n", 1);
    return 0;
}
