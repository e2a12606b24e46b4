/* Test helper: writes to address 0x10, which is never mapped (a page fault). */
#include <calyx/native.h>

int main(void)
{
    volatile int *volatile target = (volatile int *)0x10; /* hidden from the optimizer */
    *target = 1;
    return 0; /* not reached */
}
