/* Scheduling calls: affinity, policy and priority, yield (sched.c).
 *
 * Calyx runs on one CPU and its scheduler does not yet use POSIX policies
 * or nice values: what is set is kept per process, checked as Linux checks
 * it (validity, then permission), inherited by fork and shown in
 * /proc/<pid>/stat, so programs that set them behave as on Linux. */
#ifndef POSIX_SCHED_H
#define POSIX_SCHED_H

#include "proc.h"

/* The one CPU's bit in an affinity mask. */
#define SCHED_CPU_MASK 1ull

long sys_sched_yield(struct thread *t, const uint64_t *a);
long sys_sched_getaffinity(struct thread *t, const uint64_t *a);
long sys_sched_setaffinity(struct thread *t, const uint64_t *a);
long sys_sched_getscheduler(struct thread *t, const uint64_t *a);
long sys_sched_setscheduler(struct thread *t, const uint64_t *a);
long sys_sched_getparam(struct thread *t, const uint64_t *a);
long sys_sched_setparam(struct thread *t, const uint64_t *a);
long sys_sched_get_priority_max(struct thread *t, const uint64_t *a);
long sys_sched_get_priority_min(struct thread *t, const uint64_t *a);
long sys_sched_rr_get_interval(struct thread *t, const uint64_t *a);

#endif
