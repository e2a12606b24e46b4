/* A pid must not be given to a new process while it is still a process
 * group's (or a session's) id: Linux keeps such a pid out of use until the
 * group is empty. Found by posix_fuzz (seed 777, --skip kill,clone, batches
 * 8249, 8257 and 8261 of 10^6 calls): after pids wrapped, a new batch child
 * got the id of a process group that still had a member, and its setsid()
 * failed with EPERM ("already a group leader"). The POSIX server's pid_alloc
 * checks only the pids and tids in use (servers/posix/proc/proc.c).
 *
 * Here: L makes its own group, leaves a member M in it and exits; then we
 * fork (vfork) until the pids wrap around to L's, or 40000 times. Calyx
 * (PID_LIMIT 32768) gives L's pid to a new process within that; Linux never
 * does. Takes about a minute on Calyx under TCG (half that on an idle
 * machine): Runner timeout: 240 s (tools/run-tests.py; the default is 60).
 */
#include "ptest.h"

int main(void)
{
    watchdog(500);
    pid_t leader = fork_or_fail();
    if (leader == 0) {
        setpgid(0, 0);
        if (fork() == 0) /* the member: in group `leader` from its start */
            for (;;)
                pause();
        _exit(0);
    }
    CHECK(WIFEXITED(wait_for(leader)), "the group leader did not exit");
    /* The member is the leader's orphan, in group `leader`, now the only one. */
    pid_t reused = 0;
    for (int i = 0; i < 40000 && !reused; i++) {
        pid_t p = vfork();
        if (p == 0)
            _exit(0);
        CHECK(p > 0, "vfork %d: %s", i, strerror(errno));
        if (p == leader)
            reused = p;
        wait_for(p);
    }
    kill(-leader, SIGKILL);
    CHECK(!reused, "pid %d was given to a new process while process group %d still had a member",
          (int)reused, (int)leader);
    return 0;
}
