/* Fatal kernel errors: print why, where, and stop. */
#ifndef KERNEL_PANIC_H
#define KERNEL_PANIC_H

#include <stdint.h>

_Noreturn void panic(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Ends the machine after a fatal error (halt, or exit QEMU under test). */
_Noreturn void panic_stop(void);

/* Prints "  #n 0xADDR function+off" for each frame from the given frame pointer. */
void backtrace_print(uint64_t frame);

/* Function containing pc and the offset of pc in it; NULL when unknown. */
const char *ksym_lookup(uint64_t pc, uint64_t *offset);

#define KASSERT(cond) \
    do { if (!(cond)) panic("assertion failed: %s (%s:%d)", #cond, __FILE__, __LINE__); } while (0)

#endif
