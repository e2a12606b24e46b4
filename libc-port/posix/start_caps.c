/* The native API inside a musl program (libcalyx-posix.a, linked by
 * libc-port/cx-cc). musl's own start-up runs such a program, so this library
 * has no crt: the capabilities the program was started with are read from
 * the auxiliary vector (CX_AT_CAPS, CX_AT_NCAPS; calyx/start.h) by a
 * constructor, before main. A program started without any (the usual case
 * for a POSIX process) sees cx_start_ncaps == 0 and makes its own endpoints.
 * One the POSIX server granted the native process-creation authority holds
 * exactly that (cx_start_caps[CX_START_CAP_NATIVE_AUTHORITY], calyx/start.h;
 * docs/posix-server.md): not a console, so cx_printf goes nowhere there, as
 * without capabilities; such a program prints with printf. */
#include <calyx/native.h>
#include <calyx/start.h>

unsigned long getauxval(unsigned long type); /* musl's <sys/auxv.h> */

const cx_cap_t *cx_start_caps;
size_t cx_start_ncaps;
cx_cap_t cx_stdout_cap;

__attribute__((constructor)) static void read_start_caps(void)
{
    cx_start_caps = (const cx_cap_t *)getauxval(CX_AT_CAPS);
    cx_start_ncaps = cx_start_caps ? getauxval(CX_AT_NCAPS) : 0;
    if (cx_start_ncaps)
        cx_stdout_cap = cx_start_caps[0];
}
