/* Test helper: prints a line through the first capability it was given and
   exits with 0. Started with no capability, it checks that no token works
   (the child holds only what it was given) and exits with 42, or 43 if any
   token named something. */
#include <calyx/native.h>

int main(void)
{
    static const char line[] = "# child_write: hello through the granted console capability\n";
    if (cx_start_ncaps == 0) {
        for (uint64_t slot = 0; slot < 64; slot++)
            for (uint64_t gen = 0; gen < 4; gen++)
                if (cx_write(gen << 32 | slot, "x", 1, 0) != CX_MKERR(CX_ERR_INVALID_CAPABILITY))
                    return 43;
        return 42;
    }
    return cx_write(cx_start_caps[0], line, sizeof line - 1, 0) == sizeof line - 1 ? 0 : 1;
}
