/* IPC syscalls: endpoints, channels, send, receive, call, reply. */
#include "gen/syscall_handlers.h"

/* Not implemented yet (issue 3): answers NotSupported so "missing" differs from "refused". */
#define NOT_YET return CX_MKERR(CX_ERR_NOT_SUPPORTED)

uint64_t sys_ipc_endpoint_create(struct cx_ipc_endpoint_create_result *out) { (void)out; NOT_YET; }

uint64_t sys_ipc_channel_create(cx_endpoint_t endpoint1, cx_endpoint_t endpoint2, cx_cap_t cap1,
                                cx_cap_t cap2)
{
    (void)endpoint1, (void)endpoint2, (void)cap1, (void)cap2;
    NOT_YET;
}

uint64_t sys_ipc_send(cx_channel_t channel_id, user_addr_t message, size_t message_len,
                      cx_cap_t capability, cx_cap_t channel_cap)
{
    (void)channel_id, (void)message, (void)message_len, (void)capability, (void)channel_cap;
    NOT_YET;
}

uint64_t sys_ipc_receive(cx_endpoint_t endpoint_id, user_addr_t buffer, size_t buffer_len,
                         uint64_t timeout_ns, cx_cap_t endpoint_cap,
                         struct cx_ipc_receive_result *out)
{
    (void)endpoint_id, (void)buffer, (void)buffer_len, (void)timeout_ns, (void)endpoint_cap, (void)out;
    NOT_YET;
}

uint64_t sys_ipc_call(cx_channel_t channel_id, user_addr_t request, size_t request_len,
                      user_addr_t response, size_t response_len, uint64_t timeout_ns,
                      cx_cap_t capability, cx_cap_t channel_cap, struct cx_ipc_call_result *out)
{
    (void)channel_id, (void)request, (void)request_len, (void)response, (void)response_len;
    (void)timeout_ns, (void)capability, (void)channel_cap, (void)out;
    NOT_YET;
}

uint64_t sys_ipc_reply(cx_reply_t reply_token, user_addr_t response, size_t response_len,
                       cx_cap_t capability)
{
    (void)reply_token, (void)response, (void)response_len, (void)capability;
    NOT_YET;
}
