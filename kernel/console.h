/* The console: the serial line as a kernel object. Writing needs
   CX_RIGHT_WRITE, reading CX_RIGHT_READ. */
#ifndef KERNEL_CONSOLE_H
#define KERNEL_CONSOLE_H

#include <stddef.h>
#include <stdint.h>

struct kobject;

#define CONSOLE_INPUT_BUFFER 1024 /* received bytes kept until read; more are dropped */

/* The console's object id (cx_objid_t, for capability_create with
   CX_OBJ_CONSOLE): it is the first kernel object, made at boot. */
#define CONSOLE_OBJECT_ID 1

void console_init(void); /* first thing at boot: gives the console its id */
struct kobject *console_object(void);
void console_interrupt(void); /* the UART has input */

struct vmspace;
uint64_t console_write_user(struct vmspace *vs, uint64_t buf, uint64_t count);
uint64_t console_read_user(struct vmspace *vs, uint64_t buf, uint64_t count);

#endif
