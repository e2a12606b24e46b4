/* Names of native error results, for messages; the table is the generated one
   the kernel uses for tracing (kernel/gen/syscall_names.c). */
#include <calyx/native.h>
#include "../../kernel/gen/syscall_names.h"

const char *cx_strerror(uint64_t result)
{
    if (!CX_IS_ERR(result))
        return "Success";
    const char *name = syscall_error_name(CX_ERR_CODE(result));
    return name ? name : "UnknownError";
}
