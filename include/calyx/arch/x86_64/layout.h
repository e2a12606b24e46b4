/* The user address space on x86_64 (4-level paging: 47 user address bits). */
#ifndef CALYX_ARCH_X86_64_LAYOUT_H
#define CALYX_ARCH_X86_64_LAYOUT_H

/* First address above user space: the start of the non-canonical hole. */
#define CX_USER_TOP 0x0000800000000000ull

#endif
