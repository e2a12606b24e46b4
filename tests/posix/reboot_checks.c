/* reboot(2) refuses before doing anything: without root it is EPERM (checked
 * before the magic numbers), with root a wrong magic number or an unknown
 * command is EINVAL. Never calls a command that acts (the test runs on the
 * host too). */
#include "ptest.h"
#include <sys/syscall.h>

#define MAGIC1 0xfee1deadL
#define MAGIC2 672274793L    /* LINUX_REBOOT_MAGIC2 */
#define MAGIC2C 537993216L   /* LINUX_REBOOT_MAGIC2C, also accepted */
#define CMD_POWER_OFF 0x4321FEDCL
#define CMD_UNKNOWN 0x77777777L

static void expect(long m1, long m2, long cmd, int err, const char *what)
{
    errno = 0;
    long r = syscall(SYS_reboot, m1, m2, cmd, 0L);
    CHECK(r == -1 && errno == err, "%s: returned %ld errno %d (%s), expected errno %d", what, r,
          errno, strerror(errno), err);
}

int main(void)
{
    watchdog(20);
    if (geteuid() == 0) {
        expect(0x1234, MAGIC2, CMD_POWER_OFF, EINVAL, "bad magic1");
        expect(MAGIC1, 0x1234, CMD_POWER_OFF, EINVAL, "bad magic2");
        expect(MAGIC1, MAGIC2, CMD_UNKNOWN, EINVAL, "unknown command");
        expect(MAGIC1, MAGIC2C, CMD_UNKNOWN, EINVAL, "unknown command, magic2c");
        /* The same calls from a user that is not root: EPERM first. */
        pid_t pid = fork_or_fail();
        if (pid == 0) {
            CHECK(setuid(65534) == 0, "setuid(65534): %s", strerror(errno));
            expect(MAGIC1, MAGIC2, CMD_POWER_OFF, EPERM, "not root, power off");
            expect(0x1234, MAGIC2, CMD_POWER_OFF, EPERM, "not root, bad magic");
            _exit(0);
        }
        int st = wait_for(pid);
        CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "the non-root child failed (status %#x)", st);
    } else {
        expect(MAGIC1, MAGIC2, CMD_POWER_OFF, EPERM, "not root, power off");
        expect(0x1234, MAGIC2, CMD_POWER_OFF, EPERM, "not root, bad magic");
    }
    return 0;
}
