/* demo-shm: two processes share memory by passing a capability.
 *
 * The root task makes a memory object from the pool and maps it SHARED. It
 * grants the child a capability for the same object; the child maps it too
 * and writes into its own mapping. Both mappings are the same physical page:
 * after the child ends, the root task finds the child's words in its mapping
 * with no message and no copy. */
#define DEMO_WHO "[root]   "
#include "../common/demo.h"
#include "string.h"

CX_CHILD(writer);

int main(void)
{
    cx_cap_t console = cx_start_caps[0], pool = cx_start_caps[1];
    cx_cap_t shared = must(cx_capability_create(CX_OBJ_MEMORY, CX_PAGE_SIZE, CX_RIGHTS_ALL, pool),
                           "capability_create");
    char *page = (char *)(uintptr_t)must(cx_mmap(NULL, CX_PAGE_SIZE,
                                                 CX_PROT_READ | CX_PROT_WRITE, CX_MAP_SHARED,
                                                 shared, 0), "mmap");
    say("made a one-page memory object and mapped it SHARED at %p\n", (void *)page);
    static const char hello[] = "hello from the root task";
    memcpy(page, hello, sizeof hello);
    say("wrote into my mapping: \"%s\"\n", page);

    cx_cap_t for_child = must(cx_capability_derive(shared, CX_RIGHT_READ | CX_RIGHT_WRITE |
                                                           CX_RIGHT_GRANT), "capability_derive");
    cx_cap_t say_only = must(cx_capability_derive(console, CX_RIGHT_WRITE | CX_RIGHT_GRANT),
                             "capability_derive");
    const char *argv[] = { "writer" };
    const cx_cap_t caps[] = { say_only, for_child };
    cx_pid_t child = spawn(writer, argv, 1, caps, 2);
    say("started the writer (process %lu) with a READ|WRITE capability for the object\n",
        (unsigned long)child);
    int ok = wait_child("writer", child);

    /* The answer sits 256 bytes in; nothing was sent, nothing was copied. */
    say("reading my own mapping at offset 256: \"%s\"\n", page + 256);
    ok &= strncmp(page + 256, "hello, root task", 16) == 0;
    say("%s\n", ok ? "demo-shm done: the child's bytes reached me through shared pages, zero-copy."
                   : "demo-shm FAILED");
    return ok ? 0 : 1;
}
