/* x86_64's answers to kernel/arch.h's constants. */
#ifndef ARCH_MACHINE_H
#define ARCH_MACHINE_H

#define ARCH_NAME             "x86_64"
#define ARCH_ELF_MACHINE      62 /* EM_X86_64 */
#define ARCH_ELF_MACHINE_NAME "EM_X86_64"
#define ARCH_CONSOLE_PORTS    3  /* COM1, COM2, COM3 */

#endif
