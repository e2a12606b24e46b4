/* How a program starts on Calyx (hand-written part of the ABI).
 *
 * Every program, native or POSIX, starts with the System V initial stack of
 * its architecture's psABI: the stack pointer points at argc, then argv[]
 * and NULL, envp[] and NULL, then the auxiliary vector of (type, value)
 * pairs ending with AT_NULL. Calyx adds two auxv entries that hand a program
 * the capabilities it was started with: a pointer to an array of tokens and
 * its length. A musl program can read them with getauxval(); the native crt
 * (libc-port/native) collects them for main.
 *
 * The root task starts with these capabilities, in this order:
 *   [0] the console (READ | WRITE | GRANT | DERIVE): standard output, and
 *       the keyboard/serial input
 *   [1] the memory pool (all rights): capability_create(CX_OBJ_MEMORY, size,
 *       rights, pool) makes a memory object of size bytes (kernel/memobj.h)
 *   [2] the error console (WRITE | GRANT | DERIVE): standard error; reading
 *       it is PermissionDenied
 *   [3 + i] boot module i + 1 (module 0 is the root task itself) as a memory
 *       object (READ | GRANT | DERIVE): read it with read at an offset or map
 *       it read-only. Its size is the module's exact byte size: read returns
 *       fewer bytes than asked at the end and 0 at the end. A mapping shows
 *       zeroes after the end of the last page's data.
 * So the root task has CX_AT_NCAPS - CX_START_CAP_MODULES module capabilities.
 * The memory pool is also the authority process_create and
 * process_create_env need (with CX_RIGHT_WRITE).
 *
 * A POSIX program (started by the POSIX server) gets no capabilities, except
 * one that asks for the native process-creation authority and is allowed it
 * (docs/posix-server.md, "Native authority"): it asks with an ELF note, name
 * CX_NOTE_NAME and type CX_NOTE_NATIVE_AUTHORITY, which libc-port/cx-cc links
 * into every program it builds; it is allowed it when its file is owned by
 * root and writable by nobody else. It then gets exactly one capability,
 * [CX_START_CAP_NATIVE_AUTHORITY]: one derived from the memory pool with
 * CX_RIGHT_WRITE | CX_RIGHT_GRANT, to pass to process_create(_env) and on to
 * its native children. It is revoked when the program execs or ends.
 *
 * Where the two consoles and the kernel's own messages go is the kernel boot
 * option stdio: by default all on the first serial port (COM1); with
 * stdio=split the console writes COM1, the error console COM2 and the kernel
 * log COM3, all byte for byte (tools/cxrun uses this to give a program's
 * stdout and stderr to the host separately).
 *
 * When the root task ends, the kernel's log says
 *   calyx: root task exited with code N      (it exited with code N)
 *   calyx: root task died: ...               (it was killed or faulted)
 * then powers the machine off.
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

/* The root task's initial capabilities, by index in the CX_AT_CAPS array. */
#define CX_START_CAP_CONSOLE 0
#define CX_START_CAP_POOL    1
#define CX_START_CAP_ERROR   2
#define CX_START_CAP_MODULES 3 /* first boot module's capability (module 1) */

/* A POSIX program's start capability when it was granted the native authority. */
#define CX_START_CAP_NATIVE_AUTHORITY 0
/* The ELF note that asks for it: in a PT_NOTE segment (section .note.calyx),
   name "Calyx" (namesz 6, with its NUL), no descriptor, this type. */
#define CX_NOTE_NAME "Calyx"
#define CX_NOTE_NATIVE_AUTHORITY 1

/* Argument and environment strings a program is started with, counted as
 * Linux counts execve's: each string with its NUL, plus one 8-byte pointer
 * per string. The total is Linux's largest ARG_MAX (3/4 of its 8 MiB _STK_LIM:
 * what a stack rlimit of 24 MiB or more gives), so the POSIX server can apply
 * Linux's rlimit-based limit below it; one string may be as long as Linux's
 * MAX_ARG_STRLEN. The count is limited only by the bytes. The kernel copies
 * them through its heap and the new stack grows to hold them (kernel/loader.h).
 * Beyond a limit, process_create is InvalidParameter. */
#define CX_START_MAX_ARGBYTES  (6u << 20)   /* strings + 8 bytes per string, all together */
#define CX_START_MAX_ARGSTRLEN (128u << 10) /* one string, its NUL included */
#define CX_START_MAX_ARGS      (CX_START_MAX_ARGBYTES / 9) /* the most strings that fit (1 byte + pointer) */
#define CX_START_MAX_CAPS      64           /* capabilities granted at start */

#endif
