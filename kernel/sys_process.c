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
