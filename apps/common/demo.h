/* What the demo root tasks share: narration with a speaker's prefix, stopping
 * on the first failed call, and starting and waiting for a child.
 * A program defines DEMO_WHO (e.g. "[root]   ") before including this. */
#ifndef APPS_COMMON_DEMO_H
#define APPS_COMMON_DEMO_H

#include <calyx/native.h>
#include <calyx/child.h>
#include <calyx/start.h>

#define say(...) cx_printf(DEMO_WHO __VA_ARGS__)

/* Returns r, or ends the program (status 1) naming the call and the error. */
static inline uint64_t must(uint64_t r, const char *what)
{
    if (CX_IS_ERR(r)) {
        say("%s failed: %s\n", what, cx_strerror(r));
        cx_exit(1);
    }
    return r;
}

/* process_create + process_start of an embedded child (calyx/child.h). The
   authority to create it is the memory pool, which a root task is given
   (calyx/start.h); the child dies with the demo if the demo ends first. */
#define spawn(name, argv, argc, caps, ncaps) \
    spawn_image(CX_CHILD_IMAGE(name), CX_CHILD_SIZE(name), argv, argc, caps, ncaps)
static inline cx_pid_t spawn_image(const void *image, size_t size, const char *const *argv,
                                   size_t argc, const cx_cap_t *caps, size_t ncaps)
{
    return must(cx_create_process(cx_start_caps[CX_START_CAP_POOL], image, size, argv, argc, caps, ncaps),
                "create_process");
}

/* Waits for a child, says how it ended; 1 when it exited with code 0. */
static inline int wait_child(const char *who, cx_pid_t pid)
{
    struct cx_exit_info info;
    must(cx_process_wait(pid, CX_TIMEOUT_INFINITE, &info), "process_wait");
    say("%s (process %lu) ended: %s, code %ld\n", who, (unsigned long)pid,
        info.how == CX_EXIT_NORMAL ? "exit" : info.how == CX_EXIT_FAULT ? "fault" : "killed",
        (long)info.code);
    return info.how == CX_EXIT_NORMAL && info.code == 0;
}

#endif
