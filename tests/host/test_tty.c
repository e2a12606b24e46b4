/* sources: servers/posix/fd/tty.c kernel/lib/string.c */
/* Unit tests for the terminal line discipline (servers/posix/fd/tty.c). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <asm-generic/errno.h>
#include <asm/ioctls.h>
#include <asm/termios.h>
#include <asm/signal.h>

#include "lib/string.h"
#include "servers/posix/fd/tty.h"

static struct tty_state tty;
static char echoed[8192];
static size_t nechoed;
static int sigs[8], nsigs;

static void on_echo(void *ctx, const uint8_t *buf, size_t len)
{
    (void)ctx;
    memcpy(echoed + nechoed, buf, len);
    nechoed += len;
    echoed[nechoed] = 0;
}

static void on_signal(void *ctx, int sig)
{
    (void)ctx;
    sigs[nsigs++] = sig;
}

static int setup(void **state)
{
    (void)state;
    tty_init(&tty);
    tty.echo = on_echo;
    tty.signal = on_signal;
    nechoed = 0;
    echoed[0] = 0;
    nsigs = 0;
    return 0;
}

static size_t in(const char *s)
{
    return tty_input(&tty, (const uint8_t *)s, strlen(s));
}

/* Reads once into a string. */
static char got[8192];
static size_t rd(size_t len)
{
    size_t n = tty_read(&tty, (uint8_t *)got, len);
    got[n] = 0;
    return n;
}

static void set_lflag(uint32_t on, uint32_t off)
{
    struct termios tio;
    tty_ioctl(&tty, TCGETS, &tio);
    tio.c_lflag = (tio.c_lflag | on) & ~off;
    tty_ioctl(&tty, TCSETS, &tio);
}

static void canonical_line_needs_newline(void **state)
{
    (void)state;
    in("hello");
    assert_int_equal(tty_avail(&tty), 0);
    assert_false(tty_read_ready(&tty, 100));
    in("\r"); /* ICRNL */
    assert_true(tty_read_ready(&tty, 100));
    assert_int_equal(rd(100), 6);
    assert_string_equal(got, "hello\n");
    assert_string_equal(echoed, "hello\r\n"); /* ONLCR on the echo */
}

static void one_line_per_read(void **state)
{
    (void)state;
    in("ab\ncd\n");
    assert_int_equal(rd(100), 3);
    assert_string_equal(got, "ab\n");
    assert_int_equal(rd(1), 1);
    assert_string_equal(got, "c");
    assert_int_equal(rd(100), 2);
    assert_string_equal(got, "d\n");
    assert_false(tty_read_ready(&tty, 100));
}

static void erase_and_kill(void **state)
{
    (void)state;
    in("abx\x7f" "c\n");
    assert_int_equal(rd(100), 4);
    assert_string_equal(got, "abc\n");
    assert_string_equal(echoed, "abx\b \bc\r\n");
    nechoed = 0;
    in("junk\x15ok\n"); /* ^U with ECHOKE: erased on screen */
    rd(100);
    assert_string_equal(got, "ok\n");
    assert_string_equal(echoed, "junk\b \b\b \b\b \b\b \bok\r\n");
    /* Erase on an empty line does nothing. */
    nechoed = 0;
    echoed[0] = 0;
    in("\x7f\x7f");
    assert_string_equal(echoed, "");
}

static void kill_without_echoke_echoes_newline(void **state)
{
    (void)state;
    set_lflag(0, ECHOKE);
    in("abc\x15");
    assert_string_equal(echoed, "abc^U\r\n");
    in("d\n");
    rd(100);
    assert_string_equal(got, "d\n");
}

static void erase_control_char_takes_two(void **state)
{
    (void)state;
    in("a\x01\x7f");
    assert_string_equal(echoed, "a^A\b \b\b \b");
    in("\n");
    rd(100);
    assert_string_equal(got, "a\n");
}

static void erase_tab_backs_to_its_start(void **state)
{
    (void)state;
    in("ab\t\x7f");
    assert_string_equal(echoed, "ab\t\b\b\b\b\b\b");
}

static void werase_word(void **state)
{
    (void)state;
    in("one two  \x17three\n");
    rd(100);
    assert_string_equal(got, "one three\n");
}

static void lnext_quotes(void **state)
{
    (void)state;
    in("a\x16\x7f" "b\n"); /* ^V DEL: a literal DEL */
    assert_int_equal(rd(100), 4);
    assert_int_equal((uint8_t)got[1], 0x7f);
}

static void eof_on_empty_line_reads_zero(void **state)
{
    (void)state;
    in("\x04");
    assert_true(tty_read_ready(&tty, 10));
    assert_int_equal(rd(10), 0);
    assert_false(tty_read_ready(&tty, 10));
    /* ^D after text: the line without the ^D, and nothing echoed for it. */
    nechoed = 0;
    echoed[0] = 0;
    in("xy\x04");
    assert_int_equal(rd(10), 2);
    assert_string_equal(got, "xy");
    assert_string_equal(echoed, "xy");
    assert_false(tty_read_ready(&tty, 10));
}

static void veol_ends_line(void **state)
{
    (void)state;
    tty.cc[VEOL] = ';';
    in("a;b");
    assert_int_equal(rd(10), 2);
    assert_string_equal(got, "a;");
}

static void isig_sends_and_flushes(void **state)
{
    (void)state;
    in("partial\x03");
    assert_int_equal(nsigs, 1);
    assert_int_equal(sigs[0], SIGINT);
    assert_string_equal(echoed, "partial^C");
    in("\n");
    assert_int_equal(rd(100), 1); /* the partial line went */
    in("\x1c\x1a");
    assert_int_equal(sigs[1], SIGQUIT);
    assert_int_equal(sigs[2], SIGTSTP);
    set_lflag(NOFLSH, 0);
    in("kept\x03\n");
    rd(100);
    assert_string_equal(got, "kept\n");
    set_lflag(0, ISIG);
    nsigs = 0;
    in("\x03\n");
    assert_int_equal(nsigs, 0);
    assert_int_equal(rd(100), 2);
    assert_int_equal(got[0], 3);
}

static void no_echo_and_echonl(void **state)
{
    (void)state;
    set_lflag(ECHONL, ECHO);
    in("secret\n");
    assert_string_equal(echoed, "\r\n");
    rd(100);
    assert_string_equal(got, "secret\n");
}

static void input_flags(void **state)
{
    (void)state;
    struct termios tio;
    tty_ioctl(&tty, TCGETS, &tio);
    tio.c_iflag = IGNCR | ISTRIP;
    tio.c_lflag &= ~ECHO;
    tty_ioctl(&tty, TCSETS, &tio);
    in("a\r\xe2\n");
    rd(100);
    assert_string_equal(got, "ab\n");
    tio.c_iflag = INLCR;
    tio.c_lflag &= ~ICANON;
    tty_ioctl(&tty, TCSETS, &tio);
    in("\n");
    rd(100);
    assert_string_equal(got, "\r");
}

static void noncanonical_vmin(void **state)
{
    (void)state;
    struct termios tio;
    tty_ioctl(&tty, TCGETS, &tio);
    tio.c_lflag &= ~(ICANON | ECHO);
    tio.c_cc[VMIN] = 3;
    tio.c_cc[VTIME] = 0;
    tty_ioctl(&tty, TCSETS, &tio);
    in("ab");
    assert_false(tty_read_ready(&tty, 10));
    assert_true(tty_read_ready(&tty, 2)); /* min(VMIN, count) */
    in("\x7f"); /* no editing: DEL is data */
    assert_true(tty_read_ready(&tty, 10));
    assert_int_equal(rd(10), 3);
    assert_int_equal((uint8_t)got[2], 0x7f);
    tio.c_cc[VMIN] = 0;
    tty_ioctl(&tty, TCSETS, &tio);
    assert_true(tty_read_ready(&tty, 10)); /* MIN 0 TIME 0: never waits */
    assert_int_equal(rd(10), 0);
    tio.c_cc[VTIME] = 5;
    tty_ioctl(&tty, TCSETS, &tio);
    assert_false(tty_read_ready(&tty, 10)); /* MIN 0 TIME 5: the timer decides */
    in("z");
    assert_true(tty_read_ready(&tty, 10));
}

static void mode_switch_keeps_input(void **state)
{
    (void)state;
    in("half");
    set_lflag(0, ICANON);
    assert_int_equal(tty_avail(&tty), 4);
    set_lflag(ICANON, 0);
    assert_true(tty_read_ready(&tty, 10)); /* queued bytes read as a line */
    assert_int_equal(rd(10), 4);
}

static void full_line_drops_but_terminates(void **state)
{
    (void)state;
    set_lflag(0, ECHO);
    static char big[TTY_BUF_SIZE + 100];
    memset(big, 'x', sizeof big - 1);
    big[sizeof big - 1] = 0;
    assert_int_equal(in(big), sizeof big - 1); /* all taken, the excess dropped */
    in("\n");
    assert_int_equal(rd(sizeof got), TTY_BUF_SIZE);
    assert_int_equal(got[TTY_BUF_SIZE - 1], '\n');
    assert_int_equal(got[TTY_BUF_SIZE - 2], 'x');
}

static void full_queue_holds_back(void **state)
{
    (void)state;
    set_lflag(0, ICANON | ECHO);
    static char big[TTY_BUF_SIZE + 10];
    memset(big, 'y', sizeof big - 1);
    big[sizeof big - 1] = 0;
    assert_int_equal(in(big), TTY_BUF_SIZE);
    assert_int_equal(rd(10), 10);
    assert_int_equal(in("zz"), 2);
}

static void output_processing(void **state)
{
    (void)state;
    uint8_t out[64];
    size_t used;
    size_t n = tty_opost(&tty, (const uint8_t *)"a\nb", 3, out, sizeof out, &used);
    assert_int_equal(used, 3);
    assert_int_equal(n, 4);
    assert_memory_equal(out, "a\r\nb", 4);
    /* Not enough room for "\r\n": the newline waits. */
    n = tty_opost(&tty, (const uint8_t *)"c\n", 2, out, 2, &used);
    assert_int_equal(used, 1);
    tty.oflag = OPOST | OCRNL;
    n = tty_opost(&tty, (const uint8_t *)"\r\n", 2, out, sizeof out, &used);
    assert_memory_equal(out, "\n\n", 2);
    tty.oflag = 0; /* raw */
    n = tty_opost(&tty, (const uint8_t *)"\n\r", 2, out, sizeof out, &used);
    assert_int_equal(n, 2);
    assert_memory_equal(out, "\n\r", 2);
    tty.oflag = OPOST | XTABS;
    tty.column = 0;
    n = tty_opost(&tty, (const uint8_t *)"ab\t", 3, out, sizeof out, &used);
    assert_int_equal(n, 8);
}

static void ixon_stops_output(void **state)
{
    (void)state;
    in("\x13");
    assert_true(tty.stopped);
    in("\x11");
    assert_false(tty.stopped);
    in("\n");
    assert_int_equal(rd(10), 1); /* ^S/^Q were not input */
}

static void ioctls(void **state)
{
    (void)state;
    in("ab\ncd");
    int n = -1;
    assert_int_equal(tty_ioctl(&tty, FIONREAD, &n), 0);
    assert_int_equal(n, 3);
    uint64_t v = 7;
    assert_int_equal(tty_ioctl(&tty, TCFLSH, &v), -EINVAL);
    v = TCIFLUSH;
    assert_int_equal(tty_ioctl(&tty, TCFLSH, &v), 0);
    assert_int_equal(tty_ioctl(&tty, FIONREAD, &n), 0);
    assert_int_equal(n, 0);
    struct winsize ws = { 50, 132, 0, 0 };
    assert_int_equal(tty_ioctl(&tty, TIOCSWINSZ, &ws), 1);
    assert_int_equal(tty_ioctl(&tty, TIOCSWINSZ, &ws), 0);
    memset(&ws, 0, sizeof ws);
    tty_ioctl(&tty, TIOCGWINSZ, &ws);
    assert_int_equal(ws.ws_col, 132);
    v = TCOOFF;
    assert_int_equal(tty_ioctl(&tty, TCXONC, &v), 0);
    assert_true(tty.stopped);
    assert_int_equal(tty_ioctl(&tty, TIOCOUTQ, &n), 0);
    assert_int_equal(n, 0);
    assert_int_equal(tty_ioctl(&tty, TIOCGPTN, &n), -ENOTTY);
    in("q\n");
    struct termios tio;
    tty_ioctl(&tty, TCGETS, &tio);
    assert_int_equal(tty_ioctl(&tty, TCSETSF, &tio), 0);
    assert_int_equal(tty_avail(&tty), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(canonical_line_needs_newline, setup),
        cmocka_unit_test_setup(one_line_per_read, setup),
        cmocka_unit_test_setup(erase_and_kill, setup),
        cmocka_unit_test_setup(kill_without_echoke_echoes_newline, setup),
        cmocka_unit_test_setup(erase_control_char_takes_two, setup),
        cmocka_unit_test_setup(erase_tab_backs_to_its_start, setup),
        cmocka_unit_test_setup(werase_word, setup),
        cmocka_unit_test_setup(lnext_quotes, setup),
        cmocka_unit_test_setup(eof_on_empty_line_reads_zero, setup),
        cmocka_unit_test_setup(veol_ends_line, setup),
        cmocka_unit_test_setup(isig_sends_and_flushes, setup),
        cmocka_unit_test_setup(no_echo_and_echonl, setup),
        cmocka_unit_test_setup(input_flags, setup),
        cmocka_unit_test_setup(noncanonical_vmin, setup),
        cmocka_unit_test_setup(mode_switch_keeps_input, setup),
        cmocka_unit_test_setup(full_line_drops_but_terminates, setup),
        cmocka_unit_test_setup(full_queue_holds_back, setup),
        cmocka_unit_test_setup(output_processing, setup),
        cmocka_unit_test_setup(ixon_stops_output, setup),
        cmocka_unit_test_setup(ioctls, setup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
