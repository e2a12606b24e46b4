/* Out of memory at fault time: the OOM killer.
 *
 * Memory is overcommitted (memobj.h): mmap refuses only what could never
 * fit, and a page gets its frame at its first touch, or its own copy at
 * its first write after a fork (vm_fault): at a moment nobody chose, and
 * the process that happens to touch is rarely the one that filled memory.
 * So, as Linux's OOM killer does, a fault that finds no frame (the free
 * memory is down to MEMOBJ_RESERVE_PAGES) does not fail the toucher: the
 * process using the most memory is killed, the toucher waits for its
 * frames to come back and tries again.
 *
 * The victim: the process with the most frames in its private regions
 * (vm_private_pages), ties going to the newest (highest pid). Never the root
 * task (the process without a creator: the POSIX server, or a native root
 * task), never a process that has not started yet (its creator is still
 * building it), never one already dying. While some process is dying its
 * frames are on the way back: nobody else is killed until it is gone, or
 * until it has had OOM_VICTIM_GRACE_NS to go. It is killed as by
 * process_kill (CX_EXIT_KILLED: a POSIX parent sees SIGKILL) and the kernel
 * log says `calyx: out of memory: killed process N (name) using K pages`.
 */
#ifndef KERNEL_OOM_H
#define KERNEL_OOM_H

#include <stdint.h>
#include "vmspace.h"

/* How long a victim may take to give its frames back before another
   process is killed as well (it may be stuck behind busier threads). */
#define OOM_VICTIM_GRACE_NS (5ull * 1000000000ull)
/* Victims one fault goes through before it gives up and fails as
   VM_FAULT_NO_MEMORY (then the memory is held by the kernel or the root
   task, and killing cannot help). Each round kills one process, so this
   is as many as there can be. */
#define OOM_MAX_ROUNDS 256

/* vm_fault; when a copy-on-write break finds no frame, the OOM killer runs
   (see above) and the current thread sleeps, a scheduler tick at a time,
   until the free memory is above the reserve again, then retries; for
   another victim when that was not enough. Returns what vm_fault returned
   last, or VM_FAULT_KILLED when the current process is killed meanwhile
   (perhaps as the victim itself): it must not report a fault then, its
   threads leave on their way back to user mode.

   It blocks: call it only where the current thread may sleep, i.e. it holds
   nothing another thread could free or change meanwhile, and vs stays
   allocated (the current process's own space, or one whose process the
   caller holds a reference to: when that process ends during the wait its
   space is empty and the result is VM_FAULT_BAD_ACCESS). A kernel thread
   (no process) never waits: it gets VM_FAULT_NO_MEMORY. */
enum vm_fault_result vm_fault_or_reclaim(struct vmspace *vs, uint64_t addr, unsigned access);

/* For a kernel write into user memory that found no frame where the writer
   may not sleep (IPC delivery into another process, and the like): kill a
   victim unless one is already dying, and return at once; the write fails
   as before, but the memory comes back. */
void oom_kill_nowait(void);

#endif
