/* Capability syscalls: validate, derive, create, revoke. The derivation tree
   itself lives in cspace.c; these handlers check arguments and authority. */
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

uint64_t sys_capability_derive(cx_cap_t parent, cx_rights_t new_rights)
{
    if (new_rights & ~CX_RIGHTS_ALL)
        return CX_MKERR(CX_ERR_INVALID_PARAMETER);
    struct cspace *cs = current_cspace();
    struct cap_slot *p;
    uint64_t err = cspace_lookup(cs, parent, 0, CX_RIGHT_DERIVE, &p);
    if (err)
        return err;
    if (new_rights & ~p->rights)
        return CX_MKERR(CX_ERR_PERMISSION_DENIED); /* derive only ever shrinks */
    cx_cap_t c = cspace_derive(cs, p, p->obj, new_rights);
    return c ? c : CX_MKERR(CX_ERR_RESOURCE_EXHAUSTED);
}

/* Objects that manufacture new objects through capability_create: there the
   parent names the factory and object_id is a parameter (e.g. a memory pool
   making a memory object of object_id bytes), not an existing object's id.
   To add one: a case here answering whether the parent is such a factory for
   that type, and its call in factory_create. None exist yet. */
static int is_factory(const struct kobject *parent, uint32_t type)
{
    switch (parent->type) {
    case CX_OBJ_MEMORY: /* the memory pool makes memory objects; object_id is the size in bytes */
        return type == CX_OBJ_MEMORY && memobj_is_pool(parent);
    default:
        return 0;
    }
}

static uint64_t factory_create(struct cap_slot *parent, uint32_t type, uint64_t id,
                               uint32_t rights)
{
    (void)type;
    cx_cap_t c;
    uint64_t err;
    switch (parent->obj->type) {
    case CX_OBJ_MEMORY:
        err = memobj_create_from_pool(parent, id, rights, &c);
        return err ? err : c;
    default:
        return CX_MKERR(CX_ERR_NOT_SUPPORTED);
    }
}

/* A capability covers an object when it names it, or names the process that
   owns it (a process capability covers its threads). */
static int covers(const struct kobject *cap_obj, const struct kobject *o)
{
    return cap_obj == o || (o->owner && cap_obj == o->owner);
}

uint64_t sys_capability_create(cx_objtype_t object_type, cx_objid_t object_id, cx_rights_t rights,
                               cx_cap_t parent_capability)
{
    if (object_type < CX_OBJ_CONSOLE || object_type > CX_OBJ_REPLY || (rights & ~CX_RIGHTS_ALL))
        return CX_MKERR(CX_ERR_INVALID_PARAMETER);
    struct cspace *cs = current_cspace();
    struct cap_slot *p;
    uint64_t err = cspace_lookup(cs, parent_capability, 0, CX_RIGHT_DERIVE, &p);
    if (err)
        return err;
    if (rights & ~p->rights)
        return CX_MKERR(CX_ERR_PERMISSION_DENIED);
    if (is_factory(p->obj, object_type))
        return factory_create(p, object_type, object_id, rights);
    struct kobject *o = object_find(object_type, object_id);
    if (!o)
        return CX_MKERR(CX_ERR_NOT_FOUND);
    if (!covers(p->obj, o))
        return CX_MKERR(CX_ERR_PERMISSION_DENIED);
    cx_cap_t c = cspace_derive(cs, p, o, rights);
    return c ? c : CX_MKERR(CX_ERR_RESOURCE_EXHAUSTED);
}

uint64_t sys_capability_revoke(cx_cap_t capability)
{
    return cspace_revoke(current_cspace(), capability);
}
