/* Segment descriptors and the task state segment. In long mode segments are
   flat; the GDT only selects privilege levels, and the TSS names the stacks
   the CPU switches to on an interrupt (rsp0) or a fatal fault (IST). */
#include <stdint.h>
#include <arch/trapframe.h>
#include "x86.h"

struct tss {
    uint32_t reserved0;
    uint64_t rsp[3];
    uint64_t reserved1;
    uint64_t ist[7];
    uint64_t reserved2;
    uint16_t reserved3;
    uint16_t iomap_base;
} __attribute__((packed));

static struct tss tss;
static uint64_t gdt[7];
static uint8_t fault_stack[4096] __attribute__((aligned(16))); /* double fault, NMI, machine check */

struct descriptor_pointer {
    uint16_t limit;
    uint64_t base;
} __attribute__((packed));

void gdt_init(void)
{
    gdt[0] = 0;
    gdt[1] = 0x00AF9A000000FFFFull; /* kernel code, 64-bit */
    gdt[2] = 0x00CF92000000FFFFull; /* kernel data */
    gdt[3] = 0x00CFF2000000FFFFull; /* user data, DPL 3 (sysret loads SS from here) */
    gdt[4] = 0x00AFFA000000FFFFull; /* user code, 64-bit, DPL 3 */

    uint64_t base = (uint64_t)&tss;
    uint64_t limit = sizeof(tss) - 1;
    gdt[5] = (limit & 0xFFFF) | ((base & 0xFFFFFF) << 16) | (0x89ull << 40) |
             (((limit >> 16) & 0xF) << 48) | (((base >> 24) & 0xFF) << 56);
    gdt[6] = base >> 32;
    tss.iomap_base = sizeof(tss); /* no I/O permission bitmap: user port access faults */
    tss.ist[0] = (uint64_t)(fault_stack + sizeof(fault_stack));

    struct descriptor_pointer p = { sizeof(gdt) - 1, (uint64_t)gdt };
    __asm__ volatile(
        "lgdt %0\n\t"
        "mov %1, %%ds\n\t"
        "mov %1, %%es\n\t"
        "mov %1, %%ss\n\t"
        "pushq %2\n\t"
        "leaq 1f(%%rip), %%rax\n\t"
        "pushq %%rax\n\t"
        "lretq\n"
        "1:\n\t"
        "ltr %w3"
        :
        : "m"(p), "r"((uint64_t)GDT_KERNEL_DATA), "i"(GDT_KERNEL_CODE), "r"((uint16_t)GDT_TSS)
        : "rax", "memory");
}

void tss_set_kernel_stack(uint64_t rsp0) { tss.rsp[0] = rsp0; }
