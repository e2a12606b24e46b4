/*
 * Multiboot (v1) entry. QEMU's -kernel loads 32-bit images only, so the
 * header uses the address fields (a.out kludge) and the kernel is shipped
 * as a flat binary. We start in 32-bit protected mode without paging,
 * build a temporary page table, enter long mode and jump to the higher half.
 */
#define MB_MAGIC  0x1BADB002
#define MB_FLAGS  ((1 << 0) | (1 << 1) | (1 << 16)) /* align modules, memory map, address fields */

#define CR0_PE    (1 << 0)
#define CR0_WP    (1 << 16)
#define CR0_PG    (1 << 31)
#define CR4_PAE   (1 << 5)
#define CR4_PGE   (1 << 7)
#define EFER_MSR  0xC0000080
#define EFER_SCE  (1 << 0)
#define EFER_LME  (1 << 8)
#define EFER_NXE  (1 << 11)

    .section .multiboot, "a"
    .align 4
mb_header:
    .long MB_MAGIC
    .long MB_FLAGS
    .long -(MB_MAGIC + MB_FLAGS)
    .long mb_header            /* header_addr */
    .long __kernel_phys_start  /* load_addr */
    .long __load_end           /* load_end_addr */
    .long __bss_end_phys       /* bss_end_addr */
    .long _start32             /* entry_addr */

    .section .boot.text, "ax"
    .code32
    .global _start32
_start32:
    cli
    cld
    movl $boot_stack_top, %esp
    movl %eax, boot_mb_magic
    movl %ebx, boot_mb_info

    /* Long mode and NX (needed for W^X) must be present. */
    movl $0x80000000, %eax
    cpuid
    cmpl $0x80000001, %eax
    jb no_long_mode
    movl $0x80000001, %eax
    cpuid
    testl $(1 << 29), %edx
    jz no_long_mode
    testl $(1 << 20), %edx
    jz no_long_mode

    /* Boot page table: the first 1 GiB with 2 MiB pages, mapped at 0 (identity,
       for this code), at the direct map and at the kernel's higher half. */
    movl $boot_pd, %edi
    xorl %ecx, %ecx
1:  movl %ecx, %eax
    shll $21, %eax
    orl $0x83, %eax              /* present, writable, 2 MiB page */
    movl %eax, (%edi, %ecx, 8)
    incl %ecx
    cmpl $512, %ecx
    jne 1b

    movl $boot_pd, %eax
    orl $3, %eax
    movl %eax, boot_pdpt
    movl %eax, boot_pdpt_high + 510 * 8
    movl $boot_pdpt, %eax
    orl $3, %eax
    movl %eax, boot_pml4
    movl %eax, boot_pml4 + 256 * 8
    movl $boot_pdpt_high, %eax
    orl $3, %eax
    movl %eax, boot_pml4 + 511 * 8

    movl %cr4, %eax
    orl $(CR4_PAE | CR4_PGE), %eax
    movl %eax, %cr4
    movl $boot_pml4, %eax
    movl %eax, %cr3
    movl $EFER_MSR, %ecx
    rdmsr
    orl $(EFER_LME | EFER_NXE | EFER_SCE), %eax
    wrmsr
    movl %cr0, %eax
    orl $(CR0_PG | CR0_WP | CR0_PE), %eax
    movl %eax, %cr0

    lgdt boot_gdt_ptr
    ljmp $0x08, $start64_low

no_long_mode:
    movl $no_long_mode_msg, %esi
2:  movb (%esi), %al
    testb %al, %al
    jz 4f
    movw $0x3FD, %dx             /* wait for the UART to be ready */
3:  inb %dx, %al
    testb $0x20, %al
    jz 3b
    movb (%esi), %al
    movw $0x3F8, %dx
    outb %al, %dx
    incl %esi
    jmp 2b
4:  hlt
    jmp 4b

    .code64
start64_low:
    movw $0x10, %ax
    movw %ax, %ds
    movw %ax, %es
    movw %ax, %ss
    xorw %ax, %ax
    movw %ax, %fs
    movw %ax, %gs
    movabsq $start64_high, %rax
    jmp *%rax

    .section .boot.data, "aw"
    .align 16
boot_gdt:
    .quad 0
    .quad 0x00AF9A000000FFFF     /* 0x08: 64-bit kernel code */
    .quad 0x00CF92000000FFFF     /* 0x10: kernel data */
boot_gdt_ptr:
    .word boot_gdt_ptr - boot_gdt - 1
    .long boot_gdt
    .global boot_mb_magic, boot_mb_info
boot_mb_magic: .long 0
boot_mb_info:  .long 0
no_long_mode_msg:
    .asciz "Calyx: this CPU lacks x86_64 long mode or NX; cannot boot.\r\n"

    .section .boot.bss, "aw", @nobits
    .align 4096
boot_pml4:      .skip 4096
boot_pdpt:      .skip 4096
boot_pdpt_high: .skip 4096
boot_pd:        .skip 4096
boot_stack:     .skip 4096
boot_stack_top:

    .text
    .code64
start64_high:
    leaq boot_kernel_stack_top(%rip), %rsp
    xorl %ebp, %ebp              /* ends backtraces */
    movl boot_mb_magic, %edi
    movl boot_mb_info, %esi
    call arch_start
5:  cli
    hlt
    jmp 5b

    .bss
    .align 16
    .global boot_kernel_stack_top
boot_kernel_stack:
    .skip 16384
boot_kernel_stack_top:
