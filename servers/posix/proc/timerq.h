/* Deadlines in time order (timerq.c): the server's timeouts (sleeps, futex
 * and poll timeouts, terminal VTIME, ITIMER_REAL) sit in such a queue, so
 * the earliest is known at once and expiring touches only what expired;
 * records without a deadline are in no queue and cost nothing.
 *
 * A record embeds a struct timer; a zeroed timer is disarmed. A queue is a
 * circular list around a sentinel, sorted by `when`, equal deadlines in
 * the order they were set. Setting costs O(armed timers) at worst (the
 * search starts from the latest deadline, where new ones usually go);
 * disarming costs O(1) and needs no queue. */
#ifndef POSIX_TIMERQ_H
#define POSIX_TIMERQ_H

#include <stddef.h>
#include <stdint.h>

struct timer {
    uint64_t when;              /* the deadline (monotonic ns); 0: disarmed */
    struct timer *prev, *next;  /* in a queue while armed */
};

struct timerq {
    struct timer head; /* the sentinel: head.next is the earliest */
};

/* A static initializer: struct timerq q = TIMERQ_INIT(q); */
#define TIMERQ_INIT(q) { { 0, &(q).head, &(q).head } }
void timerq_init(struct timerq *q);

/* Arms t at when in q (moving it if armed anywhere), or disarms it (0). */
void timerq_set(struct timerq *q, struct timer *t, uint64_t when);
/* The earliest deadline in q (0: none armed). */
uint64_t timerq_next(const struct timerq *q);
/* Moves every timer of q due at now (when <= now) to the end of out, in
   order; they stay armed there until set again. */
void timerq_take_due(struct timerq *q, uint64_t now, struct timerq *out);
/* The first timer of q, or NULL when q is empty. */
struct timer *timerq_first(const struct timerq *q);

/* The record of type `type` whose member `field` is the timer t. */
#define TIMERQ_ENTRY(t, type, field) ((type *)(void *)((char *)(t) - offsetof(type, field)))

#endif
