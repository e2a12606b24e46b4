/* In-kernel tests, reported in KTAP on the console. Selected with the boot
   option ktest=NAME (or ktest=all); the machine powers off with the verdict. */
#ifndef KERNEL_KTEST_H
#define KERNEL_KTEST_H

_Noreturn void ktest_run(const char *which);

/* Inside a test: record a failed check and carry on. */
void ktest_fail(const char *file, int line, const char *what);

#define KEXPECT(cond) \
    do { if (!(cond)) ktest_fail(__FILE__, __LINE__, #cond); } while (0)

#endif
