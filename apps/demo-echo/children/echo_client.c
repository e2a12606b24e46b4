/* demo-echo's client: calls the echo service over the channel whose id is
 * argv[1], through the call-only capability cx_start_caps[1], and prints the
 * replies. */
#define DEMO_WHO "[client] "
#include "../../common/demo.h"
#include "string.h"

int main(int argc, char **argv)
{
    if (argc < 2 || cx_start_ncaps < 2)
        return 2;
    cx_channel_t channel = cx_arg_u64(argv[1]);
    cx_cap_t call = cx_start_caps[1];

    /* WRITE lets it send and call; without READ it cannot receive here. */
    uint64_t r = cx_capability_validate(call, CX_RIGHT_READ);
    say("can I receive with my endpoint capability? %s\n", cx_strerror(r));

    static const char *const requests[] = { "hello, capabilities", "echo me", "bye" };
    for (size_t i = 0; i < sizeof requests / sizeof requests[0]; i++) {
        char reply[64];
        struct cx_ipc_call_result res;
        say("calling on channel %lu: \"%s\"\n", (unsigned long)channel, requests[i]);
        r = cx_ipc_call(channel, requests[i], strlen(requests[i]), reply, sizeof reply,
                        CX_TIMEOUT_INFINITE, CX_CAP_NULL, call, &res);
        if (CX_IS_ERR(r)) {
            say("call failed: %s\n", cx_strerror(r));
            return 1;
        }
        say("reply: \"%.*s\"\n", (int)res.response_len, reply);
    }
    return 0;
}
