/* Child programs embedded in a program. The Makefile links every
 * apps/<app>/children/<name>.c into apps/<app> as a blob (objcopy -I binary),
 * so a root task carries the images of the processes it starts:
 *
 *     CX_CHILD(echo_server);
 *     cx_process_create(pool, CX_CHILD_IMAGE(echo_server), CX_CHILD_SIZE(echo_server),
 *                       argv, argc, caps, ncaps);
 *
 * <name> must be a C identifier (letters, digits, underscores). Numbers such
 * as endpoint and channel ids travel to a child as argument strings:
 * cx_arg_u64 reads one back. */
#ifndef CALYX_CHILD_H
#define CALYX_CHILD_H

#include <stddef.h>
#include <stdint.h>

#define CX_CHILD(name) extern const char _binary_##name##_start[], _binary_##name##_end[]
#define CX_CHILD_IMAGE(name) ((const void *)_binary_##name##_start)
#define CX_CHILD_SIZE(name) ((size_t)(_binary_##name##_end - _binary_##name##_start))

/* The decimal number at the start of s (0 for none or NULL). */
static inline uint64_t cx_arg_u64(const char *s)
{
    uint64_t v = 0;
    for (; s && *s >= '0' && *s <= '9'; s++)
        v = v * 10 + (uint64_t)(*s - '0');
    return v;
}

#endif
