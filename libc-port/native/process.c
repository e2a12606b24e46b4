/* The seed's high-level wrappers over the raw stubs: create_process (create
   and start in one step) and mmap returning a
   pointer. Errors come back as CX results (CX_IS_ERR, cx_strerror). */
#include <calyx/native.h>

uint64_t cx_create_process(cx_cap_t authority, const void *image, size_t size, const char *const *argv,
                           size_t argc, const cx_cap_t *caps, size_t ncaps)
{
    uint64_t pid = cx_process_create(authority, image, size, argv, argc, caps, ncaps);
    if (CX_IS_ERR(pid))
        return pid;
    uint64_t err = cx_process_start(pid); /* a pid we just made: only a kernel bug fails here */
    return CX_IS_ERR(err) ? err : pid;
}

void *cx_map(void *addr, size_t length, cx_prot_t prot, cx_mapflags_t flags, cx_cap_t memory,
             size_t offset, uint64_t *error)
{
    if (!memory)
        flags |= CX_MAP_ANONYMOUS;
    if (!(flags & (CX_MAP_PRIVATE | CX_MAP_SHARED)))
        flags |= memory ? CX_MAP_SHARED : CX_MAP_PRIVATE;
    uint64_t r = cx_mmap(addr, length, prot, flags, memory, offset);
    if (error)
        *error = CX_IS_ERR(r) ? r : 0;
    return CX_IS_ERR(r) ? NULL : (void *)(uintptr_t)r;
}
