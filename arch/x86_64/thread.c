/* A thread's machine state: its kernel stack (user trapframe on top, saved
   kernel registers below it while switched out), FS base and FPU/SSE state. */
#include "kernel/arch.h"
#include <arch/cpu.h>
#include <arch/percpu.h>
#include <arch/trapframe.h>
#include "kernel/mmu.h"
#include "kernel/thread.h"
#include "kernel/process.h"
#include "kernel/lib/string.h"
#include "x86.h"

struct percpu percpu0 = { .self = &percpu0 };
extern char thread_first_entry[];
void arch_context_switch(uint64_t *save_rsp, uint64_t load_rsp);

static uint64_t kstack_top(struct thread *t) { return (uint64_t)t->kstack + KSTACK_SIZE; }

struct trapframe *arch_thread_frame(struct thread *t)
{
    return (struct trapframe *)(kstack_top(t) - sizeof(struct trapframe));
}

/* Default FPU state: all exceptions masked (FCW 0x37F, MXCSR 0x1F80). */
static void fpu_state_init(uint8_t *area)
{
    memset(area, 0, 512);
    area[0] = 0x7F;
    area[1] = 0x03;
    area[24] = 0x80;
    area[25] = 0x1F;
}

void arch_thread_setup(struct thread *t, uint64_t entry, uint64_t user_stack, uint64_t arg)
{
    struct trapframe *tf = arch_thread_frame(t);
    memset(tf, 0, sizeof *tf);
    tf->rip = entry;
    tf->rsp = user_stack;
    tf->rdi = arg;
    tf->cs = GDT_USER_CODE;
    tf->ss = GDT_USER_DATA;
    tf->rflags = RFLAGS_IF | 2;
    /* First switch to the thread "returns" into thread_first_entry with rsp at the frame. */
    uint64_t *sp = (uint64_t *)tf;
    *--sp = (uint64_t)thread_first_entry;
    for (int i = 0; i < 6; i++) /* rbp, rbx, r12-r15 popped by arch_context_switch */
        *--sp = 0;
    t->arch.saved_rsp = (uint64_t)sp;
    fpu_state_init(t->arch.fpu);
}

void arch_thread_switch(struct thread *from, struct thread *to)
{
    if (from->proc)
        __asm__ volatile("fxsave64 %0" : "=m"(from->arch.fpu));
    from->arch.fs_base = rdmsr(MSR_FS_BASE);
    if (to->proc) {
        mmu_activate(to->proc->vm.root);
        __asm__ volatile("fxrstor64 %0" ::"m"(to->arch.fpu));
    }
    wrmsr(MSR_FS_BASE, to->arch.fs_base);
    percpu0.kernel_rsp = kstack_top(to);
    percpu0.current = to;
    tss_set_kernel_stack(kstack_top(to));
    arch_context_switch(&from->arch.saved_rsp, to->arch.saved_rsp);
}

void fpu_init(void)
{
    uint64_t cr0, cr4;
    __asm__ volatile("mov %%cr0, %0" : "=r"(cr0));
    cr0 = (cr0 & ~(1ull << 2)) | (1ull << 1); /* EM off, MP on */
    __asm__ volatile("mov %0, %%cr0" ::"r"(cr0));
    __asm__ volatile("mov %%cr4, %0" : "=r"(cr4));
    cr4 |= (1ull << 9) | (1ull << 10); /* OSFXSR, OSXMMEXCPT */
    __asm__ volatile("mov %0, %%cr4" ::"r"(cr4));
    __asm__ volatile("fninit");
}

void arch_backtrace(uint64_t frame, void (*fn)(uint64_t pc))
{
    /* Frame pointers: [rbp] = caller's rbp, [rbp+8] = return address. Stop at
       the end of the chain or anything that is not kernel memory. */
    for (int depth = 0; frame && depth < 32; depth++) {
        if (frame < PHYS_MAP_BASE || (frame & 7))
            break;
        uint64_t *f = (uint64_t *)frame;
        if (!f[1])
            break;
        fn(f[1]);
        if (f[0] <= frame)
            break;
        frame = f[0];
    }
}

uint64_t arch_current_frame(void) { return (uint64_t)__builtin_frame_address(0); }

void arch_idle(void) { cpu_idle(); }
