/* The machine's identity and the privileged calls Calyx does not provide
 * (host.c).
 *
 * uname answers the Linux ABI level served (libcs compare the release);
 * sethostname/setdomainname (root) change the node and domain names for
 * everyone (one UTS namespace).
 *
 * Privileged calls with nothing behind them on Calyx (I/O ports, swap,
 * process accounting, kernel modules, kexec, the kernel log): an
 * unprivileged caller gets EPERM, as from Linux, after the argument checks
 * Linux makes before its capability check; root gets what a Linux kernel
 * built without that feature answers (ENOSYS), or EPERM where Linux under
 * lockdown refuses root too (raising the I/O privilege level). */
#ifndef POSIX_HOST_H
#define POSIX_HOST_H

#include "proc.h"
#include "abi/abi.h" /* ABI_MACHINE */

#define HOST_SYSNAME  "Linux"  /* what Linux tools and configure scripts test for, as gVisor and Starnix answer; the release and version say Calyx */
#define HOST_RELEASE  "6.1.0-calyx"
#define HOST_RELEASE_MINOR 1 /* the 1 of 6.1: personality UNAME26 reports 2.6.61 */
#define HOST_VERSION  "#1 Calyx 0.1.0"
#define HOST_MACHINE  ABI_MACHINE

/* The current node name (/proc/sys/kernel/hostname) and domain name. */
const char *host_nodename(void);
const char *host_domainname(void);

long sys_uname(struct thread *t, const uint64_t *a);
long sys_sethostname(struct thread *t, const uint64_t *a);
long sys_setdomainname(struct thread *t, const uint64_t *a);
long sys_iopl(struct thread *t, const uint64_t *a);
long sys_ioperm(struct thread *t, const uint64_t *a);
long sys_swapon(struct thread *t, const uint64_t *a);
long sys_swapoff(struct thread *t, const uint64_t *a);
long sys_acct(struct thread *t, const uint64_t *a);
long sys_module_load(struct thread *t, const uint64_t *a);   /* init_module, finit_module */
long sys_delete_module(struct thread *t, const uint64_t *a);
long sys_kexec_load(struct thread *t, const uint64_t *a);
long sys_kexec_file_load(struct thread *t, const uint64_t *a);
long sys_syslog(struct thread *t, const uint64_t *a);
long sys_vhangup(struct thread *t, const uint64_t *a);

#endif
