/* The personality mechanism (syscalls 51, 52, 60-63 and the kernel's
   forwarding): this root task plays a small personality server for
   tests/native-helpers/child_linux, which makes raw foreign syscalls and
   faults; the test checks each message (kind, tid, nr, args, pc), answers
   with every reply action, reads and rewrites registers, interrupts, spawns
   threads, kills, and sees the exit notices. Also process_create_env and
   every error result of the new calls. */
#include "tap.h"
#include "helpers.h"
#include "string.h"
#include "printf.h"
#include <calyx/personality.h>
#include <calyx/start.h>

HELPER(child_linux);

#define ERR(code) CX_MKERR(CX_ERR_##code)
#define KERNEL_ADDR 0xFFFFFFFF80100000ull

static struct cx_ipc_endpoint_create_result ep; /* the personality endpoint */
static struct cx_regs regs;

struct child {
    uint64_t pid;
    cx_cap_t proc;
};

/* Creates child_linux with its scenario, a process capability (all rights)
   and this test's endpoint as its personality; started unless told not to. */
static int spawn_child(const char *const *argv, size_t argc, const cx_cap_t *caps, size_t ncaps,
                       int start, struct child *c)
{
    c->pid = cx_process_create(ROOT_POOL, HELPER_IMAGE(child_linux), HELPER_SIZE(child_linux), argv, argc,
                               caps, ncaps);
    if (CX_IS_ERR(c->pid))
        return 0;
    c->proc = cx_process_capability(c->pid, CX_RIGHTS_ALL);
    if (CX_IS_ERR(c->proc) || cx_process_set_personality(c->proc, ep.capability))
        return 0;
    return !start || cx_process_start(c->pid) == 0;
}

static int scenario(const char *name, int start, struct child *c)
{
    const char *argv[] = { "child_linux", name };
    return spawn_child(argv, 2, NULL, 0, start, c);
}

/* The next personality message: 1 when it is one, of that kind, from pid. */
static struct cx_ipc_receive_result rr;
static int next(struct cx_pmsg *m, uint32_t kind, uint64_t pid)
{
    memset(m, 0, sizeof *m);
    uint64_t e = cx_ipc_receive(ep.endpoint_id, m, sizeof *m, CX_TIMEOUT_INFINITE, ep.capability, &rr);
    if (e || rr.message_len != sizeof *m || m->kind != kind || rr.sender != pid) {
        cx_printf("# receive: %s, len %lu, kind %u, sender %lu (want kind %u from %lu)\n",
                  cx_strerror(e), (unsigned long)rr.message_len, m->kind, (unsigned long)rr.sender,
                  kind, (unsigned long)pid);
        return 0;
    }
    return 1;
}

static uint64_t answer(uint64_t action, uint64_t value)
{
    struct cx_preply r = { action, value };
    return cx_ipc_reply(rr.reply_token, &r, sizeof r, CX_CAP_NULL);
}

/* The exit notice, then process_wait: both say how and code. */
static int ended(const struct child *c, uint64_t how, int64_t code)
{
    struct cx_pmsg m;
    struct cx_exit_info info;
    int notice = next(&m, CX_PMSG_EXIT, c->pid) && rr.reply_token == CX_REPLY_NONE &&
                 m.nr == how && (int64_t)m.arg[0] == code && m.tid == 0 && m.pc == 0;
    int waited = cx_process_wait(c->pid, CX_TIMEOUT_INFINITE, &info) == 0 && info.how == how &&
                 (int64_t)info.code == code;
    if (!notice || !waited)
        cx_printf("# exit: notice %d (how %lu code %ld), wait %d (how %lu code %ld)\n", notice,
                  (unsigned long)m.nr, (long)m.arg[0], waited, (unsigned long)info.how, (long)info.code);
    return notice && waited;
}

static void test_syscalls(void)
{
    struct child c;
    struct cx_pmsg m;
    int ok = scenario("syscall", 1, &c) && next(&m, CX_PMSG_SYSCALL, c.pid);
    CHECK("syscall: a foreign syscall arrives as CX_PMSG_SYSCALL with nr and the six arguments",
          ok && m.nr == 39 && m.arg[0] == 11 && m.arg[1] == 22 && m.arg[2] == 33 && m.arg[3] == 44 &&
              m.arg[4] == 55 && m.arg[5] == 66 && m.flags == 0 && rr.reply_token != CX_REPLY_NONE);
    uint64_t tid = m.tid;
    CHECK("syscall: the stopped thread's registers: rip = the message's pc, rax = nr, rdi = arg 0",
          ok && cx_thread_get_regs(c.proc, tid, &regs) == 0 && regs.rip == m.pc && m.pc != 0 &&
              regs.rax == 39 && regs.rdi == 11 && regs.r10 == 44 && regs.rcx == m.pc);
    CHECK("syscall: RETURN 1234: rax = 1234, other registers kept (the child checks)",
          ok && answer(CX_PREPLY_RETURN, 1234) == 0);
    ok = ok && next(&m, CX_PMSG_SYSCALL, c.pid) && m.nr == 1000 && m.tid == tid;
    ok = ok && cx_thread_get_regs(c.proc, tid, &regs) == 0;
    regs.rax = 4242;
    regs.rdx = 99;
    CHECK("syscall: RESUME after thread_set_regs: the thread goes on with the new rax and rdx",
          ok && cx_thread_set_regs(c.proc, tid, &regs) == 0 && answer(CX_PREPLY_RESUME, 0) == 0);
    ok = ok && next(&m, CX_PMSG_SYSCALL, c.pid) && m.nr == 60 && m.arg[0] == 17;
    CHECK("syscall: exit (60) arrives; EXIT_THREAD 17 ends the last thread",
          ok && answer(CX_PREPLY_EXIT_THREAD, 17) == 0);
    CHECK("exit notice: CX_PMSG_EXIT, no reply token, CX_EXIT_NORMAL code 17; process_wait agrees",
          ended(&c, CX_EXIT_NORMAL, 17));
}

static void test_faults(void)
{
    struct child c;
    struct cx_pmsg m;
    int ok = scenario("fault", 1, &c) && next(&m, CX_PMSG_SYSCALL, c.pid) && m.nr == 1001;
    uint64_t recovered = m.arg[0];
    ok = ok && answer(CX_PREPLY_RETURN, 0) == 0 && next(&m, CX_PMSG_FAULT, c.pid);
    CHECK("fault: a NULL read is CX_PMSG_FAULT: page kind, address 0, not mapped, vector 14, error 4",
          ok && m.nr == CX_FAULT_PAGE && m.arg[0] == 0 && m.arg[1] == 0 && m.arg[2] == 14 &&
              m.arg[3] == 4 && rr.reply_token != CX_REPLY_NONE);
    ok = ok && cx_thread_get_regs(c.proc, m.tid, &regs) == 0 && regs.rip == m.pc;
    regs.rip = recovered;
    regs.rsp = (regs.rsp & ~15ull) - 8; /* as if called */
    CHECK("fault: thread_set_regs moves the thread elsewhere, RESUME runs it there",
          ok && cx_thread_set_regs(c.proc, m.tid, &regs) == 0 && answer(CX_PREPLY_RESUME, 0) == 0);
    ok = ok && next(&m, CX_PMSG_FAULT, c.pid);
    CHECK("fault: a write to its own code: mapped = 1, error code 7 (present, write, user), pc in it",
          ok && m.nr == CX_FAULT_PAGE && m.arg[0] == recovered && m.arg[1] == 1 && m.arg[3] == 7 &&
              m.pc >= recovered && m.pc < recovered + 32);
    cx_cap_t read_only = cx_capability_derive(c.proc, CX_RIGHT_READ);
    CHECK("process_kill: without WRITE is PermissionDenied; a non-process capability InvalidCapability",
          cx_process_kill(read_only, 1) == ERR(PERMISSION_DENIED) &&
              cx_process_kill(ep.capability, 1) == ERR(INVALID_CAPABILITY) &&
              cx_process_kill(777, 1) == ERR(INVALID_CAPABILITY));
    CHECK("process_kill of a thread stopped in a fault: KILLED with the code (notice and wait)",
          ok && cx_process_kill(c.proc, 9) == 0 && ended(&c, CX_EXIT_KILLED, 9));
    CHECK("process_kill of an ended process does nothing (0); its late reply token is dead",
          cx_process_kill(c.proc, 3) == 0 && answer(CX_PREPLY_RESUME, 0) == ERR(NOT_FOUND));
    CHECK("after the end: get_regs, set_personality and spawn are NotFound",
          cx_thread_get_regs(c.proc, m.tid, &regs) == ERR(NOT_FOUND) &&
              cx_process_set_personality(c.proc, ep.capability) == ERR(NOT_FOUND) &&
              cx_thread_spawn(c.proc, &regs) == ERR(NOT_FOUND));
    cx_capability_revoke(read_only);
    cx_capability_revoke(c.proc);
}

static void test_interrupts(void)
{
    struct cx_ipc_endpoint_create_result a, b;
    cx_ipc_endpoint_create(&a);
    cx_ipc_endpoint_create(&b);
    uint64_t ch = cx_ipc_channel_create(a.endpoint_id, b.endpoint_id, a.capability, b.capability);
    uint64_t send = cx_capability_derive(a.capability, CX_RIGHT_WRITE | CX_RIGHT_GRANT);
    char chs[24];
    ksnprintf(chs, sizeof chs, "%lu", (unsigned long)ch);
    const char *argv[] = { "child_linux", "interrupt", chs };
    struct child c;
    struct cx_pmsg m;
    int ok = spawn_child(argv, 3, &send, 1, 1, &c) && next(&m, CX_PMSG_SYSCALL, c.pid) && m.nr == 1002;
    uint64_t tid = m.tid;
    ok = ok && answer(CX_PREPLY_RETURN, 0) == 0;
    /* Its native ipc_call reaching us means it is blocked in a native wait. */
    char buf[8];
    struct cx_ipc_receive_result call = { 0 };
    ok = ok && cx_ipc_receive(b.endpoint_id, buf, sizeof buf, CX_TIMEOUT_INFINITE, b.capability, &call) == 0 &&
         call.sender == c.pid;
    CHECK("get_regs/set_regs of a thread in a native wait (not stopped) is Busy",
          ok && cx_thread_get_regs(c.proc, tid, &regs) == ERR(BUSY) &&
              cx_thread_set_regs(c.proc, tid, &regs) == ERR(BUSY));
    cx_cap_t read_only = cx_capability_derive(c.proc, CX_RIGHT_READ);
    CHECK("thread_interrupt: without WRITE PermissionDenied, unknown thread NotFound, bad cap InvalidCapability",
          cx_thread_interrupt(read_only, tid) == ERR(PERMISSION_DENIED) &&
              cx_thread_interrupt(c.proc, 999999) == ERR(NOT_FOUND) &&
              cx_thread_interrupt(ep.capability, tid) == ERR(INVALID_CAPABILITY));
    CHECK("thread_interrupt of a thread blocked in a native ipc_call: 0", cx_thread_interrupt(c.proc, tid) == 0);
    ok = ok && next(&m, CX_PMSG_INTERRUPT, c.pid);
    CHECK("interrupt: CX_PMSG_INTERRUPT arrives with its tid and pc (= rip), nr 0",
          ok && m.tid == tid && m.nr == 0 && cx_thread_get_regs(c.proc, tid, &regs) == 0 && regs.rip == m.pc);
    CHECK("interrupt: the native call's reply token died with the wait",
          cx_ipc_reply(call.reply_token, "late", 4, CX_CAP_NULL) == ERR(NOT_FOUND));
    ok = ok && answer(CX_PREPLY_RESUME, 0) == 0 && next(&m, CX_PMSG_SYSCALL, c.pid);
    CHECK("interrupt: the native call ended with Interrupted (reported by the child)",
          ok && m.nr == 1003 && m.arg[0] == ERR(INTERRUPTED));
    ok = ok && answer(CX_PREPLY_RETURN, 0) == 0 && next(&m, CX_PMSG_SYSCALL, c.pid) && m.arg[0] == 0;
    CHECK("interrupt of a thread stopped in a personality call, twice: both 0",
          ok && cx_thread_interrupt(c.proc, tid) == 0 && cx_thread_interrupt(c.proc, tid) == 0);
    ok = ok && answer(CX_PREPLY_RETURN, 0) == 0 && next(&m, CX_PMSG_INTERRUPT, c.pid) && m.tid == tid;
    ok = ok && answer(CX_PREPLY_RESUME, 0) == 0 && next(&m, CX_PMSG_SYSCALL, c.pid);
    CHECK("interrupt: delivered once after the answer, then the thread goes on (no duplicate)",
          ok && m.nr == 1003 && m.arg[0] == 1);
    ok = ok && answer(CX_PREPLY_RETURN, 0) == 0 && next(&m, CX_PMSG_SYSCALL, c.pid) && m.nr == 60;
    CHECK("interrupt: the child ends normally", ok && answer(CX_PREPLY_EXIT_THREAD, 0) == 0 &&
                                                    ended(&c, CX_EXIT_NORMAL, 0));
    cx_capability_revoke(read_only);
    cx_capability_revoke(c.proc);
    cx_capability_revoke(send);
    cx_capability_revoke(a.capability);
    cx_capability_revoke(b.capability);
}

static void test_spawn(void)
{
    struct child c;
    struct cx_pmsg m;
    int ok = scenario("spawn", 1, &c) && next(&m, CX_PMSG_SYSCALL, c.pid) && m.nr == 1001;
    uint64_t main_tid = m.tid;
    cx_reply_t main_token = rr.reply_token;
    ok = ok && cx_thread_get_regs(c.proc, main_tid, &regs) == 0;
    regs.rip = m.arg[0];
    regs.rsp = m.arg[1] - 8;
    uint64_t tid = ok ? cx_thread_spawn(c.proc, &regs) : 0;
    CHECK("thread_spawn: a new thread id", ok && !CX_IS_ERR(tid) && tid != main_tid);
    ok = ok && !CX_IS_ERR(tid) && next(&m, CX_PMSG_SYSCALL, c.pid);
    CHECK("thread_spawn: the new thread runs at once with the given registers (its syscall arrives)",
          ok && m.tid == tid && m.nr == 1006 && m.arg[0] == 0x5157);
    CHECK("EXIT_THREAD of one of two threads: the process goes on",
          ok && answer(CX_PREPLY_EXIT_THREAD, 0) == 0);
    struct cx_preply r = { CX_PREPLY_RETURN, 0 };
    ok = ok && cx_ipc_reply(main_token, &r, sizeof r, CX_CAP_NULL) == 0 && next(&m, CX_PMSG_SYSCALL, c.pid) &&
         m.tid == main_tid && m.nr == 60;
    CHECK("the main thread's exit then ends the process with its code",
          ok && answer(CX_PREPLY_EXIT_THREAD, 21) == 0 && ended(&c, CX_EXIT_NORMAL, 21));
    cx_capability_revoke(c.proc);

    /* Into a process not yet started: its threads are stopped until it starts. */
    ok = scenario("spawn", 0, &c);
    static struct cx_regs bad;
    /* rip and rsp are harmless here: these threads never run (killed before start). */
    regs = (struct cx_regs){ .rip = 0x10000, .rsp = 0x20000, .rbx = 77 };
    regs.fpu[24] = 0x80;
    regs.fpu[25] = 0x1F; /* MXCSR default */
    uint64_t first = ok ? cx_thread_spawn(c.proc, &regs) : 0;
    CHECK("a thread of a process not started is stopped: get_regs gives what spawn set",
          ok && !CX_IS_ERR(first) && cx_thread_get_regs(c.proc, first, &bad) == 0 && bad.rip == 0x10000 &&
              bad.rsp == 0x20000 && bad.rbx == 77 && cx_thread_set_regs(c.proc, first, &regs) == 0);
    uint64_t n = 1, last = 0;
    while (ok && !CX_IS_ERR(last = cx_thread_spawn(c.proc, &regs)))
        n++;
    CHECK("thread_spawn: 255 more threads fit beside the first, then ResourceExhausted (256 per process)",
          ok && n == 255 && last == ERR(RESOURCE_EXHAUSTED));
    bad = regs;
    bad.rip = KERNEL_ADDR;
    cx_cap_t read_only = cx_capability_derive(c.proc, CX_RIGHT_READ);
    CHECK("thread_spawn: kernel rip InvalidParameter, bad pointer InvalidAddress, no WRITE PermissionDenied",
          cx_thread_spawn(c.proc, &bad) == ERR(INVALID_PARAMETER) &&
              cx_thread_spawn(c.proc, (void *)0x1000) == ERR(INVALID_ADDRESS) &&
              cx_thread_spawn(c.proc, (void *)KERNEL_ADDR) == ERR(INVALID_ADDRESS) &&
              cx_thread_spawn(read_only, &regs) == ERR(PERMISSION_DENIED) &&
              cx_thread_spawn(ep.capability, &regs) == ERR(INVALID_CAPABILITY));
    CHECK("process_kill of a process never started: it ends at once, KILLED with the code",
          cx_process_kill(c.proc, 5) == 0 && ended(&c, CX_EXIT_KILLED, 5));
    cx_capability_revoke(read_only);
    cx_capability_revoke(c.proc);
}

/* set_regs and get_regs errors, on a thread stopped in a syscall; then bad replies. */
static void test_regs_errors_and_bad_replies(void)
{
    struct child c;
    struct cx_pmsg m;
    int ok = scenario("wait", 1, &c) && next(&m, CX_PMSG_SYSCALL, c.pid) && m.nr == 1009;
    ok = ok && cx_thread_get_regs(c.proc, m.tid, &regs) == 0;
    cx_cap_t read_only = cx_capability_derive(c.proc, CX_RIGHT_READ);
    cx_cap_t write_only = cx_capability_derive(c.proc, CX_RIGHT_WRITE);
    CHECK("get_regs: no READ PermissionDenied, unknown tid NotFound, bad buffer InvalidAddress, bad cap",
          ok && cx_thread_get_regs(write_only, m.tid, &regs) == ERR(PERMISSION_DENIED) &&
              cx_thread_get_regs(c.proc, 999999, &regs) == ERR(NOT_FOUND) &&
              cx_thread_get_regs(c.proc, m.tid, (void *)0x1000) == ERR(INVALID_ADDRESS) &&
              cx_thread_get_regs(c.proc, m.tid, (void *)KERNEL_ADDR) == ERR(INVALID_ADDRESS) &&
              cx_thread_get_regs(ep.capability, m.tid, &regs) == ERR(INVALID_CAPABILITY));
    static struct cx_regs bad;
    int bad_ok = 1;
    uint64_t fields[] = { 0, 1, 2 };
    for (unsigned i = 0; i < 3; i++) {
        bad = regs;
        if (fields[i] == 0) bad.rip = KERNEL_ADDR;
        if (fields[i] == 1) bad.rsp = 0x0000800000000000ull;
        if (fields[i] == 2) bad.fs_base = KERNEL_ADDR;
        bad_ok = bad_ok && cx_thread_set_regs(c.proc, m.tid, &bad) == ERR(INVALID_PARAMETER);
    }
    bad = regs;
    bad.fpu[27] = 0xFF; /* MXCSR reserved bits */
    CHECK("set_regs: kernel rip, non-canonical rsp, kernel fs_base, bad MXCSR are InvalidParameter",
          ok && bad_ok && cx_thread_set_regs(c.proc, m.tid, &bad) == ERR(INVALID_PARAMETER));
    CHECK("set_regs: no WRITE PermissionDenied, unknown tid NotFound, bad pointer InvalidAddress",
          cx_thread_set_regs(read_only, m.tid, &regs) == ERR(PERMISSION_DENIED) &&
              cx_thread_set_regs(c.proc, 999999, &regs) == ERR(NOT_FOUND) &&
              cx_thread_set_regs(c.proc, m.tid, (void *)0x1000) == ERR(INVALID_ADDRESS));
    CHECK("set_regs: the rejected writes changed nothing",
          cx_thread_get_regs(c.proc, m.tid, &bad) == 0 && bad.rip == regs.rip && bad.rsp == regs.rsp);
    uint64_t short_reply = CX_PREPLY_RETURN;
    CHECK("a reply of the wrong size kills the process (KILLED, code 0)",
          ok && cx_ipc_reply(rr.reply_token, &short_reply, sizeof short_reply, CX_CAP_NULL) == 0 &&
              ended(&c, CX_EXIT_KILLED, 0));
    cx_capability_revoke(read_only);
    cx_capability_revoke(write_only);
    cx_capability_revoke(c.proc);

    ok = scenario("wait", 1, &c) && next(&m, CX_PMSG_SYSCALL, c.pid);
    CHECK("a reply with an unknown action kills the process",
          ok && answer(99, 0) == 0 && ended(&c, CX_EXIT_KILLED, 0));
    cx_capability_revoke(c.proc);
}

static void test_set_personality_errors(void)
{
    struct child c;
    const char *argv[] = { "child_linux", "syscall" };
    c.pid = cx_process_create(ROOT_POOL, HELPER_IMAGE(child_linux), HELPER_SIZE(child_linux), argv, 2, NULL, 0);
    c.proc = cx_process_capability(c.pid, CX_RIGHTS_ALL);
    cx_cap_t read_only = cx_capability_derive(c.proc, CX_RIGHT_READ);
    cx_cap_t ep_read = cx_capability_derive(ep.capability, CX_RIGHT_READ);
    CHECK("set_personality: process cap without WRITE, or endpoint cap without WRITE: PermissionDenied",
          cx_process_set_personality(read_only, ep.capability) == ERR(PERMISSION_DENIED) &&
              cx_process_set_personality(c.proc, ep_read) == ERR(PERMISSION_DENIED));
    CHECK("set_personality: wrong object kinds or unknown tokens: InvalidCapability",
          cx_process_set_personality(ep.capability, ep.capability) == ERR(INVALID_CAPABILITY) &&
              cx_process_set_personality(c.proc, c.proc) == ERR(INVALID_CAPABILITY) &&
              cx_process_set_personality(777, ep.capability) == ERR(INVALID_CAPABILITY));
    /* Set, then removed with CX_CAP_NULL: the foreign syscall is InvalidSyscall (child exit 1). */
    struct cx_exit_info info;
    CHECK("set_personality CX_CAP_NULL removes it: foreign syscalls are InvalidSyscall again",
          cx_process_set_personality(c.proc, ep.capability) == 0 &&
              cx_process_set_personality(c.proc, CX_CAP_NULL) == 0 && cx_process_start(c.pid) == 0 &&
              cx_process_wait(c.pid, CX_TIMEOUT_INFINITE, &info) == 0 && info.how == CX_EXIT_NORMAL &&
              info.code == 1);
    cx_capability_revoke(read_only);
    cx_capability_revoke(ep_read);
    cx_capability_revoke(c.proc);
}

/* The server's endpoint dies while a call is pending: the process is killed. */
static void test_server_gone(void)
{
    struct cx_ipc_endpoint_create_result saved = ep;
    cx_ipc_endpoint_create(&ep);
    struct child c;
    struct cx_pmsg m;
    int ok = scenario("wait", 1, &c) && next(&m, CX_PMSG_SYSCALL, c.pid);
    struct cx_exit_info info;
    CHECK("endpoint revoked while a call is pending: the process ends KILLED",
          ok && cx_capability_revoke(ep.capability) == 0 &&
              cx_process_wait(c.pid, CX_TIMEOUT_INFINITE, &info) == 0 && info.how == CX_EXIT_KILLED);
    cx_capability_revoke(c.proc);
    ep = saved;
}

static uint64_t random_of_env_child(void)
{
    const char *strings[] = { "child_linux", "env", "HOME=/", "PATH=/bin" }; /* argv, then envp */
    struct child c;
    struct cx_pmsg m;
    c.pid = cx_process_create_env(ROOT_POOL, HELPER_IMAGE(child_linux), HELPER_SIZE(child_linux), strings, 2, 2,
                                  NULL, 0);
    c.proc = cx_process_capability(c.pid, CX_RIGHTS_ALL);
    if (CX_IS_ERR(c.pid) || cx_process_set_personality(c.proc, ep.capability) || cx_process_start(c.pid) ||
        !next(&m, CX_PMSG_SYSCALL, c.pid) || m.nr != 1007 || answer(CX_PREPLY_RETURN, 0) ||
        !ended(&c, CX_EXIT_NORMAL, 0))
        return 0;
    cx_capability_revoke(c.proc);
    return m.arg[0] ^ (m.arg[1] << 1);
}

static void test_create_env(void)
{
    uint64_t r1 = random_of_env_child(), r2 = random_of_env_child();
    CHECK("process_create_env: argv, envp and AT_EXECFN as given (the child checks), AT_RANDOM set",
          r1 != 0 && r2 != 0);
    CHECK("process_create_env: AT_RANDOM differs between two processes", r1 != r2);
    const char *argv[] = { "child_linux", "env" };
    const char *bad_str[] = { "child_linux", "env", "HOME=/", (const char *)0x1000 };
    CHECK("process_create_env: bad strings array or env string pointer is InvalidAddress",
          cx_process_create_env(ROOT_POOL, HELPER_IMAGE(child_linux), HELPER_SIZE(child_linux),
                                (const char *const *)0x1000, 2, 1, NULL, 0) == ERR(INVALID_ADDRESS) &&
              cx_process_create_env(ROOT_POOL, HELPER_IMAGE(child_linux), HELPER_SIZE(child_linux), bad_str, 2,
                                    2, NULL, 0) == ERR(INVALID_ADDRESS));
    static const char *many[64];
    for (int i = 0; i < 64; i++)
        many[i] = "X=1";
    CHECK("process_create_env: more strings in argv and env together than CX_START_MAX_ARGS is InvalidParameter",
          cx_process_create_env(ROOT_POOL, HELPER_IMAGE(child_linux), HELPER_SIZE(child_linux), many, 2,
                                CX_START_MAX_ARGS - 1, NULL, 0) == ERR(INVALID_PARAMETER));
    CHECK("process_create_env: a bad image is InvalidParameter, a bad image pointer InvalidAddress",
          cx_process_create_env(ROOT_POOL, HELPER_IMAGE(child_linux), 100, argv, 2, 0, NULL, 0) ==
                  ERR(INVALID_PARAMETER) &&
              cx_process_create_env(ROOT_POOL, (void *)0x1000, 4096, argv, 2, 0, NULL, 0) == ERR(INVALID_ADDRESS));
    cx_cap_t no_grant = cx_capability_derive(ep.capability, CX_RIGHT_WRITE);
    cx_cap_t unknown = 777;
    CHECK("process_create_env: a capability without GRANT is PermissionDenied, an unknown one InvalidCapability",
          cx_process_create_env(ROOT_POOL, HELPER_IMAGE(child_linux), HELPER_SIZE(child_linux), argv, 2, 0,
                                &no_grant, 1) == ERR(PERMISSION_DENIED) &&
              cx_process_create_env(ROOT_POOL, HELPER_IMAGE(child_linux), HELPER_SIZE(child_linux), argv, 2, 0,
                                    &unknown, 1) == ERR(INVALID_CAPABILITY));
    cx_capability_revoke(no_grant);
}

int main(void)
{
    tap_plan(46);
    if (cx_ipc_endpoint_create(&ep)) {
        cx_printf("Bail out! no endpoint\n");
        return 1;
    }
    test_syscalls();
    test_faults();
    test_interrupts();
    test_spawn();
    test_regs_errors_and_bad_replies();
    test_set_personality_errors();
    test_server_gone();
    test_create_env();
    return tap_done();
}
