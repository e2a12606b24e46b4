/* Linux-sized argument lists for process_create(_env) (include/calyx/start.h):
 * a child started with 5000 arguments and a 100 KiB environment string sees
 * them all; one string may be CX_START_MAX_ARGSTRLEN bytes with its NUL and
 * all strings plus 8 bytes per string CX_START_MAX_ARGBYTES, a byte more of
 * either is InvalidParameter; a bad string pointer among thousands (in argv or
 * in the environment) or a bad array is InvalidAddress. All of it argv[1] times: the test runner boots
 * it with 1 and with 20 rounds and compares the kernel objects, heap blocks
 * and free pages the kernel prints at the end, so the kernel's argument
 * copies and the grown initial stacks must all be given back. */
#include "tap.h"
#include "helpers.h"
#include "string.h"
#include "printf.h"
#include <calyx/start.h>

HELPER(child_exit);
HELPER(child_bigargs);

#define ERR(code) CX_MKERR(CX_ERR_##code)
#define NARGS 5000
#define BIG_ENV (100 * 1024)

/* argv (NARGS strings), then the environment: process_create_env takes one array. */
static const char *argv_many[NARGS + 2];
static char numbers[NARGS][8];
static char big_env[4 + BIG_ENV + 1];
static char fill[CX_START_MAX_ARGBYTES];
static const char *filled[64];

/* A page whose next page is unmapped: an array at its end runs off readable memory. */
static char *edge_page;

/* Starts a process with strings[0..argc) as argv and the envc strings after
   them as its environment, and waits for it: its exit code, or the create error. */
static uint64_t run(const void *image, size_t size, const char *const *strings, size_t argc, size_t envc)
{
    uint64_t pid = cx_process_create_env(ROOT_POOL, image, size, strings, argc, envc, NULL, 0);
    if (CX_IS_ERR(pid))
        return pid;
    struct cx_exit_info info;
    if (cx_process_start(pid) || cx_process_wait(pid, CX_TIMEOUT_INFINITE, &info) ||
        info.how != CX_EXIT_NORMAL)
        return 999; /* did not exit normally */
    return info.code;
}
#define RUN(name, strings, argc, envc) run(HELPER_IMAGE(name), HELPER_SIZE(name), strings, argc, envc)

/* child_exit "5" and filler strings: exactly total bytes as the kernel counts
   them (each string with its NUL plus 8); the count in *n. */
static const char *const *filled_args(size_t total, size_t *n)
{
    memset(fill, 'f', sizeof fill);
    size_t used = sizeof "child_exit" + 8 + sizeof "5" + 8;
    *n = 0;
    filled[(*n)++] = "child_exit";
    filled[(*n)++] = "5";
    char *at = fill;
    while (used < total) {
        size_t left = total - used - 9; /* the next string's length if it were the last */
        size_t len = left > CX_START_MAX_ARGSTRLEN - 1 ? CX_START_MAX_ARGSTRLEN - 1 : left;
        if (len != left && left - len < 10)
            len -= 10; /* room for one more string */
        filled[(*n)++] = at;
        at += len;
        *at++ = '\0';
        used += len + 9;
    }
    return filled;
}

/* Every round but the last checks quietly; the last one reports. */
static int report;
static int expect(const char *name, int cond, const char *expr, int line)
{
    if (report)
        tap_check(cond, name, expr, line);
    return cond;
}
#define EXPECT(name, cond) expect(name, !!(cond), #cond, __LINE__)

static int round_ok(void)
{
    int ok = 1;
    ok &= EXPECT("5000 arguments and a 100 KiB environment string reach the child",
                RUN(child_bigargs, argv_many, NARGS, 2) == 44);

    const char *one[] = { "child_exit", "6", fill + sizeof fill - CX_START_MAX_ARGSTRLEN };
    memset(fill, 'g', sizeof fill - 1);
    fill[sizeof fill - 1] = '\0';
    ok &= EXPECT("a string of CX_START_MAX_ARGSTRLEN bytes with its NUL is fine",
                RUN(child_exit, one, 3, 0) == 6);
    one[2] -= 1;
    ok &= EXPECT("one byte longer is InvalidParameter (and in the environment too)",
                RUN(child_exit, one, 3, 0) == ERR(INVALID_PARAMETER) &&
                RUN(child_exit, one, 2, 1) == ERR(INVALID_PARAMETER));

    size_t n;
    const char *const *a = filled_args(CX_START_MAX_ARGBYTES, &n);
    ok &= EXPECT("CX_START_MAX_ARGBYTES of strings and pointers is fine",
                RUN(child_exit, a, n, 0) == 5);
    a = filled_args(CX_START_MAX_ARGBYTES + 1, &n);
    ok &= EXPECT("one byte more is InvalidParameter",
                RUN(child_exit, a, n, 0) == ERR(INVALID_PARAMETER));
    ok &= EXPECT("more strings than could fit is InvalidParameter",
                RUN(child_exit, argv_many, CX_START_MAX_ARGS + 1, 0) == ERR(INVALID_PARAMETER) &&
                RUN(child_exit, argv_many, 1, CX_START_MAX_ARGS) == ERR(INVALID_PARAMETER));

    argv_many[NARGS / 2] = (const char *)0x1000;
    ok &= EXPECT("a bad string pointer among 5000 is InvalidAddress",
                RUN(child_bigargs, argv_many, NARGS, 2) == ERR(INVALID_ADDRESS) &&
                RUN(child_bigargs, argv_many, NARGS / 2, NARGS - NARGS / 2 + 2) == ERR(INVALID_ADDRESS));
    argv_many[NARGS / 2] = numbers[NARGS / 2];
    /* Two argv pointers at the end of edge_page: the environment's two lie in the unmapped page. */
    const char **edge = (const char **)(edge_page + 4096) - 2;
    edge[0] = "child_bigargs";
    edge[1] = "1";
    ok &= EXPECT("a bad array, or one that runs into unmapped memory, is InvalidAddress",
                RUN(child_bigargs, (const char *const *)0x1000, NARGS, 0) == ERR(INVALID_ADDRESS) &&
                RUN(child_bigargs, edge, 2, 2) == ERR(INVALID_ADDRESS));
    return ok;
}

int main(int argc, char **argv)
{
    unsigned rounds = 1;
    if (argc > 1) {
        rounds = 0;
        for (const char *c = argv[1]; *c >= '0' && *c <= '9'; c++)
            rounds = rounds * 10 + (unsigned)(*c - '0');
    }
    argv_many[0] = "child_bigargs";
    for (int i = 1; i < NARGS; i++) {
        ksnprintf(numbers[i], sizeof numbers[i], "%d", i);
        argv_many[i] = numbers[i];
    }
    memcpy(big_env, "BIG=", 4);
    for (size_t i = 0; i < BIG_ENV; i++)
        big_env[4 + i] = 'a' + (char)(i % 26);
    argv_many[NARGS] = big_env;
    argv_many[NARGS + 1] = "LAST=1";
    edge_page = cx_map(NULL, 2 * 4096, CX_PROT_READ | CX_PROT_WRITE, 0, CX_CAP_NULL, 0, NULL);
    if (!edge_page || cx_munmap(edge_page + 4096, 4096))
        cx_printf("# no edge page: the array check below fails\n");
    tap_plan(9);
    unsigned done = 0;
    while (done + 1 < rounds && round_ok())
        done++;
    CHECK("every quiet round passed", done + 1 >= rounds);
    report = 1;
    round_ok();
    cx_printf("# %u round(s)\n", done + 1);
    return tap_done();
}
