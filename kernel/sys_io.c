/* read and write on capability-protected objects. */
#include "gen/syscall_handlers.h"
#include "current.h"
#include "console.h"
#include "memobj.h"

uint64_t sys_write(cx_cap_t capability, user_addr_t buffer, size_t count, uint64_t offset)
{
    struct cap_slot *s;
    uint64_t err = cspace_lookup(current_cspace(), capability, 0, CX_RIGHT_WRITE, &s);
    if (err)
        return err;
    switch (s->obj->type) {
    case CX_OBJ_CONSOLE:
        if (offset)
            return CX_MKERR(CX_ERR_INVALID_PARAMETER); /* a stream has no offsets */
        return console_write_user(s->obj, current_vm(), buffer, count);
    case CX_OBJ_MEMORY:
        return memobj_write_user(memobj_of(s->obj), current_vm(), buffer, count, offset);
    default:
        return CX_MKERR(CX_ERR_NOT_SUPPORTED);
    }
}

uint64_t sys_read(cx_cap_t capability, user_addr_t buffer, size_t count, uint64_t offset)
{
    struct cap_slot *s;
    uint64_t err = cspace_lookup(current_cspace(), capability, 0, CX_RIGHT_READ, &s);
    if (err)
        return err;
    switch (s->obj->type) {
    case CX_OBJ_CONSOLE:
        if (offset)
            return CX_MKERR(CX_ERR_INVALID_PARAMETER);
        return console_read_user(s->obj, current_vm(), buffer, count);
    case CX_OBJ_MEMORY:
        return memobj_read_user(memobj_of(s->obj), current_vm(), buffer, count, offset);
    default:
        return CX_MKERR(CX_ERR_NOT_SUPPORTED);
    }
}
