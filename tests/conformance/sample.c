/* One static musl program that tests/conformance/test_conformance.sh copies
   under several names: its name (argv[0]'s last part) says what it does, so
   one directory holds every kind of result tools/conformance reports. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    (void)argc;
    const char *slash = strrchr(argv[0], '/');
    const char *name = slash ? slash + 1 : argv[0];

    if (strcmp(name, "pass") == 0 || strcmp(name, "calyx_only") == 0)
        return 0;
    if (strcmp(name, "fail_noisy") == 0) {
        printf("to stdout\n");
        fprintf(stderr, "to stderr\n");
        return 1;
    }
    if (strcmp(name, "unsupported") == 0)
        return 4;
    if (strcmp(name, "segv") == 0) {
        raise(SIGSEGV);
        return 0;
    }
    if (strcmp(name, "hang") == 0) {
        /* A child in the same process group hangs too: the timeout kills both. */
        if (fork() == 0)
            for (;;)
                pause();
        for (;;)
            pause();
    }
    if (strcmp(name, "linux_only") == 0) {
        /* Passes where sysfs is mounted (the Linux VM's /init mounts it; Calyx
           has none), fails elsewhere. */
        return access("/sys/kernel", F_OK) == 0 ? 0 : 1;
    }
    fprintf(stderr, "sample: unknown name %s\n", name);
    return 3;
}
