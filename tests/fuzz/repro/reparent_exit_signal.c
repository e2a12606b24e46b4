/* A child made by clone() with an exit signal other than SIGCHLD, orphaned,
 * must signal its new parent (init or a subreaper) with SIGCHLD when it ends,
 * not with its own exit signal: Linux resets the exit signal to SIGCHLD on
 * reparenting. Found by posix_fuzz (seed 31337, batch 8214 of a 10^6-call
 * run with --skip kill): clone(9) from a batch child killed the fuzzer, pid 1.
 *
 * This process is a subreaper (so it also works on Linux, where it is not
 * init). Its child M clones G with exit signal SIGUSR1 and exits at once; G
 * outlives M, is reparented here and exits. We must get SIGCHLD, not SIGUSR1.
 * Then the same with G already a zombie when M exits.
 *
 * Calyx: tools/cxrun build/.../reparent_exit_signal   (fails: SIGUSR1 arrives)
 * Linux: passes. Style of tests/posix (ptest.h); not run by make test while
 * the bug is open: move it to tests/posix/ with the fix. */
#include "../../posix/ptest.h"
#include <sys/prctl.h>
#include <sys/syscall.h>

static volatile sig_atomic_t got_usr1, got_chld;

static void on_usr1(int sig) { (void)sig; got_usr1 = 1; }
static void on_chld(int sig) { (void)sig; got_chld = 1; }

/* M: clones G (exit signal SIGUSR1, which M ignores), then exits, leaving G
   to the subreaper; G_first says whether G ends before M does. */
static void middle(int g_first)
{
    signal(SIGUSR1, SIG_IGN);
    long g = syscall(SYS_clone, (long)SIGUSR1, 0L, 0L, 0L, 0L);
    if (g == 0) {
        if (!g_first)
            usleep(300000); /* reparented while alive, then ends */
        _exit(0);
    }
    if (g < 0)
        _exit(2);
    if (g_first)
        usleep(300000); /* G is a zombie when M exits */
    _exit(0);
}

static void run(int g_first)
{
    const char *what = g_first ? "a zombie reparented" : "an orphan ending";
    got_usr1 = got_chld = 0;
    pid_t m = fork_or_fail();
    if (m == 0)
        middle(g_first);
    CHECK(WIFEXITED(wait_for(m)), "%s: the middle process did not exit", what);
    /* G is ours now: reap it. */
    int status;
    pid_t r;
    do
        r = waitpid(-1, &status, 0);
    while (r < 0 && errno == EINTR);
    CHECK(r > 0, "%s: no reparented child to reap (%s)", what, strerror(errno));
    CHECK(!got_usr1, "%s: its new parent got the child's exit signal SIGUSR1, not SIGCHLD", what);
}

int main(void)
{
    watchdog(20);
    CHECK(prctl(PR_SET_CHILD_SUBREAPER, 1) == 0, "PR_SET_CHILD_SUBREAPER: %s", strerror(errno));
    struct sigaction sa = { .sa_handler = on_usr1 };
    sigaction(SIGUSR1, &sa, NULL);
    sa.sa_handler = on_chld;
    sigaction(SIGCHLD, &sa, NULL);
    run(0);
    run(1);
    return 0;
}
