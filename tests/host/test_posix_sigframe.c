/* sources: servers/posix/abi/x86_64/sigframe.c kernel/lib/string.c */
/* Unit tests for the Linux x86_64 signal frame. Offsets are the ones Linux's
   uapi and glibc/musl's ucontext_t document: uc_mcontext at 40 in the
   ucontext, greg n at 40 + 8n (REG_R8 0 ... REG_RIP 16, REG_EFL 17,
   REG_CSGSFS 18, REG_ERR 19, REG_TRAPNO 20, REG_OLDMASK 21, REG_CR2 22),
   fpregs pointer at 40 + 184, uc_sigmask at 296, siginfo right after the
   ucontext in rt_sigframe (8 + 304). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <asm-generic/errno.h>

#include "lib/string.h"
#include "servers/posix/abi/x86_64/sigframe.h"

static uint64_t get64(const uint8_t *b, size_t off)
{
    uint64_t v;
    memcpy(&v, b + off, 8);
    return v;
}

static void sample_regs(struct cx_regs *r)
{
    memset(r, 0, sizeof *r);
    uint64_t *g = &r->rax;
    for (int i = 0; i < 16; i++)
        g[i] = 0x1000 + (uint64_t)i; /* rax..r15 in cx_regs order */
    r->rsp = 0x7ffffff0e01b;          /* odd on purpose: the frame realigns */
    r->rip = 0x401234;
    r->rflags = 0x246 | 0x400 | 0x100; /* IF ZF PF, DF and TF set */
    r->fs_base = 0x7000;
    for (int i = 0; i < 512; i++)
        r->fpu[i] = (uint8_t)(i * 3);
    uint32_t mxcsr = 0x1fa0;
    memcpy(r->fpu + 24, &mxcsr, 4);
}

static struct sigframe_setup sample_setup(struct lx_siginfo *info)
{
    memset(info, 0, sizeof *info);
    info->si_code = 1;
    info->u.fault.addr = 0xdead000;
    struct sigframe_setup s = {
        .signo = 11, .info = info, .handler = 0x402000, .restorer = 0x403000,
        .sa_flags = 0x04000000, .saved_mask = 0x5, .altstack = {.ss_flags = 2},
        .fault_trapno = 14, .fault_err = 6, .fault_addr = 0xdead000,
    };
    return s;
}

static void test_layout_sizes(void **state)
{
    (void)state;
    assert_int_equal(offsetof(struct lx_ucontext, uc_mcontext), 40);
    assert_int_equal(offsetof(struct lx_ucontext, uc_sigmask), 296);
    assert_int_equal(offsetof(struct sigcontext_64, ip), 16 * 8);
    assert_int_equal(offsetof(struct sigcontext_64, flags), 17 * 8);
    assert_int_equal(offsetof(struct sigcontext_64, cs), 18 * 8);
    assert_int_equal(offsetof(struct sigcontext_64, err), 19 * 8);
    assert_int_equal(offsetof(struct sigcontext_64, trapno), 20 * 8);
    assert_int_equal(offsetof(struct sigcontext_64, oldmask), 21 * 8);
    assert_int_equal(offsetof(struct sigcontext_64, cr2), 22 * 8);
    assert_int_equal(offsetof(struct sigcontext_64, fpstate), 23 * 8);
    assert_int_equal(offsetof(struct lx_rt_sigframe, uc), 8);
    assert_int_equal(offsetof(struct lx_rt_sigframe, info), 312);
    assert_int_equal(offsetof(struct lx_siginfo, u.fault.addr), 16);
    assert_int_equal(offsetof(struct lx_siginfo, u.chld.status), 24);
    assert_int_equal(offsetof(struct lx_stack, ss_size), 16);
}

static void test_build_frame(void **state)
{
    (void)state;
    struct cx_regs r, out;
    struct lx_siginfo info;
    sample_regs(&r);
    struct sigframe_setup s = sample_setup(&info);
    uint8_t buf[SIGFRAME_MAX_SIZE];
    uint64_t addr;
    size_t len;
    assert_int_equal(sigframe_build(&r, &s, buf, &addr, &len, &out), 0);
    assert_true(len <= SIGFRAME_MAX_SIZE);
    assert_int_equal(out.rsp, addr);
    assert_int_equal(out.rsp % 16, 8);                 /* as right after a call */
    assert_true(addr + len <= r.rsp - SIGFRAME_REDZONE); /* the red zone is kept */
    assert_int_equal(out.rip, 0x402000);
    assert_int_equal(out.rdi, 11);
    assert_int_equal(out.rsi, addr + 312);
    assert_int_equal(out.rdx, addr + 8);
    assert_int_equal(out.rax, 0);
    assert_int_equal(out.rflags & 0x500, 0);           /* DF and TF cleared */
    assert_int_equal(out.fs_base, 0x7000);
    uint32_t mx;
    memcpy(&mx, out.fpu + 24, 4);
    assert_int_equal(mx, 0x1f80);                      /* a fresh FPU state */

    assert_int_equal(get64(buf, 0), 0x403000);         /* return address: the restorer */
    assert_int_equal(get64(buf, 8), 6);                /* uc_flags */
    const size_t mc = 8 + 40;
    assert_int_equal(get64(buf, mc + 0), r.r8);
    assert_int_equal(get64(buf, mc + 8 * 8), r.rdi);
    assert_int_equal(get64(buf, mc + 13 * 8), r.rax);
    assert_int_equal(get64(buf, mc + 15 * 8), r.rsp);
    assert_int_equal(get64(buf, mc + 16 * 8), r.rip);
    assert_int_equal(get64(buf, mc + 17 * 8), r.rflags);
    assert_int_equal(get64(buf, mc + 18 * 8) & 0xffff, 0x33);
    assert_int_equal(get64(buf, mc + 19 * 8), 6);
    assert_int_equal(get64(buf, mc + 20 * 8), 14);
    assert_int_equal(get64(buf, mc + 21 * 8), 5);
    assert_int_equal(get64(buf, mc + 22 * 8), 0xdead000);
    uint64_t fp = get64(buf, mc + 23 * 8);
    assert_int_equal(fp % 64, 0);
    assert_true(fp >= addr + sizeof(struct lx_rt_sigframe) && fp + 512 == addr + len);
    assert_memory_equal(buf + (fp - addr), r.fpu, 512);
    assert_int_equal(get64(buf, 8 + 296), 5);          /* uc_sigmask */
    int32_t signo;
    memcpy(&signo, buf + 312, 4);
    assert_int_equal(signo, 11);
    assert_int_equal(get64(buf, 312 + 16), 0xdead000); /* si_addr */
    assert_int_equal((int32_t)get64(buf, 8 + 16 + 8), 2); /* uc_stack.ss_flags: SS_DISABLE */
}

static void test_round_trip(void **state)
{
    (void)state;
    struct cx_regs r, handler, back;
    struct lx_siginfo info;
    sample_regs(&r);
    struct sigframe_setup s = sample_setup(&info);
    uint8_t buf[SIGFRAME_MAX_SIZE];
    uint64_t addr;
    size_t len;
    assert_int_equal(sigframe_build(&r, &s, buf, &addr, &len, &handler), 0);
    handler.rsp += 8; /* the handler's ret popped the return address */
    handler.fs_base = 0x9000;
    struct sigframe_restored res;
    assert_int_equal(sigframe_parse(buf, &handler, &back, &res), 0);
    assert_int_equal(res.mask, 5);
    assert_int_equal(res.stack.ss_flags, 2);
    assert_int_equal(sigframe_restore_fpu(&back, buf + (res.fpstate - addr)), 0);
    assert_int_equal(back.fs_base, 0x9000); /* not part of the frame */
    back.fs_base = r.fs_base;
    assert_memory_equal(&back, &r, sizeof r);
}

static void test_hostile_frame(void **state)
{
    (void)state;
    struct cx_regs r, handler, back;
    struct lx_siginfo info;
    sample_regs(&r);
    struct sigframe_setup s = sample_setup(&info);
    uint8_t buf[SIGFRAME_MAX_SIZE];
    uint64_t addr;
    size_t len;
    assert_int_equal(sigframe_build(&r, &s, buf, &addr, &len, &handler), 0);
    struct sigframe_restored res;
    struct lx_rt_sigframe *f = (struct lx_rt_sigframe *)buf;
    /* privileged rflags bits (IOPL, VM, NT, IF off) never come back */
    f->uc.uc_mcontext.flags = 0xffffffffffffffffull;
    assert_int_equal(sigframe_parse(buf, &handler, &back, &res), 0);
    assert_int_equal(back.rflags & ~0x50fd5ull, handler.rflags & ~0x50fd5ull);
    assert_int_equal(back.rflags & 0x50fd5ull, 0x50fd5ull);
    /* non-canonical rip or rsp */
    f->uc.uc_mcontext.ip = 0x0000800000000000ull;
    assert_int_equal(sigframe_parse(buf, &handler, &back, &res), -EFAULT);
    f->uc.uc_mcontext.ip = 0x401000;
    f->uc.uc_mcontext.sp = 0x1234567812345678ull;
    assert_int_equal(sigframe_parse(buf, &handler, &back, &res), -EFAULT);
    /* no fpstate: a fresh FPU */
    f->uc.uc_mcontext.sp = 0x7fff0000;
    f->uc.uc_mcontext.fpstate = 0;
    assert_int_equal(sigframe_parse(buf, &handler, &back, &res), 0);
    uint32_t mx;
    memcpy(&mx, back.fpu + 24, 4);
    assert_int_equal(mx, 0x1f80);
    /* reserved MXCSR bits */
    uint8_t fx[512] = {0};
    mx = 0x10000;
    memcpy(fx + 24, &mx, 4);
    assert_int_equal(sigframe_restore_fpu(&back, fx), -EFAULT);
}

static void test_altstack(void **state)
{
    (void)state;
    struct cx_regs r, out;
    struct lx_siginfo info;
    sample_regs(&r);
    struct sigframe_setup s = sample_setup(&info);
    s.sa_flags |= 0x08000000; /* SA_ONSTACK */
    s.altstack = (struct lx_stack){.ss_sp = 0x600000, .ss_flags = 0, .ss_size = 0x4000};
    uint8_t buf[SIGFRAME_MAX_SIZE];
    uint64_t addr;
    size_t len;
    assert_int_equal(sigframe_build(&r, &s, buf, &addr, &len, &out), 0);
    assert_true(addr >= 0x600000 && addr + len <= 0x604000);
    assert_int_equal(out.rsp % 16, 8);
    /* a nested signal while on the alternate stack stays below the current rsp */
    struct cx_regs r2 = out, out2;
    assert_int_equal(sigframe_build(&r2, &s, buf, &addr, &len, &out2), 0);
    assert_true(addr + len <= r2.rsp - SIGFRAME_REDZONE && addr >= 0x600000);
    assert_int_equal((int32_t)get64(buf, 8 + 16 + 8), 1); /* SS_ONSTACK */
    /* ... until it overflows */
    r2.rsp = 0x600200;
    assert_int_equal(sigframe_build(&r2, &s, buf, &addr, &len, &out2), -EFAULT);
    /* without SA_ONSTACK the normal stack is used */
    s.sa_flags &= ~0x08000000ull;
    assert_int_equal(sigframe_build(&r, &s, buf, &addr, &len, &out), 0);
    assert_true(addr > 0x7fff00000000);
    /* a stack pointer near 0 cannot hold a frame */
    r.rsp = 0x100;
    assert_int_equal(sigframe_build(&r, &s, buf, &addr, &len, &out), -EFAULT);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_layout_sizes),
        cmocka_unit_test(test_build_frame),
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_hostile_frame),
        cmocka_unit_test(test_altstack),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
