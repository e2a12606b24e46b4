/* Terminals for the POSIX server: the state behind a terminal device and
 * its ioctls. Plain logic over kernel buffers (no processes, no I/O), so it
 * is unit-tested on the host. */
#ifndef POSIX_TTY_H
#define POSIX_TTY_H

#include <stdint.h>

/* A terminal's ioctl handling for console devices: struct termios state
   (Linux kernel layout, asm/termbits.h) and a window size. tty_init gives
   the defaults of a Linux console (ICRNL IXON, OPOST ONLCR, CS8 CREAD,
   ISIG ICANON ECHO ..., 80x24). */
struct tty_state {
    uint32_t iflag, oflag, cflag, lflag;
    uint8_t line;
    uint8_t cc[19];
    uint16_t rows, cols;
    int32_t pgrp;          /* TIOCGPGRP/TIOCSPGRP: the foreground process group */
};
void tty_init(struct tty_state *t);
/* TCGETS, TCSETS, TCSETSW, TCSETSF, TIOCGWINSZ, TIOCSWINSZ, TIOCGPGRP,
   TIOCSPGRP; -ENOTTY for others. arg as for vfs_chr_ops.ioctl. */
int64_t tty_ioctl(struct tty_state *t, uint64_t req, void *arg);


#endif
