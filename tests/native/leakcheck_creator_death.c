/* Processes killed because their creator ended must leave nothing behind:
 * each round, a child that started a process of its own exits, and a chain of
 * 50 creators is killed at its first link (chain_scenarios.h); every process
 * below is killed with its creator. Runs argv[1] rounds; the test runner boots
 * it with 1 and with 20 and compares the kernel's object, heap and page
 * counts printed when the root task ends: a leak grows with the rounds. */
#include "tap.h"
#include "helpers.h"
#include "chain_scenarios.h"

#define CHAIN 50

static int round_trip(void)
{
    static struct chain c;
    struct cx_exit_info info;
    int ok = chain_start(1, "exit", &c) && cx_process_wait(c.first, CX_TIMEOUT_INFINITE, &info) == 0 &&
             info.how == CX_EXIT_NORMAL && chain_below_ended(&c) && chain_below_killed(&c);
    chain_release(&c);
    ok = ok && chain_start(CHAIN, "wait", &c) && cx_process_kill(c.first_cap, 1) == 0 &&
         cx_process_wait(c.first, CX_TIMEOUT_INFINITE, &info) == 0 && info.how == CX_EXIT_KILLED &&
         chain_below_ended(&c) && chain_below_killed(&c);
    chain_release(&c);
    return ok;
}

int main(int argc, char **argv)
{
    unsigned rounds = argc > 1 ? (unsigned)cx_arg_u64(argv[1]) : 1, done = 0;
    tap_plan(1);
    if (chain_setup())
        while (done < rounds && round_trip())
            done++;
    CHECK("creators that end take their processes with them: every round behaves", done == rounds);
    return tap_done();
}
