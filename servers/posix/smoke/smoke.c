/* The POSIX server's smoke program (make posix-smoke): fork, exec of itself,
   wait status words, kill, a signal handler, pthreads with a mutex and a
   condition variable, mmap and a SIGSEGV handler, realloc (mremap), a
   sleep and alarm. Its output is the same on Linux. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <signal.h>
#include <pthread.h>
#include <sys/wait.h>
#include <sys/mman.h>
#include <setjmp.h>
#include <time.h>
#include <errno.h>

static volatile int got;
static void on_usr1(int s) { got = s; }
static sigjmp_buf jb;
static void on_segv(int s, siginfo_t *si, void *uc) { (void)uc; printf("segv sig %d addr %p code %d\n", s, si->si_addr, si->si_code); siglongjmp(jb, 1); }

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static int counter, ready;
static void *worker(void *arg) {
    for (int i = 0; i < 1000; i++) { pthread_mutex_lock(&m); counter++; pthread_mutex_unlock(&m); }
    pthread_mutex_lock(&m); ready++; pthread_cond_signal(&cv); pthread_mutex_unlock(&m);
    return arg;
}

int main(int argc, char **argv) {
    if (argc > 1 && !strcmp(argv[1], "child")) { printf("exec'd child pid ok, arg %s\n", argv[2]); return 42; }
    setvbuf(stdout, NULL, _IONBF, 0);
    printf("pid %d ppid %d\n", getpid(), getppid());
    pid_t c = fork();
    if (c == 0) { printf("in child\n"); _exit(7); }
    int st; pid_t w = waitpid(c, &st, 0);
    printf("waited %d==%d exited %d code %d\n", w, c, WIFEXITED(st), WEXITSTATUS(st));
    c = fork();
    if (c == 0) { execl(argv[0], argv[0], "child", "hi", (char *)0); _exit(99); }
    waitpid(c, &st, 0); printf("exec child code %d\n", WEXITSTATUS(st));
    c = fork();
    if (c == 0) { pause(); _exit(1); }
    kill(c, SIGTERM); waitpid(c, &st, 0); printf("killed: signaled %d sig %d\n", WIFSIGNALED(st), WTERMSIG(st));
    signal(SIGUSR1, on_usr1); raise(SIGUSR1); printf("handler got %d\n", got);
    pthread_t t[4];
    for (int i = 0; i < 4; i++) pthread_create(&t[i], NULL, worker, NULL);
    pthread_mutex_lock(&m); while (ready < 4) pthread_cond_wait(&cv, &m); pthread_mutex_unlock(&m);
    for (int i = 0; i < 4; i++) pthread_join(t[i], NULL);
    printf("counter %d\n", counter);
    char *p = mmap(NULL, 8192, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0);
    strcpy(p, "mapped"); printf("%s\n", p);
    mprotect(p, 8192, PROT_READ);
    struct sigaction sa = {0}; sa.sa_sigaction = on_segv; sa.sa_flags = SA_SIGINFO; sigaction(SIGSEGV, &sa, NULL);
    if (!sigsetjmp(jb, 1)) { p[0] = 'x'; printf("no fault?\n"); }
    char *big = malloc(1 << 20); memset(big, 1, 1 << 20); big = realloc(big, 4 << 20); printf("big %d\n", big[100]);
    struct timespec ts = {0, 20000000}; nanosleep(&ts, NULL); printf("slept\n");
    alarm(1); signal(SIGALRM, on_usr1); pause(); printf("alarm got %d\n", got);
    return 0;
}
