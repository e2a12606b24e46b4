/* sources: kernel/lib/printf.c */
/* Unit tests for kernel/lib/printf.c. Standard conversions are checked both
   against the expected text and against the host C library's vsnprintf. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "lib/printf.h"

/* The console sink kprintf writes to: captured here. */
static char console[4096];
static size_t console_len;
static unsigned console_calls;

void console_write(const char *s, size_t n)
{
    assert_true(console_len + n <= sizeof console);
    memcpy(console + console_len, s, n);
    console_len += n;
    console_calls++;
}

static void console_reset(void)
{
    console_len = 0;
    console_calls = 0;
}

static void vcheck(const char *expect, int compare_host, const char *fmt, va_list ap)
{
    char ours[512], host[512];
    va_list ap2;
    va_copy(ap2, ap);
    int n = kvsnprintf(ours, sizeof ours, fmt, ap);
    assert_string_equal(ours, expect);
    assert_int_equal(n, (int)strlen(expect));
    if (compare_host) {     /* the expectation itself is right */
        int hn = vsnprintf(host, sizeof host, fmt, ap2);
        assert_string_equal(host, expect);
        assert_int_equal(hn, n);
    }
    va_end(ap2);
}

/* Checks one standard-conforming format: our output, our return value, and
   agreement with the host vsnprintf. */
__attribute__((format(printf, 2, 3)))
static void check(const char *expect, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vcheck(expect, 1, fmt, ap);
    va_end(ap);
}

/* The same, for valid formats gcc would warn about (ignored flags). */
static void check_nowarn(const char *expect, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vcheck(expect, 1, fmt, ap);
    va_end(ap);
}

/* For our own deliberate behaviour: no comparison with the host. */
static void check_ours(const char *expect, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vcheck(expect, 0, fmt, ap);
    va_end(ap);
}

static void test_plain_text(void **state)
{
    (void)state;
    check("", "%s", "");
    check("hello", "hello");
    check("100%", "100%%");
    check("%%", "%%%%");
    check("a\nb\tc", "a\nb\tc");
}

static void test_signed(void **state)
{
    (void)state;
    check("0", "%d", 0);
    check("42", "%d", 42);
    check("-42", "%d", -42);
    check("-42", "%i", -42);
    check("2147483647", "%d", INT_MAX);
    check("-2147483648", "%d", INT_MIN);
    check("+42 +0 -1", "%+d %+d %+d", 42, 0, -1);
    check(" 42 -42", "% d % d", 42, -42);
    check_nowarn("+42", "%+ d", 42);            /* '+' wins over ' ' */
    check_nowarn("+42", "% +d", 42);
}

static void test_width_and_precision(void **state)
{
    (void)state;
    check("   42", "%5d", 42);
    check("42   |", "%-5d|", 42);
    check("00042", "%05d", 42);
    check("-0042", "%05d", -42);
    check("+0042", "%+05d", 42);
    check(" 0042", "% 05d", 42);
    check("42", "%1d", 42);              /* width smaller than the number */
    check("007", "%.3d", 7);
    check("-007", "%.3d", -7);
    check("", "%.0d", 0);                /* zero with precision 0: no digits */
    check("     ", "%5.0d", 0);
    check("+", "%+.0d", 0);
    check_nowarn("     007", "%08.3d", 7);     /* precision disables the '0' flag */
    check("007     |", "%-8.3d|", 7);
    check("12345", "%.3d", 12345);
    check("  -00042", "%8.5d", -42);
}

static void test_star(void **state)
{
    (void)state;
    check("   42", "%*d", 5, 42);
    check("42   |", "%-*d|", 5, 42);
    check("42   |", "%*d|", -5, 42);         /* negative width means '-' */
    check("007", "%.*d", 3, 7);
    check("7", "%.*d", -1, 7);               /* negative precision: omitted */
    check_nowarn("00007", "%05.*d", -1, 7);  /* ...so '0' applies */
    check("   007", "%*.*d", 6, 3, 7);
    check("ab", "%.*s", 2, "abc");
    check("  ab|", "%*.*s|", 4, 2, "abc");
}

static void test_length_modifiers(void **state)
{
    (void)state;
    check("44", "%hhd", 300);
    check("127", "%hhd", -129);
    check("-128", "%hhd", 128);
    check("0", "%hhu", 256);
    check("255", "%hhu", -1);
    check("ff", "%hhx", 0x1ff);
    check("4464", "%hd", 70000);
    check("-32768", "%hd", 32768);
    check("0", "%hu", 65536);
    check("65535", "%hu", -1);
    check("-9223372036854775808", "%ld", LONG_MIN);
    check("9223372036854775807", "%ld", LONG_MAX);
    check("-9223372036854775808", "%lld", LLONG_MIN);
    check("18446744073709551615", "%llu", ULLONG_MAX);
    check("18446744073709551615", "%lu", (unsigned long)UINT64_MAX);
    check("ffffffffffffffff", "%llx", ULLONG_MAX);
    check("18446744073709551615", "%zu", SIZE_MAX);
    check("-1", "%zd", (size_t)-1);
    check("123", "%zu", (size_t)123);
    check("-9223372036854775808", "%jd", INTMAX_MIN);
    check("18446744073709551615", "%ju", UINTMAX_MAX);
    check("-5", "%td", (ptrdiff_t)-5);
    check("7fffffffffffffff", "%tx", PTRDIFF_MAX);
    check("-9223372036854775808 x", "%lli %c", LLONG_MIN, 'x');  /* args stay in step */
}

static void test_unsigned(void **state)
{
    (void)state;
    check("0", "%u", 0u);
    check("4294967295", "%u", UINT_MAX);
    check("4294967295", "%u", -1);
    check("    7", "%5u", 7u);
    check("00007", "%05u", 7u);
    check_nowarn("7", "%+u", 7u);          /* sign flags do nothing for unsigned */
    check_nowarn("7", "% u", 7u);
}

static void test_hex(void **state)
{
    (void)state;
    check("deadbeef", "%x", 0xdeadbeefu);
    check("DEADBEEF", "%X", 0xdeadbeefu);
    check("0", "%x", 0u);
    check("0xff", "%#x", 255u);
    check("0XFF", "%#X", 255u);
    check("0", "%#x", 0u);                 /* no prefix for zero */
    check("0x000000ff", "%#010x", 255u);
    check_nowarn("   0x0ff", "%#08.3x", 255u);   /* zeros go after the prefix */
    check("      0xff", "%#10x", 255u);
    check("0xff      |", "%#-10x|", 255u);
    check("0x0001", "%#.4x", 1u);
    check("", "%.0x", 0u);
    check("", "%#.0x", 0u);
    check("00000000deadbeef", "%016lx", 0xdeadbeefUL);
    check("0xffffffffffffffff", "%#lx", (unsigned long)UINT64_MAX);
    check("ffffffff", "%x", -1);
}

static void test_octal(void **state)
{
    (void)state;
    check("10", "%o", 8u);
    check("010", "%#o", 8u);
    check("0", "%#o", 0u);
    check("0", "%#.0o", 0u);             /* '#' forces a digit */
    check("", "%.0o", 0u);
    check("010", "%#.3o", 8u);           /* precision already gives the 0 */
    check("0010", "%#.4o", 8u);
    check("  010", "%#5o", 8u);
    check("00010", "%#05o", 8u);
    check("1777777777777777777777", "%llo", ULLONG_MAX);
    check("01777777777777777777777", "%#llo", ULLONG_MAX);
    check("37777777777", "%o", UINT_MAX);
}

static void test_char(void **state)
{
    (void)state;
    check("a", "%c", 'a');
    check("  a", "%3c", 'a');
    check("a  |", "%-3c|", 'a');
    check("\xe9", "%c", 0xe9);
    check("xyz", "%c%c%c", 'x', 'y', 'z');

    char buf[8];
    memset(buf, 'Q', sizeof buf);
    assert_int_equal(ksnprintf(buf, sizeof buf, "%c", 0), 1);  /* embedded NUL */
    assert_int_equal(buf[0], '\0');
    assert_int_equal(buf[1], '\0');
}

static void test_string(void **state)
{
    (void)state;
    check("hello", "%s", "hello");
    check("     hello", "%10s", "hello");
    check("hello     |", "%-10s|", "hello");
    check("hel", "%.3s", "hello");
    check("       hel", "%10.3s", "hello");
    check("", "%.0s", "hello");
    check("hello", "%.10s", "hello");
    check("hi", "%1s", "hi");
    check("a b", "%s %s", "a", "b");

    /* With a precision, bytes past it are never read: unterminated array. */
    const char raw[3] = { 'a', 'b', 'c' };
    check("abc", "%.3s", raw);
    check("ab", "%.2s", raw);

    check_ours("(null)", "%s", (char *)NULL);
    check_ours("  (null)", "%8s", (char *)NULL);
    check_ours("(nu", "%.3s", (char *)NULL);
}

static void test_pointer(void **state)
{
    (void)state;
    check_ours("0x0000000000001234", "%p", (void *)0x1234);
    check_ours("0x0000000000000000", "%p", NULL);
    check_ours("0xffffffffffffffff", "%p", (void *)UINTPTR_MAX);
    check_ours("0xffff800000000000", "%p", (void *)0xffff800000000000ULL);
    check_ours("  0x0000000000001234", "%20p", (void *)0x1234);
    check_ours("0x0000000000001234  |", "%-20p|", (void *)0x1234);
    check_ours("0x0000000000001234", "%5p", (void *)0x1234);
    check_ours("[0x00000000000000ff] 7", "[%p] %d", (void *)0xff, 7);
}

static void test_mixed(void **state)
{
    (void)state;
    check("pid=12 name=init flags=0x3 ok", "pid=%u name=%s flags=%#x %s",
          12u, "init", 3u, "ok");
    check("rip 0000000000401000 cs 0008", "rip %016lx cs %04lx",
          0x401000UL, 8UL);
    check("  #3 0x0000000000401000 main+0x10", "  #%u %#018lx %s+%#lx",
          3u, 0x401000UL, "main", 0x10UL);
}

static void test_unknown_and_truncated_specs(void **state)
{
    (void)state;
    check_ours("%y", "%y");
    check_ours("a%-5.2yb", "a%-5.2yb");
    check_ours("%lq 7", "%lq %d", 7);      /* consumes no argument */
    check_ours("abc%", "abc%");            /* lone '%' at the end */
    check_ours("abc%-08", "abc%-08");
    check_ours("%l", "%l");
}

static void test_truncation_and_return(void **state)
{
    (void)state;
    char buf[16];

    memset(buf, 'X', sizeof buf);
    assert_int_equal(ksnprintf(buf, 5, "hello world"), 11);
    assert_string_equal(buf, "hell");
    for (size_t i = 5; i < sizeof buf; i++)
        assert_int_equal(buf[i], 'X');       /* nothing written past size */

    memset(buf, 'X', sizeof buf);
    assert_int_equal(ksnprintf(buf, 4, "%d", 12345), 5);
    assert_string_equal(buf, "123");

    memset(buf, 'X', sizeof buf);
    assert_int_equal(ksnprintf(buf, 6, "%5s|%d", "ab", -7), 8);
    assert_string_equal(buf, "   ab");

    memset(buf, 'X', sizeof buf);
    assert_int_equal(ksnprintf(buf, 6, "abcdef"), 6);   /* one too many */
    assert_string_equal(buf, "abcde");
    assert_int_equal(ksnprintf(buf, 7, "abcdef"), 6);   /* exact fit */
    assert_string_equal(buf, "abcdef");

    memset(buf, 'X', sizeof buf);
    assert_int_equal(ksnprintf(buf, 1, "hello"), 5);   /* only the NUL fits */
    assert_int_equal(buf[0], '\0');
    assert_int_equal(buf[1], 'X');

    memset(buf, 'X', sizeof buf);
    assert_int_equal(ksnprintf(buf, 0, "hello %d", 42), 8);  /* size 0: untouched */
    assert_int_equal(buf[0], 'X');
    assert_int_equal(ksnprintf(NULL, 0, "%s%s", "abc", "def"), 6);

    assert_int_equal(ksnprintf(buf, sizeof buf, "%1000d", 1), 1000);
    assert_int_equal(strlen(buf), sizeof buf - 1);
    assert_int_equal(ksnprintf(buf, sizeof buf, "%.300d", 1), 300);
    assert_int_equal(ksnprintf(buf, sizeof buf, "%-300s|", "x"), 301);
    assert_string_equal(buf, "x              ");

    memset(buf, 'X', sizeof buf);
    assert_int_equal(ksnprintf(buf, sizeof buf, "%s", ""), 0);
    assert_string_equal(buf, "");
}

static int call_kvsnprintf(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = kvsnprintf(buf, size, fmt, ap);
    va_end(ap);
    return n;
}

static void test_kvsnprintf_leaves_va_list_usable(void **state)
{
    (void)state;
    char buf[32];
    assert_int_equal(call_kvsnprintf(buf, sizeof buf, "%d-%s-%c", 5, "x", 'y'), 5);
    assert_string_equal(buf, "5-x-y");
}

static void test_kprintf(void **state)
{
    (void)state;
    console_reset();
    assert_int_equal(kprintf("hello %s %d\n", "kernel", -3), 16);
    assert_int_equal(console_calls, 1);
    assert_int_equal(console_len, 16);
    assert_memory_equal(console, "hello kernel -3\n", 16);

    console_reset();
    assert_int_equal(kprintf("%s", ""), 0);
    assert_int_equal(console_len, 0);

    /* Longer than the buffer: exactly KPRINTF_MAX - 1 bytes go out. */
    char big[KPRINTF_MAX + 100];
    for (size_t i = 0; i < sizeof big - 1; i++)
        big[i] = (char)('a' + i % 26);
    big[sizeof big - 1] = '\0';
    console_reset();
    assert_int_equal(kprintf("%s", big), KPRINTF_MAX - 1);
    assert_int_equal(console_len, KPRINTF_MAX - 1);
    assert_memory_equal(console, big, KPRINTF_MAX - 1);

    console_reset();
    assert_int_equal(kprintf("%*d", KPRINTF_MAX * 3, 1), KPRINTF_MAX - 1);
    assert_int_equal(console_len, KPRINTF_MAX - 1);

    console_reset();  /* exactly fits */
    big[KPRINTF_MAX - 1] = '\0';
    assert_int_equal(kprintf("%s", big), KPRINTF_MAX - 1);
    assert_memory_equal(console, big, KPRINTF_MAX - 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plain_text),
        cmocka_unit_test(test_signed),
        cmocka_unit_test(test_width_and_precision),
        cmocka_unit_test(test_star),
        cmocka_unit_test(test_length_modifiers),
        cmocka_unit_test(test_unsigned),
        cmocka_unit_test(test_hex),
        cmocka_unit_test(test_octal),
        cmocka_unit_test(test_char),
        cmocka_unit_test(test_string),
        cmocka_unit_test(test_pointer),
        cmocka_unit_test(test_mixed),
        cmocka_unit_test(test_unknown_and_truncated_specs),
        cmocka_unit_test(test_truncation_and_return),
        cmocka_unit_test(test_kvsnprintf_leaves_va_list_usable),
        cmocka_unit_test(test_kprintf),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
