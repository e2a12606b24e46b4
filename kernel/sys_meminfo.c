/* memory_info: the physical page counts, for reports (make bench, /proc/meminfo). */
#include "gen/syscall_handlers.h"
#include "pmm.h"

uint64_t sys_memory_info(struct cx_memory_info *out)
{
    out->total_pages = pmm_total_pages();
    out->free_pages = pmm_free_pages();
    return 0;
}
