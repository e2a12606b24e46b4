/* mixed-upper's native service: receives requests on the endpoint whose id
 * is argv[1], through the receive-only capability cx_start_caps[0], and
 * answers each with the request upper-cased and its length. "bye" ends it. */
#include <calyx/native.h>
#include <calyx/child.h>
#include "printf.h"
#include "string.h"

int main(int argc, char **argv)
{
    if (argc < 2 || cx_start_ncaps < 1)
        return 2;
    cx_endpoint_t endpoint = cx_arg_u64(argv[1]);
    cx_cap_t receive = cx_start_caps[0];
    char msg[CX_IPC_MSG_MAX], answer[CX_IPC_MSG_MAX];
    for (unsigned served = 0;; served++) {
        struct cx_ipc_receive_result in;
        uint64_t r = cx_ipc_receive(endpoint, msg, sizeof msg - 1, CX_TIMEOUT_INFINITE, receive, &in);
        if (CX_IS_ERR(r))
            return 1;
        if (in.message_len == 3 && memcmp(msg, "bye", 3) == 0) {
            int n = ksnprintf(answer, sizeof answer, "served %u request(s), goodbye", served);
            cx_ipc_reply(in.reply_token, answer, (size_t)n, CX_CAP_NULL);
            return 0;
        }
        for (size_t i = 0; i < in.message_len; i++)
            msg[i] = msg[i] >= 'a' && msg[i] <= 'z' ? (char)(msg[i] - 'a' + 'A') : msg[i];
        int n = ksnprintf(answer, sizeof answer, "%.*s (%lu bytes)", (int)in.message_len, msg,
                          (unsigned long)in.message_len);
        if (CX_IS_ERR(cx_ipc_reply(in.reply_token, answer, (size_t)n, CX_CAP_NULL)))
            return 1;
    }
}
