/* Capability checks. */
#include "gen/syscall_handlers.h"
#include "current.h"

uint64_t sys_capability_validate(cx_cap_t capability, cx_rights_t required_rights)
{
    if (required_rights & ~CX_RIGHTS_ALL)
        return CX_MKERR(CX_ERR_INVALID_PARAMETER);
    struct cap_slot *s;
    return cspace_lookup(current_cspace(), capability, 0, required_rights, &s);
}
