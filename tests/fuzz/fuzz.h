/* fuzz.h: what the two syscall fuzzers (posix_fuzz.c, native_fuzz.c) share.
 *
 * fuzz.c is the frame: options, the parent's batch loop with its watchdog,
 * clean-up and post-check, and the batch child (own session and mount
 * namespace, uid 1000 for odd batches, helper processes, a scratch buffer,
 * signal handling that survives most calls, the call loop). A fuzzer only
 * says which numbers exist, how to fill a call's arguments, which calls to
 * skip because they would end the test itself, and how to make a call.
 * docs/fuzzing.md describes the whole. */
#ifndef FUZZ_H
#define FUZZ_H

#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* --- deterministic randomness ------------------------------------------------------
   Every call has its own generator, seeded from (seed, batch, call index), so a
   call's arguments never depend on how the calls before it went: a batch
   replays the same calls, and --pick can make a subset of them. */
struct rng {
    uint64_t s;
};

uint64_t rng_next(struct rng *r);
uint64_t rng_below(struct rng *r, uint64_t n); /* 0 .. n-1; n > 0 */
int rng_one_in(struct rng *r, unsigned n);     /* true once in n */
struct rng rng_for(uint64_t seed, long batch, long index);

/* --- one call ----------------------------------------------------------------------- */
#define FUZZ_MAX_ARGS 8

struct fuzz_call {
    uint64_t nr;
    uint64_t arg[FUZZ_MAX_ARGS];
};

/* --- what a batch child holds (filled by fuzz.c, extended by the fuzzer) ------------ */
#define FUZZ_UID 1000          /* odd batches run as this user and group */
#define FUZZ_HELPERS 2         /* [0] sleeps in pause(), [1] exits at once (a zombie) */
#define FUZZ_MAX_FDS 16
#define FUZZ_RECENT 8          /* results kept to be used as later arguments */
#define FUZZ_SCRATCH (64 * 1024)
#define FUZZ_WORK "/tmp/fuzz/w" /* the batch's working directory, emptied after it */

/* Slots at fixed offsets of the scratch buffer, so a pointer argument can be
   something a call can use; the rest of it is random bytes. */
#define SLOT_ZERO      0x0000 /* 4 KiB of zeroes: valid for many structures */
#define SLOT_TIMESPEC  0x1000 /* { 0 s, 1 ms } twice: short timeouts */
#define SLOT_IOV       0x1100 /* 4 iovecs over SLOT_DATA */
#define SLOT_ARGV      0x1200 /* NULL-terminated pointers to path strings */
#define SLOT_WORDS     0x1300 /* the fuzzer's own words (capability tokens ...) */
#define SLOT_PATHS     0x2000 /* NUL-terminated paths, FUZZ_PATH_SLOT bytes apart */
#define FUZZ_PATH_SLOT 0x100
#define SLOT_LONGPATH  0x6000 /* a path longer than PATH_MAX */
#define SLOT_DATA      0x8000 /* random bytes to the end */

struct batch {
    long number;
    uint64_t seed;
    int uid;                     /* 0 or FUZZ_UID */
    pid_t self;                  /* the batch child: also its session and group id */
    pid_t helpers[FUZZ_HELPERS];
    pid_t last_child;            /* the last fork-like call's result */
    unsigned char *scratch;      /* FUZZ_SCRATCH bytes between two inaccessible pages */
    int fds[FUZZ_MAX_FDS];       /* descriptors opened for the batch */
    int nfds;
    uint64_t recent[FUZZ_RECENT];/* the latest successful results */
    unsigned nrecent;
    int verbose;                 /* --verbose: fuzz_print shows what the batch does */
};

/* --- the fuzzer's side --------------------------------------------------------------- */
struct fuzzer {
    const char *name;            /* "posix_fuzz" */
    const uint64_t *numbers;     /* the call numbers worth making, and how many */
    size_t nnumbers;
    /* Numbers made rarely (one draw in 32 keeps them): calls that end the batch
       child (exit) and so cut the batch short. */
    int (*rare)(uint64_t nr);
    /* A number outside the table (unknown or out of range), now and then. */
    uint64_t (*odd_number)(struct rng *r);
    const char *(*name_of)(uint64_t nr); /* NULL when unknown */
    int (*nargs_of)(uint64_t nr);        /* arguments --verbose shows */
    void (*setup)(struct batch *b);      /* the batch's own resources, after the common set-up */
    void (*fill)(struct batch *b, struct rng *r, struct fuzz_call *c); /* arguments for c->nr */
    /* 0 when the call must be skipped: it would end the test itself (the
       fuzzer's parent, pid 1, the machine). May look at the system (getsid). */
    int (*allowed)(struct batch *b, const struct fuzz_call *c);
    uint64_t (*make)(struct batch *b, const struct fuzz_call *c);
    /* After a call: keep results worth reusing, repair what the batch needs to
       keep going (its ticker, its fault handlers). */
    void (*after)(struct batch *b, const struct fuzz_call *c, uint64_t result);
    /* The result as --verbose prints it ("-22", "error 3 (NotFound)"). */
    void (*show_result)(uint64_t result, char *buf, size_t size);
};

int fuzz_main(const struct fuzzer *f, int argc, char **argv);

/* A Linux syscall (number without CX_NATIVE_BIT: the POSIX server answers),
   made with the syscall instruction. The child of a fork-like call exits at
   once, see fuzz.c. */
uint64_t fuzz_linux_call(uint64_t nr, const uint64_t a[6]);
int fuzz_fork_like(uint64_t nr); /* fork, vfork, clone, clone3 */

/* --- argument helpers for the fuzzers ----------------------------------------------- */
uint64_t fuzz_int(struct rng *r);                      /* 0, -1, small, boundaries, random, flags */
uint64_t fuzz_pointer(struct batch *b, struct rng *r); /* into scratch, or deliberately bad */
uint64_t fuzz_bad_pointer(struct rng *r);
uint64_t fuzz_size(struct rng *r);                     /* lengths: small, page-ish, huge */
uint64_t fuzz_flags(struct rng *r);                    /* a few random bits */
int fuzz_fd(struct batch *b, struct rng *r);           /* one the batch opened, or a near one */
pid_t fuzz_pid(struct batch *b, struct rng *r);        /* the batch's own processes, or 0 */
uint64_t fuzz_id(struct rng *r);                       /* user and group ids */
uint64_t fuzz_recent(struct batch *b, struct rng *r);  /* an earlier result, or 0 */
void fuzz_keep_result(struct batch *b, uint64_t value);
void fuzz_add_fd(struct batch *b, int fd);
void fuzz_print(const char *fmt, ...) __attribute__((format(printf, 1, 2))); /* --verbose output */

/* Re-arms what keeps the batch child going after a call may have changed it:
   the handlers and unblocked state of SIGALRM and the fault signals, the
   alternate signal stack, and the 20 ms ticker that interrupts blocking calls. */
void fuzz_repair_handler(int sig);
void fuzz_repair_mask(void);
void fuzz_repair_altstack(void);
void fuzz_repair_ticker(void);
int fuzz_is_kept_signal(int sig); /* one of those the batch needs */

/* In a batch child: whether a process (or, negative, a process group) is the
   batch's own, so signals and other process-directed calls may target it. */
int fuzz_pid_in_batch(struct batch *b, int pid);
int fuzz_kill_target_ok(struct batch *b, int pid); /* kill()'s pid argument */

#endif
