/* Console objects: output goes straight to a serial line; input is buffered
   from the receive interrupt and handed to one blocked reader at a time.

   Line endings: what programs write through a console capability goes out
   raw, byte for byte: a terminal's output processing ("\n" -> "\r\n") is
   the business of whoever runs the terminal (the POSIX server's line
   discipline, servers/posix/fd/tty.c), and doing it twice would send
   "\r\r\n". Kernel messages (kprintf) are lines and get "\r\n" unless
   stdio=split (then the log has its own port, a file). Native programs'
   "\n" reaches a terminal emulator as is; QEMU's -serial stdio keeps the
   host terminal's own output processing, so they still look right.

   Input flow control: when the ring is full the UART is left unread (the
   receive interrupt is edge-triggered, so it stays quiet) and QEMU stops
   feeding the serial line; the next read drains the UART again. No byte
   is dropped. */
#include "console.h"
#include "lib/printf.h"
#include "object.h"
#include "panic.h"
#include "sched.h"
#include "usercopy.h"
#include "boot.h"
#include "lib/string.h"
#include <calyx/abi.h>
#include "arch.h"

/* Both live forever: their first reference is never dropped. */
struct console {
    struct kobject obj; /* CX_OBJ_CONSOLE; first, so a kobject pointer converts */
    unsigned port;      /* arch serial port */
};
static struct console console, error_console;
static unsigned log_port; /* where kprintf goes */
static int raw;           /* stdio=split: no "\n" -> "\r\n" for kernel messages either */
static char input[CONSOLE_INPUT_BUFFER];
static unsigned in_head, in_tail; /* ring: head is the next byte to read */
static struct thread *reader;

struct kobject *console_object(void) { return &console.obj; }
struct kobject *console_error_object(void) { return &error_console.obj; }

static void line_write(unsigned port, const char *s, size_t n, int translate)
{
    if (!translate) {
        arch_console_write(port, s, n);
        return;
    }
    for (size_t start = 0, i = 0; i <= n; i++)
        if (i == n || s[i] == '\n') {
            arch_console_write(port, s + start, i - start);
            if (i < n)
                arch_console_write(port, "\r\n", 2);
            start = i + 1;
        }
}

static void make_console(struct console *c, unsigned port, uint64_t id)
{
    kobject_init(&c->obj, CX_OBJ_CONSOLE, NULL);
    c->port = port;
    if (c->obj.id != id)
        panic("console object id %lu, expected %lu", (unsigned long)c->obj.id, (unsigned long)id);
}

/* The first objects the kernel makes, so they get the well-known ids. */
void console_init(void)
{
    char v[16];
    const char *mode = boot_option("stdio", v, sizeof v);
    if (mode && strcmp(mode, "split") == 0) {
        raw = 1;
        log_port = 2;
    }
    make_console(&console, 0, CONSOLE_OBJECT_ID);
    make_console(&error_console, raw ? 1 : 0, CONSOLE_ERROR_OBJECT_ID);
    if (mode && !raw)
        kprintf("console: unknown option stdio=%s ignored (the one choice is stdio=split)\n", mode);
}

/* Moves received bytes from the UART into the ring while it has room. */
static void drain_uart(void)
{
    int c;
    while ((in_tail + 1) % CONSOLE_INPUT_BUFFER != in_head && (c = arch_console_poll()) >= 0) {
        input[in_tail] = (char)c;
        in_tail = (in_tail + 1) % CONSOLE_INPUT_BUFFER;
    }
}

void console_interrupt(void)
{
    drain_uart();
    if (reader && in_head != in_tail) {
        struct thread *t = reader;
        reader = NULL;
        sched_wake(t, WAKE_NORMAL);
    }
}

uint64_t console_write_user(struct kobject *o, struct vmspace *vs, uint64_t buf, uint64_t count)
{
    unsigned port = ((struct console *)o)->port;
    char chunk[256];
    uint64_t done = 0;
    while (done < count) {
        uint64_t n = count - done < sizeof chunk ? count - done : sizeof chunk;
        if (copy_from_user(vs, chunk, buf + done, n) < 0)
            return done ? done : CX_MKERR(CX_ERR_INVALID_ADDRESS);
        line_write(port, chunk, n, 0);
        done += n;
    }
    return done;
}

/* Blocks until at least one byte is there, then returns what is buffered (up to count). */
uint64_t console_read_user(struct kobject *o, struct vmspace *vs, uint64_t buf, uint64_t count)
{
    if (o != &console.obj)
        return CX_MKERR(CX_ERR_NOT_SUPPORTED); /* input arrives on the console only */
    if (count == 0)
        return 0;
    if (!user_writable(vs, buf, count < 256 ? count : 256))
        return CX_MKERR(CX_ERR_INVALID_ADDRESS); /* say so now, not after input arrives */
    drain_uart(); /* syscalls run with interrupts off: no race with the handler */
    while (in_head == in_tail) {
        if (reader)
            return CX_MKERR(CX_ERR_BUSY);
        reader = current_thread();
        if (sched_block(0) != WAKE_NORMAL) {
            reader = NULL;
            return CX_MKERR(CX_ERR_INTERRUPTED);
        }
    }
    uint64_t n = 0;
    char chunk[256];
    for (unsigned i = in_head; n < count && n < sizeof chunk && i != in_tail;
         i = (i + 1) % CONSOLE_INPUT_BUFFER)
        chunk[n++] = input[i];
    if (copy_to_user(vs, buf, chunk, n) < 0)
        return CX_MKERR(CX_ERR_INVALID_ADDRESS); /* the input stays for the next read */
    in_head = (in_head + (unsigned)n) % CONSOLE_INPUT_BUFFER;
    drain_uart(); /* what waited in the UART while the ring was full */
    return n;
}

/* kprintf's sink. */
void console_write(const char *s, size_t n) { line_write(log_port, s, n, !raw); }
