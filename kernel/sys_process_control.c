/* Process control: the calls a personality server (or a debugger) uses on
   other processes, named by process capabilities. */
#include "gen/syscall_handlers.h"
#include "current.h"
#include "process_cap.h"

#define ERR(code) CX_MKERR(CX_ERR_##code)

uint64_t process_cap_lookup(cx_cap_t cap, uint32_t rights, struct process **out)
{
    struct cap_slot *s;
    uint64_t err = cspace_lookup(current_cspace(), cap, CX_OBJ_PROCESS, rights, &s);
    if (err)
        return err;
    *out = (struct process *)s->obj;
    return 0;
}

uint64_t process_cap_lookup_live(cx_cap_t cap, uint32_t rights, struct process **out)
{
    uint64_t err = process_cap_lookup(cap, rights, out);
    if (err)
        return err;
    return (*out)->state == PROCESS_EXITED || (*out)->dying ? ERR(NOT_FOUND) : 0;
}

uint64_t sys_process_capability(cx_pid_t process_id, cx_rights_t rights)
{
    if (rights & ~CX_RIGHTS_ALL)
        return ERR(INVALID_PARAMETER);
    struct process *p = process_find(process_id);
    if (!p)
        return ERR(NOT_FOUND);
    if (p->parent != current_process())
        return ERR(PERMISSION_DENIED);
    cx_cap_t c = cspace_insert(current_cspace(), &p->obj, rights);
    return c ? c : ERR(RESOURCE_EXHAUSTED);
}

/* --- not yet implemented (being written in parallel; see issue 4) --- */

uint64_t sys_process_set_personality(cx_cap_t process_cap, cx_cap_t endpoint_cap)
{ (void)process_cap; (void)endpoint_cap; return ERR(NOT_SUPPORTED); }
uint64_t sys_process_kill(cx_cap_t process_cap, int64_t code)
{ (void)process_cap; (void)code; return ERR(NOT_SUPPORTED); }
uint64_t sys_process_create_env(user_addr_t binary, size_t binary_len, user_addr_t args,
                                size_t args_len, user_addr_t env, size_t env_len,
                                user_addr_t capabilities, size_t cap_count)
{ (void)binary; (void)binary_len; (void)args; (void)args_len; (void)env; (void)env_len; (void)capabilities; (void)cap_count; return ERR(NOT_SUPPORTED); }
uint64_t sys_thread_get_regs(cx_cap_t process_cap, cx_tid_t thread_id, user_addr_t regs)
{ (void)process_cap; (void)thread_id; (void)regs; return ERR(NOT_SUPPORTED); }
uint64_t sys_thread_set_regs(cx_cap_t process_cap, cx_tid_t thread_id, user_addr_t regs)
{ (void)process_cap; (void)thread_id; (void)regs; return ERR(NOT_SUPPORTED); }
uint64_t sys_thread_spawn(cx_cap_t process_cap, user_addr_t regs)
{ (void)process_cap; (void)regs; return ERR(NOT_SUPPORTED); }
uint64_t sys_thread_interrupt(cx_cap_t process_cap, cx_tid_t thread_id)
{ (void)process_cap; (void)thread_id; return ERR(NOT_SUPPORTED); }
