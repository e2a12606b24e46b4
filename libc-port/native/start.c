/* C start-up for native programs: read the System V initial stack, find the
   granted capabilities in the auxiliary vector, run main, exit with its status. */
#include <calyx/native.h>
#include <calyx/start.h>

const cx_cap_t *cx_start_caps;
size_t cx_start_ncaps;
cx_cap_t cx_stdout_cap;
const uint8_t *cx_start_random;

int main(int argc, char **argv); /* programs may also define main(void): same calling convention */

_Noreturn void __cx_start(uint64_t *sp)
{
    int argc = (int)sp[0];
    char **argv = (char **)(sp + 1);
    char **envp = argv + argc + 1;
    while (*envp)
        envp++;
    for (uint64_t *aux = (uint64_t *)(envp + 1); aux[0] != CX_AT_NULL; aux += 2) {
        if (aux[0] == CX_AT_CAPS)
            cx_start_caps = (const cx_cap_t *)aux[1];
        else if (aux[0] == CX_AT_NCAPS)
            cx_start_ncaps = aux[1];
        else if (aux[0] == CX_AT_RANDOM)
            cx_start_random = (const uint8_t *)aux[1];
    }
    if (cx_start_ncaps)
        cx_stdout_cap = cx_start_caps[0];
    cx_exit(main(argc, argv));
}
