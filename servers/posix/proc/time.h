/* Clocks and sleeps. Sleeps are deferred replies with a deadline: the
 * main loop's ipc_receive timeout is the earliest deadline of any blocked
 * thread or interval timer, kept in time order (timerq.h). */
#ifndef POSIX_TIME_H
#define POSIX_TIME_H

#include "proc.h"

uint64_t time_now_ns(void);          /* monotonic */
/* Realtime = monotonic + an offset read once at boot (0 without an RTC). */
uint64_t time_realtime_ns(void);
/* Arm (ns: monotonic) or disarm (0) a thread's deadline or its process's
   ITIMER_REAL: the only writers of t->deadline and p->alarm_deadline, which
   sit in time.c's queues while armed. */
void time_set_deadline(struct thread *t, uint64_t ns);
void time_set_alarm(struct proc *p, uint64_t ns);
/* A thread's deadline at an absolute CLOCK_REALTIME instant (rt ns): it
   moves when the clock is set, as POSIX asks of absolute timeouts. */
void time_set_deadline_realtime(struct thread *t, uint64_t rt);
/* The same for a POSIX timer (ptimer.h). */
struct ptimer;
void time_set_ptimer(struct ptimer *pt, uint64_t ns);
/* Reads a clock as t would (the CPU-time ones are t's, its process's or
   those clock_getcpuclockid names: cputime.h). 0, or -EINVAL for an
   unknown clock (ESRCH for a CPU clock of no thread or process). */
long time_clock_read(struct thread *t, int clk, uint64_t *ns);
/* The monotonic instant at which CLOCK_REALTIME reaches rt (now when it
   has passed). */
uint64_t time_realtime_to_mono(uint64_t rt);
/* The earliest deadline of all blocked threads and timers (0: none). */
uint64_t time_next_deadline(void);
/* Fires every deadline that has passed. */
void time_expire(uint64_t now);

long sys_clock_gettime(struct thread *t, const uint64_t *a);
long sys_clock_getres(struct thread *t, const uint64_t *a);
long sys_clock_nanosleep(struct thread *t, const uint64_t *a);
long sys_nanosleep(struct thread *t, const uint64_t *a);
long sys_gettimeofday(struct thread *t, const uint64_t *a);
long sys_time(struct thread *t, const uint64_t *a);
long sys_settimeofday(struct thread *t, const uint64_t *a);
long sys_clock_settime(struct thread *t, const uint64_t *a);

#endif
