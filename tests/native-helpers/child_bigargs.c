/* Test helper for leakcheck_bigargs: exits with 44 when it was started with
   CHILD_BIGARGS_ARGC arguments "child_bigargs" "1" "2" ... and exactly two
   environment strings, "BIG=" followed by CHILD_BIGARGS_ENV letters
   'a' + i % 26, and "LAST=1"; with 1 otherwise. */
#include <calyx/native.h>
#include "string.h"
#include "printf.h"

#define CHILD_BIGARGS_ARGC 5000
#define CHILD_BIGARGS_ENV  (100 * 1024)

int main(int argc, char **argv)
{
    if (argc != CHILD_BIGARGS_ARGC || argv[argc] != NULL || strcmp(argv[0], "child_bigargs") != 0)
        return 1;
    for (int i = 1; i < argc; i++) {
        char want[16];
        ksnprintf(want, sizeof want, "%d", i);
        if (strcmp(argv[i], want) != 0)
            return 1;
    }
    char **envp = argv + argc + 1; /* the System V stack: envp follows argv's NULL */
    if (!envp[0] || !envp[1] || envp[2] || strcmp(envp[1], "LAST=1") != 0 ||
        strlen(envp[0]) != 4 + CHILD_BIGARGS_ENV || memcmp(envp[0], "BIG=", 4) != 0)
        return 1;
    for (size_t i = 0; i < CHILD_BIGARGS_ENV; i++)
        if (envp[0][4 + i] != 'a' + (char)(i % 26))
            return 1;
    return 44;
}
