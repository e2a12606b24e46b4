/* Functions private to arch/x86_64. */
#ifndef X86_H
#define X86_H

#include <stdint.h>

struct boot_info;

void serial_init(void);
void serial_enable_rx_interrupt(void);
void gdt_init(void);
void tss_set_kernel_stack(uint64_t rsp0);
void idt_init(void);
void syscall_init(void);
void fpu_init(void);
void pic_init(void);
void pic_eoi(int irq);
void pit_init(unsigned hz);
void tsc_calibrate(void);
void rtc_read_boot_time(void);
void multiboot_parse(uint32_t info_pa, struct boot_info *bi);
void cpu_describe(char *out, unsigned size);

#endif
