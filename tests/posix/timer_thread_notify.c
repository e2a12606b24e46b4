/* Timers that notify threads: SIGEV_THREAD runs the function in a thread
 * with the sigev_value (musl builds it on SIGEV_THREAD_ID), and a periodic
 * SIGEV_THREAD timer runs it again; SIGEV_THREAD_ID sends the signal to the
 * one thread named, not to another that waits for it. */
#define _GNU_SOURCE
#include "ptest.h"
#include <pthread.h>
#include <sys/syscall.h>
#include <time.h>

#ifndef sigev_notify_thread_id
#define sigev_notify_thread_id _sigev_un._tid
#endif

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t changed = PTHREAD_COND_INITIALIZER;
static int runs, seen_value;

static void on_timer(union sigval v)
{
	pthread_mutex_lock(&lock);
	runs++;
	seen_value = v.sival_int;
	pthread_cond_broadcast(&changed);
	pthread_mutex_unlock(&lock);
}

static int sig;
static volatile pid_t target_tid;
static volatile int target_got;

static void *waiter(void *arg)
{
	(void)arg;
	target_tid = (pid_t)syscall(SYS_gettid);
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, sig);
	siginfo_t si;
	if (sigwaitinfo(&set, &si) == sig && si.si_code == SI_TIMER)
		target_got = si.si_value.sival_int;
	return NULL;
}

int main(void)
{
	watchdog(20);
	struct sigevent ev = { .sigev_notify = SIGEV_THREAD, .sigev_notify_function = on_timer };
	ev.sigev_value.sival_int = 31;
	timer_t id;
	CHECK(timer_create(CLOCK_MONOTONIC, &ev, &id) == 0, "timer_create(SIGEV_THREAD): %s",
	      strerror(errno));
	struct itimerspec its = { { 0, 10000000 }, { 0, 10000000 } };
	CHECK(timer_settime(id, 0, &its, NULL) == 0, "timer_settime: %s", strerror(errno));
	pthread_mutex_lock(&lock);
	while (runs < 3)
		pthread_cond_wait(&changed, &lock);
	CHECK(seen_value == 31, "the function saw value %d", seen_value);
	pthread_mutex_unlock(&lock);
	CHECK(timer_delete(id) == 0, "timer_delete: %s", strerror(errno));

	/* SIGEV_THREAD_ID: only the named thread gets it. The main thread
	   blocks the signal too and would take it if it were process-wide. */
	sig = SIGRTMIN + 3;
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, sig);
	CHECK(pthread_sigmask(SIG_BLOCK, &set, NULL) == 0, "pthread_sigmask");
	pthread_t th;
	CHECK(pthread_create(&th, NULL, waiter, NULL) == 0, "pthread_create");
	while (!target_tid)
		usleep(1000);
	struct sigevent tev = { .sigev_notify = SIGEV_THREAD_ID, .sigev_signo = sig };
	tev.sigev_value.sival_int = 5;
	tev.sigev_notify_thread_id = target_tid;
	CHECK(timer_create(CLOCK_MONOTONIC, &tev, &id) == 0, "timer_create(SIGEV_THREAD_ID): %s",
	      strerror(errno));
	struct itimerspec once = { { 0, 0 }, { 0, 20000000 } };
	CHECK(timer_settime(id, 0, &once, NULL) == 0, "timer_settime");
	CHECK(pthread_join(th, NULL) == 0, "pthread_join");
	CHECK(target_got == 5, "the named thread got value %d", target_got);
	sigset_t pend;
	CHECK(sigpending(&pend) == 0 && !sigismember(&pend, sig), "still pending elsewhere");
	CHECK(timer_delete(id) == 0, "timer_delete");
	return 0;
}
