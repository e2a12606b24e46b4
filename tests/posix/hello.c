/* The smallest POSIX test: stdout through printf, exit status 0. */
#include <stdio.h>

int main(int argc, char **argv)
{
    (void)argv;
    printf("hello, world (%d argument(s))\n", argc - 1);
    return 0;
}
