/* reboot(2): see power.h. */
#include "power.h"
#include "posix.h"
#include "client.h"
#include <linux/reboot.h>

/* Linux copies at most this much of RESTART2's command string. */
#define RESTART2_ARG_MAX 256

int power_cad_enabled = 1;

static int magic_ok(uint32_t magic1, uint32_t magic2)
{
    return magic1 == LINUX_REBOOT_MAGIC1 &&
           (magic2 == LINUX_REBOOT_MAGIC2 || magic2 == LINUX_REBOOT_MAGIC2A ||
            magic2 == LINUX_REBOOT_MAGIC2B || magic2 == LINUX_REBOOT_MAGIC2C);
}

/* The machine ends: the kernel powers the VM off when its root task (this
   server) exits, as it does when pid 1 ends; status 0 is a clean end. */
static _Noreturn void power_off(struct thread *t, const char *what)
{
    posix_log("posix: reboot(2) by pid %d: %s\n", t->p->pid, what);
    cx_exit(0);
}

long sys_reboot(struct thread *t, const uint64_t *a)
{
    if (t->p->euid != 0)
        return -EPERM;
    if (!magic_ok((uint32_t)a[0], (uint32_t)a[1]))
        return -EINVAL;
    switch ((uint32_t)a[2]) {
    case LINUX_REBOOT_CMD_CAD_ON:
        power_cad_enabled = 1;
        return 0;
    case LINUX_REBOOT_CMD_CAD_OFF:
        power_cad_enabled = 0;
        return 0;
    case LINUX_REBOOT_CMD_POWER_OFF:
        power_off(t, "power off");
    case LINUX_REBOOT_CMD_HALT:
        power_off(t, "halt");
    case LINUX_REBOOT_CMD_RESTART:
        power_off(t, "restart (the VM powers off)");
    case LINUX_REBOOT_CMD_RESTART2: {
        char cmd[RESTART2_ARG_MAX];
        if (client_string(t->p, a[3], cmd, sizeof cmd) == -EFAULT)
            return -EFAULT; /* too long is fine: Linux truncates it */
        power_off(t, "restart (the VM powers off)");
    }
    default:
        return -EINVAL;
    }
}
