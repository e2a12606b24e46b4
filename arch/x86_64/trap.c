/* Interrupts and exceptions after entry.S has saved the frame. A fault in user
   mode is the faulting process's problem (the kernel reports it and carries
   on); a fault in the kernel is a bug: dump everything and stop. */
#include <arch/trapframe.h>
#include <arch/cpu.h>
#include "kernel/arch.h"
#include "kernel/panic.h"
#include "kernel/fault.h"
#include "kernel/sched.h"
#include "kernel/current.h"
#include "kernel/vmspace.h"
#include "kernel/oom.h"
#include "kernel/mmu.h"
#include "kernel/console.h"
#include "kernel/lib/printf.h"
#include "x86.h"

static const char *const exception_names[32] = {
    "divide error", "debug", "NMI", "breakpoint", "overflow", "bound range exceeded",
    "invalid opcode", "device not available", "double fault", "coprocessor segment overrun",
    "invalid TSS", "segment not present", "stack-segment fault", "general protection fault",
    "page fault", "reserved", "x87 floating-point error", "alignment check", "machine check",
    "SIMD floating-point error", "virtualization exception", "control protection exception",
};

static const char *exception_name(uint64_t v)
{
    return v < 32 && exception_names[v] ? exception_names[v] : "reserved exception";
}

void trapframe_dump(const struct trapframe *tf)
{
    kprintf("  rip %016lx  cs %04lx  rflags %016lx  rsp %016lx  ss %04lx\n",
            tf->rip, tf->cs, tf->rflags, tf->rsp, tf->ss);
    kprintf("  rax %016lx  rbx %016lx  rcx %016lx  rdx %016lx\n", tf->rax, tf->rbx, tf->rcx, tf->rdx);
    kprintf("  rsi %016lx  rdi %016lx  rbp %016lx  r8  %016lx\n", tf->rsi, tf->rdi, tf->rbp, tf->r8);
    kprintf("  r9  %016lx  r10 %016lx  r11 %016lx  r12 %016lx\n", tf->r9, tf->r10, tf->r11, tf->r12);
    kprintf("  r13 %016lx  r14 %016lx  r15 %016lx\n", tf->r13, tf->r14, tf->r15);
    kprintf("  cr2 %016lx  cr3 %016lx  error %#lx  vector %lu\n",
            read_cr2(), read_cr3(), tf->error_code, tf->vector);
}

static void describe_page_fault(uint64_t err, uint64_t addr)
{
    kprintf("  page fault at %#lx: %s %s in %s mode%s\n", addr,
            (err & 1) ? "protection violation on" : "no page for",
            (err & 16) ? "instruction fetch" : (err & 2) ? "write" : "read",
            (err & 4) ? "user" : "kernel", (err & 8) ? " (reserved bit set)" : "");
}

#define PF_WRITE   2u
#define PF_FETCH   16u

/* A user page fault the address space can resolve (a write to a copy-on-write
   page, a first touch of a shared object's page) is not a fault of the
   program: it retries the instruction. When memory is exhausted this may
   sleep (kernel/oom.c says why that is safe here); a process killed
   meanwhile has no fault to report either. */
static int page_fault_resolved(uint64_t err, uint64_t addr)
{
    unsigned access = (err & PF_WRITE) ? VM_WRITE : (err & PF_FETCH) ? VM_EXEC : VM_READ;
    enum vm_fault_result r = vm_fault_or_reclaim(current_vm(), addr, access);
    return r == VM_FAULT_RESOLVED || r == VM_FAULT_KILLED;
}

static enum fault_kind fault_kind_of(uint64_t vector)
{
    switch (vector) {
    case 14: return FAULT_PAGE;
    case 6: return FAULT_ILLEGAL_INSTRUCTION;
    case 0: case 16: case 19: return FAULT_ARITHMETIC;
    case 3: case 1: return FAULT_BREAKPOINT;
    case 17: return FAULT_ALIGNMENT;
    default: return FAULT_PROTECTION;
    }
}

static _Noreturn void kernel_exception(struct trapframe *tf)
{
    uint64_t addr = tf->vector == 14 ? read_cr2() : tf->rip;
    kprintf("\nKERNEL EXCEPTION: %s (vector %lu) at rip %#lx, faulting address %#lx\n",
            exception_name(tf->vector), tf->vector, tf->rip, addr);
    if (tf->vector == 14)
        describe_page_fault(tf->error_code, addr);
    trapframe_dump(tf);
    uint64_t off;
    const char *fn = ksym_lookup(tf->rip, &off);
    if (fn)
        kprintf("  in %s+%#lx\n", fn, (unsigned long)off);
    backtrace_print(tf->rbp);
    kprintf("Bail out! kernel exception\n");
    panic_stop();
}

void arch_trap_info(const struct trapframe *tf, uint64_t *vector, uint64_t *error_code)
{
    *vector = tf->vector;
    *error_code = tf->error_code;
}

void trap_handler(struct trapframe *tf)
{
    uint64_t v = tf->vector;
    if (trapframe_from_user(tf))
        sched_enter_from_user();
    if (v < 32) {
        if (!trapframe_from_user(tf) || v == 8 || v == 18)
            kernel_exception(tf);
        uint64_t addr = v == 14 ? read_cr2() : tf->rip;
        if (!(v == 14 && page_fault_resolved(tf->error_code, addr)))
            thread_fault(fault_kind_of(v), addr, tf->rip, exception_name(v), tf);
    } else if (v == 32) {
        pic_eoi(0);
        sched_tick();
    } else if (v == 36) {
        console_interrupt();
        pic_eoi(4);
    } else if (v >= 33 && v < 48) {
        pic_eoi((int)v - 32); /* unexpected IRQ: acknowledge and ignore (7 and 15 may be spurious) */
    }
    if (trapframe_from_user(tf))
        sched_return_to_user();
}
