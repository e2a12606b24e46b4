/* How a program starts on Calyx (hand-written part of the ABI).
 *
 * Every program, native or POSIX, starts with the System V x86_64 initial
 * stack: rsp points at argc, then argv[] and NULL, envp[] and NULL, then the
 * auxiliary vector of (type, value) pairs ending with AT_NULL. Calyx adds two
 * auxv entries that hand a program the capabilities it was started with: a
 * pointer to an array of tokens and its length. A musl program can read them
 * with getauxval(); the native crt (libc-port/native) collects them for main.
 *
 * The root task starts with these capabilities, in this order:
 *   [0] the console (READ | WRITE)
 *   [1] the memory pool (all rights): capability_create(CX_OBJ_MEMORY, size,
 *       rights, pool) makes a memory object of size bytes (kernel/memobj.h)
 */
#ifndef CALYX_START_H
#define CALYX_START_H

#define CX_AT_NULL   0
#define CX_AT_PHDR   3
#define CX_AT_PHENT  4
#define CX_AT_PHNUM  5
#define CX_AT_PAGESZ 6
#define CX_AT_ENTRY  9
#define CX_AT_RANDOM 25 /* 16 unpredictable bytes (the kernel's entropy source) */
#define CX_AT_EXECFN 31 /* the program's name: argv[0] (0 when argc is 0) */
#define CX_AT_CAPS   0x4358 /* pointer to the initial capability tokens (cx_cap_t[]) */
#define CX_AT_NCAPS  0x4359 /* how many there are */

#define CX_START_MAX_ARGS     64   /* argument strings a program can be started with */
#define CX_START_MAX_ARGBYTES 4096 /* their total size, terminators included */
#define CX_START_MAX_CAPS     64   /* capabilities granted at start */

#endif
