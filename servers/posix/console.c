/* The console devices (see console.h). */
#include "posix.h"
#include "console.h"
#include "fileio.h"
#include "tty.h"
#include "vfs.h"
#include "string.h"

/* Console input kept for readers. */
#define CONSOLE_INPUT_MAX 4096

struct console {
    cx_cap_t cap;
    struct tty_state tty;
};

static struct console con_out, con_err;
static uint8_t input[CONSOLE_INPUT_MAX];
static size_t input_len;
static int input_eof;
static int reader_started;

/* --- the console reader thread ----------------------------------------------------- */

static cx_cap_t reader_ep_cap;
static cx_channel_t reader_channel;
static uint64_t reader_stack[2048];

static void reader_main(uint64_t arg)
{
    (void)arg;
    static uint8_t buf[4 + 512];
    uint32_t kind = CONSOLE_INPUT_MSG;
    memcpy(buf, &kind, sizeof kind);
    for (;;) {
        uint64_t n = cx_read(con_out.cap, buf + 4, sizeof buf - 4, 0);
        if (CX_IS_ERR(n))
            n = 0; /* reported as end of input */
        while (CX_IS_ERR(cx_ipc_send(reader_channel, buf, 4 + (size_t)n, CX_CAP_NULL,
                                     reader_ep_cap))) {
            struct cx_timespec d = { 0, 10000000 };
            cx_nanosleep(&d);
        }
        if (n == 0)
            cx_thread_exit(0);
    }
}

static void reader_start(void)
{
    if (reader_started)
        return;
    reader_started = 1;
    struct cx_ipc_endpoint_create_result ep;
    if (CX_IS_ERR(cx_ipc_endpoint_create(&ep))) {
        input_eof = 1;
        return;
    }
    uint64_t ch = cx_ipc_channel_create(ep.endpoint_id, posix_endpoint_id, ep.capability,
                                        posix_endpoint_cap);
    if (CX_IS_ERR(ch)) {
        input_eof = 1;
        return;
    }
    reader_ep_cap = ep.capability;
    reader_channel = ch;
    if (CX_IS_ERR(cx_thread_create((cx_uaddr_t)(uintptr_t)reader_main, reader_stack,
                                   sizeof reader_stack, 0)))
        input_eof = 1;
}

void console_input(const void *data, size_t len)
{
    if (len == 0)
        input_eof = 1;
    size_t room = sizeof input - input_len;
    if (len > room)
        len = room; /* input beyond the buffer is dropped */
    memcpy(input + input_len, data, len);
    input_len += len;
    fileio_retry_reads();
}

static int64_t con_read(struct vnode *vn, void *buf, size_t len, uint32_t oflags)
{
    (void)vn, (void)oflags;
    if (input_len == 0) {
        if (input_eof) {
            input_eof = 0; /* one end-of-file per ^D, as a terminal */
            return 0;
        }
        reader_start();
        return -EAGAIN;
    }
    size_t n = len < input_len ? len : input_len;
    memcpy(buf, input, n);
    memmove(input, input + n, input_len - n);
    input_len -= n;
    return (int64_t)n;
}

static int64_t con_write(struct vnode *vn, const void *buf, size_t len, uint32_t oflags)
{
    (void)oflags;
    struct console *c = vn->u.chr.ctx;
    uint64_t r = cx_write(c->cap, buf, len, 0);
    return CX_IS_ERR(r) ? -EIO : (int64_t)r;
}

static int64_t con_ioctl(struct vnode *vn, uint64_t req, void *arg)
{
    struct console *c = vn->u.chr.ctx;
    return tty_ioctl(&c->tty, req, arg);
}

static const struct vfs_chr_ops console_ops = {
    .read = con_read, .write = con_write, .ioctl = con_ioctl,
};

int console_boot(struct vfs *fs, vfs_clock_fn clock)
{
    con_out.cap = posix_console_cap;
    con_err.cap = posix_errcon_cap;
    tty_init(&con_out.tty);
    tty_init(&con_err.tty);
    int r = vfs_init(fs, clock, &console_ops, &con_out);
    if (r < 0)
        return r;
    struct vnode *dev;
    if ((r = vfs_lookup(fs, fs->root, "/dev", 0, NULL, &dev)) < 0)
        return r;
    r = vfs_mknod_chr(dev, "ttyS1", VFS_IFCHR | 0620, VFS_MKDEV(4, 65), &console_ops, &con_err,
                      NULL, NULL);
    vfs_unref(dev);
    return r;
}
