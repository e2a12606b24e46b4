/* reboot(2) on Calyx: CAD_OFF and CAD_ON are accepted, RESTART2 with a bad
 * string pointer is EFAULT, and LINUX_REBOOT_CMD_POWER_OFF called by a child
 * (not pid 1) ends the machine at once with status 0: this program's own
 * exit status is 1 whenever the call comes back. Calyx only: on a host it
 * would power the machine off. */
#include "ptest.h"
#include <sys/syscall.h>

#define MAGIC1 0xfee1deadL
#define MAGIC2 672274793L
#define CMD_CAD_ON 0x89ABCDEFL
#define CMD_CAD_OFF 0x00000000L
#define CMD_POWER_OFF 0x4321FEDCL
#define CMD_RESTART2 0xA1B2C3D4L

int main(void)
{
    watchdog(20);
    CHECK(syscall(SYS_reboot, MAGIC1, MAGIC2, CMD_CAD_OFF, 0L) == 0, "CAD_OFF: %s", strerror(errno));
    CHECK(syscall(SYS_reboot, MAGIC1, MAGIC2, CMD_CAD_ON, 0L) == 0, "CAD_ON: %s", strerror(errno));
    errno = 0;
    long r = syscall(SYS_reboot, MAGIC1, MAGIC2, CMD_RESTART2, 16L);
    CHECK(r == -1 && errno == EFAULT, "RESTART2 with a bad string: %ld (%s), expected EFAULT", r,
          strerror(errno));
    pid_t pid = fork_or_fail();
    if (pid == 0) {
        syscall(SYS_reboot, MAGIC1, MAGIC2, CMD_POWER_OFF, 0L);
        fail("POWER_OFF came back: %s", strerror(errno));
    }
    int st = wait_for(pid);
    fail("the machine is still running after the child's POWER_OFF (child status %#x)", st);
}
