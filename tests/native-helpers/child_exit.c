/* Test helper: exits with the number given as argv[1] (0 without one). */
#include <calyx/native.h>

int main(int argc, char **argv)
{
    int code = 0;
    if (argc > 1)
        for (const char *c = argv[1]; *c >= '0' && *c <= '9'; c++)
            code = code * 10 + (*c - '0');
    return code;
}
