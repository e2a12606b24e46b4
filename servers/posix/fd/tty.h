/* Terminals for the POSIX server: the termios state of a terminal and its
 * line discipline (Linux's N_TTY behaviour). Plain logic over kernel
 * buffers: no processes, no I/O, no clock, so it is unit-tested on the
 * host (tests/host/test_tty.c). The device that owns a terminal
 * (console.c) feeds it received bytes (tty_input), takes what a read
 * returns (tty_read), runs written bytes through output processing
 * (tty_opost) and gives it two callbacks: where echo goes, and who gets
 * the signals of VINTR/VQUIT/VSUSP.
 *
 * Input (c_iflag): ISTRIP, INLCR, IGNCR, ICRNL, IXON (VSTOP/VSTART stop and
 * restart output; IXANY: any character restarts), no input without CREAD.
 * Local modes (c_lflag):
 *   ISIG    VINTR, VQUIT, VSUSP raise SIGINT, SIGQUIT, SIGTSTP (callback)
 *           and flush the input queue unless NOFLSH; the character is
 *           echoed (as "^C" with ECHOCTL) and never stored.
 *   ICANON  input is edited a line at a time: VERASE erases a character,
 *           VKILL the line, VWERASE (IEXTEN) a word, VLNEXT (IEXTEN) takes
 *           the next character literally, VREPRINT (IEXTEN) redisplays the
 *           line. "\n", VEOL and VEOL2 (IEXTEN) end a line and are read
 *           with it; VEOF ends it without being read, so VEOF on an empty
 *           line reads as 0 bytes (end of file). A read returns at most one
 *           line.
 *   ECHO    input is echoed; ECHOCTL shows control characters as ^X;
 *           ECHOE erases with "\b \b" (a ^X takes two, a tab backs up to
 *           where it started); ECHOK echoes "\n" after VKILL, or with
 *           ECHOKE and ECHOE the line is erased on the screen; ECHONL
 *           echoes "\n" even without ECHO.
 *   not ICANON: bytes are readable as they come; VMIN/VTIME are the
 *           device's business (tty_read_ready tells when they are met).
 * Output (c_oflag, with OPOST): ONLCR "\n" -> "\r\n", OCRNL "\r" -> "\n",
 *   ONOCR (no "\r" at column 0), ONLRET, OLCUC, XTABS (tabs to spaces).
 *   Echo goes through the same processing.
 *
 * Limits: the input queue holds TTY_BUF_SIZE (4096, Linux's N_TTY_BUF_SIZE)
 * characters, so a canonical line is at most TTY_BUF_SIZE - 1 characters
 * plus its terminator. As Linux, when the line being edited fills the
 * queue, further ordinary characters are dropped (not echoed) while the
 * line terminators, editing and signal characters still work; when the
 * queue is full of complete lines or of non-canonical input, tty_input
 * stops taking bytes (the device holds them back: no byte is lost). */
#ifndef POSIX_TTY_H
#define POSIX_TTY_H

#include <stddef.h>
#include <stdint.h>

#define TTY_BUF_SIZE 4096
#define TTY_NCCS     19   /* the kernel's struct termios c_cc (asm/termbits.h) */

struct tty_state {
    uint32_t iflag, oflag, cflag, lflag;
    uint8_t line;
    uint8_t cc[TTY_NCCS];
    uint16_t rows, cols, xpixel, ypixel; /* TIOCGWINSZ */
    int32_t pgrp;          /* the foreground process group (0: none) */
    int32_t sid;           /* the session it is the controlling terminal of (0: none) */
    int excl;              /* TIOCEXCL: opens by non-root fail with EBUSY */
    int stopped;           /* output stopped (VSTOP, TCOOFF) */
    /* The input queue: a character in the low 8 bits and TTY_Q_* flags.
       q[0, canon) are complete lines (in non-canonical mode: everything);
       q[canon, qlen) is the line being edited. */
    uint16_t q[TTY_BUF_SIZE];
    size_t qlen, canon;
    int lnext;             /* the next character is taken literally */
    unsigned column;       /* the output column (tab erase) */
    unsigned line_column;  /* the column where the line being edited started */
    /* Echo output (already processed; may be NULL). */
    void (*echo)(void *ctx, const uint8_t *buf, size_t len);
    /* ISIG: sig for the foreground process group (may be NULL). */
    void (*signal)(void *ctx, int sig);
    void *ctx;
};
#define TTY_Q_DELIM 0x100u /* a line ends after this character */
#define TTY_Q_EOF   0x200u /* VEOF's place: ends a line, is not read */

/* The defaults of a Linux console (ICRNL IXON, OPOST ONLCR, B38400 CS8
   CREAD HUPCL, ISIG ICANON ECHO ECHOE ECHOK ECHOCTL ECHOKE IEXTEN, the
   usual control characters, VMIN 1, 80x24), no foreground group, empty. */
void tty_init(struct tty_state *t);

/* Takes received bytes; returns how many it took (< n when the input
   queue is full: offer the rest again after a read). */
size_t tty_input(struct tty_state *t, const uint8_t *buf, size_t n);

/* Bytes a read may take now: canonical, whether a complete line (or an
   end of file) is queued; otherwise the bytes queued. */
size_t tty_avail(const struct tty_state *t);
/* FIONREAD: bytes in complete lines (canonical) or queued. */
size_t tty_inq(const struct tty_state *t);
/* Whether a read of len bytes may return now without waiting: canonical,
   a complete line is queued; otherwise at least min(VMIN, len) bytes (at
   least 1 when VMIN is 0 and VTIME is not: the timer is the device's). */
int tty_read_ready(const struct tty_state *t, size_t len);
/* Takes up to len readable bytes (canonical: at most the first line, its
   VEOF marker consumed and not copied). Returns the count (0: nothing
   readable, or an end of file line). */
size_t tty_read(struct tty_state *t, uint8_t *buf, size_t len);
void tty_flush_input(struct tty_state *t);

/* Output processing of written bytes into out (at most cap bytes; cap >= 2
   for progress). Returns the bytes put in out; *used gets how many of in
   they stand for. */
size_t tty_opost(struct tty_state *t, const uint8_t *in, size_t n, uint8_t *out, size_t cap,
                 size_t *used);

/* The termios and line discipline ioctls (arg as for file_ops.ioctl;
   by-value arguments are in arg as a uint64_t): TCGETS, TCSETS, TCSETSW,
   TCSETSF (flushes input), TIOCGWINSZ, TIOCSWINSZ (1 when the size changed,
   else 0: the device raises SIGWINCH), FIONREAD, TCFLSH, TCXONC, TIOCOUTQ
   (0: output is never queued), TCSBRK, TCSBRKP, TIOCEXCL, TIOCNXCL,
   TIOCGEXCL, TIOCGETD, TIOCSETD (N_TTY only), TIOCGPGRP; EINVAL for a bad
   argument, -ENOTTY for the others (process-related ones are the
   device's: console.c). */
int64_t tty_ioctl(struct tty_state *t, uint64_t req, void *arg);

#endif
