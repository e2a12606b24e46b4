/* The Linux x86_64 signal frame: see sigframe.h here and in servers/posix. */
#include "sigframe.h"
#include "../../../../kernel/lib/string.h"
#include <asm-generic/errno.h>

#define SS_ONSTACK 1
#define SS_DISABLE 2
#define SA_ONSTACK 0x08000000u

/* rflags bits */
#define FL_CF 0x1u
#define FL_PF 0x4u
#define FL_AF 0x10u
#define FL_ZF 0x40u
#define FL_SF 0x80u
#define FL_TF 0x100u
#define FL_DF 0x400u
#define FL_OF 0x800u
#define FL_RF 0x10000u
#define FL_AC 0x40000u
/* What sigreturn may restore (Linux's FIX_EFLAGS). */
#define FL_USER (FL_CF | FL_PF | FL_AF | FL_ZF | FL_SF | FL_TF | FL_DF | FL_OF | FL_RF | FL_AC)

#define FX_FCW 0           /* offsets in the fxsave image */
#define FX_MXCSR 24
#define MXCSR_VALID 0xffffu /* bits an MXCSR may have (with DAZ); others fault on fxrstor */

_Static_assert(sizeof(struct sigcontext_64) == 256, "sigcontext size");
_Static_assert(sizeof(struct lx_ucontext) == 304, "ucontext size");

/* User addresses and the kernel half; the hole between them faults. */
static int canonical(uint64_t a)
{
    return a < CX_USER_TOP || a >= 0xffff800000000000ull;
}

static int on_stack(const struct lx_stack *ss, uint64_t sp)
{
    return ss->ss_size && sp > ss->ss_sp && sp - ss->ss_sp <= ss->ss_size;
}

/* The FPU state a handler starts with (fcw 0x37f, mxcsr 0x1f80, rest 0). */
static void sigframe_init_fpu(uint8_t fpu[512])
{
    memset(fpu, 0, 512);
    uint16_t fcw = 0x37f;
    uint32_t mxcsr = 0x1f80;
    memcpy(fpu + FX_FCW, &fcw, sizeof fcw);
    memcpy(fpu + FX_MXCSR, &mxcsr, sizeof mxcsr);
}

int sigframe_build(const struct cx_regs *regs, const struct sigframe_setup *s, uint8_t *buf,
                   uint64_t *addr, size_t *len, struct cx_regs *out)
{
    uint64_t sp = regs->rsp;
    const struct lx_stack *alt = &s->altstack;
    int use_alt = (s->sa_flags & SA_ONSTACK) && !(alt->ss_flags & SS_DISABLE) && alt->ss_size &&
                  !on_stack(alt, sp);
    if (use_alt) {
        sp = alt->ss_sp + alt->ss_size;
        if (sp < alt->ss_sp)
            return -EFAULT;
    } else {
        if (sp < SIGFRAME_REDZONE)
            return -EFAULT;
        sp -= SIGFRAME_REDZONE;
    }
    /* fpstate: 64-byte aligned below sp; then the frame, 16-aligned minus 8. */
    if (sp < SIGFRAME_MAX_SIZE + 64)
        return -EFAULT;
    uint64_t fp = (sp - SIGFRAME_FPSTATE_SIZE) & ~63ull;
    uint64_t frame = ((fp - sizeof(struct lx_rt_sigframe)) & ~15ull) - 8;
    if (!canonical(frame) || !canonical(sp - 1) || (frame >> 47) != ((sp - 1) >> 47))
        return -EFAULT;
    /* On the alternate stack the frame must fit (Linux kills with SIGSEGV). */
    if ((use_alt || on_stack(alt, regs->rsp)) && alt->ss_size && frame < alt->ss_sp)
        return -EFAULT;

    size_t total = (size_t)(fp + SIGFRAME_FPSTATE_SIZE - frame);
    memset(buf, 0, total);
    struct lx_rt_sigframe f;
    memset(&f, 0, sizeof f);
    f.pretcode = s->restorer;
    f.uc.uc_flags = SIGFRAME_UC_FLAGS;
    f.uc.uc_link = 0;
    f.uc.uc_stack.ss_sp = alt->ss_sp;
    f.uc.uc_stack.ss_size = alt->ss_size;
    f.uc.uc_stack.ss_flags = !alt->ss_size || (alt->ss_flags & SS_DISABLE) ? SS_DISABLE
                             : on_stack(alt, regs->rsp)                     ? SS_ONSTACK
                                                                            : 0;
    struct sigcontext_64 *m = &f.uc.uc_mcontext;
    m->r8 = regs->r8;   m->r9 = regs->r9;   m->r10 = regs->r10; m->r11 = regs->r11;
    m->r12 = regs->r12; m->r13 = regs->r13; m->r14 = regs->r14; m->r15 = regs->r15;
    m->di = regs->rdi;  m->si = regs->rsi;  m->bp = regs->rbp;  m->bx = regs->rbx;
    m->dx = regs->rdx;  m->ax = regs->rax;  m->cx = regs->rcx;  m->sp = regs->rsp;
    m->ip = regs->rip;
    m->flags = regs->rflags;
    m->cs = SIGFRAME_USER_CS;
    m->ss = SIGFRAME_USER_SS;
    m->err = s->fault_err;
    m->trapno = s->fault_trapno;
    m->oldmask = s->saved_mask;
    m->cr2 = s->fault_addr;
    m->fpstate = fp;
    f.uc.uc_sigmask = s->saved_mask;
    if (s->info)
        f.info = *s->info;
    f.info.si_signo = s->signo;
    memcpy(buf, &f, sizeof f);
    memcpy(buf + (fp - frame), regs->fpu, SIGFRAME_FPSTATE_SIZE);

    *out = *regs;
    out->rip = s->handler;
    out->rsp = frame;
    out->rdi = (uint64_t)s->signo;
    out->rsi = frame + offsetof(struct lx_rt_sigframe, info);
    out->rdx = frame + offsetof(struct lx_rt_sigframe, uc);
    out->rax = 0;
    out->rflags = regs->rflags & ~(uint64_t)(FL_DF | FL_TF | FL_RF);
    sigframe_init_fpu(out->fpu);
    *addr = frame;
    *len = total;
    return 0;
}

/* The handler's ret popped pretcode. */
uint64_t sigframe_at(const struct cx_regs *cur)
{
    return cur->rsp - 8;
}

int sigframe_parse(const void *frame, const struct cx_regs *cur, struct cx_regs *out,
                   struct sigframe_restored *r)
{
    struct lx_rt_sigframe f;
    memcpy(&f, frame, sizeof f);
    const struct sigcontext_64 *m = &f.uc.uc_mcontext;
    if (!canonical(m->ip) || !canonical(m->sp))
        return -EFAULT;
    *out = *cur;
    out->r8 = m->r8;   out->r9 = m->r9;   out->r10 = m->r10; out->r11 = m->r11;
    out->r12 = m->r12; out->r13 = m->r13; out->r14 = m->r14; out->r15 = m->r15;
    out->rdi = m->di;  out->rsi = m->si;  out->rbp = m->bp;  out->rbx = m->bx;
    out->rdx = m->dx;  out->rax = m->ax;  out->rcx = m->cx;  out->rsp = m->sp;
    out->rip = m->ip;
    out->rflags = (cur->rflags & ~(uint64_t)FL_USER) | (m->flags & FL_USER);
    out->reserved = 0;
    r->mask = f.uc.uc_sigmask;
    r->stack = f.uc.uc_stack;
    r->fpstate = m->fpstate;
    if (!r->fpstate)
        sigframe_init_fpu(out->fpu);
    return 0;
}

int sigframe_restore_fpu(struct cx_regs *out, const void *fx)
{
    uint32_t mxcsr;
    memcpy(&mxcsr, (const uint8_t *)fx + FX_MXCSR, sizeof mxcsr);
    if (mxcsr & ~MXCSR_VALID)
        return -EFAULT;
    memcpy(out->fpu, fx, SIGFRAME_FPSTATE_SIZE);
    /* mxcsr_mask is what the CPU reports, not state: fxrstor ignores it. */
    return 0;
}
