/* Intrusive FIFO queues for IPC. */
#include "ipc_queue.h"

void ipc_queue_push(struct ipc_queue *q, struct ipc_link *l)
{
    l->next = NULL;
    l->prev = q->tail;
    if (q->tail)
        q->tail->next = l;
    else
        q->head = l;
    q->tail = l;
    l->on = q;
    q->count++;
}

void ipc_link_remove(struct ipc_link *l)
{
    struct ipc_queue *q = l->on;
    if (!q)
        return;
    if (l->prev)
        l->prev->next = l->next;
    else
        q->head = l->next;
    if (l->next)
        l->next->prev = l->prev;
    else
        q->tail = l->prev;
    l->next = l->prev = NULL;
    l->on = NULL;
    q->count--;
}

struct ipc_link *ipc_queue_pop(struct ipc_queue *q)
{
    struct ipc_link *l = q->head;
    if (l)
        ipc_link_remove(l);
    return l;
}
