/* process_fork must give back every frame when the last of its users goes:
 * runs both fork scenarios (tests/native/fork_scenarios.h) argv[1] times; the
 * test runner boots it with 1 and with 20 rounds and compares the kernel
 * objects, heap blocks and free pages the kernel prints when the root task
 * ends. A copy-on-write frame kept too long, or freed while shared, shows. */
#include "tap.h"
#include "fork_scenarios.h"

int main(int argc, char **argv)
{
    unsigned rounds = 1;
    if (argc > 1) {
        rounds = 0;
        for (const char *c = argv[1]; *c >= '0' && *c <= '9'; c++)
            rounds = rounds * 10 + (unsigned)(*c - '0');
    }
    tap_plan(1);
    unsigned done = 0;
    struct fork_running_result r;
    struct fork_created_result c;
    while (done < rounds && fork_running(cx_start_caps[1], &r) == 0 && r.seen.seen_after[0] == 'P' &&
           r.seen.seen_after[1] == 'C' && fork_created(&c) == 0)
        done++;
    CHECK("forked processes that wrote and exited: every round behaves", done == rounds);
    return tap_done();
}
