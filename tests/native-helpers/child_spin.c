/* Test helper: spins without making a system call. With argv[1] = N it checks
   the clock every few million iterations and exits with 0 after N ms;
   without it, it spins forever. */
#include <calyx/native.h>

static uint64_t now_ms(void)
{
    struct cx_timespec t = { 0, 0 };
    cx_clock_get(CX_CLOCK_MONOTONIC, &t);
    return t.sec * 1000 + t.nsec / 1000000;
}

int main(int argc, char **argv)
{
    volatile uint64_t n = 0;
    if (argc < 2)
        for (;;)
            n++;
    uint64_t ms = 0;
    for (const char *c = argv[1]; *c >= '0' && *c <= '9'; c++)
        ms = ms * 10 + (uint64_t)(*c - '0');
    uint64_t end = now_ms() + ms;
    while (now_ms() < end)
        for (int i = 0; i < 1000000; i++)
            n++;
    return 0;
}
