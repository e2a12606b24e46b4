/* Test helper: tries to start and to wait for the process argv[1], which its
   creator made, not it. Exits with 0 when both are PermissionDenied, with 1
   or 2 when start or wait was not refused that way. */
#include <calyx/native.h>

int main(int argc, char **argv)
{
    uint64_t pid = 0;
    for (const char *c = argc > 1 ? argv[1] : ""; *c >= '0' && *c <= '9'; c++)
        pid = pid * 10 + (uint64_t)(*c - '0');
    struct cx_exit_info info;
    if (cx_process_start(pid) != CX_MKERR(CX_ERR_PERMISSION_DENIED))
        return 1;
    if (cx_process_wait(pid, CX_TIMEOUT_POLL, &info) != CX_MKERR(CX_ERR_PERMISSION_DENIED))
        return 2;
    return 0;
}
