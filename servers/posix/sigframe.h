/* The Linux signal frame, as pure functions over struct cx_regs: what
 * signal.c needs to run a handler and to come back from it (rt_sigreturn).
 * The frame's layout is the architecture's (abi/<cpu>/sigframe.c; x86_64's
 * is described in abi/x86_64/sigframe.h); its sizes come from
 * abi/<cpu>/machine.h. */
#ifndef POSIX_SIGFRAME_H
#define POSIX_SIGFRAME_H

#include <stddef.h>
#include <stdint.h>
#include <calyx/personality.h>
#include "abi/abi.h" /* SIGFRAME_SIZE, SIGFRAME_EXT_SIZE, SIGFRAME_MAX_SIZE */

/* Linux siginfo_t, 128 bytes; the union starts at offset 16. */
struct lx_siginfo {
    int32_t si_signo;
    int32_t si_errno;
    int32_t si_code;
    int32_t pad0;
    union {
        uint8_t raw[112];
        struct { int32_t pid; uint32_t uid; } kill;            /* SI_USER, SI_TKILL */
        struct { int32_t tid; int32_t overrun; uint64_t value; } timer;
        struct { int32_t pid; uint32_t uid; uint64_t value; } rt; /* sigqueue */
        struct { int32_t pid; uint32_t uid; int32_t status; int32_t pad;
                 int64_t utime, stime; } chld;                    /* SIGCHLD */
        struct { uint64_t addr; } fault;                          /* SIGSEGV, SIGBUS, SIGILL, SIGFPE */
        struct { int64_t band; int32_t fd; } poll;                /* SIGIO (F_SETSIG) */
    } u;
};
_Static_assert(sizeof(struct lx_siginfo) == 128, "siginfo size");

/* Linux stack_t. */
struct lx_stack {
    uint64_t ss_sp;
    int32_t ss_flags;   /* SS_ONSTACK 1, SS_DISABLE 2, SS_AUTODISARM 1u<<31 */
    int32_t pad;
    uint64_t ss_size;
};

/* What the server knows about the signal being delivered. */
struct sigframe_setup {
    int signo;
    const struct lx_siginfo *info;
    uint64_t handler;      /* sa_handler */
    uint64_t restorer;     /* sa_restorer (the server refuses handlers without SA_RESTORER) */
    uint64_t sa_flags;     /* SA_ONSTACK is what matters here */
    uint64_t saved_mask;   /* the mask to restore on sigreturn (the blocked set before delivery) */
    struct lx_stack altstack; /* the thread's sigaltstack (ss_flags SS_DISABLE when none) */
    uint64_t fault_trapno; /* the CPU's numbers for a fault (CX_PMSG_FAULT), else 0: */
    uint64_t fault_err;    /* vector, error code */
    uint64_t fault_addr;   /* and faulting address */
};

/* Builds the frame for regs interrupted by s->signo. buf must hold
   SIGFRAME_MAX_SIZE bytes; on success *addr and *len say where the first *len
   bytes of buf go in the client (at *addr), and *out holds the handler's
   registers (everything else as in regs). Returns 0, or -EFAULT when the
   frame does not fit (the alternate stack overflows, or the address would
   wrap): Linux then kills with SIGSEGV. */
int sigframe_build(const struct cx_regs *regs, const struct sigframe_setup *s, uint8_t *buf,
                   uint64_t *addr, size_t *len, struct cx_regs *out);

/* What rt_sigreturn restores besides the registers. */
struct sigframe_restored {
    uint64_t mask;          /* uc_sigmask: the server removes SIGKILL and SIGSTOP */
    struct lx_stack stack;  /* uc_stack, for restoring sigaltstack (as Linux's restore_altstack) */
    uint64_t fpstate;       /* client address of the SIGFRAME_EXT_SIZE bytes of FPU state
                               saved outside the frame, 0 for none */
};

/* rt_sigreturn, step 1: where the frame is, for the registers cur the
   handler returned with; the server reads SIGFRAME_SIZE bytes there. */
uint64_t sigframe_at(const struct cx_regs *cur);

/* Step 2: frame holds those bytes. Fills *out from cur with the saved
   registers (status bits only those user code may change) and, when
   r->fpstate is 0, a fresh FPU state; the TLS base stays as in cur.
   Returns 0 or -EFAULT for a program counter or stack pointer outside user
   space (the server then sends SIGSEGV). */
int sigframe_parse(const void *frame, const struct cx_regs *cur, struct cx_regs *out,
                   struct sigframe_restored *r);

/* Step 3 when r->fpstate != 0: fx holds the SIGFRAME_EXT_SIZE bytes read
   from it. Copies them into out's FPU state; -EFAULT when the CPU would
   refuse them (a hostile frame cannot make thread_set_regs fail). */
int sigframe_restore_fpu(struct cx_regs *out, const void *fx);

#endif
