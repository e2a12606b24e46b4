/* Panic and symbolized backtraces. The symbol table is linked into the kernel
   by a second link pass (tools/ksyms.sh) as sorted (address, name offset) pairs. */
#include <stdarg.h>
#include "panic.h"
#include "lib/printf.h"
#include "arch.h"
#include "boot.h"

struct ksym {
    uint64_t addr;
    uint32_t name;  /* offset into ksym_names */
    uint32_t pad;
};

extern const struct ksym ksym_table[];
extern const uint64_t ksym_count;
extern const char ksym_names[];

const char *ksym_lookup(uint64_t pc, uint64_t *offset)
{
    if (ksym_count == 0)
        return NULL;
    uint64_t lo = 0, hi = ksym_count;
    while (hi - lo > 1) {  /* last symbol whose address is <= pc */
        uint64_t mid = (lo + hi) / 2;
        if (ksym_table[mid].addr <= pc)
            lo = mid;
        else
            hi = mid;
    }
    if (ksym_table[lo].addr > pc)
        return NULL;
    *offset = pc - ksym_table[lo].addr;
    return ksym_names + ksym_table[lo].name;
}

static unsigned frame_number;

static void print_frame(uint64_t pc)
{
    uint64_t off;
    const char *name = ksym_lookup(pc, &off);
    if (name)
        kprintf("  #%u %#018lx %s+%#lx\n", frame_number++, (unsigned long)pc, name, (unsigned long)off);
    else
        kprintf("  #%u %#018lx ?\n", frame_number++, (unsigned long)pc);
}

void backtrace_print(uint64_t frame)
{
    frame_number = 0;
    kprintf("backtrace:\n");
    arch_backtrace(frame, print_frame);
}

static int panicking;

_Noreturn void panic(const char *fmt, ...)
{
    char msg[256];
    va_list ap;
    va_start(ap, fmt);
    kvsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (panicking++) /* a panic while panicking: print the bare minimum */
        arch_poweroff(1);
    kprintf("\nKERNEL PANIC: %s\n", msg);
    backtrace_print(arch_current_frame());
    kprintf("Bail out! kernel panic\n");
    panic_stop();
}

/* Tests and tools/cxrun boot with onpanic=exit so a dead kernel ends QEMU with
   a failure status; an interactive boot halts so the message stays readable. */
_Noreturn void panic_stop(void)
{
    char v[8];
    const char *mode = boot_option("onpanic", v, sizeof v);
    if (mode && mode[0] == 'e')
        arch_poweroff(1);
    kprintf("System halted.\n");
    arch_halt();
}
