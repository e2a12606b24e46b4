/* Endpoints: where messages queue for a receiver. An endpoint is named by
   capabilities (READ to receive, WRITE to send through its channels); when
   the last capability goes, the endpoint dies: its waiters wake with
   Interrupted, its queued messages are dropped, its channels are torn down. */
#ifndef KERNEL_ENDPOINT_H
#define KERNEL_ENDPOINT_H

#include <calyx/abi.h>
#include "object.h"
#include "ipc_queue.h"

struct cspace;
struct channel;

/* Messages one endpoint holds before senders get ResourceExhausted. */
#define ENDPOINT_QUEUE_MAX 64

struct endpoint {
    struct kobject obj;
    struct ipc_queue msgs;      /* struct ipc_msg, oldest first */
    struct ipc_queue receivers; /* struct ipc_recv_wait, served first come first served */
    struct channel *channels;   /* channels with this endpoint as one end */
    int dead;                   /* its last capability is gone */
};

/* A new endpoint with one reference (the caller's), or NULL when out of memory. */
struct endpoint *endpoint_create(void);
/* The live endpoint a capability of cs names: 0, or InvalidCapability
   (not an endpoint capability), PermissionDenied (missing rights),
   InvalidParameter (it names another endpoint than id), NotFound (dead). */
uint64_t endpoint_from_cap(struct cspace *cs, cx_cap_t cap, cx_endpoint_t id, uint32_t rights,
                           struct endpoint **out);
/* The same without an id to match: the capability alone names the endpoint. */
uint64_t endpoint_of_cap(struct cspace *cs, cx_cap_t cap, uint32_t rights, struct endpoint **out);

#endif
