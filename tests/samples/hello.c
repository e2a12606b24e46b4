/* A plain static C program (built with Debian's musl-gcc): the sample real
   binary that the host ELF tests parse. */
#include <stdio.h>

int main(void)
{
    puts("hello from a static musl program");
    return 0;
}
