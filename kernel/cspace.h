/* Capability spaces: each process's table of capabilities. A token names a
   slot and the slot's generation, so a stale or forged token never reaches
   another object: it fails the generation check. */
#ifndef KERNEL_CSPACE_H
#define KERNEL_CSPACE_H

#include <stdint.h>
#include <calyx/abi.h>
#include "object.h"

#define CSPACE_SLOTS 1024 /* capabilities one process can hold; more is ResourceExhausted */

struct cap_slot {
    struct kobject *obj;  /* NULL when free */
    uint32_t rights;      /* CX_RIGHT_* */
    uint32_t gen;         /* bumped whenever the slot is emptied */
};

struct cspace {
    struct cap_slot slots[CSPACE_SLOTS]; /* slot 0 is never used: token 0 is "no capability" */
    unsigned used;
};

struct cspace *cspace_create(void);
void cspace_destroy(struct cspace *cs);

/* Returns the new token, or 0 when the space is full. Takes a reference on obj. */
cx_cap_t cspace_insert(struct cspace *cs, struct kobject *obj, uint32_t rights);
/* 0 and the slot, or a CX error: InvalidCapability (bad token, wrong type),
   PermissionDenied (missing rights). type 0 accepts any object. */
uint64_t cspace_lookup(struct cspace *cs, cx_cap_t token, uint32_t type, uint32_t rights,
                       struct cap_slot **out);
void cspace_remove(struct cspace *cs, cx_cap_t token);
/* Give the capability behind token in `from` to `to` (needs CX_RIGHT_GRANT):
   copied, or moved when move is set. 0 and *out, or a CX error. */
uint64_t cspace_transfer(struct cspace *from, cx_cap_t token, struct cspace *to, int move,
                         cx_cap_t *out);

#endif
