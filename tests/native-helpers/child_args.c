/* Test helper: exits with 33 when its arguments are exactly
   "child_args" "one" "two words" "" "three", with 1 otherwise. */
#include <calyx/native.h>
#include "string.h"

int main(int argc, char **argv)
{
    static const char *const want[] = { "child_args", "one", "two words", "", "three" };
    if (argc != 5 || argv[5] != NULL)
        return 1;
    for (int i = 0; i < argc; i++)
        if (strcmp(argv[i], want[i]) != 0)
            return 1;
    return 33;
}
