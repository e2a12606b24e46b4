/* process_vm_region: walking another process's address space region by
   region. Three pages mapped at a fixed address with different protections
   show as the regions there, in order, with their CX_PROT_* bits; an
   address inside a region finds that region, one in a hole the next
   region, one above everything NotFound; a capability without READ is
   PermissionDenied, a non-process InvalidCapability. */
#include "tap.h"
#include "helpers.h"
#include <calyx/arch.h>

HELPER(child_exit);

#define ERR(code) CX_MKERR(CX_ERR_##code)
#define PAGE CX_PAGE_SIZE
#define RW (CX_PROT_READ | CX_PROT_WRITE)
#define ANON (CX_MAP_PRIVATE | CX_MAP_ANONYMOUS | CX_MAP_FIXED)
#define AT 0x230000000000ul

int main(void)
{
    tap_plan(7);
    const char *argv[] = { "child_exit" };
    uint64_t pid = cx_process_create(ROOT_POOL, HELPER_IMAGE(child_exit), HELPER_SIZE(child_exit), argv, 1, 0, 0);
    uint64_t cap = cx_process_capability(pid, CX_RIGHTS_ALL);
    uint64_t wo = cx_capability_derive(cap, CX_RIGHT_WRITE);
    int ok = !CX_IS_ERR(pid) && !CX_IS_ERR(cap) && !CX_IS_ERR(wo) &&
             cx_process_vm_map(cap, AT, 2 * PAGE, RW, ANON, CX_CAP_NULL, 0) == AT &&
             cx_process_vm_map(cap, AT + 3 * PAGE, PAGE, CX_PROT_READ, ANON, CX_CAP_NULL, 0) == AT + 3 * PAGE &&
             cx_process_vm_protect(cap, AT + PAGE, PAGE, CX_PROT_NONE) == 0;
    CHECK("setup: pages at AT (RW, then NONE), a hole, one READ page", ok);

    struct cx_memory_region r = { 0, 0, 0 };
    CHECK("an address inside the first page finds it, read-write",
          cx_process_vm_region(cap, AT + 100, &r) == 0 && r.start == AT && r.end == AT + PAGE && r.prot == RW);
    CHECK("its end finds the inaccessible page next",
          cx_process_vm_region(cap, r.end, &r) == 0 && r.start == AT + PAGE && r.end == AT + 2 * PAGE &&
          r.prot == CX_PROT_NONE);
    CHECK("an address in the hole finds the read-only page above it",
          cx_process_vm_region(cap, AT + 2 * PAGE, &r) == 0 && r.start == AT + 3 * PAGE &&
          r.end == AT + 4 * PAGE && r.prot == CX_PROT_READ);
    CHECK("above everything: NotFound", cx_process_vm_region(cap, CX_USER_TOP - PAGE, &r) == ERR(NOT_FOUND));
    CHECK("without CX_RIGHT_READ: PermissionDenied", cx_process_vm_region(wo, AT, &r) == ERR(PERMISSION_DENIED));
    CHECK("not a process: InvalidCapability",
          cx_process_vm_region(cx_start_caps[CX_START_CAP_CONSOLE], AT, &r) == ERR(INVALID_CAPABILITY));
    struct cx_exit_info info;
    cx_process_start(pid);
    cx_process_wait(pid, CX_TIMEOUT_INFINITE, &info);
    return tap_done();
}
