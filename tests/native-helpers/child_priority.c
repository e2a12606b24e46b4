/* Test helper: tries to give its own thread the priority argv[1] (default
   priority + 1 without one) and exits with 0 when the kernel refused with
   PermissionDenied, 1 when it allowed it, 2 for anything else. */
#include <calyx/native.h>

int main(int argc, char **argv)
{
    uint32_t prio = CX_SCHED_DEFAULT_PRIORITY + 1;
    if (argc > 1) {
        prio = 0;
        for (const char *c = argv[1]; *c >= '0' && *c <= '9'; c++)
            prio = prio * 10 + (uint32_t)(*c - '0');
    }
    uint64_t r = cx_thread_set_priority(CX_CAP_NULL, 0, prio, CX_SCHED_SLICE_NS);
    return r == CX_MKERR(CX_ERR_PERMISSION_DENIED) ? 0 : r == 0 ? 1 : 2;
}
