/* Faults on purpose: the kernel must report the fault, end only this process
   (the root task here, so the machine powers off with a failure status) and
   never fault itself. The test runner checks the report (expect_fault_*). */
#include "tap.h"

int main(void)
{
    cx_printf("# writing to address 0x10\n");
    volatile uintptr_t address = 0x10; /* through a variable: the compiler must not see the constant */
    *(volatile int *)address = 1;
    cx_printf("not ok 1 - the write did not fault\n");
    return 0;
}
