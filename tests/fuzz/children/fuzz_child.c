/* native_fuzz's child: a short-lived native program the fuzzer creates (not
 * started) in each batch, so process, thread and memory calls on another
 * process have a real target. Started, it makes one Linux-numbered call per
 * round (a message to the fuzzer's endpoint if a personality was set on it,
 * else InvalidSyscall) and a 5 ms sleep, ten times, and exits: it never
 * outlives a batch by much. */
#include <calyx/native.h>

int main(void)
{
    struct cx_timespec pause = { 0, 5000000 };
    for (int i = 0; i < 10; i++) {
        cx_syscall0(39); /* Linux getpid */
        cx_nanosleep(&pause);
    }
    return 3;
}
