/* The interrupt descriptor table: exceptions 0-31, legacy PIC IRQs 32-47,
   and 255 for spurious interrupts. Every vector enters through entry.S. */
#include <stdint.h>
#include <arch/trapframe.h>
#include "x86.h"

struct idt_gate {
    uint16_t offset_low;
    uint16_t selector;
    uint8_t ist;
    uint8_t type_attr;
    uint16_t offset_mid;
    uint32_t offset_high;
    uint32_t zero;
} __attribute__((packed));

static struct idt_gate idt[256];

#define STUB(n) extern char trap_stub_##n[];
STUB(0) STUB(1) STUB(2) STUB(3) STUB(4) STUB(5) STUB(6) STUB(7) STUB(8) STUB(9)
STUB(10) STUB(11) STUB(12) STUB(13) STUB(14) STUB(15) STUB(16) STUB(17) STUB(18) STUB(19)
STUB(20) STUB(21) STUB(22) STUB(23) STUB(24) STUB(25) STUB(26) STUB(27) STUB(28) STUB(29)
STUB(30) STUB(31) STUB(32) STUB(33) STUB(34) STUB(35) STUB(36) STUB(37) STUB(38) STUB(39)
STUB(40) STUB(41) STUB(42) STUB(43) STUB(44) STUB(45) STUB(46) STUB(47) STUB(255)
#undef STUB

static char *const stubs[48] = {
    trap_stub_0, trap_stub_1, trap_stub_2, trap_stub_3, trap_stub_4, trap_stub_5,
    trap_stub_6, trap_stub_7, trap_stub_8, trap_stub_9, trap_stub_10, trap_stub_11,
    trap_stub_12, trap_stub_13, trap_stub_14, trap_stub_15, trap_stub_16, trap_stub_17,
    trap_stub_18, trap_stub_19, trap_stub_20, trap_stub_21, trap_stub_22, trap_stub_23,
    trap_stub_24, trap_stub_25, trap_stub_26, trap_stub_27, trap_stub_28, trap_stub_29,
    trap_stub_30, trap_stub_31, trap_stub_32, trap_stub_33, trap_stub_34, trap_stub_35,
    trap_stub_36, trap_stub_37, trap_stub_38, trap_stub_39, trap_stub_40, trap_stub_41,
    trap_stub_42, trap_stub_43, trap_stub_44, trap_stub_45, trap_stub_46, trap_stub_47,
};

static void set_gate(int vector, void *handler, int ist, int dpl)
{
    uint64_t a = (uint64_t)handler;
    idt[vector] = (struct idt_gate){
        .offset_low = a & 0xFFFF,
        .selector = GDT_KERNEL_CODE,
        .ist = ist,
        .type_attr = 0x8E | (dpl << 5), /* present, 64-bit interrupt gate (IF cleared on entry) */
        .offset_mid = (a >> 16) & 0xFFFF,
        .offset_high = a >> 32,
    };
}

void idt_init(void)
{
    for (int v = 0; v < 48; v++)
        set_gate(v, stubs[v], 0, 0);
    set_gate(2, stubs[2], 1, 0);   /* NMI: known-good stack */
    set_gate(8, stubs[8], 1, 0);   /* double fault: the kernel stack may be gone */
    set_gate(18, stubs[18], 1, 0); /* machine check */
    set_gate(3, stubs[3], 0, 3);   /* int3 is allowed from user mode */
    set_gate(255, trap_stub_255, 0, 0);

    struct {
        uint16_t limit;
        uint64_t base;
    } __attribute__((packed)) p = { sizeof(idt) - 1, (uint64_t)idt };
    __asm__ volatile("lidt %0" ::"m"(p));
}
