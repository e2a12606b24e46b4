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
#include <calyx/start.h>
#include "arch.h"
#include "mmu.h"

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
    kprintf("\nCalyx %s (" ARCH_NAME ") booting\n", CALYX_VERSION);
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

/* Whether module i may lend its own frames: page-aligned, and no other module
   starts or ends inside the pages it covers. */
static int module_owns_pages(unsigned i)
{
    uint64_t start = boot_info.modules[i].start;
    uint64_t end = (boot_info.modules[i].end + PAGE_SIZE - 1) & ~(uint64_t)(PAGE_SIZE - 1);
    if (start % PAGE_SIZE)
        return 0;
    for (unsigned j = 0; j < boot_info.nmodules; j++)
        if (j != i && boot_info.modules[j].start < end && boot_info.modules[j].end > start)
            return 0;
    return 1;
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
    cx_cap_t caps[CX_START_CAP_MODULES + BOOT_MAX_MODULES];
    unsigned ncaps = 0;
    caps[ncaps++] = cspace_insert(p->cspace, console_object(),
                                  CX_RIGHT_READ | CX_RIGHT_WRITE | CX_RIGHT_GRANT | CX_RIGHT_DERIVE);
    caps[ncaps++] = cspace_insert(p->cspace, memobj_pool(), CX_RIGHTS_ALL);
    caps[ncaps++] = cspace_insert(p->cspace, console_error_object(),
                                  CX_RIGHT_WRITE | CX_RIGHT_GRANT | CX_RIGHT_DERIVE);
    for (unsigned i = 1; i < boot_info.nmodules; i++) {
        struct boot_module *bm = &boot_info.modules[i];
        struct memobj *mo = memobj_from_boot_module(bm->start, bm->end - bm->start, module_owns_pages(i));
        if (!mo)
            panic("no memory for boot module %u (%lu bytes)", i, (unsigned long)(bm->end - bm->start));
        caps[ncaps++] = cspace_insert(p->cspace, &mo->obj, CX_RIGHT_READ | CX_RIGHT_GRANT | CX_RIGHT_DERIVE);
        kobject_put(&mo->obj); /* the capability holds it now */
    }
    for (unsigned i = 0; i < ncaps; i++)
        if (!caps[i])
            panic("no room for the root task's capability %u", i);
    struct load_args a = { .argv = argv, .argc = argc, .caps = caps, .ncaps = ncaps };
    if (loader_load(p, phys_to_virt(m->start), m->end - m->start, &a, &reason) < 0)
        panic("cannot load the root task %s: %s", argv[0], reason);
    kprintf("root task: %s (pid %lu), %u module(s) handed over\n", argv[0], (unsigned long)p->pid,
            boot_info.nmodules - 1);
    process_start(p);
}

/* tools/cxrun reads the first line to learn the program's status. */
void root_task_exited(struct process *p)
{
    switch (p->exit.how) {
    case CX_EXIT_NORMAL:
        kprintf("calyx: root task exited with code %ld\n", (long)p->exit.code);
        break;
    case CX_EXIT_FAULT:
        kprintf("calyx: root task died: fault (kind %u, address %#lx)\n", p->exit.fault_kind,
                (unsigned long)p->exit.fault_addr);
        break;
    default:
        kprintf("calyx: root task died: killed\n");
        break;
    }
    /* Leak checks compare these across runs (tools/run-tests.py, leakcheck_*). */
    kprintf("calyx: kernel objects %u, heap blocks %lu, free pages %lu; powering off\n", kobject_live(),
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
