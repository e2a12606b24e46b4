/* reboot(2): how a POSIX program (busybox init, poweroff -f) ends the machine.
 *
 * As on Linux: only root (euid 0) may call it (EPERM), and the two magic
 * numbers must be LINUX_REBOOT_MAGIC1 and one of LINUX_REBOOT_MAGIC2/2A/2B/2C
 * (EINVAL), checked in that order. The commands:
 *   LINUX_REBOOT_CMD_POWER_OFF, _HALT, _RESTART, _RESTART2 (its argument, a
 *       string, is read: EFAULT; it is not used): the server exits with
 *       status 0 and the kernel ends the VM, whoever the caller is; every
 *       process ends with it (there is no disk to write back). A VM has no
 *       reset worth having: a restart powers off too.
 *   LINUX_REBOOT_CMD_CAD_ON / _CAD_OFF: recorded, 0 (a serial console has
 *       no Ctrl-Alt-Del to act on).
 *   anything else (SW_SUSPEND, KEXEC: not supported): EINVAL, as a Linux
 *       built without them answers. */
#ifndef POSIX_POWER_H
#define POSIX_POWER_H

#include "proc.h"

/* 1 while Ctrl-Alt-Del would reboot at once (CAD_ON, Linux's boot default),
   0 after CAD_OFF (Linux then sends SIGINT to init). */
extern int power_cad_enabled;

long sys_reboot(struct thread *t, const uint64_t *a);

#endif
