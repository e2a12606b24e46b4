/* The FIFO queues IPC is built on: messages waiting at an endpoint, threads
   waiting to receive. Intrusive (the link lives in the queued thing, so
   queueing never allocates) and doubly linked (a waiter that times out leaves
   from the middle in O(1)). Pure logic: unit tested on the host. */
#ifndef KERNEL_IPC_QUEUE_H
#define KERNEL_IPC_QUEUE_H

#include <stddef.h>

struct ipc_queue;

struct ipc_link {
    struct ipc_link *next, *prev;
    struct ipc_queue *on; /* the queue it is in, NULL when in none */
};

struct ipc_queue {
    struct ipc_link *head, *tail; /* head is the oldest */
    unsigned count;
};

/* The struct that embeds link as its member `member`. */
#define IPC_ENTRY(link, type, member) ((type *)((char *)(link) - offsetof(type, member)))

void ipc_queue_push(struct ipc_queue *q, struct ipc_link *l); /* l must be in no queue */
struct ipc_link *ipc_queue_pop(struct ipc_queue *q);          /* NULL when empty */
/* Take l out of whatever queue holds it; nothing when it is in none, so a
   waiter may call it whether or not a waker already took it out. */
void ipc_link_remove(struct ipc_link *l);

#endif
