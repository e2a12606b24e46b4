/* demo-revoke's child: reads the memory object through the lent capability
 * cx_start_caps[1], tells the root task over the channel argv[1] (with the
 * call capability cx_start_caps[2]) and, once answered, tries again. Exits 0
 * when the first read worked and the second was InvalidCapability. */
#define DEMO_WHO "[borrower] "
#include "../../common/demo.h"

int main(int argc, char **argv)
{
    if (argc < 2 || cx_start_ncaps < 3)
        return 2;
    cx_cap_t borrowed = cx_start_caps[1], call = cx_start_caps[2];
    cx_channel_t channel = cx_arg_u64(argv[1]);

    char text[64] = { 0 };
    uint64_t first = cx_read(borrowed, text, sizeof text - 1, 0);
    say("read through the borrowed capability: %s -> \"%s\"\n", cx_strerror(first), text);

    static const char used[] = "I have read it";
    char reply[64];
    struct cx_ipc_call_result res;
    uint64_t r = cx_ipc_call(channel, used, sizeof used - 1, reply, sizeof reply,
                             CX_TIMEOUT_INFINITE, CX_CAP_NULL, call, &res);
    if (CX_IS_ERR(r)) {
        say("call failed: %s\n", cx_strerror(r));
        return 1;
    }
    say("the root task answered: \"%.*s\"\n", (int)res.response_len, reply);

    uint64_t second = cx_read(borrowed, text, sizeof text - 1, 0);
    say("read again through the same token: %s\n", cx_strerror(second));
    say("is the token still valid? %s\n",
        cx_strerror(cx_capability_validate(borrowed, CX_RIGHTS_NONE)));
    return !CX_IS_ERR(first) && second == CX_MKERR(CX_ERR_INVALID_CAPABILITY) ? 0 : 1;
}
