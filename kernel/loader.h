/* Loading a static ELF64 program into a new process. */
#ifndef KERNEL_LOADER_H
#define KERNEL_LOADER_H

#include <stddef.h>
#include <stdint.h>
#include <calyx/abi.h>
#include <arch/layout.h>

struct process;

/* The initial thread's stack: the pages the start block needs (the
   argument and environment strings, up to CX_START_MAX_ARGBYTES, their
   pointers, the auxiliary vector and the capability tokens) and, below
   them, room for the program's own use: mapped USER_STACK_MIN deep at load,
   it grows down as it is touched (vm_map_stack) to the size the creator
   asks for (process_create_mapped: RLIMIT_STACK), or USER_STACK_SIZE,
   between USER_STACK_MIN and CX_STACK_MAX. Its pages come when touched. */
#define USER_STACK_SIZE (8u << 20)
#define USER_STACK_MIN  (128u * 1024)
#define USER_STACK_TOP  (USER_TOP - 0x10000) /* a guard gap below the top */
#define ELF_DYN_BASE    0x0000000000400000ull /* load bias of static-pie (ET_DYN) programs */

struct load_args {
    const char *const *argv;  /* kernel copies of the argument strings */
    unsigned argc;
    const char *const *envp;  /* kernel copies of the environment strings */
    unsigned envc;            /* at most CX_START_MAX_ARGBYTES together (calyx/start.h) */
    const cx_cap_t *caps;     /* tokens in the new process's own capability space */
    unsigned ncaps;
    uint64_t stack_size;      /* 0: USER_STACK_SIZE (see above) */
};

/* Maps the image into p, builds the initial stack and creates the first thread
   (not yet runnable). Returns 0, or minus a CX error code with *reason saying why:
   -CX_ERR_INVALID_PARAMETER (malformed image, too many or too long arguments or
   capabilities) or -CX_ERR_OUT_OF_MEMORY. On failure p may hold some mappings:
   discard it (process_discard). */
int loader_load(struct process *p, const void *image, size_t size, const struct load_args *a,
                const char **reason);

/* The same from a file's pages in a memory object: segments alone on their
   pages map them copy-on-write (processes running one program share its
   pages until they write them); only the headers are copied, and they must
   lie in the first LOADER_HEAD_MAX bytes. */
#define LOADER_HEAD_MAX (64u * 1024)
struct memobj;
int loader_load_object(struct process *p, struct memobj *file, const struct load_args *a,
                       const char **reason);

#endif
