/* Kernel objects: everything a capability can name. Each kind lives in its
   own file and embeds struct kobject first. Live objects are kept in a
   registry keyed by (type, id) so capability_create can find them. */
#ifndef KERNEL_OBJECT_H
#define KERNEL_OBJECT_H

#include <stdint.h>

struct kobject {
    uint32_t type;     /* CX_OBJ_* */
    uint32_t refs;     /* capabilities and kernel references; destroyed at zero */
    uint32_t ncaps;    /* capabilities naming it, in all capability spaces */
    uint64_t id;       /* unique for the kernel's lifetime (cx_objid_t) */
    void (*destroy)(struct kobject *o);
    /* Optional: the last capability naming the object is gone (revoked, or its
       holder died), though kernel references may remain. Objects that others
       wait on use this to wake the waiters with an error. */
    void (*caps_gone)(struct kobject *o);
    /* Optional: the process object that owns this one (a thread's process).
       A capability for the owner covers it in capability_create. */
    struct kobject *owner;
    struct kobject *registry_next; /* chain in the registry's hash bucket */
    uint8_t registered;            /* findable by (type, id); see kobject_init_unlisted */
};

/* Sets type, one reference (the caller's), a fresh id and the destructor, and
   registers the object so object_find sees it until it is destroyed. */
/* Objects alive now, for leak checks. */
unsigned kobject_live(void);

void kobject_init(struct kobject *o, uint32_t type, void (*destroy)(struct kobject *o));
/* The same for objects nobody may look up by id (reply objects): they skip the
   registry, which keeps the IPC call path short. Still counted as live. */
void kobject_init_unlisted(struct kobject *o, uint32_t type, void (*destroy)(struct kobject *o));

/* The live object of that type and id, or NULL. Takes no reference. */
struct kobject *object_find(uint32_t type, uint64_t id);

/* The last reference is gone: unregister, then destroy. Objects must always
   die through kobject_put, never be freed behind the registry's back. */
void kobject_release(struct kobject *o);

static inline struct kobject *kobject_get(struct kobject *o)
{
    o->refs++;
    return o;
}

static inline void kobject_put(struct kobject *o)
{
    if (--o->refs == 0)
        kobject_release(o);
}

#endif
