/* The portable kernel's entry, after the architecture has set up the CPU and memory. */
#ifndef KERNEL_MAIN_H
#define KERNEL_MAIN_H

#include "sched.h"

_Noreturn void kernel_main(void);

#endif
