/* Naming another process by capability (the Process Control calls). */
#ifndef KERNEL_PROCESS_CAP_H
#define KERNEL_PROCESS_CAP_H

#include <stdint.h>
#include <calyx/abi.h>

struct process;

/* The process a capability of the caller names, with at least these rights:
   0, InvalidCapability (nothing there, or not a process) or PermissionDenied. */
uint64_t process_cap_lookup(cx_cap_t cap, uint32_t rights, struct process **out);
/* The same, and NotFound when the process has ended or is ending. */
uint64_t process_cap_lookup_live(cx_cap_t cap, uint32_t rights, struct process **out);

#endif
