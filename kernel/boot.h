/* What the architecture's boot code found, in portable form. */
#ifndef KERNEL_BOOT_H
#define KERNEL_BOOT_H

#include <stdint.h>

#define BOOT_MAX_RANGES  64  /* usable RAM ranges kept from the firmware map */
#define BOOT_MAX_MODULES 16  /* boot modules (initial programs, later the initrd) */
#define BOOT_CMDLINE_MAX 256

struct boot_range {
    uint64_t base, length;
};

struct boot_module {
    uint64_t start, end;  /* physical, end exclusive */
    char name[BOOT_CMDLINE_MAX]; /* the module's command line: its path, then arguments */
};

struct boot_info {
    char cmdline[BOOT_CMDLINE_MAX];
    unsigned nram;
    struct boot_range ram[BOOT_MAX_RANGES];
    unsigned nmodules;
    struct boot_module modules[BOOT_MAX_MODULES];
    uint64_t kernel_start, kernel_end;  /* physical extent of the kernel image */
    char bootloader[32];
};

extern struct boot_info boot_info;

/* Value of "key=value" in the kernel command line, or NULL. */
const char *boot_option(const char *key, char *buf, unsigned size);

#endif
