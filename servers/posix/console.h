/* The console devices of the POSIX server.
 *
 * /dev/console (char 5:1) is the console capability: writes go out on it,
 * reads come from it. /dev/ttyS1 (char 4:65) writes to the error console.
 * Both are terminals (tty.h). Reading the console must not block the
 * server, so a native helper thread of the server does the blocking cx_read
 * and sends what it got to the server's own endpoint (CONSOLE_INPUT_MSG);
 * a reader with nothing to read is parked (BLOCK_READ) and retried when
 * input comes. */
#ifndef POSIX_CONSOLE_H
#define POSIX_CONSOLE_H

#include <stddef.h>
#include "vfs.h"

/* Creates the root filesystem fs (vfs_init with the clock) with the
   console devices in /dev. 0 or -errno. */
int console_boot(struct vfs *fs, vfs_clock_fn clock);

/* The first word of the console reader thread's messages to the server's
   endpoint (no struct cx_pmsg kind has this value). */
#define CONSOLE_INPUT_MSG 0x534e4f43u
/* Bytes from the console reader thread (len 0: end of input). */
void console_input(const void *data, size_t len);

#endif
