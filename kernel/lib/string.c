/* Plain C string and memory functions: byte loops, with whole-word loops
   for the aligned copies and fills that IPC and page zeroing spend time in. */
#include <stdint.h>
#include "string.h"

/* gcc recognises loops like these and may replace them with calls to the
   very function being defined; forbid that for this file's functions. */
#if defined(__GNUC__) && !defined(__clang__)
#define NO_LOOP_CALLS __attribute__((optimize("no-tree-loop-distribute-patterns")))
#else
#define NO_LOOP_CALLS
#endif

/* Word-sized accesses that may alias anything (kept legal under strict aliasing). */
typedef uint64_t __attribute__((may_alias)) word_t;

/* A word at any address: one move where the CPU allows unaligned access
   (x86), byte moves where it does not (the compiler knows which). */
typedef uint64_t __attribute__((may_alias, aligned(1))) unaligned_word_t;

/* Whole words, whatever the alignment: page copies, page zeroing and IPC
   messages (user buffers need not be aligned) take 8x fewer iterations. */
NO_LOOP_CALLS void *memcpy(void *restrict dst, const void *restrict src, size_t n)
{
    unsigned char *d = dst;
    const unsigned char *s = src;
    for (; n >= 32; n -= 32, d += 32, s += 32) { /* four at a time: a quarter of the loop overhead */
        uint64_t w0 = ((const unaligned_word_t *)s)[0], w1 = ((const unaligned_word_t *)s)[1];
        uint64_t w2 = ((const unaligned_word_t *)s)[2], w3 = ((const unaligned_word_t *)s)[3];
        ((unaligned_word_t *)d)[0] = w0;
        ((unaligned_word_t *)d)[1] = w1;
        ((unaligned_word_t *)d)[2] = w2;
        ((unaligned_word_t *)d)[3] = w3;
    }
    for (; n >= 8; n -= 8, d += 8, s += 8)
        *(unaligned_word_t *)d = *(const unaligned_word_t *)s;
    while (n--)
        *d++ = *s++;
    return dst;
}

NO_LOOP_CALLS void *memmove(void *dst, const void *src, size_t n)
{
    unsigned char *d = dst;
    const unsigned char *s = src;
    if (d == s || n == 0)
        return dst;
    if (d < s || d >= s + n) {  /* no harmful overlap: copy forwards */
        while (n--)
            *d++ = *s++;
    } else {                    /* dst overlaps src's tail: copy backwards */
        while (n--)
            d[n] = s[n];
    }
    return dst;
}

NO_LOOP_CALLS void *memset(void *dst, int c, size_t n)
{
    unsigned char *d = dst;
    if (((uintptr_t)d & 7) == 0) {
        word_t pattern = 0x0101010101010101ull * (unsigned char)c;
        for (; n >= 8; n -= 8, d += 8)
            *(word_t *)d = pattern;
    }
    while (n--)
        *d++ = (unsigned char)c;
    return dst;
}

NO_LOOP_CALLS int memcmp(const void *a, const void *b, size_t n)
{
    const unsigned char *x = a, *y = b;
    for (; n; n--, x++, y++)
        if (*x != *y)
            return *x - *y;
    return 0;
}

NO_LOOP_CALLS size_t strlen(const char *s)
{
    const char *p = s;
    while (*p)
        p++;
    return (size_t)(p - s);
}

NO_LOOP_CALLS size_t strnlen(const char *s, size_t max)
{
    size_t n = 0;
    while (n < max && s[n])
        n++;
    return n;
}

/* Comparisons are of unsigned char values, as the C standard requires. */
NO_LOOP_CALLS int strcmp(const char *a, const char *b)
{
    while (*a && *a == *b)
        a++, b++;
    return (unsigned char)*a - (unsigned char)*b;
}

NO_LOOP_CALLS int strncmp(const char *a, const char *b, size_t n)
{
    if (n == 0)
        return 0;
    while (--n && *a && *a == *b)
        a++, b++;
    return (unsigned char)*a - (unsigned char)*b;
}

/* The terminating NUL counts as part of the string: strchr(s, 0) finds it. */
NO_LOOP_CALLS char *strchr(const char *s, int c)
{
    for (;; s++) {
        if (*s == (char)c)
            return (char *)s;
        if (!*s)
            return NULL;
    }
}

NO_LOOP_CALLS size_t strlcpy(char *restrict dst, const char *restrict src, size_t size)
{
    size_t len = strlen(src);
    if (size) {
        size_t n = len < size - 1 ? len : size - 1;
        memcpy(dst, src, n);
        dst[n] = '\0';
    }
    return len;
}
