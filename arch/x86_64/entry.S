/*
 * Every way into the kernel from user space, and the ways back:
 * interrupt/exception stubs, the syscall instruction, and the context switch.
 * All entries build the same struct trapframe (include/arch/trapframe.h).
 */
#include <arch/trapframe.h>
#include <arch/percpu.h>

    .text

/* Push the general registers in trapframe order (r15 ends lowest). */
.macro SAVE_GPRS
    pushq %rax
    pushq %rbx
    pushq %rcx
    pushq %rdx
    pushq %rsi
    pushq %rdi
    pushq %rbp
    pushq %r8
    pushq %r9
    pushq %r10
    pushq %r11
    pushq %r12
    pushq %r13
    pushq %r14
    pushq %r15
.endm

.macro RESTORE_GPRS
    popq %r15
    popq %r14
    popq %r13
    popq %r12
    popq %r11
    popq %r10
    popq %r9
    popq %r8
    popq %rbp
    popq %rdi
    popq %rsi
    popq %rdx
    popq %rcx
    popq %rbx
    popq %rax
.endm

/* Interrupt and exception stubs: make every vector look as if the CPU pushed an error code. */
.macro TRAP_NOERR vec
    .global trap_stub_\vec
trap_stub_\vec:
    pushq $0
    pushq $\vec
    jmp trap_common
.endm
.macro TRAP_ERR vec
    .global trap_stub_\vec
trap_stub_\vec:
    pushq $\vec
    jmp trap_common
.endm

TRAP_NOERR 0
TRAP_NOERR 1
TRAP_NOERR 2
TRAP_NOERR 3
TRAP_NOERR 4
TRAP_NOERR 5
TRAP_NOERR 6
TRAP_NOERR 7
TRAP_ERR   8
TRAP_NOERR 9
TRAP_ERR   10
TRAP_ERR   11
TRAP_ERR   12
TRAP_ERR   13
TRAP_ERR   14
TRAP_NOERR 15
TRAP_NOERR 16
TRAP_ERR   17
TRAP_NOERR 18
TRAP_NOERR 19
TRAP_NOERR 20
TRAP_ERR   21
.irp v, 22,23,24,25,26,27,28,29,30,31,32,33,34,35,36,37,38,39,40,41,42,43,44,45,46,47,255
TRAP_NOERR \v
.endr

trap_common:
    testb $3, 24(%rsp)           /* cs of the interrupted code: swap GS if it was user mode */
    jz 1f
    swapgs
1:  SAVE_GPRS
    cld
    movq %rsp, %rdi
    call trap_handler
    jmp trap_return

/*
 * syscall: rcx = user rip, r11 = user rflags, rsp still the user's.
 * IF is already clear (FMASK). Build a trapframe on the kernel stack.
 */
    .global syscall_entry
syscall_entry:
    swapgs
    movq %rsp, %gs:PERCPU_USER_RSP
    movq %gs:PERCPU_KERNEL_RSP, %rsp
    pushq $GDT_USER_DATA
    pushq %gs:PERCPU_USER_RSP
    pushq %r11
    pushq $GDT_USER_CODE
    pushq %rcx
    pushq $0
    pushq $TRAP_SYSCALL
    SAVE_GPRS
    cld
    movq %rsp, %rdi
    call syscall_handler
    /* fall through */

/*
 * Leave the kernel through the frame at %rsp. Frames built by syscall go back
 * with sysret (fast) when their rip is canonical user space; everything else
 * (interrupts, exceptions, new threads, frames rewritten by a server) with iretq.
 */
    .global trap_return
trap_return:
    cmpq $TRAP_SYSCALL, 120(%rsp)          /* vector */
    jne iret_path
    movabsq $0x00007FFFFFFFF000, %rax
    cmpq %rax, 136(%rsp)                   /* rip below the top user page: sysret is safe */
    jae iret_path
    RESTORE_GPRS
    addq $16, %rsp                         /* vector, error code */
    popq %rcx                              /* rip */
    addq $8, %rsp                          /* cs */
    popq %r11                              /* rflags */
    popq %rsp                              /* user rsp: the kernel stack is not needed any more */
    swapgs
    sysretq

iret_path:
    RESTORE_GPRS
    addq $16, %rsp
    testb $3, 8(%rsp)
    jz 2f
    swapgs
2:  iretq

/*
 * A new thread's first switch lands here, with rsp at its user frame (16-byte
 * aligned). It passes the same last stop as every other way back to user
 * mode (its process may have been killed, or the thread interrupted, before
 * it ever ran), then leaves through that frame.
 */
    .global thread_first_entry
thread_first_entry:
    call sched_return_to_user
    jmp trap_return

/*
 * void arch_context_switch(uint64_t *save_rsp, uint64_t load_rsp)
 * Saves the callee-saved registers of the current kernel thread and resumes another.
 */
    .global arch_context_switch
arch_context_switch:
    pushq %rbp
    pushq %rbx
    pushq %r12
    pushq %r13
    pushq %r14
    pushq %r15
    movq %rsp, (%rdi)
    movq %rsi, %rsp
    popq %r15
    popq %r14
    popq %r13
    popq %r12
    popq %rbx
    popq %rbp
    ret
