/* Capability checks. */
#include "gen/syscall_handlers.h"
#include "current.h"
#include "memobj.h"

uint64_t sys_capability_validate(cx_cap_t capability, cx_rights_t required_rights)
{
    if (required_rights & ~CX_RIGHTS_ALL)
        return CX_MKERR(CX_ERR_INVALID_PARAMETER);
    struct cap_slot *s;
    return cspace_lookup(current_cspace(), capability, 0, required_rights, &s);
}

/* Not implemented yet (issue 3): answers NotSupported so "missing" differs from "refused". */
#define NOT_YET return CX_MKERR(CX_ERR_NOT_SUPPORTED)

uint64_t sys_capability_create(cx_objtype_t object_type, cx_objid_t object_id, cx_rights_t rights,
                               cx_cap_t parent_capability)
{
    /* A new memory object from the memory pool: object_id is its size in bytes (kernel/memobj.h). */
    struct cap_slot *pool;
    if (object_type == CX_OBJ_MEMORY &&
        cspace_lookup(current_cspace(), parent_capability, CX_OBJ_MEMORY, 0, &pool) == 0 &&
        memobj_is_pool(pool->obj)) {
        if (rights & ~CX_RIGHTS_ALL)
            return CX_MKERR(CX_ERR_INVALID_PARAMETER);
        if (!(pool->rights & CX_RIGHT_DERIVE) || (rights & ~pool->rights))
            return CX_MKERR(CX_ERR_PERMISSION_DENIED);
        cx_cap_t c;
        uint64_t err = memobj_create_from_pool(pool->obj, object_id, rights, &c);
        return err ? err : c;
    }
    (void)object_type, (void)object_id, (void)rights, (void)parent_capability;
    NOT_YET;
}

uint64_t sys_capability_derive(cx_cap_t parent, cx_rights_t new_rights)
{
    (void)parent, (void)new_rights;
    NOT_YET;
}

uint64_t sys_capability_revoke(cx_cap_t capability) { (void)capability; NOT_YET; }
