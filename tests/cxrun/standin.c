/* A stand-in for the POSIX server, to test tools/cxrun's plumbing: booted as
 * the root task (`cxrun --server build/tests/cxrun/standin`), it finds the cpio
 * archive in its first module capability, reads /etc/calyx/init and runs the
 * program's arguments as a small script of commands, in order:
 *   out TEXT     TEXT and a newline on the console (stdout)
 *   err TEXT     TEXT and a newline on the error console (stderr)
 *   exit N       exit with code N (the default is 0, after the last command)
 *   argv         each argv string on stdout, one per line
 *   env          each /etc/calyx/env string on stdout, one per line
 *   kargs        the stand-in's own argv from the kernel (the module command line)
 *   ls           each archive entry: name, octal mode, size
 *   cat PATH     the content of the file PATH in the archive
 *   spin         loop forever (for --timeout)
 *   fault        touch address 0 (the root task dies)
 * The first argument (argv[0], the program's guest path) is not a command. */
#include <calyx/native.h>
#include <calyx/start.h>
#include <string.h>

#define ARCHIVE_MAX (8u << 20) /* largest archive this stand-in maps */
#define PAGE 4096u
#define MAX_ARGS 64

static cx_cap_t err_cap;

struct entry {
    const char *name; /* without a leading "./" or "/" */
    unsigned mode;
    const char *data;
    size_t size;
};

static void say(cx_cap_t c, const char *s, size_t n)
{
    cx_write(c, s, n, 0);
}

static _Noreturn void fail(const char *why)
{
    say(err_cap, "standin: ", 9);
    say(err_cap, why, strlen(why));
    say(err_cap, "\n", 1);
    cx_exit(99);
}

/* The module's size: the largest offset where a read does not fail
   (a read at the end returns 0 bytes, past it InvalidParameter). */
static size_t module_size(cx_cap_t mod)
{
    size_t lo = 0, hi = ARCHIVE_MAX + 1; /* readable at lo; not at hi, or too big */
    char c;
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (CX_IS_ERR(cx_read(mod, &c, 1, mid)))
            hi = mid;
        else
            lo = mid;
    }
    if (lo == ARCHIVE_MAX)
        fail("archive too large");
    return lo;
}

static unsigned long hex(const char *p)
{
    unsigned long v = 0;
    for (int i = 0; i < 8; i++) {
        char c = p[i];
        int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
              : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
        if (d < 0)
            fail("bad hex digit in a cpio header");
        v = v * 16 + (unsigned long)d;
    }
    return v;
}

static const char *archive;
static size_t archive_size;

/* The next entry at *off, or 0 at the trailer. */
static int next_entry(size_t *off, struct entry *e)
{
    size_t o = *off;
    if (o + 110 > archive_size || memcmp(archive + o, "070701", 6) != 0)
        fail("bad cpio header");
    const char *h = archive + o;
    unsigned long namesize = hex(h + 94), filesize = hex(h + 54);
    e->mode = (unsigned)hex(h + 14);
    if (namesize == 0 || o + 110 + namesize > archive_size || h[110 + namesize - 1])
        fail("bad cpio name");
    e->name = h + 110;
    o = (o + 110 + namesize + 3) & ~(size_t)3;
    if (filesize > archive_size - o)
        fail("cpio data past the end");
    e->data = archive + o;
    e->size = filesize;
    *off = (o + filesize + 3) & ~(size_t)3;
    if (strcmp(e->name, "TRAILER!!!") == 0)
        return 0;
    while (e->name[0] == '.' && e->name[1] == '/')
        e->name += 2;
    while (e->name[0] == '/')
        e->name++;
    return 1;
}

static int find(const char *path, struct entry *e)
{
    while (*path == '/')
        path++;
    for (size_t off = 0; next_entry(&off, e);)
        if (strcmp(e->name, path) == 0)
            return 1;
    return 0;
}

/* Splits NUL-separated strings into v; returns how many. */
static int split(const struct entry *e, const char **v, int max)
{
    int n = 0;
    for (size_t i = 0; i < e->size && n < max; n++) {
        v[n] = e->data + i;
        while (i < e->size && e->data[i])
            i++;
        if (i == e->size)
            fail("unterminated string");
        i++;
    }
    return n;
}

static void line(const char *s)
{
    cx_printf("%s\n", s);
}

int main(int kargc, char **kargv)
{
    if (cx_start_ncaps < CX_START_CAP_MODULES + 1)
        cx_exit(98); /* no archive: nothing to say it with but the status */
    err_cap = cx_start_caps[CX_START_CAP_ERROR];
    cx_cap_t mod = cx_start_caps[CX_START_CAP_MODULES];
    archive_size = module_size(mod);
    uint64_t e;
    archive = cx_map(0, (archive_size + PAGE - 1) / PAGE * PAGE, CX_PROT_READ, CX_MAP_SHARED, mod, 0, &e);
    if (!archive)
        fail("cannot map the archive");

    struct entry init, env, f;
    const char *argv[MAX_ARGS], *envv[MAX_ARGS];
    if (!find("/etc/calyx/init", &init))
        fail("no /etc/calyx/init");
    int argc = split(&init, argv, MAX_ARGS);
    int envc = find("/etc/calyx/env", &env) ? split(&env, envv, MAX_ARGS) : 0;

    for (int i = 1; i < argc; i++) {
        const char *cmd = argv[i], *arg = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(cmd, "out") == 0 && arg) {
            line(arg);
            i++;
        } else if (strcmp(cmd, "err") == 0 && arg) {
            say(err_cap, arg, strlen(arg));
            say(err_cap, "\n", 1);
            i++;
        } else if (strcmp(cmd, "exit") == 0 && arg) {
            int code = 0;
            for (const char *p = arg; *p >= '0' && *p <= '9'; p++)
                code = code * 10 + (*p - '0');
            return code;
        } else if (strcmp(cmd, "argv") == 0) {
            for (int j = 0; j < argc; j++)
                line(argv[j]);
        } else if (strcmp(cmd, "env") == 0) {
            for (int j = 0; j < envc; j++)
                line(envv[j]);
        } else if (strcmp(cmd, "kargs") == 0) {
            for (int j = 0; j < kargc; j++)
                line(kargv[j]);
        } else if (strcmp(cmd, "ls") == 0) {
            for (size_t off = 0; next_entry(&off, &f);)
                cx_printf("%s %o %lu\n", f.name, f.mode, (unsigned long)f.size);
        } else if (strcmp(cmd, "cat") == 0 && arg) {
            if (!find(arg, &f))
                fail("cat: no such file");
            say(cx_stdout_cap, f.data, f.size);
            i++;
        } else if (strcmp(cmd, "spin") == 0) {
            for (;;)
                cx_yield();
        } else if (strcmp(cmd, "fault") == 0) {
            *(volatile int *)0 = 1;
        } else {
            fail("unknown command");
        }
    }
    return 0;
}
