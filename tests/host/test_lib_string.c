/* sources: kernel/lib/string.c */
/* Unit tests for kernel/lib/string.c. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "lib/string.h"

/* Every call goes through a volatile pointer: the compiler cannot replace it
   with its builtin or fold it, so the code under test really runs. */
static void *(*volatile k_memcpy)(void *restrict, const void *restrict, size_t) = memcpy;
static void *(*volatile k_memmove)(void *, const void *, size_t) = memmove;
static void *(*volatile k_memset)(void *, int, size_t) = memset;
static int (*volatile k_memcmp)(const void *, const void *, size_t) = memcmp;
static size_t (*volatile k_strlen)(const char *) = strlen;
static size_t (*volatile k_strnlen)(const char *, size_t) = strnlen;
static int (*volatile k_strcmp)(const char *, const char *) = strcmp;
static int (*volatile k_strncmp)(const char *, const char *, size_t) = strncmp;
static char *(*volatile k_strchr)(const char *, int) = strchr;
static size_t (*volatile k_strlcpy)(char *restrict, const char *restrict, size_t) = strlcpy;

static void fill_pattern(unsigned char *p, size_t n, unsigned seed)
{
    for (size_t i = 0; i < n; i++)
        p[i] = (unsigned char)(seed + i * 7);
}

static void test_memcpy_all_offsets_and_lengths(void **state)
{
    (void)state;
    unsigned char src[96], dst[96];
    fill_pattern(src, sizeof src, 3);
    for (size_t so = 0; so < 8; so++)
        for (size_t d_o = 0; d_o < 8; d_o++)
            for (size_t n = 0; n <= 64; n++) {
                for (size_t i = 0; i < sizeof dst; i++)
                    dst[i] = 0xAA;
                assert_ptr_equal(k_memcpy(dst + d_o, src + so, n), dst + d_o);
                for (size_t i = 0; i < sizeof dst; i++) {
                    if (i >= d_o && i < d_o + n)
                        assert_int_equal(dst[i], src[so + i - d_o]);
                    else
                        assert_int_equal(dst[i], 0xAA);   /* nothing else touched */
                }
            }
}

/* Reference: copy through a temporary, which is what memmove must act like. */
static void ref_move(unsigned char *buf, size_t d, size_t s, size_t n)
{
    unsigned char tmp[128];
    for (size_t i = 0; i < n; i++)
        tmp[i] = buf[s + i];
    for (size_t i = 0; i < n; i++)
        buf[d + i] = tmp[i];
}

static void test_memmove_overlaps(void **state)
{
    (void)state;
    unsigned char a[80], b[80];
    for (size_t s = 0; s < 16; s++)
        for (size_t d = 0; d < 16; d++)
            for (size_t n = 0; n <= 48; n++) {
                fill_pattern(a, sizeof a, (unsigned)(s * 31 + d));
                fill_pattern(b, sizeof b, (unsigned)(s * 31 + d));
                assert_ptr_equal(k_memmove(a + d, a + s, n), a + d);
                ref_move(b, d, s, n);
                assert_memory_equal(a, b, sizeof a);
            }
}

static void test_memmove_same_pointer_and_zero(void **state)
{
    (void)state;
    char buf[] = "abcdef";
    assert_ptr_equal(k_memmove(buf, buf, 6), buf);
    assert_string_equal(buf, "abcdef");
    assert_ptr_equal(k_memmove(buf + 1, buf, 0), buf + 1);
    assert_string_equal(buf, "abcdef");
    k_memmove(buf + 2, buf, 4);          /* forward overlap */
    assert_string_equal(buf, "ababcd");
    k_memmove(buf, buf + 2, 4);          /* backward overlap */
    assert_string_equal(buf, "abcdcd");
}

static void test_memset(void **state)
{
    (void)state;
    unsigned char buf[40];
    for (size_t off = 0; off < 8; off++)
        for (size_t n = 0; n <= 32; n++) {
            for (size_t i = 0; i < sizeof buf; i++)
                buf[i] = 0x11;
            assert_ptr_equal(k_memset(buf + off, 0x1FF, n), buf + off);  /* int truncated to 0xFF */
            for (size_t i = 0; i < sizeof buf; i++)
                assert_int_equal(buf[i], (i >= off && i < off + n) ? 0xFF : 0x11);
        }
}

static void test_memcmp(void **state)
{
    (void)state;
    assert_int_equal(k_memcmp("abc", "abd", 0), 0);
    assert_int_equal(k_memcmp("abc", "abc", 3), 0);
    assert_true(k_memcmp("abc", "abd", 3) < 0);
    assert_true(k_memcmp("abd", "abc", 3) > 0);
    assert_int_equal(k_memcmp("abX", "abY", 2), 0);  /* stops at n */
    /* Bytes compare as unsigned char: 0x80 > 0x7f. */
    assert_true(k_memcmp("\x80", "\x7f", 1) > 0);
    assert_true(k_memcmp("\x01", "\xff", 1) < 0);
    /* Embedded NULs do not stop memcmp. */
    assert_true(k_memcmp("a\0b", "a\0c", 3) < 0);
}

static void test_strlen_strnlen(void **state)
{
    (void)state;
    assert_int_equal(k_strlen(""), 0);
    assert_int_equal(k_strlen("a"), 1);
    assert_int_equal(k_strlen("hello, world"), 12);
    assert_int_equal(k_strlen("ab\0cd"), 2);
    assert_int_equal(k_strnlen("hello", 0), 0);
    assert_int_equal(k_strnlen("hello", 3), 3);
    assert_int_equal(k_strnlen("hello", 5), 5);
    assert_int_equal(k_strnlen("hello", 100), 5);
    /* strnlen must not read past max: an unterminated array. */
    const char raw[4] = { 'a', 'b', 'c', 'd' };
    assert_int_equal(k_strnlen(raw, sizeof raw), 4);
}

static void test_strcmp(void **state)
{
    (void)state;
    assert_int_equal(k_strcmp("", ""), 0);
    assert_int_equal(k_strcmp("abc", "abc"), 0);
    assert_true(k_strcmp("abc", "abd") < 0);
    assert_true(k_strcmp("abd", "abc") > 0);
    assert_true(k_strcmp("ab", "abc") < 0);     /* prefix sorts first */
    assert_true(k_strcmp("abc", "ab") > 0);
    assert_true(k_strcmp("", "a") < 0);
    assert_true(k_strcmp("\xe9", "e") > 0);     /* unsigned char comparison */
    assert_true(k_strcmp("e", "\xe9") < 0);
}

static void test_strncmp(void **state)
{
    (void)state;
    assert_int_equal(k_strncmp("abc", "xyz", 0), 0);
    assert_int_equal(k_strncmp("abcX", "abcY", 3), 0);
    assert_true(k_strncmp("abcX", "abcY", 4) < 0);
    assert_int_equal(k_strncmp("abc", "abc", 100), 0);  /* stops at NUL */
    assert_true(k_strncmp("ab", "abc", 3) < 0);
    assert_true(k_strncmp("abc", "ab", 3) > 0);
    assert_int_equal(k_strncmp("ab", "abc", 2), 0);
    assert_true(k_strncmp("\xff", "\x01", 1) > 0);
    assert_true(k_strncmp("a", "b", 1) < 0);
}

static void test_strchr(void **state)
{
    (void)state;
    const char *s = "hello";
    assert_ptr_equal(k_strchr(s, 'h'), s);
    assert_ptr_equal(k_strchr(s, 'l'), s + 2);   /* first occurrence */
    assert_ptr_equal(k_strchr(s, 'o'), s + 4);
    assert_null(k_strchr(s, 'z'));
    assert_ptr_equal(k_strchr(s, '\0'), s + 5);  /* the terminator is found */
    const char *empty = "";
    assert_ptr_equal(k_strchr(empty, '\0'), empty);
    assert_null(k_strchr(empty, 'a'));
    const char *hi = "caf\xe9!";
    assert_ptr_equal(k_strchr(hi, 0xe9), hi + 3);  /* c converted to char */
    assert_ptr_equal(k_strchr(hi, 'a' + 256), hi + 1);
}

static void test_strlcpy(void **state)
{
    (void)state;
    char buf[8];

    k_memset(buf, 'X', sizeof buf);
    assert_int_equal(k_strlcpy(buf, "abc", sizeof buf), 3);
    assert_string_equal(buf, "abc");
    assert_int_equal(buf[4], 'X');               /* no padding beyond the NUL */

    assert_int_equal(k_strlcpy(buf, "1234567", sizeof buf), 7);  /* exact fit */
    assert_string_equal(buf, "1234567");

    assert_int_equal(k_strlcpy(buf, "123456789abc", sizeof buf), 12);  /* truncated */
    assert_string_equal(buf, "1234567");

    k_memset(buf, 'X', sizeof buf);
    assert_int_equal(k_strlcpy(buf, "abc", 1), 3);
    assert_int_equal(buf[0], '\0');
    assert_int_equal(buf[1], 'X');

    k_memset(buf, 'X', sizeof buf);
    assert_int_equal(k_strlcpy(buf, "abc", 0), 3);  /* size 0: dst untouched */
    assert_int_equal(buf[0], 'X');
    assert_int_equal(k_strlcpy(NULL, "abcd", 0), 4);

    assert_int_equal(k_strlcpy(buf, "", sizeof buf), 0);
    assert_string_equal(buf, "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_memcpy_all_offsets_and_lengths),
        cmocka_unit_test(test_memmove_overlaps),
        cmocka_unit_test(test_memmove_same_pointer_and_zero),
        cmocka_unit_test(test_memset),
        cmocka_unit_test(test_memcmp),
        cmocka_unit_test(test_strlen_strnlen),
        cmocka_unit_test(test_strcmp),
        cmocka_unit_test(test_strncmp),
        cmocka_unit_test(test_strchr),
        cmocka_unit_test(test_strlcpy),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
