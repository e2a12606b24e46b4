/* process_create's authority and the rule that a process dies with its
   creator. The authority is the memory pool (or a capability derived from it)
   with CX_RIGHT_WRITE, checked before anything else: no capability, another
   object, or the pool without WRITE is refused. A process that ends (exit,
   kill, fault) takes every running process it started with it, at once and
   however long the line of creators: child_chain helpers create each other,
   report to this test, and the test watches them through process
   capabilities (NotFound once a process is dying or gone) and exit notices
   (each is given this test as its personality server, which only adds the
   notice: they make no foreign calls). */
#include "tap.h"
#include "helpers.h"
#include "chain_scenarios.h"

HELPER(child_exit);
HELPER(child_spin);

#define ERR(code) CX_MKERR(CX_ERR_##code)

static cx_cap_t con;

static int exited(const struct cx_exit_info *i, int64_t code)
{
    return i->how == CX_EXIT_NORMAL && (int64_t)i->code == code;
}

/* Creates, starts and waits for child_exit 7 with this authority: 1 when it ran. */
static int runs_with(cx_cap_t authority)
{
    const char *argv[] = { "child_exit", "7" };
    uint64_t pid = cx_process_create(authority, HELPER_IMAGE(child_exit), HELPER_SIZE(child_exit), argv, 2, NULL, 0);
    struct cx_exit_info info;
    return !CX_IS_ERR(pid) && cx_process_start(pid) == 0 &&
           cx_process_wait(pid, CX_TIMEOUT_INFINITE, &info) == 0 && exited(&info, 7);
}

static uint64_t create_with(cx_cap_t authority)
{
    return cx_process_create(authority, HELPER_IMAGE(child_exit), HELPER_SIZE(child_exit), NULL, 0, NULL, 0);
}

static void test_authority(void)
{
    CHECK("authority: CX_CAP_NULL is PermissionDenied", create_with(CX_CAP_NULL) == ERR(PERMISSION_DENIED));
    CHECK("authority: a token naming nothing is PermissionDenied", create_with(777) == ERR(PERMISSION_DENIED));
    CHECK("authority: a console capability (all it has) is PermissionDenied",
          create_with(con) == ERR(PERMISSION_DENIED));
    uint64_t mem = cx_capability_create(CX_OBJ_MEMORY, 4096, CX_RIGHTS_ALL, ROOT_POOL);
    CHECK("authority: a memory object made from the pool, all rights, is PermissionDenied",
          !CX_IS_ERR(mem) && create_with(mem) == ERR(PERMISSION_DENIED));
    cx_capability_revoke(mem);
    uint64_t ro = cx_capability_derive(ROOT_POOL, CX_RIGHT_READ | CX_RIGHT_GRANT | CX_RIGHT_DERIVE);
    CHECK("authority: a pool capability without WRITE is PermissionDenied",
          !CX_IS_ERR(ro) && create_with(ro) == ERR(PERMISSION_DENIED));
    CHECK("authority: checked first (bad image pointer or empty image: still PermissionDenied)",
          cx_process_create(CX_CAP_NULL, (void *)0x1000, 4096, NULL, 0, NULL, 0) == ERR(PERMISSION_DENIED) &&
          cx_process_create(ro, HELPER_IMAGE(child_exit), 0, NULL, 0, NULL, 0) == ERR(PERMISSION_DENIED));
    uint64_t w = cx_capability_derive(ROOT_POOL, CX_RIGHT_WRITE);
    CHECK("authority: a pool capability with WRITE alone creates a process, and it runs",
          !CX_IS_ERR(w) && runs_with(w));
    CHECK("authority: once revoked it is PermissionDenied",
          cx_capability_revoke(w) == 0 && create_with(w) == ERR(PERMISSION_DENIED));
    const char *strings[] = { "child_exit", "7", "HOME=/" };
    uint64_t pid = cx_process_create_env(ROOT_POOL, HELPER_IMAGE(child_exit), HELPER_SIZE(child_exit), strings, 2,
                                         1, NULL, 0);
    struct cx_exit_info info;
    CHECK("process_create_env: CX_CAP_NULL and no WRITE are PermissionDenied, the pool works",
          cx_process_create_env(CX_CAP_NULL, HELPER_IMAGE(child_exit), HELPER_SIZE(child_exit), strings, 2, 1,
                                NULL, 0) == ERR(PERMISSION_DENIED) &&
              cx_process_create_env(ro, HELPER_IMAGE(child_exit), HELPER_SIZE(child_exit), strings, 2, 1, NULL,
                                    0) == ERR(PERMISSION_DENIED) &&
              !CX_IS_ERR(pid) && cx_process_start(pid) == 0 &&
              cx_process_wait(pid, CX_TIMEOUT_INFINITE, &info) == 0 && exited(&info, 7));
    cx_capability_revoke(ro);
}

/* process_create_mapped: the program in a memory object (a page cache's
   file), its pages mapped copy-on-write into every process running it. */
static void test_create_mapped(void)
{
    const char *strings[] = { "child_exit", "7" };
    size_t size = HELPER_SIZE(child_exit);
    uint64_t mem = cx_capability_create(CX_OBJ_MEMORY, size, CX_RIGHTS_ALL, ROOT_POOL);
    CHECK("process_create_mapped: a program written into a memory object",
          !CX_IS_ERR(mem) && cx_write(mem, HELPER_IMAGE(child_exit), size, 0) == size);
    struct cx_exit_info info;
    int runs = 1;
    for (int i = 0; i < 2; i++) { /* two processes from one object */
        uint64_t pid = cx_process_create_mapped(ROOT_POOL, mem, strings, 2, 0, NULL, 0, 0);
        runs &= !CX_IS_ERR(pid) && cx_process_start(pid) == 0 &&
                cx_process_wait(pid, CX_TIMEOUT_INFINITE, &info) == 0 && exited(&info, 7);
    }
    CHECK("process_create_mapped: two processes run it and exit 7", runs);
    uint64_t no_exec = cx_capability_derive(mem, CX_RIGHT_READ);
    CHECK("process_create_mapped: the authority first, then an image without READ|EXEC is refused",
          cx_process_create_mapped(CX_CAP_NULL, 12345, strings, 2, 0, NULL, 0, 0) == ERR(PERMISSION_DENIED) &&
              cx_process_create_mapped(ROOT_POOL, CX_CAP_NULL, strings, 2, 0, NULL, 0, 0) == ERR(INVALID_CAPABILITY) &&
              cx_process_create_mapped(ROOT_POOL, no_exec, strings, 2, 0, NULL, 0, 0) == ERR(PERMISSION_DENIED) &&
              cx_process_create_mapped(ROOT_POOL, con, strings, 2, 0, NULL, 0, 0) == ERR(INVALID_CAPABILITY));
    uint64_t zeros = cx_capability_create(CX_OBJ_MEMORY, 8192, CX_RIGHTS_ALL, ROOT_POOL);
    CHECK("process_create_mapped: an object that is no ELF program is InvalidParameter",
          cx_process_create_mapped(ROOT_POOL, zeros, strings, 2, 0, NULL, 0, 0) == ERR(INVALID_PARAMETER));
    cx_capability_revoke(no_exec);
    cx_capability_revoke(zeros);
    cx_capability_revoke(mem);
}

/* A first link that creates one more and ends as `end` (after the test,
   holding a capability for it, lets it): the one below is killed with it. */
static void test_dies_with_creator(const char *end, const char *how_ended, uint32_t how)
{
    struct chain c;
    char name[128];
    int started = chain_start(1, end, &c);
    ksnprintf(name, sizeof name, "creator %s: its child started a process of its own", how_ended);
    CHECK(name, started);
    if (how == CX_EXIT_KILLED)
        cx_process_kill(c.first_cap, 9);
    struct cx_exit_info info;
    int ended = started && cx_process_wait(c.first, CX_TIMEOUT_INFINITE, &info) == 0 && info.how == how;
    ksnprintf(name, sizeof name, "creator %s: the process it created is killed at once, exit notice: killed",
              how_ended);
    CHECK(name, ended && chain_below_ended(&c) && chain_below_killed(&c));
    chain_release(&c);
}

static void test_bystander_lives(void)
{
    uint64_t spinner = cx_process_create(ROOT_POOL, HELPER_IMAGE(child_spin), HELPER_SIZE(child_spin), NULL, 0,
                                         NULL, 0);
    struct chain c;
    struct cx_exit_info info;
    int ok = !CX_IS_ERR(spinner) && cx_process_start(spinner) == 0 && chain_start(1, "exit", &c) &&
             cx_process_wait(c.first, CX_TIMEOUT_INFINITE, &info) == 0 && chain_below_killed(&c);
    CHECK("creator exits: a process it did not create lives on",
          ok && cx_process_wait(spinner, CX_TIMEOUT_POLL, &info) == ERR(TIMEOUT));
    uint64_t sc = cx_process_capability(spinner, CX_RIGHT_WRITE);
    CHECK("creator exits: ... until its own creator kills it",
          !CX_IS_ERR(sc) && cx_process_kill(sc, 5) == 0 &&
          cx_process_wait(spinner, CX_TIMEOUT_INFINITE, &info) == 0 && info.how == CX_EXIT_KILLED);
    cx_capability_revoke(sc);
    chain_release(&c);
}

static void test_long_chain(void)
{
    static struct chain c;
    CHECK("chain: 200 processes, each created by the one before", chain_start(CHAIN_MAX, "wait", &c));
    struct cx_exit_info info;
    CHECK("chain: killing the first kills all 200 below it at once (no kernel stack per link)",
          cx_process_kill(c.first_cap, 1) == 0 && cx_process_wait(c.first, CX_TIMEOUT_INFINITE, &info) == 0 &&
              info.how == CX_EXIT_KILLED && chain_below_ended(&c));
    CHECK("chain: every exit notice says killed", chain_below_killed(&c));
    chain_release(&c);
    CHECK("chain: afterwards the process table has room again", runs_with(ROOT_POOL));
}

int main(void)
{
    con = cx_start_caps[CX_START_CAP_CONSOLE];
    tap_plan(26);
    test_authority();
    test_create_mapped();
    CHECK("chain setup: endpoints, channel, the helper's image in a memory object", chain_setup());
    test_dies_with_creator("exit", "exits", CX_EXIT_NORMAL);
    test_dies_with_creator("wait", "is killed", CX_EXIT_KILLED);
    test_dies_with_creator("fault", "faults", CX_EXIT_FAULT);
    test_bystander_lives();
    test_long_chain();
    return tap_done();
}
