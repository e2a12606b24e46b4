/* Lines of creators (tests/native-helpers/child_chain.c) for
 * test_process_authority.c, which checks that a process dies with its
 * creator, and leakcheck_creator_death.c, which repeats it to show that
 * nothing is left behind. A chain is a first link this test creates and
 * `depth` links below it, each created by the one above; every link reports
 * to the test over a channel, and the test watches the links below the first
 * through process capabilities (set_personality answers NotFound once a
 * process is dying or gone) and exit notices (each gets the test as its
 * personality server, which only adds the notice: links make no foreign
 * calls). */
#ifndef TESTS_CHAIN_SCENARIOS_H
#define TESTS_CHAIN_SCENARIOS_H

#include <calyx/native.h>
#include <calyx/personality.h>
#include "helpers.h"
#include "printf.h"

HELPER(child_chain);

#define CHAIN_MAX 200 /* links below the first: 201 processes of PROCESS_MAX (256) */
#define CHAIN_WAIT_NS (30ull * 1000000000ull)

/* What every link of a chain gets: the authority to create, an endpoint to
   call this test with, and its own image in a memory object. */
static cx_cap_t link_caps[3];
static uint64_t channel;
static struct cx_ipc_endpoint_create_result reports; /* links call here */
static struct cx_ipc_endpoint_create_result notices; /* their exit notices arrive here */

/* The endpoints, the channel, and the capabilities a link gets. 1 when all worked. */
static int chain_setup(void)
{
    struct cx_ipc_endpoint_create_result caller;
    if (cx_ipc_endpoint_create(&caller) || cx_ipc_endpoint_create(&reports) || cx_ipc_endpoint_create(&notices))
        return 0;
    uint64_t ch = cx_ipc_channel_create(caller.endpoint_id, reports.endpoint_id, caller.capability,
                                        reports.capability);
    uint64_t image = cx_capability_create(CX_OBJ_MEMORY, HELPER_SIZE(child_chain), CX_RIGHTS_ALL, ROOT_POOL);
    if (CX_IS_ERR(ch) || CX_IS_ERR(image) ||
        cx_write(image, HELPER_IMAGE(child_chain), HELPER_SIZE(child_chain), 0) != HELPER_SIZE(child_chain))
        return 0;
    channel = ch;
    link_caps[0] = cx_capability_derive(ROOT_POOL, CX_RIGHT_WRITE | CX_RIGHT_GRANT);
    link_caps[1] = cx_capability_derive(caller.capability, CX_RIGHT_WRITE | CX_RIGHT_GRANT);
    link_caps[2] = cx_capability_derive(image, CX_RIGHT_READ | CX_RIGHT_GRANT);
    return !CX_IS_ERR(link_caps[0]) && !CX_IS_ERR(link_caps[1]) && !CX_IS_ERR(link_caps[2]);
}

struct chain {
    cx_pid_t first;     /* the link this test created */
    cx_cap_t first_cap; /* a process capability for it */
    unsigned n;         /* links below it, each watched: */
    cx_cap_t below[CHAIN_MAX];
};

/* Starts a chain: a first link ending as `end` and depth links below it.
   Every link has reported, and every one below the first has this test as its
   personality server (for its exit notice) before any is answered, so none
   can end unwatched. 1 when all that worked. */
static int chain_start(unsigned depth, const char *end, struct chain *c)
{
    char chs[24], ds[24], sizes[24];
    ksnprintf(chs, sizeof chs, "%lu", (unsigned long)channel);
    ksnprintf(ds, sizeof ds, "%u", depth);
    ksnprintf(sizes, sizeof sizes, "%lu", (unsigned long)HELPER_SIZE(child_chain));
    const char *argv[] = { "child_chain", chs, ds, end, sizes };
    c->n = 0;
    uint64_t pid = cx_process_create(ROOT_POOL, HELPER_IMAGE(child_chain), HELPER_SIZE(child_chain), argv, 5,
                                     link_caps, 3);
    if (CX_IS_ERR(pid) || cx_process_start(pid))
        return 0;
    c->first = pid;
    c->first_cap = cx_process_capability(pid, CX_RIGHTS_ALL);
    static cx_reply_t tokens[CHAIN_MAX + 1];
    unsigned got = 0;
    int ok = !CX_IS_ERR(c->first_cap);
    for (; ok && got < depth + 1; got++) {
        uint64_t d;
        struct cx_ipc_receive_result rr;
        ok = cx_ipc_receive(reports.endpoint_id, &d, sizeof d, CHAIN_WAIT_NS, reports.capability, &rr) == 0 &&
             rr.reply_token != CX_REPLY_NONE;
        tokens[got] = ok ? rr.reply_token : CX_REPLY_NONE;
        if (ok && rr.capability != CX_CAP_NULL && c->n < CHAIN_MAX)
            c->below[c->n++] = rr.capability;
    }
    for (unsigned i = 0; ok && i < c->n; i++)
        ok = cx_process_set_personality(c->below[i], notices.capability) == 0;
    for (unsigned i = 0; i < got; i++)
        cx_ipc_reply(tokens[i], "ok", 2, CX_CAP_NULL);
    if (!ok || c->n != depth)
        cx_printf("# chain of %u: %u of %u reports, %u watched\n", depth, got, depth + 1, c->n);
    return ok && c->n == depth;
}

/* 1 when every link below the first is dying or gone right now. */
static int chain_below_ended(const struct chain *c)
{
    for (unsigned i = 0; i < c->n; i++)
        if (cx_process_set_personality(c->below[i], notices.capability) != CX_MKERR(CX_ERR_NOT_FOUND))
            return 0;
    return 1;
}

/* Collects the exit notices of the links below the first: 1 when each came and says killed. */
static int chain_below_killed(const struct chain *c)
{
    unsigned killed = 0;
    for (unsigned i = 0; i < c->n; i++) {
        struct cx_pmsg m;
        struct cx_ipc_receive_result rr;
        if (cx_ipc_receive(notices.endpoint_id, &m, sizeof m, CHAIN_WAIT_NS, notices.capability, &rr) == 0 &&
            m.kind == CX_PMSG_EXIT && m.nr == CX_EXIT_KILLED)
            killed++;
    }
    if (killed != c->n)
        cx_printf("# %u of %u exit notices say killed\n", killed, c->n);
    return killed == c->n;
}

static void chain_release(struct chain *c)
{
    for (unsigned i = 0; i < c->n; i++)
        cx_capability_revoke(c->below[i]);
    cx_capability_revoke(c->first_cap);
    c->n = 0;
}

#endif
