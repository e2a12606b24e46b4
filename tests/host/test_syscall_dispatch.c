/* sources: kernel/gen/syscall_dispatch.c kernel/gen/syscall_names.c */
/* The generated syscall dispatch and name table, against fake handlers that
   record which one ran and with what arguments. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include <calyx/abi.h>
#include "gen/syscall_handlers.h"
#include "gen/syscall_names.h"

/* --- fake handlers ---------------------------------------------------------- */

static struct {
    const char *name;   /* handler that ran last, NULL if none */
    unsigned calls;     /* handlers run since reset() */
    unsigned nargs;
    uint64_t args[8];
} seen;

static uint64_t fake_ret;       /* what every fake returns */
static uint64_t fake_fields[4]; /* what struct-result fakes store in *out */

static void reset(void)
{
    memset(&seen, 0, sizeof seen);
    fake_ret = 0;
    for (unsigned i = 0; i < 4; i++)
        fake_fields[i] = 0xF1E1D000u + i;
}

static uint64_t record(const char *name, unsigned n, const uint64_t *args)
{
    seen.name = name;
    seen.calls++;
    seen.nargs = n;
    for (unsigned i = 0; i < n; i++)
        seen.args[i] = args[i];
    return fake_ret;
}

#define RECORD(name, ...) \
    record(name, sizeof((uint64_t[]){ __VA_ARGS__ }) / sizeof(uint64_t), \
           (uint64_t[]){ __VA_ARGS__ })

uint64_t sys_exit(int32_t exit_code) { return RECORD("exit", (uint64_t)(int64_t)exit_code); }

uint64_t sys_read(cx_cap_t capability, user_addr_t buffer, size_t count, uint64_t offset)
{
    return RECORD("read", capability, buffer, count, offset);
}

uint64_t sys_write(cx_cap_t capability, user_addr_t buffer, size_t count, uint64_t offset)
{
    return RECORD("write", capability, buffer, count, offset);
}

uint64_t sys_mmap(user_addr_t addr, size_t length, cx_prot_t prot, cx_mapflags_t flags,
                  cx_cap_t capability, size_t offset)
{
    return RECORD("mmap", addr, length, prot, flags, capability, offset);
}

uint64_t sys_munmap(user_addr_t addr, size_t length) { return RECORD("munmap", addr, length); }

uint64_t sys_mprotect(user_addr_t addr, size_t length, cx_prot_t prot)
{
    return RECORD("mprotect", addr, length, prot);
}

uint64_t sys_memory_info(struct cx_memory_info *out)
{
    out->total_pages = fake_fields[0];
    out->free_pages = fake_fields[1];
    return record("memory_info", 0, NULL);
}

uint64_t sys_process_create_mapped(cx_cap_t authority, cx_cap_t image, user_addr_t strings, size_t argc,
                                   size_t envc, user_addr_t capabilities, size_t cap_count,
                                   uint64_t stack_size)
{
    return RECORD("process_create_mapped", authority, image, strings, argc, envc, capabilities, cap_count,
                  stack_size);
}

uint64_t sys_memory_resize(cx_cap_t capability, uint64_t size)
{
    return RECORD("memory_resize", capability, size);
}

uint64_t sys_memory_pages(cx_cap_t capability, uint64_t op, uint64_t first, uint64_t count)
{
    return RECORD("memory_pages", capability, op, first, count);
}

uint64_t sys_ipc_endpoint_create(struct cx_ipc_endpoint_create_result *out)
{
    out->endpoint_id = fake_fields[0];
    out->capability = fake_fields[1];
    return record("ipc_endpoint_create", 0, NULL);
}

uint64_t sys_ipc_channel_create(cx_endpoint_t endpoint1, cx_endpoint_t endpoint2, cx_cap_t cap1,
                                cx_cap_t cap2)
{
    return RECORD("ipc_channel_create", endpoint1, endpoint2, cap1, cap2);
}

uint64_t sys_ipc_send(cx_channel_t channel_id, user_addr_t message, size_t message_len,
                      cx_cap_t capability, cx_cap_t channel_cap)
{
    return RECORD("ipc_send", channel_id, message, message_len, capability, channel_cap);
}

uint64_t sys_ipc_receive(cx_endpoint_t endpoint_id, user_addr_t buffer, size_t buffer_len,
                         uint64_t timeout_ns, cx_cap_t endpoint_cap,
                         struct cx_ipc_receive_result *out)
{
    out->sender = fake_fields[0];
    out->message_len = fake_fields[1];
    out->capability = fake_fields[2];
    out->reply_token = fake_fields[3];
    return RECORD("ipc_receive", endpoint_id, buffer, buffer_len, timeout_ns, endpoint_cap);
}

uint64_t sys_ipc_call(cx_channel_t channel_id, user_addr_t request, size_t request_len,
                      user_addr_t response, size_t response_len, uint64_t timeout_ns,
                      cx_cap_t capability, cx_cap_t channel_cap, struct cx_ipc_call_result *out)
{
    out->response_len = fake_fields[0];
    out->capability = fake_fields[1];
    return RECORD("ipc_call", channel_id, request, request_len, response, response_len,
                  timeout_ns, capability, channel_cap);
}

uint64_t sys_ipc_reply(cx_reply_t reply_token, user_addr_t response, size_t response_len,
                       cx_cap_t capability)
{
    return RECORD("ipc_reply", reply_token, response, response_len, capability);
}

uint64_t sys_process_create(cx_cap_t authority, user_addr_t binary, size_t binary_len,
                            user_addr_t args, size_t args_len, user_addr_t capabilities,
                            size_t cap_count)
{
    return RECORD("process_create", authority, binary, binary_len, args, args_len, capabilities,
                  cap_count);
}

uint64_t sys_process_start(cx_pid_t process_id) { return RECORD("process_start", process_id); }

uint64_t sys_process_wait(cx_pid_t process_id, uint64_t timeout_ns, struct cx_exit_info *out)
{
    out->how = fake_fields[0];
    out->code = (int64_t)fake_fields[1];
    out->fault_kind = fake_fields[2];
    out->fault_addr = fake_fields[3];
    return RECORD("process_wait", process_id, timeout_ns);
}

uint64_t sys_thread_create(cx_uaddr_t entry_point, user_addr_t stack_base, size_t stack_size,
                           uint64_t arg)
{
    return RECORD("thread_create", entry_point, stack_base, stack_size, arg);
}

uint64_t sys_thread_exit(int32_t exit_code)
{
    return RECORD("thread_exit", (uint64_t)(int64_t)exit_code);
}

uint64_t sys_thread_join(cx_tid_t thread_id, uint64_t timeout_ns)
{
    return RECORD("thread_join", thread_id, timeout_ns);
}

uint64_t sys_capability_create(cx_objtype_t object_type, cx_objid_t object_id, cx_rights_t rights,
                               cx_cap_t parent_capability)
{
    return RECORD("capability_create", object_type, object_id, rights, parent_capability);
}

uint64_t sys_capability_derive(cx_cap_t parent, cx_rights_t new_rights)
{
    return RECORD("capability_derive", parent, new_rights);
}

uint64_t sys_capability_revoke(cx_cap_t capability)
{
    return RECORD("capability_revoke", capability);
}

uint64_t sys_capability_validate(cx_cap_t capability, cx_rights_t required_rights)
{
    return RECORD("capability_validate", capability, required_rights);
}

uint64_t sys_clock_get(cx_clockid_t clock_id, struct cx_timespec *out)
{
    out->sec = fake_fields[0];
    out->nsec = fake_fields[1];
    return RECORD("clock_get", clock_id);
}

uint64_t sys_nanosleep(user_addr_t duration) { return RECORD("nanosleep", duration); }

uint64_t sys_thread_times(cx_cap_t process_cap, cx_tid_t thread_id, struct cx_cpu_times *out)
{
    out->user_ns = fake_fields[0];
    out->system_ns = fake_fields[1];
    out->peak_pages = fake_fields[2];
    out->resident_pages = fake_fields[3];
    return RECORD("thread_times", process_cap, thread_id);
}

uint64_t sys_process_vm_region(cx_cap_t process_cap, cx_uaddr_t addr, struct cx_memory_region *out)
{
    out->start = fake_fields[0];
    out->end = fake_fields[1];
    out->prot = fake_fields[2];
    return RECORD("process_vm_region", process_cap, addr);
}

uint64_t sys_thread_set_priority(cx_cap_t process_cap, cx_tid_t thread_id, uint32_t priority,
                                 uint64_t time_slice_ns)
{
    return RECORD("thread_set_priority", process_cap, thread_id, priority, time_slice_ns);
}

uint64_t sys_yield(void) { return record("yield", 0, NULL); }

/* Process Control (not in the seed: Calyx's personality support, 50-63) */
uint64_t sys_process_capability(cx_pid_t process_id, cx_rights_t rights)
{
    return RECORD("process_capability", process_id, rights);
}
uint64_t sys_process_set_personality(cx_cap_t process_cap, cx_cap_t endpoint_cap)
{
    return RECORD("process_set_personality", process_cap, endpoint_cap);
}
uint64_t sys_process_kill(cx_cap_t process_cap, int64_t code)
{
    return RECORD("process_kill", process_cap, (uint64_t)code);
}
uint64_t sys_process_fork(cx_cap_t authority, cx_cap_t process_cap, user_addr_t regs,
                          struct cx_process_fork_result *out)
{
    out->process_id = fake_fields[0];
    out->thread_id = fake_fields[1];
    out->capability = fake_fields[2];
    return RECORD("process_fork", authority, process_cap, regs);
}
uint64_t sys_process_create_env(cx_cap_t authority, user_addr_t binary, size_t binary_len,
                                user_addr_t strings, size_t argc, size_t envc,
                                user_addr_t capabilities, size_t cap_count)
{
    return RECORD("process_create_env", authority, binary, binary_len, strings, argc, envc,
                  capabilities, cap_count);
}
uint64_t sys_process_vm_read(cx_cap_t process_cap, cx_uaddr_t addr, user_addr_t buffer, size_t length)
{
    return RECORD("process_vm_read", process_cap, addr, buffer, length);
}
uint64_t sys_process_vm_write(cx_cap_t process_cap, cx_uaddr_t addr, user_addr_t buffer, size_t length)
{
    return RECORD("process_vm_write", process_cap, addr, buffer, length);
}
uint64_t sys_process_vm_map(cx_cap_t process_cap, cx_uaddr_t addr, size_t length, cx_prot_t prot,
                            cx_mapflags_t flags, cx_cap_t capability, size_t offset)
{
    return RECORD("process_vm_map", process_cap, addr, length, prot, flags, capability, offset);
}
uint64_t sys_process_vm_unmap(cx_cap_t process_cap, cx_uaddr_t addr, size_t length)
{
    return RECORD("process_vm_unmap", process_cap, addr, length);
}
uint64_t sys_process_vm_protect(cx_cap_t process_cap, cx_uaddr_t addr, size_t length, cx_prot_t prot)
{
    return RECORD("process_vm_protect", process_cap, addr, length, prot);
}
uint64_t sys_thread_get_regs(cx_cap_t process_cap, cx_tid_t thread_id, user_addr_t regs)
{
    return RECORD("thread_get_regs", process_cap, thread_id, regs);
}
uint64_t sys_thread_set_regs(cx_cap_t process_cap, cx_tid_t thread_id, user_addr_t regs)
{
    return RECORD("thread_set_regs", process_cap, thread_id, regs);
}
uint64_t sys_thread_spawn(cx_cap_t process_cap, user_addr_t regs)
{
    return RECORD("thread_spawn", process_cap, regs);
}
uint64_t sys_thread_interrupt(cx_cap_t process_cap, cx_tid_t thread_id)
{
    return RECORD("thread_interrupt", process_cap, thread_id);
}
uint64_t sys_process_vm_cmpxchg32(cx_cap_t process_cap, cx_uaddr_t addr, uint32_t expected,
                                  uint32_t desired)
{
    return RECORD("process_vm_cmpxchg32", process_cap, addr, expected, desired);
}

/* IPC again: the combined reply and receive (64) */
uint64_t sys_ipc_reply_receive(cx_reply_t reply_token, user_addr_t response, size_t response_len,
                               cx_cap_t reply_capability, cx_cap_t endpoint_cap, user_addr_t buffer,
                               size_t buffer_len, uint64_t timeout_ns,
                               struct cx_ipc_receive_result *out)
{
    out->sender = fake_fields[0];
    out->message_len = fake_fields[1];
    out->capability = fake_fields[2];
    out->reply_token = fake_fields[3];
    return RECORD("ipc_reply_receive", reply_token, response, response_len, reply_capability,
                  endpoint_cap, buffer, buffer_len, timeout_ns);
}

/* --- what the seed says (1-42) and Calyx adds (50-65) ---------------------------------------------------------- */

static const struct expected {
    uint64_t nr;
    const char *name;
    unsigned nargs;
    unsigned nfields; /* result struct fields, 0 for scalar results */
} expected[] = {
    { 1, "exit", 1, 0 },
    { 2, "read", 4, 0 },
    { 3, "write", 4, 0 },
    { 4, "mmap", 6, 0 },
    { 5, "munmap", 2, 0 },
    { 6, "mprotect", 3, 0 },
    { 7, "memory_info", 0, 2 },
    { 8, "memory_resize", 2, 0 },
    { 9, "memory_pages", 4, 0 },
    { 10, "ipc_endpoint_create", 0, 2 },
    { 11, "ipc_channel_create", 4, 0 },
    { 12, "ipc_send", 5, 0 },
    { 13, "ipc_receive", 5, 4 },
    { 14, "ipc_call", 8, 2 },
    { 15, "ipc_reply", 4, 0 },
    { 20, "process_create", 7, 0 },
    { 21, "process_start", 1, 0 },
    { 22, "process_wait", 2, 4 },
    { 25, "thread_create", 4, 0 },
    { 26, "thread_exit", 1, 0 },
    { 27, "thread_join", 2, 0 },
    { 30, "capability_create", 4, 0 },
    { 31, "capability_derive", 2, 0 },
    { 32, "capability_revoke", 1, 0 },
    { 33, "capability_validate", 2, 0 },
    { 34, "process_create_mapped", 8, 0 },
    { 40, "clock_get", 1, 2 },
    { 41, "nanosleep", 1, 0 },
    { 42, "yield", 0, 0 },
    { 43, "thread_times", 2, 4 },
    { 44, "thread_set_priority", 4, 0 },
    { 45, "process_vm_region", 2, 3 },
    { 50, "process_capability", 2, 0 },
    { 51, "process_set_personality", 2, 0 },
    { 52, "process_kill", 2, 0 },
    { 53, "process_fork", 3, 3 },
    { 54, "process_create_env", 8, 0 },
    { 55, "process_vm_read", 4, 0 },
    { 56, "process_vm_write", 4, 0 },
    { 57, "process_vm_map", 7, 0 },
    { 58, "process_vm_unmap", 3, 0 },
    { 59, "process_vm_protect", 4, 0 },
    { 60, "thread_get_regs", 3, 0 },
    { 61, "thread_set_regs", 3, 0 },
    { 62, "thread_spawn", 2, 0 },
    { 63, "thread_interrupt", 2, 0 },
    { 64, "ipc_reply_receive", 8, 4 },
    { 65, "process_vm_cmpxchg32", 4, 0 },
};
#define NEXPECTED (sizeof expected / sizeof expected[0])

static const struct expected *lookup(uint64_t nr)
{
    for (unsigned i = 0; i < NEXPECTED; i++)
        if (expected[i].nr == nr)
            return &expected[i];
    return NULL;
}

/* Distinct, small (so every type, even int32_t, holds it) and never 0. */
static uint64_t arg_value(uint64_t nr, unsigned i) { return (nr << 8) | (i + 1); }

/* --- tests ---------------------------------------------------------------------- */

static void each_number_calls_its_handler_with_args_in_order(void **state)
{
    (void)state;
    for (unsigned k = 0; k < NEXPECTED; k++) {
        const struct expected *e = &expected[k];
        uint64_t args[8], extra[4] = { 0 };
        for (unsigned i = 0; i < 8; i++)
            args[i] = arg_value(e->nr, i);
        reset();
        fake_ret = 0;
        uint64_t ret = syscall_dispatch(e->nr, args, extra);
        assert_int_equal(ret, 0);
        assert_int_equal(seen.calls, 1);
        assert_non_null(seen.name);
        assert_string_equal(seen.name, e->name);
        assert_int_equal(seen.nargs, e->nargs);
        for (unsigned i = 0; i < e->nargs; i++)
            assert_int_equal(seen.args[i], args[i]);
    }
}

static void unknown_numbers_are_invalid_syscall(void **state)
{
    (void)state;
    const uint64_t unknown[] = { 0, 16, 17, 18, 19, 23, 24, 28, 29, 35, 39, 46, 49, 66, 1000,
                                 0xFFFF, CX_NATIVE_BIT | 1, (uint64_t)1 << 32, UINT64_MAX };
    for (unsigned i = 0; i < sizeof unknown / sizeof unknown[0]; i++) {
        uint64_t args[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };
        uint64_t extra[4] = { 9, 9, 9, 9 };
        reset();
        uint64_t ret = syscall_dispatch(unknown[i], args, extra);
        assert_int_equal(ret, CX_ERROR_BIT | CX_ERR_INVALID_SYSCALL);
        assert_true(CX_IS_ERR(ret));
        assert_int_equal(CX_ERR_CODE(ret), CX_ERR_INVALID_SYSCALL);
        assert_int_equal(seen.calls, 0);
        assert_int_equal(extra[0], 9);
        assert_null(syscall_info(unknown[i]));
    }
    /* Every number up to well past the last one that the seed does not define. */
    for (uint64_t nr = 0; nr < 300; nr++) {
        uint64_t args[8] = { 0 }, extra[4] = { 0 };
        if (lookup(nr))
            continue;
        reset();
        assert_int_equal(syscall_dispatch(nr, args, extra), CX_MKERR(CX_ERR_INVALID_SYSCALL));
        assert_int_equal(seen.calls, 0);
    }
}

static void struct_results_land_in_extra_in_order(void **state)
{
    (void)state;
    for (unsigned k = 0; k < NEXPECTED; k++) {
        const struct expected *e = &expected[k];
        if (!e->nfields)
            continue;
        uint64_t args[8] = { 0 };
        uint64_t extra[4] = { 0xAA, 0xAA, 0xAA, 0xAA };
        reset();
        uint64_t ret = syscall_dispatch(e->nr, args, extra);
        assert_int_equal(ret, 0);
        for (unsigned i = 0; i < 4; i++)
            assert_int_equal(extra[i], i < e->nfields ? fake_fields[i] : 0);
    }
}

static void struct_result_error_leaves_extra_alone(void **state)
{
    (void)state;
    uint64_t args[8] = { 0 };
    uint64_t extra[4] = { 0xAA, 0xBB, 0xCC, 0xDD };
    reset();
    fake_ret = CX_MKERR(CX_ERR_TIMEOUT);
    assert_int_equal(syscall_dispatch(CX_SYS_IPC_RECEIVE, args, extra), CX_MKERR(CX_ERR_TIMEOUT));
    assert_int_equal(extra[0], 0xAA);
    assert_int_equal(extra[1], 0xBB);
    assert_int_equal(extra[2], 0xCC);
    assert_int_equal(extra[3], 0xDD);
}

static void scalar_results_pass_through_and_leave_extra_alone(void **state)
{
    (void)state;
    uint64_t args[8] = { 0 };
    uint64_t extra[4] = { 0xAA, 0xBB, 0xCC, 0xDD };
    reset();
    fake_ret = 0x1234;
    assert_int_equal(syscall_dispatch(CX_SYS_READ, args, extra), 0x1234);
    fake_ret = CX_MKERR(CX_ERR_PERMISSION_DENIED);
    assert_int_equal(syscall_dispatch(CX_SYS_WRITE, args, extra),
                     CX_MKERR(CX_ERR_PERMISSION_DENIED));
    assert_int_equal(extra[0], 0xAA);
    assert_int_equal(extra[3], 0xDD);
}

static void narrow_arguments_take_the_low_bits(void **state)
{
    (void)state;
    uint64_t args[8] = { 0 }, extra[4] = { 0 };

    reset();
    args[0] = 0x77;
    args[1] = 0xFFFFFFFF00000003ull; /* rights are 32-bit */
    syscall_dispatch(CX_SYS_CAPABILITY_DERIVE, args, extra);
    assert_int_equal(seen.args[0], 0x77);
    assert_int_equal(seen.args[1], CX_RIGHT_READ | CX_RIGHT_WRITE);

    reset();
    args[0] = 0xFFFFFFFFull; /* exit(-1) from a stub that zero-extended it */
    syscall_dispatch(CX_SYS_EXIT, args, extra);
    assert_int_equal(seen.args[0], UINT64_MAX);
    args[0] = UINT64_MAX; /* ...or sign-extended it */
    syscall_dispatch(CX_SYS_EXIT, args, extra);
    assert_int_equal(seen.args[0], UINT64_MAX);
}

static void ipc_call_gets_all_eight_arguments(void **state)
{
    (void)state;
    uint64_t args[8] = { 1, 2, 3, 4, 5, 6, 0xC0FFEE, 0xCAFE }, extra[4] = { 0 };
    reset();
    syscall_dispatch(CX_SYS_IPC_CALL, args, extra);
    assert_int_equal(seen.nargs, 8);
    assert_int_equal(seen.args[6], 0xC0FFEE); /* capability, r12 */
    assert_int_equal(seen.args[7], 0xCAFE);   /* channel_cap, r13 */
}

static void names_table_matches_the_seed(void **state)
{
    (void)state;
    for (unsigned k = 0; k < NEXPECTED; k++) {
        const struct syscall_info *info = syscall_info(expected[k].nr);
        assert_non_null(info);
        assert_string_equal(info->name, expected[k].name);
        assert_int_equal(info->nr, expected[k].nr);
        assert_int_equal(info->nargs, expected[k].nargs);
        assert_int_equal(info->nfields, expected[k].nfields);
        for (unsigned i = 0; i < info->nargs; i++)
            assert_non_null(info->arg_names[i]);
    }
    assert_int_equal(syscall_info(CX_SYS_EXIT)->result, SYSCALL_KIND_NORETURN);
    assert_int_equal(syscall_info(CX_SYS_YIELD)->result, SYSCALL_KIND_NONE);
    assert_int_equal(syscall_info(CX_SYS_MMAP)->result, SYSCALL_KIND_HEX);

    const struct syscall_info *call = syscall_info(CX_SYS_IPC_CALL);
    assert_int_equal(call->result, SYSCALL_KIND_STRUCT);
    assert_string_equal(call->arg_names[0], "channel_id");
    assert_string_equal(call->arg_names[7], "channel_cap");
    assert_int_equal(call->arg_kinds[1], SYSCALL_KIND_PTR);
    assert_int_equal(call->arg_kinds[7], SYSCALL_KIND_CAP);
    assert_string_equal(call->field_names[0], "response_len");

    const struct syscall_info *recv = syscall_info(CX_SYS_IPC_RECEIVE);
    assert_string_equal(recv->field_names[0], "sender");
    assert_string_equal(recv->field_names[3], "reply_token");
    assert_int_equal(syscall_info(CX_SYS_EXIT)->arg_kinds[0], SYSCALL_KIND_INT);

    assert_string_equal(syscall_error_name(CX_ERR_SUCCESS), "Success");
    assert_string_equal(syscall_error_name(CX_ERR_INVALID_CAPABILITY), "InvalidCapability");
    assert_string_equal(syscall_error_name(CX_ERR_INVALID_SYSCALL), "InvalidSyscall");
    assert_null(syscall_error_name(CX_ERR_COUNT));
    assert_null(syscall_error_name(UINT64_MAX));
}

static void abi_numbers_and_error_helpers(void **state)
{
    (void)state;
    assert_int_equal(CX_NR_EXIT, 0x80000001u);
    assert_int_equal(CX_NR_YIELD, CX_NATIVE_BIT | 42);
    assert_int_equal(CX_SYSCALL_MAX, 65);
    assert_int_equal(CX_ERR_INVALID_SYSCALL, 14);
    assert_int_equal(CX_MKERR(CX_ERR_BUSY), 0x8000000000000006ull);
    assert_false(CX_IS_ERR(0x7FFFFFFFFFFFFFFFull));
    assert_true(CX_IS_ERR(CX_MKERR(0)));
    assert_int_equal(CX_ERR_CODE(CX_MKERR(CX_ERR_NOT_FOUND)), CX_ERR_NOT_FOUND);
    assert_int_equal(CX_TIMEOUT_INFINITE, UINT64_MAX);
    assert_int_equal(CX_CAP_NULL, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(each_number_calls_its_handler_with_args_in_order),
        cmocka_unit_test(unknown_numbers_are_invalid_syscall),
        cmocka_unit_test(struct_results_land_in_extra_in_order),
        cmocka_unit_test(struct_result_error_leaves_extra_alone),
        cmocka_unit_test(scalar_results_pass_through_and_leave_extra_alone),
        cmocka_unit_test(narrow_arguments_take_the_low_bits),
        cmocka_unit_test(ipc_call_gets_all_eight_arguments),
        cmocka_unit_test(names_table_matches_the_seed),
        cmocka_unit_test(abi_numbers_and_error_helpers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
