/* Terminals: termios state and the line discipline (see tty.h). */
#include "tty.h"
#include "../../../kernel/lib/string.h"
#include <asm-generic/errno.h>
#include <asm/ioctls.h>
#include <asm/termios.h>
#include <asm/signal.h>

#define N_TTY 0 /* the one line discipline (linux/tty.h) */
#define CTRL(c) ((c) & 0x1f)
#define DEL 0x7f
#define VDISABLE 0 /* a c_cc entry of 0 is off (Linux's _POSIX_VDISABLE) */

void tty_init(struct tty_state *t)
{
    memset(t, 0, sizeof *t);
    t->iflag = ICRNL | IXON;
    t->oflag = OPOST | ONLCR;
    t->cflag = B38400 | CS8 | CREAD | HUPCL;
    t->lflag = ISIG | ICANON | ECHO | ECHOE | ECHOK | ECHOCTL | ECHOKE | IEXTEN;
    t->cc[VINTR] = CTRL('C');
    t->cc[VQUIT] = CTRL('\\');
    t->cc[VERASE] = DEL;
    t->cc[VKILL] = CTRL('U');
    t->cc[VEOF] = CTRL('D');
    t->cc[VMIN] = 1;
    t->cc[VSTART] = CTRL('Q');
    t->cc[VSTOP] = CTRL('S');
    t->cc[VSUSP] = CTRL('Z');
    t->cc[VREPRINT] = CTRL('R');
    t->cc[VDISCARD] = CTRL('O');
    t->cc[VWERASE] = CTRL('W');
    t->cc[VLNEXT] = CTRL('V');
    t->rows = 24;
    t->cols = 80;
}

/* --- output ------------------------------------------------------------------ */

/* One character through output processing into out (room for 8). */
static size_t opost_char(struct tty_state *t, uint8_t c, uint8_t *out)
{
    if (!(t->oflag & OPOST)) {
        out[0] = c;
        return 1;
    }
    switch (c) {
    case '\n':
        if (t->oflag & ONLRET)
            t->column = 0;
        if (t->oflag & ONLCR) {
            t->column = 0;
            out[0] = '\r', out[1] = '\n';
            return 2;
        }
        out[0] = c;
        return 1;
    case '\r':
        if ((t->oflag & ONOCR) && t->column == 0)
            return 0;
        if (t->oflag & OCRNL) {
            if (t->oflag & ONLRET)
                t->column = 0;
            out[0] = '\n';
            return 1;
        }
        t->column = 0;
        out[0] = c;
        return 1;
    case '\t': {
        unsigned spaces = 8 - (t->column & 7);
        if ((t->oflag & TABDLY) == XTABS) {
            for (unsigned i = 0; i < spaces; i++)
                out[i] = ' ';
            t->column += spaces;
            return spaces;
        }
        t->column += spaces;
        out[0] = c;
        return 1;
    }
    case '\b':
        if (t->column > 0)
            t->column--;
        out[0] = c;
        return 1;
    default:
        if ((t->oflag & OLCUC) && c >= 'a' && c <= 'z')
            c = (uint8_t)(c - 'a' + 'A');
        if (c >= 0x20 && c != DEL)
            t->column++;
        out[0] = c;
        return 1;
    }
}

size_t tty_opost(struct tty_state *t, const uint8_t *in, size_t n, uint8_t *out, size_t cap,
                 size_t *used)
{
    size_t i = 0, o = 0;
    uint8_t tmp[8];
    while (i < n) {
        unsigned column = t->column;
        size_t k = opost_char(t, in[i], tmp);
        if (o + k > cap) {
            t->column = column; /* the character goes in the next call */
            break;
        }
        memcpy(out + o, tmp, k);
        o += k;
        i++;
    }
    *used = i;
    return o;
}

static void emit(struct tty_state *t, const uint8_t *buf, size_t n)
{
    uint8_t out[64];
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        if (o > sizeof out - 8) {
            if (t->echo)
                t->echo(t->ctx, out, o);
            o = 0;
        }
        o += opost_char(t, buf[i], out + o);
    }
    if (o && t->echo)
        t->echo(t->ctx, out, o);
}

static void emit_str(struct tty_state *t, const char *s)
{
    emit(t, (const uint8_t *)s, strlen(s));
}

static int is_ctl(uint8_t c)
{
    return c < 0x20 || c == DEL;
}

/* Echo of an input character: ^X for control characters with ECHOCTL
   (not tab or newline). */
static void echo_char(struct tty_state *t, uint8_t c)
{
    if ((t->lflag & ECHOCTL) && is_ctl(c) && c != '\t' && c != '\n') {
        uint8_t two[2] = { '^', (uint8_t)(c ^ 0x40) };
        emit(t, two, 2);
    } else {
        emit(t, &c, 1);
    }
}

/* --- the input queue ----------------------------------------------------------- */

static int canonical(const struct tty_state *t)
{
    return (t->lflag & ICANON) != 0;
}

static int is_cc(const struct tty_state *t, int which, uint8_t c)
{
    return t->cc[which] != VDISABLE && t->cc[which] == c;
}

void tty_flush_input(struct tty_state *t)
{
    t->qlen = t->canon = 0;
    t->lnext = 0;
    t->line_column = t->column;
}

static void put(struct tty_state *t, uint16_t v)
{
    t->q[t->qlen++] = v;
    if (!canonical(t) || (v & TTY_Q_DELIM)) {
        t->canon = t->qlen;
        t->line_column = t->column;
    }
}

/* The width a queued character took on the screen when echoed, given the
   column it started at. */
static unsigned echo_width(const struct tty_state *t, uint8_t c, unsigned col)
{
    if (c == '\t')
        return 8 - (col & 7);
    if (is_ctl(c))
        return (t->lflag & ECHOCTL) ? 2 : 0;
    return 1;
}

/* Removes the last character of the line being edited, and from the screen. */
static void erase_one(struct tty_state *t)
{
    if (t->qlen == t->canon)
        return;
    uint8_t c = (uint8_t)t->q[--t->qlen];
    if (!(t->lflag & ECHO))
        return;
    if (!(t->lflag & ECHOE)) {
        echo_char(t, t->cc[VERASE]);
        return;
    }
    unsigned back;
    if (c == '\t') {
        unsigned col = t->line_column;
        for (size_t i = t->canon; i < t->qlen; i++)
            col += echo_width(t, (uint8_t)t->q[i], col);
        back = t->column > col ? t->column - col : 0;
        for (unsigned i = 0; i < back; i++)
            emit_str(t, "\b");
        return;
    }
    back = echo_width(t, c, 0);
    for (unsigned i = 0; i < back; i++)
        emit_str(t, "\b \b");
}

static int is_space(uint8_t c)
{
    return c == ' ' || c == '\t';
}

static void reprint(struct tty_state *t)
{
    echo_char(t, t->cc[VREPRINT]);
    emit_str(t, "\n");
    t->line_column = t->column;
    for (size_t i = t->canon; i < t->qlen; i++)
        echo_char(t, (uint8_t)t->q[i]);
}

/* Line editing characters (ICANON); 1 when c was one. */
static int edit(struct tty_state *t, uint8_t c)
{
    if (is_cc(t, VERASE, c)) {
        erase_one(t);
        return 1;
    }
    if (is_cc(t, VKILL, c)) {
        if ((t->lflag & ECHO) && (t->lflag & ECHOKE) && (t->lflag & ECHOE)) {
            while (t->qlen > t->canon)
                erase_one(t);
            return 1;
        }
        t->qlen = t->canon;
        if (t->lflag & ECHO) {
            echo_char(t, c);
            if (t->lflag & ECHOK)
                emit_str(t, "\n");
        }
        t->line_column = t->column;
        return 1;
    }
    if (!(t->lflag & IEXTEN))
        return 0;
    if (is_cc(t, VWERASE, c)) {
        while (t->qlen > t->canon && is_space((uint8_t)t->q[t->qlen - 1]))
            erase_one(t);
        while (t->qlen > t->canon && !is_space((uint8_t)t->q[t->qlen - 1]))
            erase_one(t);
        return 1;
    }
    if (is_cc(t, VLNEXT, c)) {
        t->lnext = 1;
        if ((t->lflag & ECHO) && (t->lflag & ECHOCTL))
            emit_str(t, "^\b");
        return 1;
    }
    if (is_cc(t, VREPRINT, c)) {
        if (t->lflag & ECHO)
            reprint(t);
        return 1;
    }
    return 0;
}

/* ISIG characters; 1 when c was one. */
static int signal_char(struct tty_state *t, uint8_t c)
{
    int sig = is_cc(t, VINTR, c) ? SIGINT : is_cc(t, VQUIT, c) ? SIGQUIT
            : is_cc(t, VSUSP, c) ? SIGTSTP : 0;
    if (!sig)
        return 0;
    if (!(t->lflag & NOFLSH))
        tty_flush_input(t);
    if (t->lflag & ECHO)
        echo_char(t, c);
    t->line_column = t->column;
    if (t->signal)
        t->signal(t->ctx, sig);
    return 1;
}

/* Stores c (flags: TTY_Q_*), echoing it. 0 when the queue has no room
   (the byte must wait), 1 when taken (stored or, canonical overflow,
   dropped). */
static int store(struct tty_state *t, uint8_t c, uint16_t flags)
{
    size_t room = TTY_BUF_SIZE - t->qlen;
    if (canonical(t)) {
        /* One slot stays for the line's terminator. */
        if (room == 0 || (!flags && room < 2)) {
            if (t->canon > 0)
                return 0;   /* complete lines wait to be read */
            return !flags;  /* the line is full: ordinary characters drop */
        }
    } else if (room == 0) {
        return 0;
    }
    if (flags & TTY_Q_EOF) {
        put(t, flags);
        return 1;
    }
    if (c == '\n' && !(t->lflag & ECHO) && (t->lflag & ECHONL) && canonical(t))
        emit_str(t, "\n");
    else if (t->lflag & ECHO)
        echo_char(t, c);
    put(t, (uint16_t)(c | flags));
    return 1;
}

/* One received byte; 0 when it must wait for room. As Linux, a full queue
   holds back every byte, VINTR included (unless the line being edited is
   what fills it: then the line's overflow rules apply). */
static int input_char(struct tty_state *t, uint8_t c)
{
    if (t->qlen == TTY_BUF_SIZE && !(canonical(t) && t->canon == 0))
        return 0;
    if (t->iflag & ISTRIP)
        c &= 0x7f;
    if (t->lnext) {
        if (!store(t, c, 0))
            return 0;
        t->lnext = 0;
        return 1;
    }
    if (t->iflag & IXON) {
        if (is_cc(t, VSTOP, c) && !(is_cc(t, VSTART, c) && t->stopped)) {
            t->stopped = 1;
            return 1;
        }
        if (is_cc(t, VSTART, c)) {
            t->stopped = 0;
            return 1;
        }
        if (t->iflag & IXANY)
            t->stopped = 0;
    }
    if ((t->lflag & ISIG) && signal_char(t, c))
        return 1;
    if (c == '\r') {
        if (t->iflag & IGNCR)
            return 1;
        if (t->iflag & ICRNL)
            c = '\n';
    } else if (c == '\n' && (t->iflag & INLCR)) {
        c = '\r';
    }
    if (!canonical(t))
        return store(t, c, 0);
    if (edit(t, c))
        return 1;
    if (c == '\n' || is_cc(t, VEOL, c) || ((t->lflag & IEXTEN) && is_cc(t, VEOL2, c)))
        return store(t, c, TTY_Q_DELIM);
    if (is_cc(t, VEOF, c))
        return store(t, c, TTY_Q_DELIM | TTY_Q_EOF);
    return store(t, c, 0);
}

size_t tty_input(struct tty_state *t, const uint8_t *buf, size_t n)
{
    if (!(t->cflag & CREAD))
        return n; /* the receiver is off: input is discarded */
    size_t i = 0;
    while (i < n && input_char(t, buf[i]))
        i++;
    return i;
}

/* --- reading -------------------------------------------------------------------- */

size_t tty_avail(const struct tty_state *t)
{
    return canonical(t) ? t->canon : t->qlen;
}

size_t tty_inq(const struct tty_state *t)
{
    size_t n = 0;
    for (size_t i = 0; i < tty_avail(t); i++)
        if (!(t->q[i] & TTY_Q_EOF))
            n++;
    return n;
}

int tty_read_ready(const struct tty_state *t, size_t len)
{
    if (canonical(t))
        return t->canon > 0;
    size_t want = t->cc[VMIN];
    if (want > len)
        want = len;
    if (want == 0)
        return t->cc[VTIME] == 0 || t->qlen > 0;
    return t->qlen >= want;
}

static void drop_front(struct tty_state *t, size_t n)
{
    memmove(t->q, t->q + n, (t->qlen - n) * sizeof t->q[0]);
    t->qlen -= n;
    t->canon = t->canon > n ? t->canon - n : 0;
    if (!canonical(t))
        t->canon = t->qlen;
}

size_t tty_read(struct tty_state *t, uint8_t *buf, size_t len)
{
    size_t avail = tty_avail(t), i = 0, got = 0;
    if (canonical(t)) {
        while (i < avail && got < len) {
            uint16_t v = t->q[i++];
            if (v & TTY_Q_EOF)
                break;
            buf[got++] = (uint8_t)v;
            if (v & TTY_Q_DELIM)
                break;
        }
        /* A read that filled buf just before the line's VEOF takes it too. */
        if (got == len && i < avail && (t->q[i] & TTY_Q_EOF) && got > 0)
            i++;
    } else {
        for (; i < avail && got < len; i++)
            buf[got++] = (uint8_t)t->q[i];
    }
    drop_front(t, i);
    return got;
}

/* --- ioctl ---------------------------------------------------------------------- */

static void set_termios(struct tty_state *t, const struct termios *tio)
{
    int was_canon = canonical(t);
    t->iflag = tio->c_iflag;
    t->oflag = tio->c_oflag;
    t->cflag = tio->c_cflag;
    t->lflag = tio->c_lflag;
    t->line = tio->c_line;
    memcpy(t->cc, tio->c_cc, sizeof t->cc);
    if (!(t->iflag & IXON))
        t->stopped = 0;
    if (was_canon == canonical(t))
        return;
    t->lnext = 0;
    if (canonical(t) && t->qlen) {
        /* As Linux: what non-canonical input is queued reads as one line. */
        t->q[t->qlen - 1] |= TTY_Q_DELIM;
    }
    t->canon = t->qlen;
    t->line_column = t->column;
}

static uint64_t value_arg(const void *arg)
{
    uint64_t v;
    memcpy(&v, arg, sizeof v);
    return v;
}

static int64_t put_int(void *arg, int v)
{
    memcpy(arg, &v, sizeof v);
    return 0;
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
    case TCSETSF:
        tty_flush_input(t);
        /* fall through */
    case TCSETS:
    case TCSETSW: /* output is never queued: nothing to wait for */
        memcpy(&tio, arg, sizeof tio);
        set_termios(t, &tio);
        return 0;
    case TIOCGWINSZ:
        memset(&ws, 0, sizeof ws);
        ws.ws_row = t->rows;
        ws.ws_col = t->cols;
        ws.ws_xpixel = t->xpixel;
        ws.ws_ypixel = t->ypixel;
        memcpy(arg, &ws, sizeof ws);
        return 0;
    case TIOCSWINSZ: {
        memcpy(&ws, arg, sizeof ws);
        int changed = ws.ws_row != t->rows || ws.ws_col != t->cols ||
                      ws.ws_xpixel != t->xpixel || ws.ws_ypixel != t->ypixel;
        t->rows = ws.ws_row;
        t->cols = ws.ws_col;
        t->xpixel = ws.ws_xpixel;
        t->ypixel = ws.ws_ypixel;
        return changed;
    }
    case FIONREAD:
        return put_int(arg, (int)tty_inq(t));
    case TIOCOUTQ:
        return put_int(arg, 0);
    case TCFLSH:
        switch (value_arg(arg) & 0xffffffffu) {
        case TCIFLUSH: case TCIOFLUSH: tty_flush_input(t); return 0;
        case TCOFLUSH: return 0;
        default: return -EINVAL;
        }
    case TCXONC:
        switch (value_arg(arg) & 0xffffffffu) {
        case TCOOFF: t->stopped = 1; return 0;
        case TCOON: t->stopped = 0; return 0;
        case TCIOFF: case TCION: return 0; /* no flow control towards the line */
        default: return -EINVAL;
        }
    case TCSBRK: case TCSBRKP: /* a break on a serial line: nothing to send */
        return 0;
    case TIOCEXCL: t->excl = 1; return 0;
    case TIOCNXCL: t->excl = 0; return 0;
    case TIOCGEXCL: return put_int(arg, t->excl);
    case TIOCGETD: return put_int(arg, N_TTY);
    case TIOCSETD: {
        int d;
        memcpy(&d, arg, sizeof d);
        return d == N_TTY ? 0 : -EINVAL;
    }
    case TIOCGPGRP:
        memcpy(arg, &t->pgrp, sizeof t->pgrp);
        return 0;
    default:
        return -ENOTTY;
    }
}
