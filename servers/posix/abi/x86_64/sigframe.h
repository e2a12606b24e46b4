/* The Linux x86_64 signal frame's layout (sigframe.h's functions are in
 * sigframe.c).
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
#ifndef POSIX_ABI_X86_64_SIGFRAME_H
#define POSIX_ABI_X86_64_SIGFRAME_H

#include <asm/sigcontext.h>
#include "../../sigframe.h"

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
_Static_assert(sizeof(struct lx_rt_sigframe) == SIGFRAME_SIZE, "machine.h's frame size");

#define SIGFRAME_FPSTATE_SIZE SIGFRAME_EXT_SIZE /* the fxsave image */
#define SIGFRAME_REDZONE      128
#define SIGFRAME_USER_CS      0x33  /* the selectors Linux reports for 64-bit user code */
#define SIGFRAME_USER_SS      0x2b
#define SIGFRAME_UC_FLAGS     0x6   /* UC_SIGCONTEXT_SS | UC_STRICT_RESTORE_SS */

#endif
