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

struct proc;
struct thread;

/* Controlling terminals. A terminal is the controlling terminal of at most
   one session (tty.sid); every process of that session has it, except one
   that left it with TIOCNOTTY (proc.tty_detached). A session leader without
   one acquires a terminal it opens without O_NOCTTY, or with TIOCSCTTY.
   The first program (a session leader) gets /dev/console at start:
   console_init_ctty, called when its fds 0-2 are set up. */
void console_init_ctty(struct proc *p);
/* p ended (a zombie now): when it led its session, the session loses its
   terminal and the terminal's foreground group gets SIGHUP and SIGCONT. */
void console_proc_exit(struct proc *p);
/* time.c: the VTIME deadline of t, parked in a terminal read, passed; the
   read finishes with what it has (or parks again). */
void console_read_timeout(struct thread *t);
/* p's controlling terminal for /proc/<pid>/stat: *tty_nr its device number
   (console 0x501, error console 0x441) and *tpgid its foreground group;
   0 and -1 without one (as Linux). */
void console_ctty_info(const struct proc *p, int *tty_nr, int *tpgid);

#endif
