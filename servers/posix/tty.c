/* Terminals: termios state and its ioctls (see tty.h). */
#include "tty.h"
#include "../../kernel/lib/string.h"
#include <asm-generic/errno.h>
#include <asm/ioctls.h>
#include <asm/termios.h>

void tty_init(struct tty_state *t)
{
    memset(t, 0, sizeof *t);
    t->iflag = ICRNL | IXON;
    t->oflag = OPOST | ONLCR;
    t->cflag = B38400 | CS8 | CREAD | HUPCL;
    t->lflag = ISIG | ICANON | ECHO | ECHOE | ECHOK | ECHOCTL | ECHOKE | IEXTEN;
    t->cc[VINTR] = 3;     /* ^C */
    t->cc[VQUIT] = 0x1c;  /* ^\ */
    t->cc[VERASE] = 0x7f; /* DEL */
    t->cc[VKILL] = 0x15;  /* ^U */
    t->cc[VEOF] = 4;      /* ^D */
    t->cc[VMIN] = 1;
    t->cc[VSTART] = 0x11; /* ^Q */
    t->cc[VSTOP] = 0x13;  /* ^S */
    t->cc[VSUSP] = 0x1a;  /* ^Z */
    t->cc[VREPRINT] = 0x12;
    t->cc[VDISCARD] = 0x0f;
    t->cc[VWERASE] = 0x17;
    t->cc[VLNEXT] = 0x16;
    t->rows = 24;
    t->cols = 80;
    t->pgrp = 1;
}

int64_t tty_ioctl(struct tty_state *t, uint64_t req, void *arg)
{
    struct termios tio;
    struct winsize ws;
    switch (req) {
    case TCGETS:
        memset(&tio, 0, sizeof tio);
        tio.c_iflag = t->iflag;
        tio.c_oflag = t->oflag;
        tio.c_cflag = t->cflag;
        tio.c_lflag = t->lflag;
        tio.c_line = t->line;
        memcpy(tio.c_cc, t->cc, sizeof t->cc);
        memcpy(arg, &tio, sizeof tio);
        return 0;
    case TCSETS:
    case TCSETSW:
    case TCSETSF:
        memcpy(&tio, arg, sizeof tio);
        t->iflag = tio.c_iflag;
        t->oflag = tio.c_oflag;
        t->cflag = tio.c_cflag;
        t->lflag = tio.c_lflag;
        t->line = tio.c_line;
        memcpy(t->cc, tio.c_cc, sizeof t->cc);
        return 0;
    case TIOCGWINSZ:
        memset(&ws, 0, sizeof ws);
        ws.ws_row = t->rows;
        ws.ws_col = t->cols;
        memcpy(arg, &ws, sizeof ws);
        return 0;
    case TIOCSWINSZ:
        memcpy(&ws, arg, sizeof ws);
        t->rows = ws.ws_row;
        t->cols = ws.ws_col;
        return 0;
    case TIOCGPGRP:
        memcpy(arg, &t->pgrp, sizeof t->pgrp);
        return 0;
    case TIOCSPGRP: {
        int32_t pg;
        memcpy(&pg, arg, sizeof pg);
        if (pg < 0)
            return -EINVAL;
        t->pgrp = pg;
        return 0;
    }
    default:
        return -ENOTTY;
    }
}
