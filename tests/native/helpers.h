/* The helper programs of tests/native-helpers/, embedded in the test binary
   by the Makefile (objcopy -I binary): HELPER(name) declares one, and
   HELPER_IMAGE / HELPER_SIZE give its ELF image for process_create. */
#ifndef TESTS_NATIVE_HELPERS_H
#define TESTS_NATIVE_HELPERS_H

#include <stddef.h>

#define HELPER(name) extern const char _binary_##name##_start[], _binary_##name##_end[]
#define HELPER_IMAGE(name) ((const void *)_binary_##name##_start)
#define HELPER_SIZE(name) ((size_t)(_binary_##name##_end - _binary_##name##_start))

#endif
