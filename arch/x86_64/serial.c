/* The 16550 UARTs COM1-COM3: the consoles and the kernel log (kernel/console.c
   decides which line carries what). Bytes go out as given. */
#include <stdint.h>
#include <stddef.h>
#include "kernel/arch.h"
#include <arch/cpu.h>
#include "x86.h"

static const uint16_t com_base[ARCH_CONSOLE_PORTS] = { 0x3F8, 0x2F8, 0x3E8 }; /* COM1, COM2, COM3 */

static void port_init(uint16_t com)
{
    outb(com + 1, 0x00); /* interrupts off while configuring */
    outb(com + 3, 0x80); /* DLAB: set the divisor */
    outb(com + 0, 0x01); /* 115200 baud */
    outb(com + 1, 0x00);
    outb(com + 3, 0x03); /* 8 bits, no parity, one stop bit */
    /* The FIFO is left as found: turning it on or off resets it and would
       drop what the line received before (cxrun --stdin types from boot
       on). Without it each byte waits in the holding register and the
       sender (QEMU) waits for it to be read: no byte is lost either way. */
    outb(com + 4, 0x0B); /* DTR, RTS, OUT2 (OUT2 gates the IRQ line) */
}

void serial_init(void)
{
    for (unsigned i = 0; i < ARCH_CONSOLE_PORTS; i++)
        port_init(com_base[i]);
}

/* A port with no UART behind it reads 0xFF: "ready", so writes drop, never hang. */
void arch_console_write(unsigned port, const char *s, size_t n)
{
    if (port >= ARCH_CONSOLE_PORTS)
        return;
    uint16_t com = com_base[port];
    for (size_t i = 0; i < n; i++) {
        while (!(inb(com + 5) & 0x20))
            ;
        outb(com, (uint8_t)s[i]);
    }
}

/* Returns the next byte received on port 0 (COM1), or -1 when none is waiting. */
int arch_console_poll(void)
{
    if (!(inb(com_base[0] + 5) & 0x01))
        return -1;
    return inb(com_base[0]);
}

void serial_enable_rx_interrupt(void) { outb(com_base[0] + 1, 0x01); }
