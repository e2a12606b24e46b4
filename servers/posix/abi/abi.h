/* What the POSIX server asks of an architecture's Linux ABI: everything that
 * differs between CPUs lives in abi/<cpu>/, and portable server files call
 * only what is declared here (and in sigframe.h, the signal frame).
 *
 * Every abi/<cpu>/ provides:
 *   syscalls.toml  the Linux syscall table (gen/ is generated from it)
 *   machine.h      ABI_MACHINE (uname's machine), ABI_ELF_MACHINE (what
 *                  execve runs), ABI_CLONE_CTID and ABI_CLONE_TLS (clone's
 *                  argument order differs between ABIs), the signal frame's
 *                  sizes (SIGFRAME_SIZE, SIGFRAME_EXT_SIZE, SIGFRAME_MAX_SIZE)
 *   sigframe.c     sigframe.h's functions: the rt_sigframe layout
 *   the functions below, and the handlers of its own calls (x86_64:
 *   arch_prctl), which its syscalls.toml names.
 * Registers are reached through calyx/arch.h's accessors (program counter,
 * stack pointer, result, TLS base). */
#ifndef POSIX_ABI_ABI_H
#define POSIX_ABI_ABI_H

#include <stddef.h>
#include <stdint.h>
#include <calyx/personality.h>

#if defined(__x86_64__)
#include "x86_64/machine.h"
#else
#error "servers/posix: no Linux ABI for this architecture (add servers/posix/abi/<cpu>/)"
#endif

/* Rewinds regs so that the syscall nr runs again when the thread resumes
   (a call cut short by a signal, restarted). */
void abi_restart_syscall(struct cx_regs *regs, uint64_t nr);

/* Makes regs, the caller's, those a clone child starts with: result 0, the
   stack newsp when not 0, the TLS base tls when CLONE_SETTLS is in flags. */
void abi_clone_regs(struct cx_regs *regs, uint64_t flags, uint64_t newsp, uint64_t tls);

/* A core file's view of a thread: NT_PRSTATUS's pr_reg (ABI_ELF_NGREG
   words in the ABI's user_regs_struct order) and NT_PRFPREG's bytes
   (ABI_ELF_FPREGS_SIZE). */
void abi_elf_gregs(const struct cx_regs *regs, uint64_t *gregs);
const void *abi_elf_fpregs(const struct cx_regs *regs);

/* Writes /proc/cpuinfo's text for the CPU the server runs on into buf
   (NUL-terminated, cut at size); returns its length. */
size_t abi_cpuinfo(char *buf, size_t size);

#endif
