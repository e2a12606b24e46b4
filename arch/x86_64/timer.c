/* Time: the legacy PIC and PIT give the periodic scheduler tick (IRQ 0);
   the TSC, calibrated against the PIT at boot, gives nanosecond time;
   the CMOS RTC gives the wall-clock time at boot. */
#include <stdint.h>
#include <arch/cpu.h>
#include "kernel/arch.h"
#include "x86.h"

#define PIC1_CMD 0x20
#define PIC1_DATA 0x21
#define PIC2_CMD 0xA0
#define PIC2_DATA 0xA1
#define PIT_HZ 1193182u

static uint64_t tsc_hz, tsc_at_boot, realtime_at_boot;

void pic_init(void)
{
    /* Remap IRQs 0-15 to vectors 32-47, away from the CPU exceptions. */
    outb(PIC1_CMD, 0x11);
    outb(PIC2_CMD, 0x11);
    outb(PIC1_DATA, 32);
    outb(PIC2_DATA, 40);
    outb(PIC1_DATA, 4);
    outb(PIC2_DATA, 2);
    outb(PIC1_DATA, 1);
    outb(PIC2_DATA, 1);
    outb(PIC1_DATA, 0xFF & ~(1 << 0) & ~(1 << 4) & ~(1 << 2)); /* timer, COM1, cascade */
    outb(PIC2_DATA, 0xFF);
}

void pic_eoi(int irq)
{
    if (irq >= 8)
        outb(PIC2_CMD, 0x20);
    outb(PIC1_CMD, 0x20);
}

void pit_init(unsigned hz)
{
    unsigned divisor = PIT_HZ / hz;
    outb(0x43, 0x34); /* channel 0, rate generator */
    outb(0x40, divisor & 0xFF);
    outb(0x40, divisor >> 8);
}

/* Count TSC ticks over 10 ms of PIT channel 2 (the speaker gate, polled). */
void tsc_calibrate(void)
{
    unsigned count = PIT_HZ / 100;
    outb(0x61, (inb(0x61) & ~0x02) | 0x01); /* gate on, speaker off */
    outb(0x43, 0xB0);                       /* channel 2, one-shot */
    outb(0x42, count & 0xFF);
    outb(0x42, count >> 8);
    uint64_t start = rdtsc();
    while (!(inb(0x61) & 0x20))
        ;
    uint64_t ticks = rdtsc() - start;
    tsc_hz = ticks * 100;
    if (tsc_hz == 0)
        tsc_hz = 1000000000;
    tsc_at_boot = start;
}

static uint8_t cmos(uint8_t reg)
{
    outb(0x70, reg);
    return inb(0x71);
}

static unsigned bcd(uint8_t v, int binary) { return binary ? v : (v >> 4) * 10 + (v & 15); }

static uint64_t days_from_civil(int y, unsigned m, unsigned d)
{
    y -= m <= 2;
    int era = (y >= 0 ? y : y - 399) / 400;
    unsigned yoe = (unsigned)(y - era * 400);
    unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return (uint64_t)(era * 146097 + (int)doe - 719468);
}

void rtc_read_boot_time(void)
{
    while (cmos(0x0A) & 0x80) /* wait out an update in progress */
        ;
    int binary = cmos(0x0B) & 0x04;
    unsigned sec = bcd(cmos(0x00), binary), min = bcd(cmos(0x02), binary);
    unsigned hour = bcd(cmos(0x04) & 0x7F, binary), day = bcd(cmos(0x07), binary);
    unsigned mon = bcd(cmos(0x08), binary), year = bcd(cmos(0x09), binary) + 2000;
    realtime_at_boot = days_from_civil((int)year, mon, day) * 86400 + hour * 3600 + min * 60 + sec;
}

uint64_t arch_cpu_clock_ns(uint64_t t)
{
    /* Split to stay within 64 bits: the remainder times 1e9 fits while tsc_hz < 18 GHz. */
    return t / tsc_hz * 1000000000u + t % tsc_hz * 1000000000u / tsc_hz;
}

uint64_t arch_time_ns(void) { return arch_cpu_clock_ns(rdtsc() - tsc_at_boot); }


uint64_t arch_realtime_base(void) { return realtime_at_boot; }
uint64_t arch_cpu_hz(void) { return tsc_hz; }
