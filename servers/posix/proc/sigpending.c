/* Pending signals (see sigpending.h). */
#include "posix.h"
#include "proc.h"
#include "sigpending.h"
#include <calyx/malloc.h>

struct sigqueued {
    struct sigqueued *next;
    struct ksiginfo info;
    struct user_signals *user; /* charged to */
};

/* One user's pending instances: few users exist, so a list. */
struct user_signals {
    struct user_signals *next;
    uint32_t uid;
    uint64_t count;
};

static struct user_signals *users;

/* Entries of signals taken wait here for the next ones: sending a signal
   then costs no allocation (the server's malloc is not cheap). */
#define SPARE_MAX 64
static struct sigqueued *spare;
static int nspare;

static struct sigqueued *entry_new(void)
{
    struct sigqueued *q = spare;
    if (!q)
        return malloc(sizeof *q);
    spare = q->next;
    nspare--;
    return q;
}

static void entry_free(struct sigqueued *q)
{
    if (nspare >= SPARE_MAX) {
        free(q);
        return;
    }
    q->next = spare;
    spare = q;
    nspare++;
}

static struct user_signals *user_of(uint32_t uid, int create)
{
    for (struct user_signals *u = users; u; u = u->next)
        if (u->uid == uid)
            return u;
    if (!create)
        return NULL;
    struct user_signals *u = calloc(1, sizeof *u);
    if (!u)
        return NULL;
    u->uid = uid;
    u->next = users;
    users = u;
    return u;
}

/* A user's record stays when its count is back at 0: users are few, and
   the next signal then finds it at once. */
static void uncharge(struct user_signals *u)
{
    if (u)
        u->count--;
}

int sigpending_add(struct sigpending *sp, int sig, const struct ksiginfo *info, uint32_t uid,
                   uint64_t limit)
{
    if (sig < SIGRTMIN && (sp->set & SIGBIT(sig)))
        return 0; /* a standard signal is pending once */
    int timer = info->code == SI_TIMER; /* its timer holds its place */
    int may_exceed = timer || (sig < SIGRTMIN && info->code >= 0);
    struct user_signals *u = timer ? NULL : user_of(uid, 1);
    struct sigqueued *q = NULL;
    if (timer || (u && (may_exceed || u->count < limit)))
        q = entry_new();
    if (!q) {
        if (sig >= SIGRTMIN && info->code != SI_USER)
            return -EAGAIN;
        sp->set |= SIGBIT(sig); /* pending, its details lost */
        return 0;
    }
    if (u)
        u->count++;
    q->next = NULL;
    q->info = *info;
    q->info.signo = sig;
    q->user = u;
    if (sp->tail)
        sp->tail->next = q;
    else
        sp->head = q;
    sp->tail = q;
    sp->set |= SIGBIT(sig);
    return 0;
}

static void unlink_after(struct sigpending *sp, struct sigqueued *prev, struct sigqueued *q)
{
    if (prev)
        prev->next = q->next;
    else
        sp->head = q->next;
    if (sp->tail == q)
        sp->tail = prev;
    uncharge(q->user);
    entry_free(q);
}

int sigpending_take(struct sigpending *sp, int sig, struct ksiginfo *out)
{
    if (!(sp->set & SIGBIT(sig)))
        return 0;
    struct sigqueued *prev = NULL, *q = sp->head;
    while (q && q->info.signo != sig)
        prev = q, q = q->next;
    if (!q) { /* pending without details */
        sp->set &= ~SIGBIT(sig);
        *out = (struct ksiginfo){ .signo = sig, .code = SI_USER };
        return 1;
    }
    *out = q->info;
    int more = 0;
    for (struct sigqueued *r = q->next; r && !more; r = r->next)
        more = r->info.signo == sig;
    unlink_after(sp, prev, q);
    if (!more)
        sp->set &= ~SIGBIT(sig);
    return 1;
}

void sigpending_discard(struct sigpending *sp, uint64_t mask)
{
    if (!(sp->set & mask))
        return;
    struct sigqueued *prev = NULL, *q = sp->head;
    while (q) {
        struct sigqueued *next = q->next;
        if (mask & SIGBIT(q->info.signo))
            unlink_after(sp, prev, q);
        else
            prev = q;
        q = next;
    }
    sp->set &= ~mask;
}

int sigpending_charge(uint32_t uid, uint64_t limit)
{
    struct user_signals *u = user_of(uid, 1);
    if (!u || u->count >= limit)
        return -EAGAIN;
    u->count++;
    return 0;
}

void sigpending_uncharge(uint32_t uid)
{
    uncharge(user_of(uid, 0));
}

uint64_t sigpending_user_count(uint32_t uid)
{
    struct user_signals *u = user_of(uid, 0);
    return u ? u->count : 0;
}
