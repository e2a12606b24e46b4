/* The machine's identity and the privileged calls Calyx does not provide
   (see host.h). */
#include "posix.h"
#include "host.h"
#include "client.h"
#include "string.h"
#include "printf.h"
#include <linux/utsname.h>
#include <linux/personality.h>

static char nodename[__NEW_UTS_LEN + 1] = "calyx";
static char domainname[__NEW_UTS_LEN + 1] = "(none)";

const char *host_nodename(void)
{
    return nodename;
}

const char *host_domainname(void)
{
    return domainname;
}

static int is_root(const struct thread *t)
{
    return t->p->euid == 0;
}

/* personality UNAME26: the release as a 2.6 kernel, so old programs that
   parse it run: Linux's 2.6.(60 + minor) followed by what comes after the
   version numbers ("2.6.61-calyx"). */
static void uname26(char *release, size_t size)
{
    const char *rest = HOST_RELEASE;
    int dots = 0;
    while (*rest && (*rest >= '0' && *rest <= '9' ? 1 : *rest == '.' && ++dots < 3))
        rest++;
    ksnprintf(release, size, "2.6.%u%s", HOST_RELEASE_MINOR + 60, rest);
}

long sys_uname(struct thread *t, const uint64_t *a)
{
    struct new_utsname u = { HOST_SYSNAME, "", HOST_RELEASE, HOST_VERSION, HOST_MACHINE, "" };
    if (t->p->personality & UNAME26)
        uname26(u.release, sizeof u.release);
    memcpy(u.nodename, nodename, sizeof nodename);
    memcpy(u.domainname, domainname, sizeof domainname);
    return client_write(t->p, a[0], &u, sizeof u) < 0 ? -EFAULT : 0;
}

/* sethostname/setdomainname: permission, then the length, then the bytes
   (Linux's order); the name need not be NUL-terminated. */
static long set_name(struct thread *t, char *name, uint64_t addr, uint64_t len)
{
    if (!is_root(t))
        return -EPERM;
    if ((int64_t)len < 0 || len > __NEW_UTS_LEN)
        return -EINVAL;
    char tmp[__NEW_UTS_LEN + 1];
    if (len && client_read(t->p, addr, tmp, (size_t)len) < 0)
        return -EFAULT;
    memcpy(name, tmp, (size_t)len);
    memset(name + len, 0, sizeof tmp - (size_t)len);
    return 0;
}

long sys_sethostname(struct thread *t, const uint64_t *a)
{
    return set_name(t, nodename, a[0], (uint64_t)(int64_t)(int)a[1]);
}

long sys_setdomainname(struct thread *t, const uint64_t *a)
{
    return set_name(t, domainname, a[0], (uint64_t)(int64_t)(int)a[1]);
}

/* iopl(level): raising it is refused to everyone (as Linux under lockdown:
   no user program reaches I/O ports on Calyx); staying is a no-op. */
long sys_iopl(struct thread *t, const uint64_t *a)
{
    (void)t;
    unsigned level = (unsigned)a[0];
    if (level > 3)
        return -EINVAL;
    return level == 0 ? 0 : -EPERM;
}

#define IO_BITMAP_BITS 65536

long sys_ioperm(struct thread *t, const uint64_t *a)
{
    (void)t;
    uint64_t from = a[0], num = a[1];
    if (from + num <= from || from + num > IO_BITMAP_BITS)
        return -EINVAL;
    return a[2] ? -EPERM : 0; /* turning access off is always allowed */
}

#define SWAP_FLAGS_VALID 0x3ffff /* priority, SWAP_FLAG_PREFER, DISCARD and its kinds */

long sys_swapon(struct thread *t, const uint64_t *a)
{
    if ((int)a[1] & ~SWAP_FLAGS_VALID)
        return -EINVAL;
    return is_root(t) ? -ENOSYS : -EPERM; /* no swap on Calyx */
}

long sys_swapoff(struct thread *t, const uint64_t *a)
{
    (void)a;
    return is_root(t) ? -ENOSYS : -EPERM;
}

long sys_acct(struct thread *t, const uint64_t *a)
{
    (void)a;
    return is_root(t) ? -ENOSYS : -EPERM; /* no process accounting */
}

long sys_module_load(struct thread *t, const uint64_t *a)
{
    (void)a;
    return is_root(t) ? -ENOSYS : -EPERM; /* no kernel modules */
}

long sys_delete_module(struct thread *t, const uint64_t *a)
{
    (void)a;
    return is_root(t) ? -ENOSYS : -EPERM;
}

#define KEXEC_SEGMENT_MAX 16

long sys_kexec_load(struct thread *t, const uint64_t *a)
{
    if (!is_root(t))
        return -EPERM;
    if (a[1] > KEXEC_SEGMENT_MAX)
        return -EINVAL;
    return -ENOSYS; /* no kexec */
}

long sys_kexec_file_load(struct thread *t, const uint64_t *a)
{
    (void)a;
    return is_root(t) ? -ENOSYS : -EPERM;
}

/* syslog(2) (klogctl): the kernel log is not readable from POSIX programs.
   Linux (dmesg_restrict, as Debian sets it) refuses users all but the two
   harmless actions; root finds nothing behind it. */
#define SYSLOG_ACTION_CLOSE 0
#define SYSLOG_ACTION_OPEN  1
#define SYSLOG_ACTION_SIZE_BUFFER 10

long sys_syslog(struct thread *t, const uint64_t *a)
{
    int type = (int)a[0];
    if (type < 0 || type > SYSLOG_ACTION_SIZE_BUFFER)
        return -EINVAL;
    if (type == SYSLOG_ACTION_CLOSE || type == SYSLOG_ACTION_OPEN)
        return 0;
    return is_root(t) ? -ENOSYS : -EPERM;
}

long sys_vhangup(struct thread *t, const uint64_t *a)
{
    (void)a;
    return is_root(t) ? -ENOSYS : -EPERM; /* CAP_SYS_TTY_CONFIG */
}
