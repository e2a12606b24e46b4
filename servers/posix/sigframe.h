/* The Linux x86_64 signal frame, as pure functions over struct cx_regs.
 *
 * Frame at handler entry (rsp = frame address F, F + 8 is 16-aligned, so
 * rsp = 16n - 8 as after a call):
 *   F + 0    return address: sa_restorer (musl's __restore_rt: rt_sigreturn)
 *   F + 8    struct lx_ucontext (304 bytes): uc_flags, uc_link, uc_stack,
 *            uc_mcontext (struct sigcontext_64, 256 bytes), uc_sigmask
 *   F + 312  struct lx_siginfo (128 bytes)
 *   ...      padding
 *   FP       the 512-byte fxsave image, 64-byte aligned, above the frame;
 *            uc_mcontext.fpstate = FP
 * The frame goes below the interrupted rsp minus the 128-byte red zone, or
 * at the top of the alternate signal stack for SA_ONSTACK handlers when one
 * is enabled and not already in use. The handler gets rdi = signo, rsi =
 * &info, rdx = &uc, rax = 0, rip = handler, a fresh FPU state (fcw 0x37f,
 * mxcsr 0x1f80) and rflags without DF, TF and RF, as Linux.
 *
 * Only the legacy fxsave area is saved (no xsave extension: uc_flags has
 * UC_SIGCONTEXT_SS | UC_STRICT_RESTORE_SS, and the fpstate's sw_reserved is
 * zero), which is what programs using only SSE state need. */
#ifndef POSIX_SIGFRAME_H
#define POSIX_SIGFRAME_H

#include <stddef.h>
#include <stdint.h>
#include <asm/sigcontext.h>
#include <calyx/personality.h>

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

/* Linux struct ucontext (x86_64). */
struct lx_ucontext {
    uint64_t uc_flags;
    uint64_t uc_link;
    struct lx_stack uc_stack;
    struct sigcontext_64 uc_mcontext;
    uint64_t uc_sigmask;  /* the kernel's 64-bit sigset */
};

/* struct rt_sigframe, without the fpstate (which sits above it). */
struct lx_rt_sigframe {
    uint64_t pretcode;
    struct lx_ucontext uc;
    struct lx_siginfo info;
};

#define SIGFRAME_FPSTATE_SIZE 512
#define SIGFRAME_REDZONE      128
/* Bytes a frame can span from its lowest address to the end of its fpstate
   (frame, alignment padding, fpstate): the server's buffer size. */
#define SIGFRAME_MAX_SIZE     (sizeof(struct lx_rt_sigframe) + 16 + 64 + SIGFRAME_FPSTATE_SIZE)
#define SIGFRAME_USER_CS      0x33  /* the selectors Linux reports for 64-bit user code */
#define SIGFRAME_USER_SS      0x2b
#define SIGFRAME_UC_FLAGS     0x6   /* UC_SIGCONTEXT_SS | UC_STRICT_RESTORE_SS */

/* What the server knows about the signal being delivered. */
struct sigframe_setup {
    int signo;
    const struct lx_siginfo *info;
    uint64_t handler;      /* sa_handler */
    uint64_t restorer;     /* sa_restorer (the server refuses handlers without SA_RESTORER) */
    uint64_t sa_flags;     /* SA_ONSTACK is what matters here */
    uint64_t saved_mask;   /* the mask to restore on sigreturn (the blocked set before delivery) */
    struct lx_stack altstack; /* the thread's sigaltstack (ss_flags SS_DISABLE when none) */
    uint64_t fault_trapno; /* CPU vector and error code and cr2 for faults, else 0 */
    uint64_t fault_err;
    uint64_t fault_cr2;
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
    uint64_t fpstate;       /* client address of the 512-byte fxsave image, 0 for none */
};

/* rt_sigreturn, step 1: frame holds sizeof(struct lx_rt_sigframe) bytes read
   from the client at cur->rsp - 8 (the handler's ret popped pretcode).
   Fills *out from cur with the saved general registers, rip, rflags (only the
   bits user code may change: CF PF AF ZF SF TF DF OF AC RF), and, when
   fpstate is 0, a fresh FPU state; fs_base stays as in cur. Returns 0 or
   -EFAULT for a non-canonical rip or rsp (the server then sends SIGSEGV). */
int sigframe_parse(const void *frame, const struct cx_regs *cur, struct cx_regs *out,
                   struct sigframe_restored *r);

/* Step 2 when r->fpstate != 0: fx holds the 512 bytes read from it.
   Copies them into out->fpu; -EFAULT when MXCSR has reserved bits set (a
   hostile frame cannot make thread_set_regs fail). */
int sigframe_restore_fpu(struct cx_regs *out, const void *fx);

/* The FPU state a handler starts with (fcw 0x37f, mxcsr 0x1f80, rest 0). */
void sigframe_init_fpu(uint8_t fpu[512]);

#endif
