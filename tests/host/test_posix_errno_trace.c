/* sources: servers/posix/errno_map.c servers/posix/sysnames.c kernel/lib/printf.c kernel/lib/string.c servers/posix/abi/x86_64/gen/trace.c */
/* Unit tests for the native-to-Linux errno map and the syscall tracer. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <asm-generic/errno.h>
#include <asm/unistd_64.h>

#include "lib/string.h"
#include <calyx/abi.h>
#include "servers/posix/errno_map.h"
#include "servers/posix/sysnames.h"

/* printf.c's kprintf writes here; nothing in these tests calls it. */
void console_write(const char *s, size_t n);
void console_write(const char *s, size_t n)
{
    (void)s, (void)n;
}

static void test_errno_map(void **state)
{
    (void)state;
    assert_int_equal(errno_from_cx(0), 0);
    assert_int_equal(errno_from_cx(42), 0);
    assert_int_equal(errno_from_cx(CX_MKERR(CX_ERR_INVALID_ADDRESS)), EFAULT);
    assert_int_equal(errno_from_cx(CX_MKERR(CX_ERR_OUT_OF_MEMORY)), ENOMEM);
    assert_int_equal(errno_from_cx(CX_MKERR(CX_ERR_PERMISSION_DENIED)), EPERM);
    assert_int_equal(errno_from_cx(CX_MKERR(CX_ERR_NOT_FOUND)), ENOENT);
    assert_int_equal(errno_from_cx(CX_MKERR(CX_ERR_BUSY)), EBUSY);
    assert_int_equal(errno_from_cx(CX_MKERR(CX_ERR_TIMEOUT)), ETIMEDOUT);
    assert_int_equal(errno_from_cx(CX_MKERR(CX_ERR_RESOURCE_EXHAUSTED)), EAGAIN);
    assert_int_equal(errno_from_cx(CX_MKERR(CX_ERR_INTERRUPTED)), EINTR);
    assert_int_equal(errno_from_cx(CX_MKERR(CX_ERR_INVALID_PARAMETER)), EINVAL);
    assert_int_equal(errno_from_cx(CX_MKERR(CX_ERR_NOT_SUPPORTED)), ENOSYS);
    assert_int_equal(errno_from_cx(CX_MKERR(CX_ERR_INVALID_SYSCALL)), ENOSYS);
    assert_int_equal(errno_from_cx(CX_MKERR(CX_ERR_INVALID_CAPABILITY)), EBADF);
    assert_int_equal(errno_from_cx(CX_MKERR(CX_ERR_ALREADY_EXISTS)), EEXIST);
    assert_int_equal(errno_from_cx(CX_MKERR(CX_ERR_BUFFER_TOO_SMALL)), ERANGE);
    /* every native code maps to a real errno */
    for (uint64_t code = 1; code < CX_ERR_COUNT; code++)
        assert_non_null(errno_name(errno_from_cx(CX_MKERR(code))));
    assert_int_equal(errno_from_cx(CX_MKERR(999)), EIO);
    assert_int_equal(errno_from_cx(CX_MKERR(0)), EIO);
    assert_int_equal(errno_from_cx_proc(CX_MKERR(CX_ERR_NOT_FOUND)), ESRCH);
    assert_int_equal(errno_from_cx_proc(CX_MKERR(CX_ERR_INVALID_CAPABILITY)), ESRCH);
    assert_int_equal(errno_from_cx_proc(CX_MKERR(CX_ERR_BUSY)), EBUSY);
    assert_int_equal(linux_result_from_cx(CX_MKERR(CX_ERR_NOT_FOUND)), -ENOENT);
    assert_int_equal(linux_result_from_cx(7), 7);
}

static void test_errno_names(void **state)
{
    (void)state;
    assert_string_equal(errno_name(ENOENT), "ENOENT");
    assert_string_equal(errno_name(1), "EPERM");
    assert_string_equal(errno_name(EHWPOISON), "EHWPOISON");
    assert_string_equal(errno_name(EAGAIN), "EAGAIN");
    assert_null(errno_name(0));
    assert_null(errno_name(-1));
    assert_null(errno_name(EHWPOISON + 1));
    assert_null(errno_name(41)); /* a gap in the Linux numbering */
}

static void test_names_from_uapi(void **state)
{
    (void)state;
    assert_string_equal(sys_name(__NR_read), "read");
    assert_string_equal(sys_name(__NR_exit_group), "exit_group");
    assert_string_equal(sys_name(__NR_openat), "openat");
    assert_string_equal(sys_name(__NR_rt_sigreturn), "rt_sigreturn");
    assert_true(linux_syscall_count > __NR_openat);
    assert_null(sys_name(linux_syscall_count));
    assert_null(sys_name(UINT64_MAX));
}

static void test_trace_lines(void **state)
{
    (void)state;
    char buf[256];
    uint64_t a[6] = {(uint64_t)-100, 0x7ffc1000, 0x80000, 0644, 0, 0};
    trace_format(buf, sizeof buf, __NR_openat, a, 3);
    assert_string_equal(buf, "openat(AT_FDCWD, 0x7ffc1000, 0x80000, 0644) = 3");
    uint64_t r[6] = {3, 0x4010a0, 4096, 9, 9, 9};
    trace_format(buf, sizeof buf, __NR_read, r, -ENOENT);
    assert_string_equal(buf, "read(3, 0x4010a0, 4096) = -ENOENT");
    uint64_t m[6] = {0, 8192, 3, 0x22, (uint64_t)-1, 0};
    trace_format(buf, sizeof buf, __NR_mmap, m, 0x7f0000000000);
    assert_string_equal(buf, "mmap(0, 8192, 0x3, 0x22, -1, 0) = 0x7f0000000000");
    uint64_t u[6] = {1, 2, 3, 4, 5, 6};
    trace_format(buf, sizeof buf, 999, u, -ENOSYS);
    assert_string_equal(buf, "syscall_999(0x1, 0x2, 0x3, 0x4, 0x5, 0x6) = -ENOSYS");
    trace_format(buf, sizeof buf, __NR_getpid, u, 1);
    assert_string_equal(buf, "getpid() = 1");
    trace_format(buf, sizeof buf, __NR_lseek, (uint64_t[6]){1, (uint64_t)-5, 2}, -4096);
    assert_string_equal(buf, "lseek(1, -5, 2) = -4096"); /* not an errno value */
    /* rt_sigaction has a name but the table's kinds, not all six */
    trace_format(buf, sizeof buf, __NR_exit_group, u, 0);
    assert_string_equal(buf, "exit_group(1) = 0");
}

static void test_trace_truncation(void **state)
{
    (void)state;
    char buf[10];
    memset(buf, 'x', sizeof buf);
    uint64_t a[6] = {(uint64_t)-100, 0x7ffc1000, 0x80000, 0644, 0, 0};
    size_t n = trace_format(buf, sizeof buf, __NR_openat, a, 3);
    assert_int_equal(n, strlen("openat(AT_FDCWD, 0x7ffc1000, 0x80000, 0644) = 3"));
    assert_string_equal(buf, "openat(AT");
    assert_int_equal(trace_format(NULL, 0, __NR_openat, a, 3), n);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_errno_map),
        cmocka_unit_test(test_errno_names),
        cmocka_unit_test(test_names_from_uapi),
        cmocka_unit_test(test_trace_lines),
        cmocka_unit_test(test_trace_truncation),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
