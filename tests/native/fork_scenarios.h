/* The two process_fork scenarios that test_process_vm.c checks in detail and
 * leakcheck_fork.c repeats to show that nothing leaks:
 *  - fork_running: child_cow runs, publishes an entry point, is forked while
 *    it waits; both sides write the same private variable (see
 *    tests/native-helpers/child_cow.c) and share a memory object page;
 *  - fork_created: a process that never ran is forked with a thread that
 *    starts in code the test wrote into it (exit(7)); the test writes into
 *    the fork's copy-on-write page with process_vm_write.
 */
#ifndef TESTS_FORK_SCENARIOS_H
#define TESTS_FORK_SCENARIOS_H

#include <calyx/native.h>
#include <calyx/personality.h>
#include "helpers.h"
#include "string.h"
#include "../native-helpers/cow_shared.h"

HELPER(child_cow);
HELPER(child_exit);

#define FS_PAGE 4096ul
#define FS_RW (CX_PROT_READ | CX_PROT_WRITE)
#define FS_CODE_ADDR 0x210000000000ul /* fork_created: code page, then a data page */

/* Registers for a thread entering at rip with rsp (as if called: rsp % 16 == 8),
   with the x87 and SSE control words a new thread gets. */
static void fs_regs(struct cx_regs *r, uint64_t rip, uint64_t rsp)
{
    memset(r, 0, sizeof *r);
    r->rip = rip;
    r->rsp = rsp;
    r->rflags = 0x202;
    uint16_t fcw = 0x37F;
    uint32_t mxcsr = 0x1F80;
    memcpy(r->fpu, &fcw, sizeof fcw);
    memcpy(r->fpu + 24, &mxcsr, sizeof mxcsr);
}

static int fs_wait(uint64_t pid, int64_t code)
{
    struct cx_exit_info info;
    return cx_process_wait(pid, CX_TIMEOUT_INFINITE, &info) == 0 && info.how == CX_EXIT_NORMAL &&
           (int64_t)info.code == code;
}

struct fork_running_result {
    uint64_t map, fork, start, wait_source, wait_fork;
    struct cow_shared seen; /* the shared page at the end */
};

/* 0 when every step succeeded; the details in *out either way. */
static int fork_running(cx_cap_t pool, struct fork_running_result *out)
{
    memset(out, 0, sizeof *out);
    uint64_t mem = cx_capability_create(CX_OBJ_MEMORY, FS_PAGE, CX_RIGHTS_ALL, pool);
    if (CX_IS_ERR(mem))
        return -1;
    uint64_t err;
    struct cow_shared *sh = cx_map(0, FS_PAGE, FS_RW, CX_MAP_SHARED, mem, 0, &err);
    if (!sh)
        return -1;
    sh->marker = 'M';
    const char *argv[] = { "child_cow" };
    uint64_t pid = cx_process_create(ROOT_POOL, HELPER_IMAGE(child_cow), HELPER_SIZE(child_cow), argv, 1, &mem, 1);
    uint64_t cap = cx_process_capability(pid, CX_RIGHTS_ALL);
    if (CX_IS_ERR(pid) || CX_IS_ERR(cap))
        return -1;
    out->map = cx_process_vm_map(cap, COW_SHARED_ADDR, FS_PAGE, FS_RW, CX_MAP_SHARED | CX_MAP_FIXED, mem, 0);
    if (out->map != COW_SHARED_ADDR || cx_process_start(pid))
        return -1;
    while (!sh->ready)
        cx_yield();
    static struct cx_regs regs;
    fs_regs(&regs, sh->entry, sh->stack_top - 8);
    struct cx_process_fork_result fr = { 0 };
    out->fork = cx_process_fork(ROOT_POOL, cap, &regs, &fr);
    out->start = out->fork ? out->fork : cx_process_start(fr.process_id);
    sh->forked = 1;
    out->wait_source = fs_wait(pid, 0);
    out->wait_fork = !out->fork && fs_wait(fr.process_id, 0);
    out->seen = *sh;
    if (!out->fork)
        cx_capability_revoke(fr.capability);
    cx_capability_revoke(cap);
    cx_munmap(sh, FS_PAGE);
    cx_capability_revoke(mem);
    return out->start || !out->wait_source || !out->wait_fork ? -1 : 0;
}

struct fork_created_result {
    uint64_t fork, write_fork, read_source, read_fork;
    char source_data[8], fork_data[8];
    int source_exit, fork_exit;
};

static int fork_created(struct fork_created_result *out)
{
    memset(out, 0, sizeof *out);
    const char *argv[] = { "child_exit" };
    uint64_t pid = cx_process_create(ROOT_POOL, HELPER_IMAGE(child_exit), HELPER_SIZE(child_exit), argv, 1, 0, 0);
    uint64_t cap = cx_process_capability(pid, CX_RIGHTS_ALL);
    if (CX_IS_ERR(pid) || CX_IS_ERR(cap))
        return -1;
    /* mov eax, CX_NATIVE_BIT | CX_SYS_EXIT; mov edi, 7; syscall; jmp . */
    static const unsigned char code[] = { 0xB8, CX_SYS_EXIT, 0, 0, 0x80, 0xBF, 7, 0, 0, 0,
                                          0x0F, 0x05, 0xEB, 0xFE };
    int ok = cx_process_vm_map(cap, FS_CODE_ADDR, 2 * FS_PAGE, FS_RW, CX_MAP_PRIVATE | CX_MAP_ANONYMOUS |
                               CX_MAP_FIXED, CX_CAP_NULL, 0) == FS_CODE_ADDR &&
             cx_process_vm_write(cap, FS_CODE_ADDR, code, sizeof code) == sizeof code &&
             cx_process_vm_write(cap, FS_CODE_ADDR + FS_PAGE, "source", 7) == 7 &&
             cx_process_vm_protect(cap, FS_CODE_ADDR, FS_PAGE, CX_PROT_READ | CX_PROT_EXEC) == 0;
    static struct cx_regs regs;
    fs_regs(&regs, FS_CODE_ADDR, FS_CODE_ADDR + 2 * FS_PAGE - 8);
    struct cx_process_fork_result fr = { 0 };
    out->fork = ok ? cx_process_fork(ROOT_POOL, cap, &regs, &fr) : CX_MKERR(CX_ERR_INVALID_PARAMETER);
    if (!out->fork) {
        /* A kernel write into the fork's copy-on-write page: the source keeps its bytes. */
        out->write_fork = cx_process_vm_write(fr.capability, FS_CODE_ADDR + FS_PAGE, "fork!!", 7);
        out->read_source = cx_process_vm_read(cap, FS_CODE_ADDR + FS_PAGE, out->source_data, 7);
        out->read_fork = cx_process_vm_read(fr.capability, FS_CODE_ADDR + FS_PAGE, out->fork_data, 7);
        out->fork_exit = cx_process_start(fr.process_id) == 0 && fs_wait(fr.process_id, 7);
        cx_capability_revoke(fr.capability);
    }
    out->source_exit = cx_process_start(pid) == 0 && fs_wait(pid, 0);
    cx_capability_revoke(cap);
    return ok && !out->fork && out->fork_exit && out->source_exit ? 0 : -1;
}

#endif
