/* From the boot trampoline to the portable kernel: bring up the CPU tables,
   memory and time, then hand over to kernel_main. */
#include <stdint.h>
#include "kernel/arch.h"
#include <arch/cpu.h>
#include "kernel/mmu.h"
#include "kernel/boot.h"
#include "kernel/pmm.h"
#include "kernel/main.h"
#include "kernel/panic.h"
#include "kernel/lib/printf.h"
#include "kernel/lib/string.h"
#include "x86.h"

#define MULTIBOOT_BOOTLOADER_MAGIC 0x2BADB002

struct boot_info boot_info;

void arch_start(uint32_t magic, uint32_t info_pa)
{
    serial_init();
    if (magic != MULTIBOOT_BOOTLOADER_MAGIC)
        panic("not started by a multiboot loader (magic %#x)", magic);
    multiboot_parse(info_pa, &boot_info);
    gdt_init();
    idt_init();
    fpu_init();

    /* Keep the low 1 MiB (BIOS data, the boot tables), the kernel and the modules. */
    struct boot_range reserved[2 + BOOT_MAX_MODULES];
    unsigned nres = 0;
    reserved[nres++] = (struct boot_range){ 0, 1ull << 20 };
    reserved[nres++] = (struct boot_range){ boot_info.kernel_start, boot_info.kernel_end - boot_info.kernel_start };
    for (unsigned i = 0; i < boot_info.nmodules; i++)
        reserved[nres++] = (struct boot_range){ boot_info.modules[i].start,
                                                boot_info.modules[i].end - boot_info.modules[i].start };
    if (pmm_init(boot_info.ram, boot_info.nram, reserved, nres) < 0)
        panic("no room for the physical page tables");
    paging_init(&boot_info);

    tsc_calibrate();
    rtc_read_boot_time();
    syscall_init();
    pic_init();
    pit_init(KERNEL_TICK_HZ);
    serial_enable_rx_interrupt();
    kernel_main();
}

void cpu_describe(char *out, unsigned size)
{
    uint32_t r[4];
    cpuid(0x80000000, 0, r);
    if (r[0] >= 0x80000004) {
        char brand[49];
        for (unsigned i = 0; i < 3; i++) {
            cpuid(0x80000002 + i, 0, r);
            memcpy(brand + 16 * i, r, 16);
        }
        brand[48] = 0;
        const char *b = brand;
        while (*b == ' ')
            b++;
        strlcpy(out, b, size);
        return;
    }
    cpuid(0, 0, r);
    char vendor[13];
    memcpy(vendor, &r[1], 4);
    memcpy(vendor + 4, &r[3], 4);
    memcpy(vendor + 8, &r[2], 4);
    vendor[12] = 0;
    strlcpy(out, vendor, size);
}

void arch_cpu_name(char *out, unsigned size) { cpu_describe(out, size); }

_Noreturn void arch_halt(void)
{
    for (;;) {
        cpu_disable_interrupts();
        cpu_halt();
    }
}

_Noreturn void arch_poweroff(int status)
{
    outl(0xF4, (uint32_t)status); /* isa-debug-exit: QEMU exits with (status << 1) | 1 */
    outw(0x604, 0x2000);          /* QEMU's ACPI power-off, when the device is absent */
    arch_halt();
}
