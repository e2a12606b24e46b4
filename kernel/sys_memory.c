/* Address-space syscalls: mmap, munmap, mprotect. */
#include "gen/syscall_handlers.h"

/* Not implemented yet (issue 3): answers NotSupported so "missing" differs from "refused". */
#define NOT_YET return CX_MKERR(CX_ERR_NOT_SUPPORTED)

uint64_t sys_mmap(user_addr_t addr, size_t length, cx_prot_t prot, cx_mapflags_t flags,
                  cx_cap_t capability, size_t offset)
{
    (void)addr, (void)length, (void)prot, (void)flags, (void)capability, (void)offset;
    NOT_YET;
}

uint64_t sys_munmap(user_addr_t addr, size_t length) { (void)addr, (void)length; NOT_YET; }

uint64_t sys_mprotect(user_addr_t addr, size_t length, cx_prot_t prot)
{
    (void)addr, (void)length, (void)prot;
    NOT_YET;
}
