/* demo-echo's server: receives requests on the endpoint whose id is argv[1],
 * through the receive-only capability cx_start_caps[1], and answers each with
 * the request upper-cased. The request "bye" is the last one. */
#define DEMO_WHO "[server] "
#include "../../common/demo.h"
#include "string.h"

int main(int argc, char **argv)
{
    if (argc < 2 || cx_start_ncaps < 2)
        return 2;
    cx_endpoint_t endpoint = cx_arg_u64(argv[1]);
    cx_cap_t receive = cx_start_caps[1];
    say("waiting on endpoint %lu\n", (unsigned long)endpoint);

    /* READ lets it receive; without WRITE it could not send on this endpoint. */
    uint64_t r = cx_capability_validate(receive, CX_RIGHT_WRITE);
    say("can I send with my endpoint capability? %s\n", cx_strerror(r));

    char msg[CX_IPC_MSG_MAX];
    for (;;) {
        struct cx_ipc_receive_result in;
        r = cx_ipc_receive(endpoint, msg, sizeof msg, CX_TIMEOUT_INFINITE, receive, &in);
        if (CX_IS_ERR(r)) {
            say("receive failed: %s\n", cx_strerror(r));
            return 1;
        }
        /* The sender id is filled in by the kernel: a client cannot fake it. */
        say("request from process %lu: \"%.*s\"\n", (unsigned long)in.sender,
            (int)in.message_len, msg);
        int last = in.message_len == 3 && memcmp(msg, "bye", 3) == 0;
        for (size_t i = 0; i < in.message_len; i++)
            if (msg[i] >= 'a' && msg[i] <= 'z')
                msg[i] = (char)(msg[i] - 'a' + 'A');
        r = cx_ipc_reply(in.reply_token, msg, in.message_len, CX_CAP_NULL);
        if (CX_IS_ERR(r)) {
            say("reply failed: %s\n", cx_strerror(r));
            return 1;
        }
        if (last) {
            say("that was goodbye; exiting\n");
            return 0;
        }
    }
}
