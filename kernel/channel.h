/* Channels: a connection between two endpoints. A message sent on a channel
   with a capability for one of its endpoints arrives at the other one.
   Channels have ids but no capabilities of their own: the authority to send
   is the WRITE right on the sender's endpoint. A channel lives until one of
   its endpoints dies. */
#ifndef KERNEL_CHANNEL_H
#define KERNEL_CHANNEL_H

#include <calyx/abi.h>
#include "object.h"

struct cspace;
struct endpoint;

struct channel {
    struct kobject obj;
    struct endpoint *end[2];     /* referenced while the channel lives */
    struct channel *end_next[2]; /* link in end[i]'s channel list */
    struct channel *all_next;    /* every live channel */
};

/* Connect a and b: 0 and the channel id in *id, or OutOfMemory. */
uint64_t channel_create(struct endpoint *a, struct endpoint *b, cx_channel_t *id);
/* Where a message on channel id sent with endpoint capability cap (needs
   WRITE) goes: 0 and the far endpoint, or InvalidCapability (cap is not an
   endpoint capability), PermissionDenied (no WRITE, or the channel does not
   end at cap's endpoint), NotFound (no such channel, or it is gone). */
uint64_t channel_resolve(struct cspace *cs, cx_channel_t id, cx_cap_t cap, struct endpoint **far);
/* ep is dying: remove and free every channel ending at it. */
void channel_teardown_all(struct endpoint *ep);

#endif
