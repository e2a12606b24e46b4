/* Ending processes and threads. */
#include "gen/syscall_handlers.h"
#include "current.h"

uint64_t sys_exit(int32_t exit_code)
{
    process_kill(current_process(), CX_EXIT_NORMAL, exit_code, 0, 0);
    process_thread_exit_current();
}

uint64_t sys_thread_exit(int32_t exit_code)
{
    struct process *p = current_process();
    if (p->nthreads == 1)
        process_kill(p, CX_EXIT_NORMAL, exit_code, 0, 0);
    process_thread_exit_current();
}

/* Not implemented yet (issue 3): answers NotSupported so "missing" differs from "refused". */
#define NOT_YET return CX_MKERR(CX_ERR_NOT_SUPPORTED)

uint64_t sys_process_create(user_addr_t binary, size_t binary_len, user_addr_t args,
                            size_t args_len, user_addr_t capabilities, size_t cap_count)
{
    (void)binary, (void)binary_len, (void)args, (void)args_len, (void)capabilities, (void)cap_count;
    NOT_YET;
}

uint64_t sys_process_start(cx_pid_t process_id) { (void)process_id; NOT_YET; }

uint64_t sys_process_wait(cx_pid_t process_id, uint64_t timeout_ns, struct cx_exit_info *out)
{
    (void)process_id, (void)timeout_ns, (void)out;
    NOT_YET;
}

uint64_t sys_thread_create(cx_uaddr_t entry_point, user_addr_t stack_base, size_t stack_size,
                           uint64_t arg)
{
    (void)entry_point, (void)stack_base, (void)stack_size, (void)arg;
    NOT_YET;
}

uint64_t sys_thread_join(cx_tid_t thread_id, uint64_t timeout_ns)
{
    (void)thread_id, (void)timeout_ns;
    NOT_YET;
}
