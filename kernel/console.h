/* The consoles: serial lines as kernel objects. Writing needs CX_RIGHT_WRITE,
 * reading CX_RIGHT_READ.
 *
 * Two console objects exist: the console (a program's stdout and its input)
 * and the error console (stderr; output only). Where they and the kernel's
 * own messages go depends on the boot option stdio:
 *   default      everything on serial port 0 (COM1), "\n" sent as "\r\n"
 *                for the terminal on the other end;
 *   stdio=split  console -> port 0 (COM1), error console -> port 1 (COM2),
 *                kernel log (banner, kprintf, traces, panics) -> port 2
 *                (COM3); bytes go out unchanged, for files and pipes
 *                (tools/cxrun). */
#ifndef KERNEL_CONSOLE_H
#define KERNEL_CONSOLE_H

#include <stddef.h>
#include <stdint.h>

struct kobject;

#define CONSOLE_INPUT_BUFFER 1024 /* received bytes kept until read; when full, the rest wait in the UART (console.c) */

/* The consoles' object ids (cx_objid_t, for capability_create with
   CX_OBJ_CONSOLE): they are the first kernel objects, made at boot. */
#define CONSOLE_OBJECT_ID       1
#define CONSOLE_ERROR_OBJECT_ID 2

void console_init(void); /* first thing at boot: reads stdio=, gives the consoles their ids */
struct kobject *console_object(void);
struct kobject *console_error_object(void);
void console_interrupt(void); /* the UART has input */

struct vmspace;
/* Bytes written, or InvalidAddress when nothing could be copied. */
uint64_t console_write_user(struct kobject *console, struct vmspace *vs, uint64_t buf, uint64_t count);
/* Blocks for input on the console; the error console has none (NotSupported). */
uint64_t console_read_user(struct kobject *console, struct vmspace *vs, uint64_t buf, uint64_t count);

#endif
