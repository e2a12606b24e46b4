/* Capability spaces: each process's table of capabilities. A token names a
   slot and the slot's generation, so a stale or forged token never reaches
   another object: it fails the generation check.

   The capability derivation tree (CDT) links the slots of all capability
   spaces: every capability records the one it was made from (its parent) and
   those made from it (its children). Revoking a capability removes it and its
   whole subtree, in every space, in time proportional to what is removed.
   - cspace_insert makes a root: what the kernel grants (at boot, the caps a
     new process is given when they are created for it).
   - cspace_derive makes a child of an existing capability (capability_derive,
     capability_create, a copy handed to another process).
   - cspace_transfer copies (the copy is a child of the source) or moves (the
     new slot takes the source's place in the tree, children included).
   - cspace_remove deletes one capability (its holder dropped it or died): its
     children are re-parented to its parent, so they survive, yet revoking an
     ancestor still reaches them. cspace_revoke deletes the whole subtree. */
#ifndef KERNEL_CSPACE_H
#define KERNEL_CSPACE_H

#include <stdint.h>
#include <calyx/abi.h>
#include "object.h"

/* A space grows a chunk of CSPACE_CHUNK slots at a time, as its free slots
   run out, up to CSPACE_SLOTS_MAX slots (slot 0 is never used, so 65535
   capabilities fit; one more is ResourceExhausted, as is a chunk that no
   memory can be had for). Chunks never move: a slot's address is stable. */
#define CSPACE_CHUNK 64
#define CSPACE_SLOTS_MAX 65536
_Static_assert(CSPACE_SLOTS_MAX - 1 == CX_CAPABILITIES_MAX, "the ABI's limit is the space's");

struct cspace;

struct cap_slot {
    struct kobject *obj;       /* NULL when free */
    uint32_t rights;           /* CX_RIGHT_* */
    uint32_t gen;              /* bumped whenever the slot is emptied */
    struct cspace *cs;         /* the space this slot belongs to */
    /* Derivation tree links (only while obj is set). A free slot uses
       next_sibling as its link in the space's free list; a slot on its way
       out of a revoke keeps its object in doomed_obj until it is released. */
    union {
        struct cap_slot *parent;  /* NULL for a root */
        struct kobject *doomed_obj;
    };
    struct cap_slot *first_child;
    struct cap_slot *next_sibling;
    struct cap_slot *prev_sibling;
    uint32_t index;            /* its place in the space (a token's low half) */
};

struct cspace {
    struct cap_slot **chunks; /* nchunks chunks of CSPACE_CHUNK slots; slot 0 is never
                                 used: token 0 is "no capability" */
    unsigned nchunks, chunks_cap;
    struct cap_slot *free;    /* free slots, lowest index first in a new chunk */
    unsigned used;
};

/* Slots the space has now (nchunks * CSPACE_CHUNK), and slot i of them. */
static inline unsigned cspace_capacity(const struct cspace *cs) { return cs->nchunks * CSPACE_CHUNK; }
static inline struct cap_slot *cspace_slot(const struct cspace *cs, unsigned i)
{
    return &cs->chunks[i / CSPACE_CHUNK][i % CSPACE_CHUNK];
}

struct cspace *cspace_create(void);
/* Removes every capability (as cspace_remove: their children elsewhere survive). */
void cspace_destroy(struct cspace *cs);

/* A new root capability. Returns the token, or 0 when the space is full.
   Takes a reference on obj. */
cx_cap_t cspace_insert(struct cspace *cs, struct kobject *obj, uint32_t rights);
/* A new capability for obj in cs, child of parent (which may live in another
   space). The caller checks rights. Returns the token, or 0 when cs is full. */
cx_cap_t cspace_derive(struct cspace *cs, struct cap_slot *parent, struct kobject *obj,
                       uint32_t rights);
/* 0 and the slot, or a CX error: InvalidCapability (bad token, wrong type),
   PermissionDenied (missing rights). type 0 accepts any object. */
uint64_t cspace_lookup(struct cspace *cs, cx_cap_t token, uint32_t type, uint32_t rights,
                       struct cap_slot **out);
/* Deletes one capability; its children move up to its parent. No-op for a bad token. */
void cspace_remove(struct cspace *cs, cx_cap_t token);
/* Deletes the capability and everything derived from it, in all spaces.
   0, or InvalidCapability for a bad token. */
uint64_t cspace_revoke(struct cspace *cs, cx_cap_t token);
/* Deletes everything derived from the slot's capability, keeping the capability. */
void cspace_revoke_children(struct cap_slot *s);
/* Give the capability behind token in `from` to `to` (needs CX_RIGHT_GRANT):
   copied (as a child of the source), or moved when move is set. 0 and *out,
   or a CX error (ResourceExhausted when `to` is full). */
uint64_t cspace_transfer(struct cspace *from, cx_cap_t token, struct cspace *to, int move,
                         cx_cap_t *out);
/* The token naming a slot that holds a capability. */
cx_cap_t cspace_token(const struct cap_slot *s);

#endif
