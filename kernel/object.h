/* Kernel objects: everything a capability can name. Each kind lives in its
   own file and embeds struct kobject first. */
#ifndef KERNEL_OBJECT_H
#define KERNEL_OBJECT_H

#include <stdint.h>

struct kobject {
    uint32_t type;     /* CX_OBJ_* */
    uint32_t refs;     /* capabilities and kernel references; freed at zero */
    void (*destroy)(struct kobject *o);
};

static inline struct kobject *kobject_get(struct kobject *o)
{
    o->refs++;
    return o;
}

static inline void kobject_put(struct kobject *o)
{
    if (--o->refs == 0 && o->destroy)
        o->destroy(o);
}

#endif
