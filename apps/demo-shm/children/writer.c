/* demo-shm's child: maps the memory object cx_start_caps[1] SHARED, reads
 * what the root task left at the start of the page, and writes its answer
 * at offset 256 of its own mapping. */
#define DEMO_WHO "[writer] "
#include "../../common/demo.h"
#include "string.h"

int main(void)
{
    if (cx_start_ncaps < 2)
        return 2;
    uint64_t r = cx_mmap(NULL, CX_PAGE_SIZE, CX_PROT_READ | CX_PROT_WRITE, CX_MAP_SHARED,
                         cx_start_caps[1], 0);
    if (CX_IS_ERR(r)) {
        say("mmap failed: %s\n", cx_strerror(r));
        return 1;
    }
    char *page = (char *)(uintptr_t)r;
    say("mapped the object at %p (my own address space); it says: \"%s\"\n", (void *)page, page);
    static const char answer[] = "hello, root task: written by the child in place";
    memcpy(page + 256, answer, sizeof answer);
    say("wrote my answer at offset 256 with a plain memcpy, no syscall\n");
    return 0;
}
