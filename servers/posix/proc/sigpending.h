/* Pending signals: a set of signal numbers with each instance's details.
 *
 * As Linux: a standard signal (1..31) is pending at most once; sending it
 * again while pending is dropped and the first instance's details stay. A
 * real-time signal (32..64) queues every instance in arrival order, each
 * with its own details (sigqueue's value), delivered lowest number first
 * and in order within a number.
 *
 * Every pending instance counts against the receiving process's real user:
 * at most RLIMIT_SIGPENDING of them per user (Linux's ucounts). Past it, as
 * Linux's __send_signal: a standard signal from kill or the kernel (si_code
 * >= 0) still queues its details; a real-time one sent with si_code other
 * than SI_USER (sigqueue, tgkill) fails with EAGAIN; anything else is
 * pending without details. Timer signals (SI_TIMER) never fail: Linux
 * allocates them with the timer. */
#ifndef POSIX_SIGPENDING_H
#define POSIX_SIGPENDING_H

#include <stdint.h>

struct ksiginfo;
struct sigqueued;

struct sigpending {
    uint64_t set;                      /* which signals have an instance */
    struct sigqueued *head, *tail;     /* the instances, oldest first */
};

/* Queues sig with *info for a receiver whose real user is uid and whose
   RLIMIT_SIGPENDING is limit. 0, or -EAGAIN as above. */
int sigpending_add(struct sigpending *sp, int sig, const struct ksiginfo *info, uint32_t uid,
                   uint64_t limit);
/* Takes sig's oldest instance into *out (which gets signo sig). 0 when sig
   was not pending. */
int sigpending_take(struct sigpending *sp, int sig, struct ksiginfo *out);
/* Drops every instance of the signals in mask. */
void sigpending_discard(struct sigpending *sp, uint64_t mask);
/* A timer's place, held while it exists (its signal then queues without
   another): 0, or -EAGAIN past limit or without memory. */
int sigpending_charge(uint32_t uid, uint64_t limit);
void sigpending_uncharge(uint32_t uid);
/* Instances pending for user uid in all processes (/proc's SigQ). */
uint64_t sigpending_user_count(uint32_t uid);

#endif
