/* native_fuzz: random native Calyx system calls from a POSIX process.
 *
 * Built with libc-port/cx-cc and run on Calyx by tools/cxrun (tools/fuzz
 * drives it; see docs/fuzzing.md): a musl program, so fuzz.c's batches,
 * watchdog and post-check work as for posix_fuzz, whose calls are raw
 * `syscall` instructions with CX_NATIVE_BIT | number. The numbers and the
 * shape of their arguments come from the generated table
 * (kernel/gen/syscall_names.c, from include/calyx/syscalls.toml): each
 * argument is filled by its kind and name (capability, pointer, length,
 * endpoint id ...) with adversarial values, and now and then with anything.
 *
 * Each batch holds real capabilities to aim at: two endpoints, a channel
 * between them with a message queued, capabilities derived from them with
 * random rights, one revoked (stale), and a native child process created
 * but not started (tests/fuzz/children/fuzz_child.c). A few Linux memory and
 * process calls (mmap, brk, fork ...) go in among the native ones, since
 * native memory calls change a POSIX process behind its server's back. */
#include "fuzz.h"

#include <calyx/native.h>
#include <calyx/child.h>
#include <calyx/start.h>
#include <stdio.h>
#include <string.h>
#include "syscall_names.h"

CX_CHILD(fuzz_child);

/* A few Linux calls go in among the native ones: memory and process calls
   whose server-side bookkeeping native mmap, munmap and mprotect change
   behind the server's back. Their numbers here carry LINUX. */
#define LINUX (1ull << 32)
static const struct {
    uint64_t nr;
    const char *name;
} linux_calls[] = {
    { 0, "linux_read" },      { 1, "linux_write" },   { 9, "linux_mmap" },      { 10, "linux_mprotect" },
    { 11, "linux_munmap" },   { 12, "linux_brk" },    { 25, "linux_mremap" },   { 28, "linux_madvise" },
    { 39, "linux_getpid" },   { 57, "linux_fork" },   { 58, "linux_vfork" },    { 61, "linux_wait4" },
};
#define NLINUX (sizeof linux_calls / sizeof *linux_calls)

static uint64_t numbers[CX_SYSCALL_MAX + 1 + NLINUX];

/* What the batch holds, and the struct results of the last call. */
#define MAX_HELD 12
static struct {
    cx_endpoint_t ep[2];
    cx_channel_t channel;
    cx_pid_t child;
    cx_cap_t held[MAX_HELD]; /* endpoints, derived, the child's process capability */
    int nheld;
    cx_cap_t stale;          /* revoked: InvalidCapability */
} k;
static uint64_t extra[4];

static const char *name_of(uint64_t nr)
{
    for (size_t i = 0; i < NLINUX; i++)
        if (nr == (LINUX | linux_calls[i].nr))
            return linux_calls[i].name;
    const struct syscall_info *i = syscall_info(nr);
    return i ? i->name : NULL;
}

static int nargs_of(uint64_t nr)
{
    if (nr & LINUX)
        return 6;
    const struct syscall_info *i = syscall_info(nr);
    return i ? i->nargs : FUZZ_MAX_ARGS;
}

/* exit and thread_exit end the batch child (its only thread). */
static int rare(uint64_t nr)
{
    return nr == CX_SYS_EXIT || nr == CX_SYS_THREAD_EXIT;
}

static uint64_t odd_number(struct rng *r)
{
    uint64_t nr;
    do
        nr = rng_one_in(r, 2) ? rng_below(r, CX_SYSCALL_MAX + 8) : rng_below(r, 0x10000);
    while (syscall_info(nr));
    return nr;
}

static void hold(cx_cap_t cap)
{
    if (!CX_IS_ERR(cap) && cap != CX_CAP_NULL && k.nheld < MAX_HELD)
        k.held[k.nheld++] = cap;
}

static uint64_t rights(struct rng *r)
{
    return rng_one_in(r, 4) ? fuzz_flags(r) : rng_below(r, CX_RIGHTS_ALL + 1);
}

static void setup(struct batch *b)
{
    memset(&k, 0, sizeof k);
    struct rng r = rng_for(b->seed, b->number, -2);
    cx_cap_t epcap[2] = { CX_CAP_NULL, CX_CAP_NULL };
    for (int i = 0; i < 2; i++) {
        struct cx_ipc_endpoint_create_result e;
        if (!CX_IS_ERR(cx_ipc_endpoint_create(&e))) {
            k.ep[i] = e.endpoint_id;
            epcap[i] = e.capability;
            hold(e.capability);
        }
    }
    uint64_t ch = cx_ipc_channel_create(k.ep[0], k.ep[1], epcap[0], epcap[1]);
    k.channel = CX_IS_ERR(ch) ? 0 : ch;
    cx_ipc_send(k.channel, "queued", 6, CX_CAP_NULL, epcap[0]); /* something to receive at ep[1] */
    for (int i = 0; i < 3; i++)
        hold(cx_capability_derive(epcap[i % 2], rights(&r)));
    uint64_t stale = cx_capability_derive(epcap[1], CX_RIGHTS_ALL);
    if (!CX_IS_ERR(stale) && !CX_IS_ERR(cx_capability_revoke(stale)))
        k.stale = stale;
    /* Created, never started here: a target for the process calls (the
       fuzzed process_start may run it). */
    const char *argv[] = { "fuzz_child" };
    cx_cap_t authority = cx_start_ncaps ? cx_start_caps[CX_START_CAP_NATIVE_AUTHORITY] : CX_CAP_NULL;
    uint64_t pid = cx_process_create(authority, CX_CHILD_IMAGE(fuzz_child), CX_CHILD_SIZE(fuzz_child),
                                     argv, 1, NULL, 0);
    if (!CX_IS_ERR(pid)) {
        k.child = pid;
        hold(cx_process_capability(pid, CX_RIGHTS_ALL));
    }
    if (b->verbose) {
        char line[256];
        int n = snprintf(line, sizeof line, "[%ld setup] endpoints %llu %llu, channel %llu, child process %llu; held",
                         b->number, (unsigned long long)k.ep[0], (unsigned long long)k.ep[1],
                         (unsigned long long)k.channel, (unsigned long long)k.child);
        for (int i = 0; i < k.nheld && n < (int)sizeof line; i++)
            n += snprintf(line + n, sizeof line - (size_t)n, " %#llx", (unsigned long long)k.held[i]);
        fuzz_print("%s, stale %#llx\n", line, (unsigned long long)k.stale);
    }
    /* A capability array for process_create's "capabilities". */
    memcpy(b->scratch + SLOT_WORDS, k.held, sizeof k.held);
}

/* A thread entry that ends its thread at once without touching memory (its
   stack may be anything). A thread started at a random address faults, and
   the POSIX server ends the whole process for a fault in a thread it does not
   know: such entries are kept rare so batches run their length. */
void fuzz_thread_entry(void);
__asm__(".text\n"
        ".globl fuzz_thread_entry\n"
        "fuzz_thread_entry:\n\t"
        "mov $0x8000001a, %eax\n\t" /* CX_NATIVE_BIT | thread_exit */
        "xor %edi, %edi\n\t"
        "syscall\n\t"
        "ud2\n");

static uint64_t token(struct batch *b, struct rng *r)
{
    switch (rng_below(r, 10)) {
    case 0: case 1: case 2: case 3: return k.nheld ? k.held[rng_below(r, (uint64_t)k.nheld)] : 0;
    case 4: return k.stale;
    case 5: return (rng_below(r, 4) << 32) | rng_below(r, 64); /* a forged token: generation, slot */
    case 6: return CX_CAP_NULL;
    case 7: return fuzz_recent(b, r);
    default: return fuzz_int(r);
    }
}

static uint64_t timeout(struct rng *r)
{
    static const uint64_t t[] = { CX_TIMEOUT_POLL, 1000, 1000000, 10000000, CX_TIMEOUT_INFINITE,
                                  0x7fffffffffffffff };
    return t[rng_below(r, sizeof t / sizeof *t)];
}

static uint64_t an_id(struct batch *b, struct rng *r)
{
    uint64_t ids[] = { k.ep[0], k.ep[1], k.channel, k.child, rng_below(r, 16), fuzz_recent(b, r) };
    return ids[rng_below(r, sizeof ids / sizeof *ids)];
}

static int has(const char *name, const char *part)
{
    return strstr(name, part) != NULL;
}

/* One argument, by its declared kind and name. */
static uint64_t arg(struct batch *b, struct rng *r, const char *name, int kind)
{
    if (rng_one_in(r, 6) && !has(name, "entry_point")) /* anything at all, whatever the argument is */
        return rng_one_in(r, 2) ? fuzz_int(r) : fuzz_pointer(b, r);
    if (kind == SYSCALL_KIND_CAP || has(name, "reply_token"))
        return token(b, r);
    if (has(name, "entry_point"))
        return rng_one_in(r, 16) ? fuzz_pointer(b, r) : (uint64_t)(uintptr_t)fuzz_thread_entry;
    if (has(name, "binary") && kind == SYSCALL_KIND_PTR)
        return rng_one_in(r, 2) ? (uint64_t)(uintptr_t)CX_CHILD_IMAGE(fuzz_child) : fuzz_pointer(b, r);
    if (has(name, "binary_len"))
        return rng_one_in(r, 2) ? CX_CHILD_SIZE(fuzz_child) : fuzz_size(r);
    if (has(name, "args") || has(name, "env"))
        return kind == SYSCALL_KIND_PTR ? (uint64_t)(uintptr_t)(b->scratch + SLOT_ARGV) : rng_below(r, 4);
    if (has(name, "capabilities"))
        return (uint64_t)(uintptr_t)(b->scratch + SLOT_WORDS);
    if (has(name, "cap_count"))
        return rng_one_in(r, 2) ? rng_below(r, (uint64_t)k.nheld + 2) : fuzz_size(r);
    if (has(name, "_len") || has(name, "count") || has(name, "length") || has(name, "size") ||
        has(name, "offset"))
        return rng_one_in(r, 4) ? CX_IPC_MSG_MAX + rng_below(r, 3) - 1 : fuzz_size(r);
    if (has(name, "timeout"))
        return timeout(r);
    if (has(name, "rights"))
        return rights(r);
    if (has(name, "endpoint"))
        return rng_one_in(r, 4) ? an_id(b, r) : k.ep[rng_below(r, 2)];
    if (has(name, "channel_id"))
        return rng_one_in(r, 4) ? an_id(b, r) : k.channel;
    if (has(name, "process_id"))
        return rng_one_in(r, 4) ? an_id(b, r) : k.child;
    if (has(name, "_id")) /* thread_id, object_id */
        return an_id(b, r);
    if (has(name, "object_type") || has(name, "clock_id"))
        return rng_below(r, 10);
    if (has(name, "prot"))
        return rng_one_in(r, 4) ? fuzz_flags(r) : rng_below(r, 8);
    if (has(name, "flags"))
        return rng_one_in(r, 4) ? fuzz_flags(r) : rng_below(r, 32);
    if (kind == SYSCALL_KIND_PTR)
        return fuzz_pointer(b, r);
    return fuzz_int(r);
}

static uint64_t linux_arg(struct batch *b, struct rng *r)
{
    switch (rng_below(r, 6)) {
    case 0: case 1: return fuzz_int(r);
    case 2: return fuzz_pointer(b, r);
    case 3: return fuzz_size(r);
    case 4: return fuzz_recent(b, r); /* addresses native mmap returned */
    default: return (uint64_t)(int64_t)fuzz_fd(b, r);
    }
}

static void fill(struct batch *b, struct rng *r, struct fuzz_call *c)
{
    if (c->nr & LINUX) {
        for (int i = 0; i < 6; i++)
            c->arg[i] = linux_arg(b, r);
        return;
    }
    const struct syscall_info *info = syscall_info(c->nr);
    for (int i = 0; i < FUZZ_MAX_ARGS; i++)
        c->arg[i] = info && i < info->nargs ? arg(b, r, info->arg_names[i], info->arg_kinds[i])
                                            : fuzz_int(r); /* unknown numbers: all eight registers */
}

/* Nothing a batch holds reaches the parent, the POSIX server or the machine:
   only a new thread started inside the fuzzer's own code could act
   unfiltered, so an entry point there is skipped. */
static int allowed(struct batch *b, const struct fuzz_call *c)
{
    (void)b;
    return c->nr != CX_SYS_THREAD_CREATE || c->arg[0] != (uint64_t)(uintptr_t)&fuzz_main;
}

static uint64_t make(struct batch *b, const struct fuzz_call *c)
{
    (void)b;
    const uint64_t *a = c->arg;
    if (c->nr & LINUX)
        return fuzz_linux_call(c->nr & ~LINUX, a);
    return cx_syscall8_r4(CX_NATIVE_BIT | c->nr, a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], extra);
}

static int linux_failed(uint64_t result)
{
    return result > (uint64_t)-4096;
}

static void after(struct batch *b, const struct fuzz_call *c, uint64_t result)
{
    if (c->nr & LINUX) {
        if (!linux_failed(result) && result)
            fuzz_keep_result(b, result);
        return;
    }
    if (CX_IS_ERR(result))
        return;
    const struct syscall_info *info = syscall_info(c->nr);
    if (result)
        fuzz_keep_result(b, result); /* tokens, ids, addresses */
    if (info && info->result == SYSCALL_KIND_STRUCT)
        for (int i = 0; i < info->nfields && i < 4; i++)
            if (extra[i])
                fuzz_keep_result(b, extra[i]); /* endpoint ids, received tokens, reply tokens */
}

static void show_result(uint64_t result, char *buf, size_t size)
{
    const char *e = CX_IS_ERR(result) ? syscall_error_name(CX_ERR_CODE(result)) : NULL;
    if (linux_failed(result)) /* a Linux call's -errno: no native result is this large */
        snprintf(buf, size, "-%d", (int)-result);
    else if (CX_IS_ERR(result))
        snprintf(buf, size, "error %llu (%s)", (unsigned long long)CX_ERR_CODE(result), e ? e : "?");
    else
        snprintf(buf, size, "%#llx", (unsigned long long)result);
}

int main(int argc, char **argv)
{
    size_t n = 0;
    for (uint64_t nr = 0; nr <= CX_SYSCALL_MAX; nr++)
        if (syscall_info(nr))
            numbers[n++] = nr;
    for (size_t i = 0; i < NLINUX; i++)
        numbers[n++] = LINUX | linux_calls[i].nr;
    const struct fuzzer f = {
        .name = "native_fuzz",
        .numbers = numbers,
        .nnumbers = n,
        .rare = rare,
        .odd_number = odd_number,
        .name_of = name_of,
        .nargs_of = nargs_of,
        .setup = setup,
        .fill = fill,
        .allowed = allowed,
        .make = make,
        .after = after,
        .show_result = show_result,
    };
    return fuzz_main(&f, argc, argv);
}
