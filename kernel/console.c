/* Console object: output goes straight to the UART; input is buffered from
   the receive interrupt and handed to one blocked reader at a time. */
#include "console.h"
#include "lib/printf.h"
#include "object.h"
#include "panic.h"
#include "sched.h"
#include "usercopy.h"
#include <calyx/abi.h>
#include <arch/arch.h>

static struct kobject console; /* lives forever: its first reference is never dropped */
static char input[CONSOLE_INPUT_BUFFER];
static unsigned in_head, in_tail; /* ring: head is the next byte to read */
static struct thread *reader;

struct kobject *console_object(void) { return &console; }

/* The first object the kernel makes, so it gets the well-known id. */
void console_init(void)
{
    kobject_init(&console, CX_OBJ_CONSOLE, NULL);
    if (console.id != CONSOLE_OBJECT_ID)
        panic("console object id %lu, expected %d", (unsigned long)console.id, CONSOLE_OBJECT_ID);
}

void console_interrupt(void)
{
    int c;
    while ((c = arch_console_poll()) >= 0) {
        unsigned next = (in_tail + 1) % CONSOLE_INPUT_BUFFER;
        if (next != in_head) {
            input[in_tail] = (char)c;
            in_tail = next;
        }
    }
    if (reader && in_head != in_tail) {
        struct thread *t = reader;
        reader = NULL;
        sched_wake(t, WAKE_NORMAL);
    }
}

uint64_t console_write_user(struct vmspace *vs, uint64_t buf, uint64_t count)
{
    char chunk[256];
    uint64_t done = 0;
    while (done < count) {
        uint64_t n = count - done < sizeof chunk ? count - done : sizeof chunk;
        if (copy_from_user(vs, chunk, buf + done, n) < 0)
            return done ? done : CX_MKERR(CX_ERR_INVALID_ADDRESS);
        arch_console_write(chunk, n);
        done += n;
    }
    return done;
}

/* Blocks until at least one byte is there, then returns what is buffered (up to count). */
uint64_t console_read_user(struct vmspace *vs, uint64_t buf, uint64_t count)
{
    if (count == 0)
        return 0;
    if (!user_writable(vs, buf, count < 256 ? count : 256))
        return CX_MKERR(CX_ERR_INVALID_ADDRESS); /* say so now, not after input arrives */
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
    return n;
}

/* kprintf's sink. */
void console_write(const char *s, size_t n) { arch_console_write(s, n); }
