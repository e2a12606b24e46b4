/* Object identity and the registry of live objects: a fixed hash table of
   intrusive chains, so finding, adding and removing an object is O(1) while
   the number of objects stays within a small multiple of the bucket count. */
#include "object.h"

#define REGISTRY_BUCKETS 256 /* a power of two; chains simply grow when objects outnumber it */

static uint64_t next_object_id = 1;
static unsigned live_objects;
static struct kobject *registry[REGISTRY_BUCKETS];

static struct kobject **bucket(uint32_t type, uint64_t id)
{
    uint64_t h = (id ^ ((uint64_t)type << 56)) * 0x9E3779B97F4A7C15ull;
    return &registry[h >> 56 & (REGISTRY_BUCKETS - 1)];
}

void kobject_init_unlisted(struct kobject *o, uint32_t type, void (*destroy)(struct kobject *o))
{
    o->type = type;
    o->refs = 1;
    o->ncaps = 0;
    o->id = next_object_id++;
    o->destroy = destroy;
    o->caps_gone = 0;
    o->owner = 0;
    o->registry_next = 0;
    o->registered = 0;
    live_objects++;
}

void kobject_init(struct kobject *o, uint32_t type, void (*destroy)(struct kobject *o))
{
    kobject_init_unlisted(o, type, destroy);
    struct kobject **b = bucket(type, o->id);
    o->registry_next = *b;
    *b = o;
    o->registered = 1;
}

unsigned kobject_live(void) { return live_objects; }

struct kobject *object_find(uint32_t type, uint64_t id)
{
    for (struct kobject *o = *bucket(type, id); o; o = o->registry_next)
        if (o->type == type && o->id == id)
            return o;
    return 0;
}

void kobject_release(struct kobject *o)
{
    for (struct kobject **pp = bucket(o->type, o->id); o->registered && *pp; pp = &(*pp)->registry_next)
        if (*pp == o) {
            *pp = o->registry_next;
            break;
        }
    live_objects--;
    if (o->destroy)
        o->destroy(o);
}
