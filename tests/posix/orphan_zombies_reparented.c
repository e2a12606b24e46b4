/* When a process ends, all its children, zombies included, go to the new
 * parent (init or the nearest subreaper), which can then reap them. Found by
 * posix_fuzz (seed 777, --skip kill,clone, batch 2: a batch child with two
 * zombie children): the first zombie was reparented, the others kept their
 * dead parent's pid, were never reaped, and held their group's id (a new
 * process given that pid then found itself "already a group leader").
 *
 * Likely cause (servers/posix/proc/proc.c): reparent_children() notifies the new
 * parent of a zombie child; the new parent was blocked in wait4 for the
 * exiting process itself, which is already a zombie, so that wait reaps and
 * frees it (memset) in the middle of the loop, whose test c->ppid != p->pid
 * then matches no other child.
 *
 * Here: we are a subreaper (Linux) or init (Calyx), blocked in wait4(m);
 * m has three children that end at once and ends 0.2 s later. Then all
 * three must be ours to reap.
 */
#include "ptest.h"
#include <sys/prctl.h>

#define CHILDREN 3

int main(void)
{
    watchdog(20);
    CHECK(prctl(PR_SET_CHILD_SUBREAPER, 1) == 0, "PR_SET_CHILD_SUBREAPER: %s", strerror(errno));
    pid_t m = fork_or_fail();
    if (m == 0) {
        for (int i = 0; i < CHILDREN; i++)
            if (fork() == 0)
                _exit(0);
        usleep(200000); /* its children are zombies; its parent waits for it */
        _exit(0);
    }
    CHECK(WIFEXITED(wait_for(m)), "m did not exit");
    int reaped = 0, status;
    pid_t r;
    alarm(0);
    watchdog(5);
    while ((r = waitpid(-1, &status, 0)) > 0 || (r < 0 && errno == EINTR))
        reaped += r > 0;
    CHECK(errno == ECHILD, "waitpid(-1): %s", strerror(errno));
    CHECK(reaped == CHILDREN, "%d of m's %d zombie children came to its new parent", reaped, CHILDREN);
    return 0;
}
