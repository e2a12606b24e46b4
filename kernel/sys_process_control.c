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

uint64_t sys_process_fork(cx_cap_t process_cap, user_addr_t regs, struct cx_process_fork_result *out)
{ (void)process_cap; (void)regs; (void)out; return ERR(NOT_SUPPORTED); }
uint64_t sys_process_vm_read(cx_cap_t process_cap, cx_uaddr_t addr, user_addr_t buffer, size_t length)
{ (void)process_cap; (void)addr; (void)buffer; (void)length; return ERR(NOT_SUPPORTED); }
uint64_t sys_process_vm_write(cx_cap_t process_cap, cx_uaddr_t addr, user_addr_t buffer, size_t length)
{ (void)process_cap; (void)addr; (void)buffer; (void)length; return ERR(NOT_SUPPORTED); }
uint64_t sys_process_vm_map(cx_cap_t process_cap, cx_uaddr_t addr, size_t length, cx_prot_t prot,
                            cx_mapflags_t flags, cx_cap_t capability, size_t offset)
{ (void)process_cap; (void)addr; (void)length; (void)prot; (void)flags; (void)capability; (void)offset; return ERR(NOT_SUPPORTED); }
uint64_t sys_process_vm_unmap(cx_cap_t process_cap, cx_uaddr_t addr, size_t length)
{ (void)process_cap; (void)addr; (void)length; return ERR(NOT_SUPPORTED); }
uint64_t sys_process_vm_protect(cx_cap_t process_cap, cx_uaddr_t addr, size_t length, cx_prot_t prot)
{ (void)process_cap; (void)addr; (void)length; (void)prot; return ERR(NOT_SUPPORTED); }
