/* The headline POSIX program: it uses threads, forks, execs itself, signals
 * its child and is signalled by it, waits, and prints a transcript that must
 * be the same on Calyx as on Linux (no pids, no timing; stdout is flushed
 * before every fork and before every signal that lets the other side print). */
#include "ptest.h"
#include <pthread.h>

#define THREADS 4
#define ITEMS 1000

static volatile sig_atomic_t got_usr1, got_usr2, got_chld, usr1_from_child;
static pid_t child_pid;

static void on_usr1(int sig, siginfo_t *si, void *ctx)
{
	(void)sig; (void)ctx;
	usr1_from_child = si->si_pid == child_pid;
	got_usr1 = 1;
}
static void on_usr2(int sig) { (void)sig; got_usr2 = 1; }
static void on_chld(int sig) { (void)sig; got_chld++; }

static void *sum_range(void *arg)
{
	long k = (long)arg, sum = 0;
	for (long i = k * 1000; i < (k + 1) * 1000; i++)
		sum += i;
	return (void *)sum;
}

static long threaded_sum(int threads)
{
	pthread_t t[THREADS];
	long total = 0;
	for (long i = 0; i < threads; i++)
		CHECK(pthread_create(&t[i], NULL, sum_range, (void *)i) == 0, "pthread_create");
	for (int i = 0; i < threads; i++) {
		void *r;
		pthread_join(t[i], &r);
		total += (long)r;
	}
	return total;
}

/* A mutex and a condition variable hand ITEMS numbers from one thread to another. */
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static int slot_full, slot;

static void *producer(void *arg)
{
	(void)arg;
	for (int i = 1; i <= ITEMS; i++) {
		pthread_mutex_lock(&lock);
		while (slot_full)
			pthread_cond_wait(&cv, &lock);
		slot = i;
		slot_full = 1;
		pthread_cond_broadcast(&cv);
		pthread_mutex_unlock(&lock);
	}
	return NULL;
}

static long handoff(void)
{
	pthread_t t;
	long total = 0;
	pthread_create(&t, NULL, producer, NULL);
	for (int i = 0; i < ITEMS; i++) {
		pthread_mutex_lock(&lock);
		while (!slot_full)
			pthread_cond_wait(&cv, &lock);
		total += slot;
		slot_full = 0;
		pthread_cond_broadcast(&cv);
		pthread_mutex_unlock(&lock);
	}
	pthread_join(t, NULL);
	return total;
}

static void wait_signal(volatile sig_atomic_t *flag, const sigset_t *during)
{
	while (!*flag)
		sigsuspend(during);
}

static int child_main(char **argv)
{
	const char *stage = getenv("CX_STAGE");
	printf("child: argv[2]=%s CX_STAGE=%s\n", argv[2], stage ? stage : "(unset)");
	printf("child: threaded sum %ld\n", threaded_sum(2));
	sigset_t usr2, old;
	sigemptyset(&usr2);
	sigaddset(&usr2, SIGUSR2);
	sigprocmask(SIG_BLOCK, &usr2, &old); /* already blocked: the mask survives exec */
	signal(SIGUSR2, on_usr2);
	fflush(stdout);
	kill(getppid(), SIGUSR1);
	sigdelset(&old, SIGUSR2);
	wait_signal(&got_usr2, &old);
	printf("child: got SIGUSR2, exiting with 3\n");
	fflush(stdout);
	return 3;
}

int main(int argc, char **argv)
{
	if (argc > 2 && strcmp(argv[1], "--child") == 0)
		return child_main(argv);
	watchdog(50);
	setvbuf(stdout, NULL, _IOFBF, 4096); /* the same buffering on a console as on a pipe */
	printf("parent: start\n");
	printf("parent: threaded sum %ld\n", threaded_sum(THREADS));
	printf("parent: handoff total %ld\n", handoff());

	struct sigaction sa = { .sa_sigaction = on_usr1, .sa_flags = SA_SIGINFO };
	sigemptyset(&sa.sa_mask);
	sigaction(SIGUSR1, &sa, NULL);
	signal(SIGCHLD, on_chld);
	sigset_t block, old;
	sigemptyset(&block);
	sigaddset(&block, SIGUSR1);
	sigaddset(&block, SIGCHLD);
	sigaddset(&block, SIGUSR2);
	sigprocmask(SIG_BLOCK, &block, &old);

	child_pid = fork_or_fail();
	if (child_pid == 0) {
		char *args[] = { argv[0], "--child", "hello", NULL };
		char *env[] = { "CX_STAGE=exec", NULL };
		execve(argv[0], args, env);
		fail("execve(%s): %s", argv[0], strerror(errno));
	}
	sigset_t during = old;
	sigdelset(&during, SIGUSR2);
	wait_signal(&got_usr1, &during);
	printf("parent: got SIGUSR1 %s\n", usr1_from_child ? "from the child" : "from someone else");
	fflush(stdout);
	kill(child_pid, SIGUSR2);
	int status = wait_for(child_pid);
	wait_signal(&got_chld, &during);
	printf("parent: child exited=%d code=%d, SIGCHLD seen\n", WIFEXITED(status), WEXITSTATUS(status));

	got_chld = 0;
	pid_t second = fork_or_fail();
	if (second == 0) {
		sigprocmask(SIG_SETMASK, &old, NULL);
		for (;;)
			pause();
	}
	kill(second, SIGTERM);
	status = wait_for(second);
	wait_signal(&got_chld, &during);
	printf("parent: second child signalled=%d by %s\n", WIFSIGNALED(status), WTERMSIG(status) == SIGTERM ? "SIGTERM" : "another signal");
	printf("parent: done\n");
	return 0;
}
