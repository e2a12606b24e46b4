/* Object identity. */
#include "object.h"

static uint64_t next_object_id = 1;

void kobject_init(struct kobject *o, uint32_t type, void (*destroy)(struct kobject *o))
{
    o->type = type;
    o->refs = 1;
    o->ncaps = 0;
    o->id = next_object_id++;
    o->destroy = destroy;
    o->caps_gone = 0;
}
