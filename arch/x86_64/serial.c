/* The 16550 UARTs COM1-COM3: the consoles and the kernel log (kernel/console.c
   decides which line carries what). Bytes go out as given. */
#include <stdint.h>
#include <stddef.h>
#include <arch/arch.h>
#include <arch/cpu.h>
#include "x86.h"

static const uint16_t com_base[ARCH_CONSOLE_PORTS] = { 0x3F8, 0x2F8, 0x3E8 }; /* COM1, COM2, COM3 */

/* Bytes COM1 received before serial_init in its holding register (FIFO
   off): turning the FIFO on resets it, so they are kept here and handed out
   first. */
#define EARLY_MAX 16
static uint8_t early[EARLY_MAX];
static unsigned early_len, early_next;

static void port_init(uint16_t com)
{
    /* Firmware may have turned the FIFO on (IIR bits 7:6): then it stays on
       and keeps what it received; else turning it on resets it, so the
       holding register is emptied first. */
    int fifo_on = (inb(com + 2) & 0xC0) == 0xC0;
    while (!fifo_on && com == com_base[0] && early_len < EARLY_MAX && (inb(com + 5) & 0x01))
        early[early_len++] = inb(com);
    outb(com + 1, 0x00); /* interrupts off while configuring */
    outb(com + 3, 0x80); /* DLAB: set the divisor */
    outb(com + 0, 0x01); /* 115200 baud */
    outb(com + 1, 0x00);
    outb(com + 3, 0x03); /* 8 bits, no parity, one stop bit */
    outb(com + 2, fifo_on ? 0xC5 : 0xC7); /* FIFO on, 14-byte threshold, cleared (input only if it was off) */
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
    if (early_next < early_len)
        return early[early_next++];
    if (!(inb(com_base[0] + 5) & 0x01))
        return -1;
    return inb(com_base[0]);
}

void serial_enable_rx_interrupt(void) { outb(com_base[0] + 1, 0x01); }
