/* Native syscalls of the seed's table that the kernel does not implement yet
   (issue 3: the native capability kernel). Each answers NotSupported so a
   program can tell "missing" from "refused"; this file shrinks as they land. */
#include "gen/syscall_handlers.h"

#define NOT_YET return CX_MKERR(CX_ERR_NOT_SUPPORTED)

uint64_t sys_process_create(user_addr_t binary, size_t binary_len, user_addr_t args,
                            size_t args_len, user_addr_t capabilities, size_t cap_count)
{
    (void)binary, (void)binary_len, (void)args, (void)args_len, (void)capabilities, (void)cap_count;
    NOT_YET;
}

uint64_t sys_process_start(cx_pid_t process_id) { (void)process_id; NOT_YET; }

uint64_t sys_process_wait(cx_pid_t process_id, uint64_t timeout_ns, struct cx_exit_info *out)
{
    (void)process_id, (void)timeout_ns, (void)out;
    NOT_YET;
}

uint64_t sys_thread_create(cx_uaddr_t entry_point, user_addr_t stack_base, size_t stack_size,
                           uint64_t arg)
{
    (void)entry_point, (void)stack_base, (void)stack_size, (void)arg;
    NOT_YET;
}

uint64_t sys_thread_join(cx_tid_t thread_id, uint64_t timeout_ns)
{
    (void)thread_id, (void)timeout_ns;
    NOT_YET;
}

uint64_t sys_mmap(user_addr_t addr, size_t length, cx_prot_t prot, cx_mapflags_t flags,
                  cx_cap_t capability, size_t offset)
{
    (void)addr, (void)length, (void)prot, (void)flags, (void)capability, (void)offset;
    NOT_YET;
}

uint64_t sys_munmap(user_addr_t addr, size_t length) { (void)addr, (void)length; NOT_YET; }

uint64_t sys_mprotect(user_addr_t addr, size_t length, cx_prot_t prot)
{
    (void)addr, (void)length, (void)prot;
    NOT_YET;
}

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

uint64_t sys_capability_create(cx_objtype_t object_type, cx_objid_t object_id, cx_rights_t rights,
                               cx_cap_t parent_capability)
{
    (void)object_type, (void)object_id, (void)rights, (void)parent_capability;
    NOT_YET;
}

uint64_t sys_capability_derive(cx_cap_t parent, cx_rights_t new_rights)
{
    (void)parent, (void)new_rights;
    NOT_YET;
}

uint64_t sys_capability_revoke(cx_cap_t capability) { (void)capability; NOT_YET; }
