/* demo-revoke: taking back what was lent.
 *
 * The root task makes a memory object and lends a child a capability derived
 * from its own. The child's copy is in turn derived from the lent one, so the
 * kernel knows the whole family tree. The child reads the object, then calls
 * the root task over a channel; while the child waits for the reply, the root
 * task revokes the lent capability. The revocation reaches into the child's
 * capability space: its next read fails with InvalidCapability. The root
 * task's own capability, the parent of the lent one, is untouched. */
#define DEMO_WHO "[root]     "
#include "../common/demo.h"
#include "printf.h"

CX_CHILD(borrower);

static const char book[] = "a book the root task lends out";

int main(void)
{
    cx_cap_t console = cx_start_caps[0], pool = cx_start_caps[1];
    cx_cap_t mine = must(cx_capability_create(CX_OBJ_MEMORY, CX_PAGE_SIZE, CX_RIGHTS_ALL, pool),
                         "capability_create");
    must(cx_write(mine, book, sizeof book, 0), "write");
    say("made a memory object holding \"%s\"\n", book);
    cx_cap_t lent = must(cx_capability_derive(mine, CX_RIGHT_READ | CX_RIGHT_GRANT),
                         "capability_derive");
    cx_cap_t say_only = must(cx_capability_derive(console, CX_RIGHT_WRITE | CX_RIGHT_GRANT),
                             "capability_derive");
    say("derived a READ capability from mine to lend out\n");

    /* A channel so the child can tell the root task it has used the capability. */
    struct cx_ipc_endpoint_create_result root_ep, child_ep;
    must(cx_ipc_endpoint_create(&root_ep), "ipc_endpoint_create");
    must(cx_ipc_endpoint_create(&child_ep), "ipc_endpoint_create");
    cx_channel_t channel = must(cx_ipc_channel_create(child_ep.endpoint_id, root_ep.endpoint_id,
                                                      child_ep.capability, root_ep.capability),
                                "ipc_channel_create");
    cx_cap_t call_only = must(cx_capability_derive(child_ep.capability,
                                                   CX_RIGHT_WRITE | CX_RIGHT_GRANT),
                              "capability_derive");

    char ch_arg[24];
    ksnprintf(ch_arg, sizeof ch_arg, "%lu", (unsigned long)channel);
    const char *argv[] = { "borrower", ch_arg };
    const cx_cap_t caps[] = { say_only, lent, call_only };
    cx_pid_t child = spawn(borrower, argv, 2, caps, 3);
    say("started the borrower (process %lu) with the lent capability\n", (unsigned long)child);

    char msg[64];
    struct cx_ipc_receive_result in;
    must(cx_ipc_receive(root_ep.endpoint_id, msg, sizeof msg, CX_TIMEOUT_INFINITE,
                        root_ep.capability, &in), "ipc_receive");
    say("process %lu says: \"%.*s\"\n", (unsigned long)in.sender, (int)in.message_len, msg);

    must(cx_capability_revoke(lent), "capability_revoke");
    say("revoked the lent capability: it and everything derived from it, in every\n"
        "           process, is gone (lent one now: %s)\n",
        cx_strerror(cx_capability_validate(lent, CX_RIGHTS_NONE)));
    static const char done[] = "I have taken it back";
    must(cx_ipc_reply(in.reply_token, done, sizeof done - 1, CX_CAP_NULL), "ipc_reply");

    int ok = wait_child("borrower", child);
    char text[sizeof book];
    uint64_t r = cx_read(mine, text, sizeof text, 0);
    say("my own capability, the parent, still reads: %s -> \"%s\"\n", cx_strerror(r),
        CX_IS_ERR(r) ? "" : text);
    ok &= !CX_IS_ERR(r);
    say("%s\n", ok ? "demo-revoke done: revoking took the capability back from the child."
                   : "demo-revoke FAILED");
    return ok ? 0 : 1;
}
