/* Process Control on address spaces: process_fork (copy-on-write, shared
   mappings stay shared, kernel writes into copy-on-write pages) and
   process_vm_read/write/map/unmap/protect/cmpxchg32 on another process, each with its
   success, PermissionDenied and invalid-argument cases. */
#include "tap.h"
#include "fork_scenarios.h"

#define ERR(code) CX_MKERR(CX_ERR_##code)
#define PAGE FS_PAGE
#define RW FS_RW
#define ANON (CX_MAP_PRIVATE | CX_MAP_ANONYMOUS)
#define DATA_ADDR 0x220000000000ul

static cx_cap_t con, pool;

static void cow(void)
{
    struct fork_running_result r;
    int ok = fork_running(pool, &r) == 0;
    CHECK("process_vm_map: a memory object SHARED|FIXED into a process that has not run",
          r.map == COW_SHARED_ADDR);
    CHECK("process_fork: a running process is forked", r.fork == 0);
    CHECK("process_fork: the fork starts with process_start and both exit 0", ok);
    CHECK("process_fork: the fork sees the private memory as it was at the fork",
          r.seen.seen_at_fork[1] == 'F');
    CHECK("process_fork: after both wrote the same private variable, each sees its own value",
          r.seen.seen_after[0] == 'P' && r.seen.seen_after[1] == 'C');
    CHECK("process_fork: a SHARED memory object mapping stays shared (both sides' flags seen here)",
          r.seen.wrote[0] == 1 && r.seen.wrote[1] == 1);
    CHECK("read: the kernel writes into a copy-on-write page of the reader (not InvalidAddress)",
          r.seen.kernel_copy == 1 && r.seen.kernel_seen[0] == 'M');
    CHECK("read: that kernel write gave the reader its own copy (the fork still sees the old byte)",
          r.seen.kernel_seen[1] == 'k');

    struct fork_created_result c;
    ok = fork_created(&c) == 0;
    CHECK("process_fork: a process that never ran, with a thread in code written by the test", c.fork == 0);
    CHECK("process_vm_write: into a copy-on-write page of the fork", c.write_fork == 7);
    CHECK("process_vm_write: the source keeps its own bytes",
          c.read_source == 7 && memcmp(c.source_data, "source", 7) == 0);
    CHECK("process_vm_read: the fork has the bytes written into it",
          c.read_fork == 7 && memcmp(c.fork_data, "fork!!", 7) == 0);
    CHECK("process_fork: the fork's thread runs the given registers (exit 7), the source its own (0)",
          ok && c.fork_exit && c.source_exit);
}

/* A process that has not run, with two pages mapped at DATA_ADDR (the second
   unmapped again); started and waited for at the end. */
static void read_write_map(void)
{
    const char *argv[] = { "child_exit" };
    uint64_t pid = cx_process_create(ROOT_POOL, HELPER_IMAGE(child_exit), HELPER_SIZE(child_exit), argv, 1, 0, 0);
    uint64_t cap = cx_process_capability(pid, CX_RIGHTS_ALL);
    uint64_t ro = cx_capability_derive(cap, CX_RIGHT_READ);
    uint64_t wo = cx_capability_derive(cap, CX_RIGHT_WRITE);
    CHECK("setup: a process and capabilities for it (all, READ only, WRITE only)",
          !CX_IS_ERR(pid) && !CX_IS_ERR(cap) && !CX_IS_ERR(ro) && !CX_IS_ERR(wo));

    CHECK("process_vm_map: anonymous FIXED pages in another process",
          cx_process_vm_map(cap, DATA_ADDR, 2 * PAGE, RW, ANON | CX_MAP_FIXED, CX_CAP_NULL, 0) == DATA_ADDR);
    uint64_t any = cx_process_vm_map(cap, 0, PAGE, RW, ANON, CX_CAP_NULL, 0);
    CHECK("process_vm_map: without FIXED the kernel picks the address", !CX_IS_ERR(any) && any != 0);
    CHECK("process_vm_unmap: success", cx_process_vm_unmap(cap, any, PAGE) == 0);
    CHECK("process_vm_unmap: the second page of the pair", cx_process_vm_unmap(cap, DATA_ADDR + PAGE, PAGE) == 0);
    CHECK("process_vm_unmap: nothing mapped is NotFound",
          cx_process_vm_unmap(cap, DATA_ADDR + PAGE, PAGE) == ERR(NOT_FOUND));

    char buf[64];
    uint64_t end = DATA_ADDR + PAGE;
    CHECK("process_vm_write: a string ending right before an unmapped page",
          cx_process_vm_write(cap, end - 6, "hello", 6) == 6);
    CHECK("process_vm_read: reading past it returns the short count up to the unmapped page",
          cx_process_vm_read(cap, end - 6, buf, sizeof buf) == 6 && memcmp(buf, "hello", 6) == 0);
    CHECK("process_vm_read: at an unmapped address is InvalidAddress",
          cx_process_vm_read(cap, end, buf, 1) == ERR(INVALID_ADDRESS));
    CHECK("process_vm_write: across into an unmapped page writes the part before it",
          cx_process_vm_write(cap, end - 2, "abcd", 4) == 2);
    CHECK("process_vm_read: length 0 is 0", cx_process_vm_read(cap, end, buf, 0) == 0);

    CHECK("process_vm_protect: success", cx_process_vm_protect(cap, DATA_ADDR, PAGE, CX_PROT_READ) == 0);
    CHECK("process_vm_write: into a read-only page is InvalidAddress",
          cx_process_vm_write(cap, DATA_ADDR, "x", 1) == ERR(INVALID_ADDRESS));
    CHECK("process_vm_read: a read-only page reads",
          cx_process_vm_read(cap, end - 6, buf, 4) == 4 && memcmp(buf, "hell", 4) == 0);
    CHECK("process_vm_protect: W|X is PermissionDenied (mmap's rules)",
          cx_process_vm_protect(cap, DATA_ADDR, PAGE, RW | CX_PROT_EXEC) == ERR(PERMISSION_DENIED));
    CHECK("process_vm_protect: NONE, then reading is InvalidAddress",
          cx_process_vm_protect(cap, DATA_ADDR, PAGE, CX_PROT_NONE) == 0 &&
          cx_process_vm_read(cap, DATA_ADDR, buf, 1) == ERR(INVALID_ADDRESS));
    cx_process_vm_protect(cap, DATA_ADDR, PAGE, RW);

    /* process_vm_cmpxchg32: one aligned word, atomically. */
    uint32_t word = 5;
    cx_process_vm_write(cap, DATA_ADDR + 64, &word, 4);
    CHECK("process_vm_cmpxchg32: the expected value is replaced; the old one is the result",
          cx_process_vm_cmpxchg32(cap, DATA_ADDR + 64, 5, 9) == 5 &&
              cx_process_vm_read(cap, DATA_ADDR + 64, &word, 4) == 4 && word == 9);
    CHECK("process_vm_cmpxchg32: another value stays; the result is what is there",
          cx_process_vm_cmpxchg32(cap, DATA_ADDR + 64, 5, 1) == 9 &&
              cx_process_vm_read(cap, DATA_ADDR + 64, &word, 4) == 4 && word == 9);
    CHECK("process_vm_cmpxchg32: an unaligned word is InvalidParameter",
          cx_process_vm_cmpxchg32(cap, DATA_ADDR + 66, 9, 1) == ERR(INVALID_PARAMETER));
    CHECK("process_vm_cmpxchg32: an unmapped word is InvalidAddress",
          cx_process_vm_cmpxchg32(cap, end, 0, 1) == ERR(INVALID_ADDRESS));
    cx_process_vm_protect(cap, DATA_ADDR, PAGE, CX_PROT_READ);
    CHECK("process_vm_cmpxchg32: a read-only word is InvalidAddress",
          cx_process_vm_cmpxchg32(cap, DATA_ADDR + 64, 9, 1) == ERR(INVALID_ADDRESS));
    cx_process_vm_protect(cap, DATA_ADDR, PAGE, RW);

    /* Rights: READ reads and forks, WRITE writes and changes mappings. */
    static struct cx_regs regs;
    fs_regs(&regs, DATA_ADDR, end - 8);
    struct cx_process_fork_result fr = { 0 };
    CHECK("process_vm_read: without READ is PermissionDenied",
          cx_process_vm_read(wo, DATA_ADDR, buf, 1) == ERR(PERMISSION_DENIED));
    CHECK("process_vm_read: with READ only it reads", cx_process_vm_read(ro, DATA_ADDR, buf, 1) == 1);
    CHECK("process_vm_write: without WRITE is PermissionDenied",
          cx_process_vm_write(ro, DATA_ADDR, "x", 1) == ERR(PERMISSION_DENIED));
    CHECK("process_vm_write: with WRITE only it writes", cx_process_vm_write(wo, DATA_ADDR, "x", 1) == 1);
    CHECK("process_vm_cmpxchg32: without WRITE is PermissionDenied",
          cx_process_vm_cmpxchg32(ro, DATA_ADDR + 64, 9, 1) == ERR(PERMISSION_DENIED));
    CHECK("process_vm_map: without WRITE is PermissionDenied",
          cx_process_vm_map(ro, 0, PAGE, RW, ANON, CX_CAP_NULL, 0) == ERR(PERMISSION_DENIED));
    CHECK("process_vm_unmap: without WRITE is PermissionDenied",
          cx_process_vm_unmap(ro, DATA_ADDR, PAGE) == ERR(PERMISSION_DENIED));
    CHECK("process_vm_protect: without WRITE is PermissionDenied",
          cx_process_vm_protect(ro, DATA_ADDR, PAGE, RW) == ERR(PERMISSION_DENIED));
    CHECK("process_fork: without READ is PermissionDenied",
          cx_process_fork(ROOT_POOL, wo, &regs, &fr) == ERR(PERMISSION_DENIED));
    uint64_t ro_pool = cx_capability_derive(ROOT_POOL, CX_RIGHT_READ);
    CHECK("process_fork: no authority is PermissionDenied",
          cx_process_fork(CX_CAP_NULL, cap, &regs, &fr) == ERR(PERMISSION_DENIED));
    CHECK("process_fork: the console as authority is PermissionDenied",
          cx_process_fork(con, cap, &regs, &fr) == ERR(PERMISSION_DENIED));
    CHECK("process_fork: the pool without WRITE is PermissionDenied",
          !CX_IS_ERR(ro_pool) && cx_process_fork(ro_pool, cap, &regs, &fr) == ERR(PERMISSION_DENIED));
    cx_capability_revoke(ro_pool);
    uint64_t mem = cx_capability_create(CX_OBJ_MEMORY, PAGE, CX_RIGHT_READ, pool);
    CHECK("process_vm_map: a memory object without WRITE mapped SHARED writable is PermissionDenied",
          cx_process_vm_map(cap, 0, PAGE, RW, CX_MAP_SHARED, mem, 0) == ERR(PERMISSION_DENIED));

    /* Bad arguments. */
    CHECK("process_vm_read: length over CX_PROCESS_VM_MAX is InvalidParameter",
          cx_process_vm_read(cap, DATA_ADDR, buf, CX_PROCESS_VM_MAX + 1) == ERR(INVALID_PARAMETER));
    CHECK("process_vm_write: length over CX_PROCESS_VM_MAX is InvalidParameter",
          cx_process_vm_write(cap, DATA_ADDR, buf, CX_PROCESS_VM_MAX + 1) == ERR(INVALID_PARAMETER));
    CHECK("process_vm_read: an unwritable buffer of the caller is InvalidAddress",
          cx_process_vm_read(cap, DATA_ADDR, (void *)0x10, 1) == ERR(INVALID_ADDRESS));
    CHECK("process_vm_write: an unreadable buffer of the caller is InvalidAddress",
          cx_process_vm_write(cap, DATA_ADDR, (void *)0x10, 1) == ERR(INVALID_ADDRESS));
    CHECK("process_vm_read: a kernel address in the target is InvalidAddress",
          cx_process_vm_read(cap, 0xFFFFFFFF80100000ul, buf, 8) == ERR(INVALID_ADDRESS));
    CHECK("process_vm_read: a memory object capability is InvalidCapability",
          cx_process_vm_read(mem, DATA_ADDR, buf, 1) == ERR(INVALID_CAPABILITY));
    CHECK("process_vm_write: the console capability is InvalidCapability",
          cx_process_vm_write(con, DATA_ADDR, buf, 1) == ERR(INVALID_CAPABILITY));
    CHECK("process_fork: regs at an unmapped address is InvalidAddress",
          cx_process_fork(ROOT_POOL, cap, (void *)0x10, &fr) == ERR(INVALID_ADDRESS));
    fs_regs(&regs, 0xFFFFFFFF80100000ul, end - 8);
    CHECK("process_fork: a kernel rip is InvalidParameter", cx_process_fork(ROOT_POOL, cap, &regs, &fr) == ERR(INVALID_PARAMETER));
    fs_regs(&regs, DATA_ADDR, end - 8);
    CHECK("process_fork: a memory object capability is InvalidCapability",
          cx_process_fork(ROOT_POOL, mem, &regs, &fr) == ERR(INVALID_CAPABILITY));
    CHECK("process_vm_map: unknown flag bits are InvalidParameter",
          cx_process_vm_map(cap, 0, PAGE, RW, ANON | 0x100, CX_CAP_NULL, 0) == ERR(INVALID_PARAMETER));
    CHECK("process_vm_map: the console capability is InvalidCapability",
          cx_process_vm_map(con, 0, PAGE, RW, ANON, CX_CAP_NULL, 0) == ERR(INVALID_CAPABILITY));
    CHECK("process_vm_map: FIXED over a mapping is AlreadyExists",
          cx_process_vm_map(cap, DATA_ADDR, PAGE, RW, ANON | CX_MAP_FIXED, CX_CAP_NULL, 0) == ERR(ALREADY_EXISTS));
    CHECK("process_vm_unmap: an unaligned address is InvalidParameter",
          cx_process_vm_unmap(cap, DATA_ADDR + 1, PAGE) == ERR(INVALID_PARAMETER));
    CHECK("process_vm_unmap: an absurd length is InvalidAddress",
          cx_process_vm_unmap(cap, DATA_ADDR, ~0ul) == ERR(INVALID_ADDRESS));
    CHECK("process_vm_protect: unknown prot bits are InvalidParameter",
          cx_process_vm_protect(cap, DATA_ADDR, PAGE, 0x8) == ERR(INVALID_PARAMETER));
    CHECK("process_vm_protect: an unmapped range is NotFound",
          cx_process_vm_protect(cap, DATA_ADDR, 2 * PAGE, CX_PROT_READ) == ERR(NOT_FOUND));

    /* Ended: the capability stays, the calls answer NotFound. */
    CHECK("setup: the process runs and exits", cx_process_start(pid) == 0 && fs_wait(pid, 0));
    CHECK("process_vm_read: an ended process is NotFound",
          cx_process_vm_read(cap, DATA_ADDR, buf, 1) == ERR(NOT_FOUND));
    CHECK("process_vm_map: an ended process is NotFound",
          cx_process_vm_map(cap, 0, PAGE, RW, ANON, CX_CAP_NULL, 0) == ERR(NOT_FOUND));
    CHECK("process_fork: an ended process is NotFound", cx_process_fork(ROOT_POOL, cap, &regs, &fr) == ERR(NOT_FOUND));
    cx_capability_revoke(mem);
    cx_capability_revoke(cap);
}

int main(void)
{
    con = cx_start_caps[0];
    pool = cx_start_caps[1];
    tap_plan(59);
    cow();
    read_write_map();
    return tap_done();
}
