/* kernel_main: print the banner, then either run the in-kernel tests or start
   the root task from the first boot module and let the scheduler take over. */
#include "main.h"
#include "boot.h"
#include "pmm.h"
#include "kmalloc.h"
#include "object.h"
#include "process.h"
#include "loader.h"
#include "console.h"
#include "memobj.h"
#include "syscall.h"
#include "ktest.h"
#include "panic.h"
#include "lib/printf.h"
#include "lib/string.h"
#include <arch/arch.h>
#include <arch/mmu.h>

#ifndef CALYX_VERSION
#define CALYX_VERSION "unknown"
#endif

const char *boot_option(const char *key, char *buf, unsigned size)
{
    size_t klen = strlen(key);
    for (const char *p = boot_info.cmdline; *p;) {
        while (*p == ' ')
            p++;
        const char *word = p;
        while (*p && *p != ' ')
            p++;
        if ((size_t)(p - word) > klen && strncmp(word, key, klen) == 0 && word[klen] == '=') {
            size_t n = (size_t)(p - word) - klen - 1;
            if (n >= size)
                n = size - 1;
            memcpy(buf, word + klen + 1, n);
            buf[n] = 0;
            return buf;
        }
    }
    return NULL;
}

static void banner(void)
{
    char cpu[64];
    arch_cpu_name(cpu, sizeof cpu);
    uint64_t ram = 0;
    for (unsigned i = 0; i < boot_info.nram; i++)
        ram += boot_info.ram[i].length;
    kprintf("\nCalyx %s (x86_64) booting\n", CALYX_VERSION);
    kprintf("cpu: %s, %lu MHz\n", cpu, (unsigned long)(arch_cpu_hz() / 1000000));
    kprintf("memory: %lu MiB usable, %lu KiB free after the kernel, in %u ranges\n",
            (unsigned long)(ram >> 20), (unsigned long)(pmm_free_pages() * PAGE_SIZE >> 10),
            boot_info.nram);
    kprintf("boot: %s, %u module(s), command line \"%s\"\n",
            boot_info.bootloader[0] ? boot_info.bootloader : "multiboot", boot_info.nmodules,
            boot_info.cmdline);
}

/* Splits a module's command line (path, then arguments) in place. */
static unsigned split_args(char *line, const char **argv, unsigned max)
{
    unsigned argc = 0;
    for (char *p = line; *p && argc < max;) {
        while (*p == ' ')
            *p++ = 0;
        if (!*p)
            break;
        argv[argc++] = p;
        while (*p && *p != ' ')
            p++;
    }
    return argc;
}

static void start_root_task(void)
{
    if (boot_info.nmodules == 0)
        panic("no boot module: nothing to run (pass the root task with -initrd)");
    struct boot_module *m = &boot_info.modules[0];
    static char line[sizeof m->name];
    strlcpy(line, m->name[0] ? m->name : "root", sizeof line);
    const char *argv[16];
    unsigned argc = split_args(line, argv, 16);
    for (const char *c = argv[0]; *c; c++) /* QEMU passes the host path: keep the file name */
        if (c[0] == '/' && c[1])
            argv[0] = c + 1;

    const char *reason;
    struct process *p = process_create(argv[0], &reason);
    if (!p)
        panic("cannot create the root task: %s", reason);
    /* The root task's initial capabilities (include/calyx/start.h). */
    cx_cap_t caps[2] = {
        cspace_insert(p->cspace, console_object(),
                      CX_RIGHT_READ | CX_RIGHT_WRITE | CX_RIGHT_GRANT | CX_RIGHT_DERIVE),
        cspace_insert(p->cspace, memobj_pool(), CX_RIGHTS_ALL),
    };
    struct load_args a = { .argv = argv, .argc = argc, .caps = caps, .ncaps = 2 };
    if (loader_load(p, phys_to_virt(m->start), m->end - m->start, &a, &reason) < 0)
        panic("cannot load the root task %s: %s", argv[0], reason);
    kprintf("root task: %s (pid %lu)\n", argv[0], (unsigned long)p->pid);
    process_start(p);
}

void root_task_exited(struct process *p)
{
    if (p->exit.how == CX_EXIT_NORMAL)
        kprintf("calyx: root task exited with status %ld; powering off\n", (long)p->exit.code);
    else
        kprintf("calyx: root task ended abnormally; powering off\n");
    /* Leak checks compare these across runs (tools/run-tests.py, leakcheck_*). */
    kprintf("calyx: kernel objects %u, heap blocks %lu, free pages %lu\n", kobject_live(),
            (unsigned long)kmalloc_live(), (unsigned long)pmm_free_pages());
    arch_poweroff(p->exit.how == CX_EXIT_NORMAL && p->exit.code == 0 ? 0 : 1);
}

_Noreturn void kernel_main(void)
{
    console_init();
    banner();
    sched_init();
    char opt[32];
    if (boot_option("trace", opt, sizeof opt))
        syscall_trace_enable(1);
    if (boot_option("ktest", opt, sizeof opt))
        ktest_run(opt); /* does not return */
    start_root_task();
    sched_idle_loop();
}
