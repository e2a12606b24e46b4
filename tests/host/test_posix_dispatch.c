/* sources: servers/posix/abi/x86_64/gen/trace.c */
/* The POSIX server's Linux dispatch table as compiled (abi/x86_64/gen/
   dispatch.c, generated from abi/x86_64/syscalls.toml): every number with a
   handler reaches the function named after its call, numbers past the
   table have none, and the dispatch and trace tables agree. The handlers
   are stand-ins that record which one ran. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

static const char *ran; /* the stand-in called last */

#define LINUX_HANDLER(name)                                                                        \
    static long name(struct thread *t, const uint64_t *a)                                          \
    {                                                                                              \
        (void)t, (void)a;                                                                          \
        ran = #name;                                                                               \
        return 0;                                                                                  \
    }
#include "servers/posix/abi/x86_64/gen/dispatch.c"

/* The handler the table gives nr, run: its name, or NULL for none. */
static const char *handler_of(size_t nr)
{
    if (nr >= linux_call_count || !linux_calls[nr].handler)
        return NULL;
    ran = NULL;
    uint64_t args[6] = { 0 };
    linux_calls[nr].handler(NULL, args);
    return ran;
}

static void test_numbers_reach_their_handlers(void **state)
{
    (void)state;
    /* x86_64's numbers (asm/unistd_64.h) */
    assert_string_equal(handler_of(0), "sys_read");
    assert_string_equal(handler_of(1), "sys_write");
    assert_string_equal(handler_of(57), "sys_fork");
    assert_string_equal(handler_of(60), "sys_exit");
    assert_string_equal(handler_of(202), "sys_futex");
    assert_string_equal(handler_of(231), "sys_exit_group");
    assert_null(handler_of(linux_call_count));
    assert_null(handler_of(100000));
}

/* Every handler is the call's own, sys_<name>, but for the two module
   loaders, which one handler refuses alike. */
static void test_every_handler_is_its_calls(void **state)
{
    (void)state;
    assert_true(linux_call_count <= linux_syscall_count);
    size_t handled = 0;
    for (size_t nr = 0; nr < linux_call_count; nr++) {
        const char *h = handler_of(nr);
        if (!h)
            continue;
        handled++;
        const char *name = linux_syscall_trace[nr].name;
        assert_non_null(name); /* a handler for a number no call has */
        char want[64];
        snprintf(want, sizeof want, "sys_%s", name);
        if (!strcmp(name, "init_module") || !strcmp(name, "finit_module"))
            strcpy(want, "sys_module_load");
        assert_string_equal(h, want);
    }
    assert_true(handled > 150); /* the table is the server's, not an empty one */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_numbers_reach_their_handlers),
        cmocka_unit_test(test_every_handler_is_its_calls),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
