/* Native kernel micro-benchmarks. Prints one line per benchmark:
 *   BENCH <name> <operations> <total_ns>
 * or "BENCH <name> n/a <why>" when the kernel lacks what it needs.
 * tools/bench.py boots this twice: under plain TCG (time is wall-clock-ish)
 * and under -icount shift=0 (one guest instruction = one virtual ns, so the
 * same figure reads as guest instructions per operation, repeatably). */
#include <calyx/native.h>
#include <calyx/syscall_arch.h>
#include "../native/helpers.h"

HELPER(child_exit);

static void report(const char *name, uint64_t ops, uint64_t ns)
{
    cx_printf("BENCH %s %lu %lu\n", name, (unsigned long)ops, (unsigned long)ns);
}

static void unavailable(const char *name, const char *why) { cx_printf("BENCH %s n/a %s\n", name, why); }

static cx_cap_t console;

static void bench_null_syscall(void)
{
    const uint64_t n = 20000;
    uint64_t t0 = cx_monotonic_ns();
    for (uint64_t i = 0; i < n; i++)
        cx_syscall0(CX_NATIVE_BIT | 0); /* number 0: entry, dispatch, error return */
    report("null_syscall", n, cx_monotonic_ns() - t0);
}

static void bench_capability_validate(void)
{
    const uint64_t n = 20000;
    uint64_t t0 = cx_monotonic_ns();
    for (uint64_t i = 0; i < n; i++)
        cx_capability_validate(console, CX_RIGHT_WRITE);
    report("capability_validate", n, cx_monotonic_ns() - t0);
}

static void bench_clock_get(void)
{
    const uint64_t n = 20000;
    struct cx_timespec t;
    uint64_t t0 = cx_monotonic_ns();
    for (uint64_t i = 0; i < n; i++)
        cx_clock_get(CX_CLOCK_MONOTONIC, &t);
    report("clock_get", n, cx_monotonic_ns() - t0);
}

static void bench_map_touch_unmap(void)
{
    const uint64_t n = 2000;
    uint64_t r = cx_mmap(0, 4096, CX_PROT_READ | CX_PROT_WRITE, CX_MAP_PRIVATE | CX_MAP_ANONYMOUS, CX_CAP_NULL, 0);
    if (CX_IS_ERR(r)) {
        unavailable("map_touch_unmap_4k", cx_strerror(r));
        return;
    }
    cx_munmap((void *)r, 4096);
    uint64_t t0 = cx_monotonic_ns();
    for (uint64_t i = 0; i < n; i++) {
        uint64_t a = cx_mmap(0, 4096, CX_PROT_READ | CX_PROT_WRITE, CX_MAP_PRIVATE | CX_MAP_ANONYMOUS,
                             CX_CAP_NULL, 0);
        *(volatile char *)a = 1;
        cx_munmap((void *)a, 4096);
    }
    report("map_touch_unmap_4k", n, cx_monotonic_ns() - t0);
}

/* --- IPC and context switches need a second thread ------------------------- */

static uint8_t server_stack[16384] __attribute__((aligned(16)));
static cx_endpoint_t server_ep;
static cx_cap_t server_cap;
static uint8_t server_buf[4096];

static _Noreturn void ipc_server(uint64_t arg)
{
    (void)arg;
    for (;;) {
        struct cx_ipc_receive_result rr;
        if (CX_IS_ERR(cx_ipc_receive(server_ep, server_buf, sizeof server_buf, CX_TIMEOUT_INFINITE,
                                     server_cap, &rr)))
            cx_thread_exit(1);
        cx_ipc_reply(rr.reply_token, server_buf, rr.message_len, CX_CAP_NULL);
    }
}

/* The same echo server with one kernel entry per round trip. */
static _Noreturn void ipc_server_replyrecv(uint64_t arg)
{
    (void)arg;
    struct cx_ipc_receive_result rr = { .reply_token = CX_REPLY_NONE };
    for (;;)
        if (CX_IS_ERR(cx_ipc_reply_receive(rr.reply_token, server_buf, rr.message_len, CX_CAP_NULL, server_cap,
                                           server_buf, sizeof server_buf, CX_TIMEOUT_INFINITE, &rr)))
            cx_thread_exit(1);
}

struct ipc_run {
    const char *name;
    void (*server)(uint64_t);
    uint64_t size, n;
};

/* Each run gets its own channel and server thread, waiting in receive. */
static void bench_ipc_run(const struct ipc_run *run, uint8_t *stack, size_t stack_size)
{
    struct cx_ipc_endpoint_create_result a, b;
    uint64_t r = cx_ipc_endpoint_create(&a);
    if (!CX_IS_ERR(r))
        r = cx_ipc_endpoint_create(&b);
    if (CX_IS_ERR(r)) {
        unavailable(run->name, cx_strerror(r));
        return;
    }
    server_ep = b.endpoint_id;
    server_cap = b.capability;
    uint64_t ch = cx_ipc_channel_create(a.endpoint_id, b.endpoint_id, a.capability, b.capability);
    uint64_t tid = CX_IS_ERR(ch) ? ch : cx_thread_create((cx_uaddr_t)run->server, stack, stack_size, 0);
    if (CX_IS_ERR(tid)) {
        unavailable(run->name, cx_strerror(tid));
        return;
    }
    static uint8_t req[4096], resp[4096];
    struct cx_ipc_call_result cr;
    uint64_t t0 = cx_monotonic_ns(), i;
    for (i = 0; i < run->n; i++)
        if (CX_IS_ERR(cx_ipc_call(ch, req, run->size, resp, sizeof resp, CX_TIMEOUT_INFINITE, CX_CAP_NULL,
                                  a.capability, &cr)))
            break;
    if (i < run->n)
        unavailable(run->name, "call failed");
    else
        report(run->name, run->n, cx_monotonic_ns() - t0);
    /* The server's endpoint goes: its receive ends with Interrupted and it exits. */
    cx_capability_revoke(b.capability);
    cx_thread_join(tid, CX_TIMEOUT_INFINITE);
    cx_capability_revoke(a.capability);
}

static void bench_ipc(void)
{
    static const struct ipc_run runs[] = {
        { "ipc_call_reply_64", ipc_server, 64, 5000 },
        { "ipc_call_replyrecv_64", ipc_server_replyrecv, 64, 5000 },
        { "ipc_call_reply_4k", ipc_server, 4096, 2000 },
    };
    for (unsigned k = 0; k < sizeof runs / sizeof runs[0]; k++)
        bench_ipc_run(&runs[k], server_stack, sizeof server_stack);
}

static volatile int yielder_running;
static uint8_t yielder_stack[16384] __attribute__((aligned(16)));

static _Noreturn void yielder(uint64_t arg)
{
    (void)arg;
    yielder_running = 1;
    for (;;)
        cx_yield();
}

static void bench_context_switch(void)
{
    const uint64_t n = 5000;
    uint64_t tid = cx_thread_create((cx_uaddr_t)yielder, yielder_stack, sizeof yielder_stack, 0);
    if (CX_IS_ERR(tid)) {
        unavailable("context_switch", cx_strerror(tid));
        return;
    }
    while (!yielder_running)
        cx_yield();
    uint64_t t0 = cx_monotonic_ns();
    for (uint64_t i = 0; i < n; i++)
        cx_yield(); /* to the yielder and back: two switches */
    report("context_switch", 2 * n, cx_monotonic_ns() - t0);
}

static void bench_yield_alone(void)
{
    const uint64_t n = 20000;
    uint64_t t0 = cx_monotonic_ns();
    for (uint64_t i = 0; i < n; i++)
        cx_yield();
    report("yield_no_switch", n, cx_monotonic_ns() - t0);
}

static void bench_process(void)
{
    const uint64_t n = 200;
    const char *argv[] = { "child_exit", "0" };
    uint64_t t0 = cx_monotonic_ns();
    for (uint64_t i = 0; i < n; i++) {
        uint64_t pid = cx_process_create(ROOT_POOL, HELPER_IMAGE(child_exit), HELPER_SIZE(child_exit), argv, 2, 0, 0);
        struct cx_exit_info info;
        if (CX_IS_ERR(pid) || CX_IS_ERR(cx_process_start(pid)) ||
            CX_IS_ERR(cx_process_wait(pid, CX_TIMEOUT_INFINITE, &info))) {
            unavailable("process_create_start_wait", cx_strerror(pid));
            return;
        }
    }
    report("process_create_start_wait", n, cx_monotonic_ns() - t0);
}

int main(void)
{
    console = cx_start_caps[0];
    bench_null_syscall();
    bench_capability_validate();
    bench_clock_get();
    bench_yield_alone();
    bench_map_touch_unmap();
    bench_ipc();
    bench_context_switch();
    bench_process();
    cx_printf("BENCH done\n");
    return 0;
}
