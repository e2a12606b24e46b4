/* demo-echo: a service and its client meet through a capability the root
 * task hands out.
 *
 * The root task makes two endpoints (one for the server, one for the client)
 * and a channel between them. It starts the echo server with a capability
 * that can only RECEIVE on the server's endpoint, and the client with one
 * that can only SEND (call) from the client's endpoint. Neither child can do
 * anything else: it holds nothing else, apart from a write-only console to
 * narrate with. */
#define DEMO_WHO "[root]   "
#include "../common/demo.h"
#include "printf.h"

CX_CHILD(echo_server);
CX_CHILD(echo_client);

int main(void)
{
    cx_cap_t console = cx_start_caps[0];
    say("I am the root task. The kernel gave me %lu capabilities: the console and the\n"
        "         memory pool. Everything in this demo is made from what I hold.\n",
        (unsigned long)cx_start_ncaps);

    struct cx_ipc_endpoint_create_result server_ep, client_ep;
    must(cx_ipc_endpoint_create(&server_ep), "ipc_endpoint_create");
    must(cx_ipc_endpoint_create(&client_ep), "ipc_endpoint_create");
    cx_channel_t channel = must(cx_ipc_channel_create(client_ep.endpoint_id, server_ep.endpoint_id,
                                                      client_ep.capability, server_ep.capability),
                                "ipc_channel_create");
    say("made endpoint %lu (server side), endpoint %lu (client side) and channel %lu\n",
        (unsigned long)server_ep.endpoint_id, (unsigned long)client_ep.endpoint_id,
        (unsigned long)channel);

    /* Each child gets exactly the rights its job needs. GRANT is there only
       because process_create needs it to hand a capability over. */
    cx_cap_t say_only = must(cx_capability_derive(console, CX_RIGHT_WRITE | CX_RIGHT_GRANT),
                             "capability_derive");
    cx_cap_t receive_only = must(cx_capability_derive(server_ep.capability,
                                                      CX_RIGHT_READ | CX_RIGHT_GRANT),
                                 "capability_derive");
    cx_cap_t call_only = must(cx_capability_derive(client_ep.capability,
                                                   CX_RIGHT_WRITE | CX_RIGHT_GRANT),
                              "capability_derive");
    say("derived: console WRITE-only, server endpoint READ-only (receive),\n"
        "         client endpoint WRITE-only (send and call)\n");

    /* Ids are plain numbers, not authority: they travel as argument strings. */
    char ep_arg[24], ch_arg[24];
    ksnprintf(ep_arg, sizeof ep_arg, "%lu", (unsigned long)server_ep.endpoint_id);
    ksnprintf(ch_arg, sizeof ch_arg, "%lu", (unsigned long)channel);

    const char *server_argv[] = { "echo_server", ep_arg };
    const cx_cap_t server_caps[] = { say_only, receive_only };
    cx_pid_t server = spawn(echo_server, server_argv, 2, server_caps, 2);
    say("started the echo server as process %lu with 2 capabilities\n", (unsigned long)server);

    const char *client_argv[] = { "echo_client", ch_arg };
    const cx_cap_t client_caps[] = { say_only, call_only };
    cx_pid_t client = spawn(echo_client, client_argv, 2, client_caps, 2);
    say("started the client as process %lu with 2 capabilities\n", (unsigned long)client);

    int ok = wait_child("client", client);
    ok &= wait_child("server", server);
    say("%s\n", ok ? "demo-echo done: the two met only through the capabilities I handed out."
                   : "demo-echo FAILED");
    return ok ? 0 : 1;
}
