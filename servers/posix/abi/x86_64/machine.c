/* The Linux x86_64 ABI's register work (abi/abi.h) and its own call,
   arch_prctl. */
#include "../../posix.h"
#include "../../proc/proc.h"
#include "../../client.h"
#include "../../errno_map.h"
#include "../abi.h"
#include "printf.h"
#include "string.h"
#include <linux/sched.h>
#include <asm/prctl.h>

void abi_restart_syscall(struct cx_regs *regs, uint64_t nr)
{
    regs->rax = nr; /* the number, which the result would have replaced */
    regs->rip -= CX_SYSCALL_INSN_LEN;
}

void abi_clone_regs(struct cx_regs *regs, uint64_t flags, uint64_t newsp, uint64_t tls)
{
    regs->rax = 0; /* clone returns 0 in the child */
    if (newsp)
        regs->rsp = newsp;
    if (flags & CLONE_SETTLS)
        regs->fs_base = tls;
}

long sys_arch_prctl(struct thread *t, const uint64_t *a)
{
    static struct cx_regs regs;
    uint64_t r = cx_thread_get_regs(t->p->cap, t->ktid, &regs);
    if (CX_IS_ERR(r))
        return -errno_from_cx(r);
    switch (a[0]) {
    case ARCH_SET_FS:
        regs.fs_base = a[1];
        r = cx_thread_set_regs(t->p->cap, t->ktid, &regs);
        return CX_IS_ERR(r) ? -EPERM : 0;
    case ARCH_GET_FS:
        return client_write_u64(t->p, a[1], regs.fs_base) < 0 ? -EFAULT : 0;
    default:
        return -EINVAL;
    }
}

static void cpuid(uint32_t leaf, uint32_t r[4])
{
    __asm__ volatile("cpuid" : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3]) : "a"(leaf), "c"(0));
}

size_t abi_cpuinfo(char *buf, size_t size)
{
    uint32_t r[4];
    char vendor[13], brand[49];
    cpuid(0, r);
    memcpy(vendor, &r[1], 4);
    memcpy(vendor + 4, &r[3], 4);
    memcpy(vendor + 8, &r[2], 4);
    vendor[12] = 0;
    cpuid(1, r);
    uint32_t family = (r[0] >> 8) & 0xf, model = (r[0] >> 4) & 0xf, stepping = r[0] & 0xf;
    if (family == 0xf)
        family += (r[0] >> 20) & 0xff;
    if (family == 6 || family >= 0xf)
        model |= ((r[0] >> 16) & 0xf) << 4;
    brand[0] = 0;
    cpuid(0x80000000u, r);
    if (r[0] >= 0x80000004u) {
        for (uint32_t i = 0; i < 3; i++) {
            cpuid(0x80000002u + i, r);
            memcpy(brand + 16 * i, r, 16);
        }
        brand[48] = 0;
    }
    const char *b = brand;
    while (*b == ' ')
        b++;
    int n = ksnprintf(buf, size, "processor\t: 0\nvendor_id\t: %s\ncpu family\t: %u\nmodel\t\t: %u\n"
                      "model name\t: %s\nstepping\t: %u\nphysical id\t: 0\nsiblings\t: 1\n"
                      "core id\t\t: 0\ncpu cores\t: 1\n\n",
                      vendor, family, model, b, stepping);
    return n < 0 ? 0 : (size_t)n < size ? (size_t)n : size - 1;
}

void abi_elf_gregs(const struct cx_regs *r, uint64_t *g)
{
    /* user_regs_struct: r15 r14 r13 r12 rbp rbx r11 r10 r9 r8 rax rcx rdx
       rsi rdi orig_rax rip cs eflags rsp ss fs_base gs_base ds es fs gs */
    const uint64_t v[ABI_ELF_NGREG] = {
        r->r15, r->r14, r->r13, r->r12, r->rbp, r->rbx, r->r11, r->r10, r->r9, r->r8,
        r->rax, r->rcx, r->rdx, r->rsi, r->rdi, (uint64_t)-1, r->rip, 0x33, r->rflags, r->rsp,
        0x2b, r->fs_base, 0, 0, 0, 0, 0,
    };
    for (int i = 0; i < ABI_ELF_NGREG; i++)
        g[i] = v[i];
}

const void *abi_elf_fpregs(const struct cx_regs *r)
{
    return r->fpu;
}
