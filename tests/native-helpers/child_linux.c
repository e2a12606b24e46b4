/* Test helper for tests/native/test_personality.c and leakcheck_personality.c:
   a process with a personality that makes raw foreign syscalls (numbers
   without CX_NATIVE_BIT) and faults, and checks what comes back. argv[1]
   picks the scenario; the test plays the server and knows each step.
   Numbers 1000 and up are the test's own "syscalls":
     1001 announce(addr, stack)  1002 hello  1003 report(value)
     1006 spawned-thread hello   1007 report-random(lo, hi)   1009 wait-forever */
#include <calyx/native.h>
#include <calyx/start.h>

static uint64_t sys6(uint64_t nr, uint64_t a, uint64_t b, uint64_t c, uint64_t d, uint64_t e,
                     uint64_t f)
{
    register uint64_t r10 __asm__("r10") = d, r8 __asm__("r8") = e, r9 __asm__("r9") = f;
    uint64_t ret = nr;
    __asm__ volatile("syscall"
                     : "+a"(ret), "+D"(a), "+S"(b), "+d"(c), "+r"(r10), "+r"(r8), "+r"(r9)
                     :: "rcx", "r11", "memory");
    return ret;
}
#define sys1(nr, a) sys6(nr, a, 0, 0, 0, 0, 0)

static _Noreturn void linux_exit(uint64_t code)
{
    sys1(60, code);
    for (;;)
        cx_exit(99); /* the server should have ended the thread */
}

/* The Linux ABI keeps every register but rax, rcx and r11 across a syscall. */
static int syscall_keeps_registers(void)
{
    register uint64_t r10 __asm__("r10") = 44, r8 __asm__("r8") = 55, r9 __asm__("r9") = 66;
    uint64_t rax = 39, rdi = 11, rsi = 22, rdx = 33;
    __asm__ volatile("syscall"
                     : "+a"(rax), "+D"(rdi), "+S"(rsi), "+d"(rdx), "+r"(r10), "+r"(r8), "+r"(r9)
                     :: "rcx", "r11", "memory");
    return rax == 1234 && rdi == 11 && rsi == 22 && rdx == 33 && r10 == 44 && r8 == 55 && r9 == 66;
}

/* The server answers 1000 with RESUME after setting rax = 4242 and rdx = 99. */
static int resume_takes_set_registers(void)
{
    uint64_t rax = 1000, rdx = 0;
    __asm__ volatile("syscall" : "+a"(rax), "+d"(rdx) :: "rcx", "r11", "memory", "rdi", "rsi",
                     "r8", "r9", "r10");
    return rax == 4242 && rdx == 99;
}

/* Where the server sends the thread after its NULL read (thread_set_regs). */
static _Noreturn void recovered(void)
{
    *(volatile char *)(uintptr_t)recovered = 0; /* mapped, not writable: a protection fault */
    linux_exit(7);                              /* the server kills us before this */
}

static uint64_t spawn_stack[512] __attribute__((aligned(16)));

static _Noreturn void spawned(void)
{
    sys1(1006, 0x5157);
    linux_exit(1); /* the server ends this thread at 1006 */
}

static const uint64_t *auxv_of(char **argv, int argc)
{
    char **envp = argv + argc + 1;
    while (*envp)
        envp++;
    return (const uint64_t *)(envp + 1);
}

static int same(const char *a, const char *b)
{
    while (*a && *a == *b)
        a++, b++;
    return *a == *b;
}

/* process_create_env: argv, envp, AT_EXECFN, AT_RANDOM as the test passed them. */
static int check_start(int argc, char **argv)
{
    char **envp = argv + argc + 1;
    if (argc != 2 || !envp[0] || !same(envp[0], "HOME=/") || !envp[1] || !same(envp[1], "PATH=/bin") ||
        envp[2])
        return 0;
    const char *execfn = 0;
    const uint64_t *random = 0;
    for (const uint64_t *a = auxv_of(argv, argc); a[0] != CX_AT_NULL; a += 2) {
        if (a[0] == CX_AT_EXECFN)
            execfn = (const char *)a[1];
        if (a[0] == CX_AT_RANDOM)
            random = (const uint64_t *)a[1];
    }
    if (!execfn || execfn != argv[0] || !random || (random[0] == 0 && random[1] == 0))
        return 0;
    sys6(1007, random[0], random[1], 0, 0, 0, 0);
    return 1;
}

int main(int argc, char **argv)
{
    if (argc < 2)
        return 90;
    const char *s = argv[1];
    if (same(s, "syscall")) {
        if (!syscall_keeps_registers())
            return 1;
        if (!resume_takes_set_registers())
            return 2;
        linux_exit(17);
    }
    if (same(s, "fault")) {
        sys6(1001, (uint64_t)(uintptr_t)recovered, 0, 0, 0, 0, 0);
        (void)*(volatile int *)0; /* the server moves us to recovered() */
        return 3;
    }
    if (same(s, "interrupt")) { /* cap 0: a channel to the test; argv[2]: its id */
        uint64_t ch = 0;
        for (const char *c = argv[2]; *c >= '0' && *c <= '9'; c++)
            ch = ch * 10 + (uint64_t)(*c - '0');
        sys1(1002, 0);
        char buf[8];
        struct cx_ipc_call_result r;
        uint64_t e = cx_ipc_call(ch, "wait", 4, buf, sizeof buf, CX_TIMEOUT_INFINITE, CX_CAP_NULL,
                                 cx_start_caps[0], &r);
        sys1(1003, e);
        sys1(1003, 0); /* stopped here, the thread is interrupted twice */
        sys1(1003, 1); /* after the one interrupt stop */
        linux_exit(0);
    }
    if (same(s, "spawn")) {
        sys6(1001, (uint64_t)(uintptr_t)spawned, (uint64_t)(uintptr_t)(spawn_stack + 512), 0, 0, 0, 0);
        linux_exit(21);
    }
    if (same(s, "env"))
        return check_start(argc, argv) ? 0 : 4;
    if (same(s, "wait")) {
        sys1(1009, 0); /* the server never answers */
        return 5;
    }
    return 91;
}
