/* Freestanding string and memory routines for the kernel.
 *
 * These carry the standard C names and signatures on purpose: even with
 * -ffreestanding, gcc may emit calls to memcpy, memmove, memset and memcmp
 * (struct copies, zero-initialisation), so the kernel must define them.
 *
 * Host unit tests simply link string.c into the test binary: no renaming
 * macros, no special flags. Its definitions then take the place of glibc's
 * for the whole test process (cmocka included), which is fine as they are
 * correct, and the declarations here are compatible with <string.h>, so a
 * file may include both. tests/host/test_lib_string.c calls the functions
 * through volatile pointers so the compiler cannot swap in its builtins.
 *
 * string.c protects itself from gcc turning its byte loops back into calls
 * to memset/memcpy (which would recurse), whatever the build flags. */
#ifndef KERNEL_LIB_STRING_H
#define KERNEL_LIB_STRING_H

#include <stddef.h>

void *memcpy(void *restrict dst, const void *restrict src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);

size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strchr(const char *s, int c);

/* Copies at most size-1 bytes and always NUL-terminates when size > 0.
   Returns strlen(src): a result >= size means the copy was truncated. */
size_t strlcpy(char *restrict dst, const char *restrict src, size_t size);

#endif
