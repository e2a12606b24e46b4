/* Syscall names and strace-style trace lines: see sysnames.h. */
#include "sysnames.h"
#include "errno_map.h"
#include "../../kernel/lib/printf.h"

const char *sys_name(uint64_t nr)
{
    return nr < linux_syscall_count ? linux_syscall_trace[nr].name : 0;
}

/* Appends with ksnprintf semantics: pos counts the full length even when
   the buffer is full. */
#define PUT(...) (pos += (size_t)ksnprintf(out + (pos < n ? pos : n), pos < n ? n - pos : 0, __VA_ARGS__))

size_t trace_format(char *out, size_t n, uint64_t nr, const uint64_t args[6], int64_t result)
{
    size_t pos = 0;
    const char *name = sys_name(nr);
    const struct linux_trace *a = name ? &linux_syscall_trace[nr] : 0;
    if (name)
        PUT("%s(", name);
    else
        PUT("syscall_%llu(", (unsigned long long)nr);
    const char *kinds = a ? a->args : "xxxxxx";
    for (int i = 0; kinds[i]; i++) {
        uint64_t v = args[i];
        if (i)
            PUT(", ");
        switch (kinds[i]) {
        case 'f':
            if ((int32_t)v == -100)
                PUT("AT_FDCWD");
            else
                PUT("%d", (int)(int32_t)v);
            break;
        case 'd': PUT("%lld", (long long)v); break;
        case 'u': PUT("%llu", (unsigned long long)v); break;
        case 'o': PUT("0%llo", (unsigned long long)v); break;
        default:  PUT("%#llx", (unsigned long long)v); break;
        }
    }
    if (result < 0 && result >= -4095) {
        const char *e = errno_name((int)-result);
        if (e)
            PUT(") = -%s", e);
        else
            PUT(") = %lld", (long long)result);
    } else if (a && a->result == 'p') {
        PUT(") = %#llx", (unsigned long long)result);
    } else {
        PUT(") = %lld", (long long)result);
    }
    return pos;
}
