/* POSIX micro-benchmarks, lmbench-style: one static program (musl-gcc -static)
 * that runs unchanged on Calyx and on the Linux reference VM (tools/cxrun and
 * tools/cxrun --linux), so `make bench` (tools/bench.py) can set the two
 * systems side by side.
 *
 * For each benchmark: a warm-up of a tenth of the iterations, then the
 * iterations timed with clock_gettime(CLOCK_MONOTONIC). One line each:
 *
 *     bench NAME ITERATIONS NS_PER_OP
 *
 * Under QEMU's -icount shift=0,sleep=off one guest instruction is one virtual
 * nanosecond, so NS_PER_OP then reads as guest instructions per operation
 * (exact and repeatable); under plain TCG it is emulated wall-clock time.
 * A benchmark that cannot run prints `bench NAME n/a WHY` and the rest go on.
 *
 * With -m SHELL it first prints the guest memory in use (kB), after boot,
 * with SHELL (e.g. /bin/sh) started and idle, waiting for input, and with
 * ten of them:
 *
 *     mem SOURCE boot KB
 *     mem SOURCE shell KB
 *     mem SOURCE shells10 KB
 *
 * SOURCE says where the figure comes from: `calyx` (the kernel's count of
 * physical pages, total minus free, from the native memory_info call) or
 * `meminfo` (Linux's /proc/meminfo, MemTotal - MemAvailable).
 *
 * usage: posix_bench [-l] [-s PERCENT] [-m SHELL] [NAME[=ITERATIONS]...]
 *   -l          list the benchmarks and their default iterations
 *   -s PERCENT  scale every default iteration count (100 = as listed)
 *   -m SHELL    print the memory figures first (see above)
 *   NAME        run only these benchmarks (default: all), with
 *               ITERATIONS instead of the default when given
 * posix_bench --exit is the program the execve benchmark runs (it exits 0).
 * Exit status: 0, or 2 on a usage error or when a benchmark could not run. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define FILE_PATH "/tmp/posix_bench.data" /* read by open_close and pread */
#define NEW_PATH "/tmp/posix_bench.new"   /* made and removed by create_unlink */
#define FILE_SIZE (64 * 1024)
#define IO_SIZE 4096
#define MAP_SIZE (64 * 1024)
#define MAPFILE_PATH "/tmp/posix_bench.map" /* mapped by mmap_file_1m_* */
#define MAPFILE_SIZE (1024 * 1024)
#define PAGE 4096
#define FUTEX_WAIT_PRIVATE 128
#define FUTEX_WAKE_PRIVATE 129

static const char *self_path; /* argv[0]: what fork_execve runs */
static int any_unavailable;

static uint64_t now_ns(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec;
}

static void unavailable(const char *name, const char *what)
{
    printf("bench %s n/a %s: %s\n", name, what, strerror(errno));
    fflush(stdout);
    any_unavailable = 1;
}

/* --- the operations: each does one operation per call ------------------------
   and returns 0, or -1 with errno set when the operation failed: the
   benchmark then stops and prints n/a rather than time a failing call. */

static int op_getppid(void) { return syscall(SYS_getppid) >= 0 ? 0 : -1; }

static int op_clock_gettime(void)
{
    struct timespec t;
    return clock_gettime(CLOCK_MONOTONIC, &t);
}

/* 0 when pid exited with status 0. */
static int wait_child(pid_t pid)
{
    int status;
    pid_t r;
    while ((r = waitpid(pid, &status, 0)) < 0 && errno == EINTR)
        ;
    if (r < 0)
        return -1;
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        errno = ECHILD;
        return -1;
    }
    return 0;
}

static int op_fork_exit(void)
{
    pid_t pid = fork();
    if (pid == 0)
        _exit(0);
    return pid < 0 ? -1 : wait_child(pid);
}

static int op_fork_execve(void)
{
    pid_t pid = fork();
    if (pid == 0) {
        char *argv[] = { (char *)self_path, "--exit", NULL };
        char *envp[] = { NULL };
        execve(self_path, argv, envp);
        _exit(127);
    }
    return pid < 0 ? -1 : wait_child(pid);
}

static int op_open_close(void)
{
    int fd = open(FILE_PATH, O_RDONLY);
    return fd < 0 ? -1 : close(fd);
}

static int data_fd = -1;
static char io_buf[IO_SIZE];

static int op_pread(void)
{
    if (pread(data_fd, io_buf, IO_SIZE, 0) != IO_SIZE) /* FILE_SIZE long: never short */
        return -1;
    return 0;
}

static int op_create_unlink(void)
{
    int fd = open(NEW_PATH, O_CREAT | O_TRUNC | O_WRONLY, 0644);
    if (fd < 0)
        return -1;
    ssize_t n = write(fd, io_buf, IO_SIZE);
    if (close(fd) < 0 || n != IO_SIZE)
        return -1;
    return unlink(NEW_PATH);
}

static int op_mmap_touch(void)
{
    char *p = mmap(NULL, MAP_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED)
        return -1;
    for (size_t off = 0; off < MAP_SIZE; off += PAGE)
        p[off] = 1;
    return munmap(p, MAP_SIZE);
}

static void handler_a(int sig) { (void)sig; }
static void handler_b(int sig) { (void)sig; }

/* Alternates two handlers so every call changes something. */
static int op_sigaction(void)
{
    static int flip;
    struct sigaction sa = { .sa_handler = (flip ^= 1) ? handler_a : handler_b };
    return sigaction(SIGUSR1, &sa, NULL);
}

static volatile sig_atomic_t caught;
static void count_signal(int sig) { (void)sig; caught++; }

static int op_signal(void)
{
    sig_atomic_t before = caught;
    if (raise(SIGUSR2) != 0)
        return -1;
    if (caught == before) { /* the handler must have run by now */
        errno = EINTR;
        return -1;
    }
    return 0;
}

static int signal_start(void)
{
    struct sigaction sa = { .sa_handler = count_signal };
    return sigaction(SIGUSR2, &sa, NULL);
}

static void signal_stop(void)
{
    signal(SIGUSR2, SIG_DFL);
}

static void *thread_nothing(void *arg) { return arg; }

static int op_thread(void)
{
    pthread_t t;
    errno = pthread_create(&t, NULL, thread_nothing, NULL);
    if (errno)
        return -1;
    errno = pthread_join(t, NULL);
    return errno ? -1 : 0;
}

/* --- ping-pong benchmarks: the other side runs during the whole loop -------- */

static int ping[2], pong[2];
static pid_t echo_pid;

static int op_pipe(void)
{
    char c = 'x';
    if (write(ping[1], &c, 1) != 1 || read(pong[0], &c, 1) != 1)
        return -1;
    return 0;
}

static int pipe_start(void)
{
    if (pipe(ping) < 0 || pipe(pong) < 0)
        return -1;
    echo_pid = fork();
    if (echo_pid < 0)
        return -1;
    if (echo_pid == 0) { /* echoes every byte until the parent closes its end */
        char c;
        close(ping[1]);
        close(pong[0]);
        while (read(ping[0], &c, 1) == 1)
            if (write(pong[1], &c, 1) != 1)
                break;
        _exit(0);
    }
    close(ping[0]);
    close(pong[1]);
    return 0;
}

static void pipe_stop(void)
{
    close(ping[1]);
    close(pong[0]);
    wait_child(echo_pid);
}

/* --- with 100 other threads parked -------------------------------------------
   The same operations while 100 threads of two other processes sit in
   read() on 100 pipes of their own, nobody writing: what an event in one
   place costs with many waiters elsewhere (ideally nothing more). Two
   helper processes of 50 threads each, since Calyx allows a process 64. */
#define PARKED 100
#define PARK_PROCS 2

static int park_fd[PARKED][2];
static pid_t park_pid[PARK_PROCS];
static int park_ready[2];

static void *park_reader(void *arg)
{
    int fd = (int)(intptr_t)arg;
    char c = 'r';
    if (write(park_ready[1], &c, 1) != 1)
        return NULL;
    while (read(fd, &c, 1) > 0) /* until end of file: park_stop */
        ;
    return NULL;
}

/* A helper process: one reader thread per pipe [first, first + n). */
static void park_helper(int first, int n)
{
    static pthread_t th[PARKED];
    close(park_ready[0]);
    for (int i = 0; i < PARKED; i++) {
        close(park_fd[i][1]); /* only the parent's write end keeps each open */
        if (i < first || i >= first + n)
            close(park_fd[i][0]);
    }
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, 64 * 1024);
    for (int i = 0; i < n; i++) {
        if (pthread_create(&th[i], &attr, park_reader, (void *)(intptr_t)park_fd[first + i][0])) {
            char e = 'e';
            if (write(park_ready[1], &e, 1) < 0) { /* the parent sees end of file instead */
            }
            _exit(1);
        }
    }
    for (int i = 0; i < n; i++)
        pthread_join(th[i], NULL);
    _exit(0);
}

/* Ends the helpers: every write end closes, so each reader sees end of
   file and returns, and each helper joins its threads and exits. */
static void park_stop(void)
{
    for (int i = 0; i < PARKED; i++)
        if (park_fd[i][1] >= 0) {
            close(park_fd[i][0]);
            close(park_fd[i][1]);
            park_fd[i][0] = park_fd[i][1] = -1;
        }
    for (int k = 0; k < PARK_PROCS; k++)
        if (park_pid[k] > 0) {
            wait_child(park_pid[k]);
            park_pid[k] = 0;
        }
}

/* Starts the helpers and waits until every reader has said it is about to
   read (the warm-up lets the last ones reach read() itself). */
static int park_start(void)
{
    park_ready[0] = park_ready[1] = -1;
    for (int i = 0; i < PARKED; i++)
        park_fd[i][0] = park_fd[i][1] = -1;
    int ok = pipe(park_ready) == 0;
    for (int i = 0; ok && i < PARKED; i++)
        ok = pipe(park_fd[i]) == 0;
    for (int k = 0; ok && k < PARK_PROCS; k++) {
        park_pid[k] = fork();
        if (park_pid[k] == 0)
            park_helper(k * (PARKED / PARK_PROCS), PARKED / PARK_PROCS);
        ok = park_pid[k] > 0;
    }
    if (park_ready[1] >= 0)
        close(park_ready[1]);
    int ready = 0;
    char c;
    while (ok && ready < PARKED) {
        ssize_t n = read(park_ready[0], &c, 1);
        if (n < 0 && errno == EINTR)
            continue;
        ok = n == 1 && c == 'r';
        ready += ok;
    }
    if (park_ready[0] >= 0)
        close(park_ready[0]);
    park_ready[0] = park_ready[1] = -1;
    if (!ok) {
        int e = errno ? errno : EAGAIN;
        park_stop();
        errno = e;
        return -1;
    }
    return 0;
}

/* The echo child comes first, so it holds none of the parked pipes; the
   helpers hold its pipes' parent ends until they exit, so they go first. */
static int pipe_parked_start(void)
{
    if (pipe_start() < 0)
        return -1;
    if (park_start() < 0) {
        int e = errno;
        pipe_stop();
        errno = e;
        return -1;
    }
    return 0;
}

static void pipe_parked_stop(void)
{
    park_stop();
    pipe_stop();
}

/* Two words: the main thread sets `turn` to 1 and wakes the partner, which
   sets it back to 0 and wakes the main thread; each waits while the word is
   not its turn. One round trip is two wakes and two waits. */
static atomic_int turn;
static atomic_int futex_stop;
static pthread_t partner;

static long futex(atomic_int *addr, int op, int val)
{
    return syscall(SYS_futex, addr, op, val, NULL, NULL, 0);
}

static void *futex_partner(void *arg)
{
    (void)arg;
    for (;;) {
        while (atomic_load(&turn) != 1)
            futex(&turn, FUTEX_WAIT_PRIVATE, 0);
        if (atomic_load(&futex_stop))
            return NULL;
        atomic_store(&turn, 0);
        futex(&turn, FUTEX_WAKE_PRIVATE, 1);
    }
}

static int op_futex(void)
{
    atomic_store(&turn, 1);
    if (futex(&turn, FUTEX_WAKE_PRIVATE, 1) < 0)
        return -1;
    while (atomic_load(&turn) != 0)
        if (futex(&turn, FUTEX_WAIT_PRIVATE, 1) < 0 && errno != EAGAIN && errno != EINTR)
            return -1;
    return 0;
}

static int futex_start(void)
{
    atomic_store(&turn, 0);
    atomic_store(&futex_stop, 0);
    errno = pthread_create(&partner, NULL, futex_partner, NULL);
    return errno ? -1 : 0;
}

static void futex_stop_partner(void)
{
    atomic_store(&futex_stop, 1);
    atomic_store(&turn, 1);
    futex(&turn, FUTEX_WAKE_PRIVATE, 1);
    pthread_join(partner, NULL);
}

/* --- set-ups -------------------------------------------------------------------- */

static int file_start(void)
{
    static char block[FILE_SIZE];
    memset(block, 'd', sizeof block);
    int fd = open(FILE_PATH, O_CREAT | O_TRUNC | O_RDWR, 0644);
    if (fd < 0)
        return -1;
    if (write(fd, block, sizeof block) != (ssize_t)sizeof block) {
        close(fd);
        return -1;
    }
    close(fd);
    return 0;
}

static int pread_start(void)
{
    if (file_start() < 0)
        return -1;
    data_fd = open(FILE_PATH, O_RDONLY);
    return data_fd < 0 ? -1 : 0;
}

static void pread_stop(void)
{
    close(data_fd);
    data_fd = -1;
}

static int map_fd = -1;

static int mapfile_start(void)
{
    static char chunk[64 * 1024];
    memset(chunk, 'm', sizeof chunk);
    map_fd = open(MAPFILE_PATH, O_CREAT | O_TRUNC | O_RDWR, 0644);
    if (map_fd < 0)
        return -1;
    for (int i = 0; i < MAPFILE_SIZE / (int)sizeof chunk; i++)
        if (write(map_fd, chunk, sizeof chunk) != (ssize_t)sizeof chunk)
            return -1;
    return 0;
}

static void mapfile_stop(void)
{
    close(map_fd);
    map_fd = -1;
    unlink(MAPFILE_PATH);
}

/* Maps the 1 MiB file, reads one byte of each page and writes one byte of
   every sixteenth, unmaps: the cost of file pages reached through a
   mapping (faults, and copy-on-write for the private one). */
static int map_file_touch(int flags)
{
    volatile char *p = mmap(NULL, MAPFILE_SIZE, PROT_READ | PROT_WRITE, flags, map_fd, 0);
    if (p == MAP_FAILED)
        return -1;
    unsigned sum = 0;
    for (size_t off = 0; off < MAPFILE_SIZE; off += PAGE)
        sum += (unsigned char)p[off];
    for (size_t off = 0; off < MAPFILE_SIZE; off += 16 * PAGE)
        p[off] = 'm';
    if (sum != 'm' * (MAPFILE_SIZE / PAGE))
        return -1;
    return munmap((void *)p, MAPFILE_SIZE);
}

static int op_map_file_shared(void) { return map_file_touch(MAP_SHARED); }
static int op_map_file_private(void) { return map_file_touch(MAP_PRIVATE); }

static int sigaction_start(void) { return 0; }

/* --- the table -------------------------------------------------------------------- */

struct bench {
    const char *name;
    long iterations; /* default; under TCG on Calyx the whole run takes seconds */
    int (*op)(void);    /* one operation: 0, or -1 and errno */
    int (*start)(void); /* set-up, or NULL; -1 with errno when it failed */
    void (*stop)(void); /* tear-down, or NULL */
    const char *what;
};

static const struct bench benches[] = {
    { "getppid", 20000, op_getppid, NULL, NULL, "getppid(): the cheapest system call" },
    { "clock_gettime", 20000, op_clock_gettime, NULL, NULL,
      "clock_gettime(CLOCK_MONOTONIC) through the C library (Linux: the vDSO, no system call)" },
    { "pipe_roundtrip", 2000, op_pipe, pipe_start, pipe_stop,
      "1 byte to another process over a pipe and 1 byte back" },
    { "pipe_roundtrip_100parked", 1000, op_pipe, pipe_parked_start, pipe_parked_stop,
      "pipe_roundtrip with 100 threads of other processes parked in read() on other pipes" },
    { "getppid_100parked", 20000, op_getppid, park_start, park_stop,
      "getppid() with 100 threads of other processes parked in read() on other pipes" },
    { "fork_exit_wait", 200, op_fork_exit, NULL, NULL, "fork(); the child _exit(0)s; waitpid()" },
    { "fork_execve_wait", 100, op_fork_execve, NULL, NULL,
      "fork(); the child execve()s this program, which exits at once; waitpid()" },
    { "open_close", 5000, op_open_close, file_start, NULL, "open() and close() of a file in /tmp" },
    { "pread_4k", 5000, op_pread, pread_start, pread_stop, "pread() of 4 KiB from a file in /tmp" },
    { "create_write_unlink", 1000, op_create_unlink, NULL, NULL,
      "open(O_CREAT) a file in /tmp, write 4 KiB, close, unlink" },
    { "mmap_touch_64k", 500, op_mmap_touch, NULL, NULL,
      "mmap 64 KiB anonymous, write one byte per page (16 faults), munmap" },
    { "mmap_file_1m_shared", 50, op_map_file_shared, mapfile_start, mapfile_stop,
      "mmap 1 MiB of a file in /tmp MAP_SHARED, read a byte per page, write one per 16, munmap" },
    { "mmap_file_1m_private", 50, op_map_file_private, mapfile_start, mapfile_stop,
      "the same MAP_PRIVATE (the writes copy their pages)" },
    { "sigaction", 20000, op_sigaction, sigaction_start, NULL, "sigaction(SIGUSR1) to a new handler" },
    { "signal_catch", 2000, op_signal, signal_start, signal_stop,
      "raise(SIGUSR2) to itself: the handler runs and returns (sigreturn)" },
    { "thread_create_join", 300, op_thread, NULL, NULL, "pthread_create() of a thread that returns; pthread_join()" },
    { "futex_roundtrip", 2000, op_futex, futex_start, futex_stop_partner,
      "FUTEX_WAKE another thread and FUTEX_WAIT for it to wake this one back" },
};
#define NBENCH (sizeof benches / sizeof benches[0])

static void run(const struct bench *b, long iterations)
{
    if (b->start && b->start() < 0) {
        unavailable(b->name, "set-up");
        return;
    }
    long warm = iterations / 10 ? iterations / 10 : 1;
    int failed = 0;
    for (long i = 0; i < warm && !failed; i++)
        failed = b->op() < 0;
    uint64_t t0 = now_ns();
    for (long i = 0; i < iterations && !failed; i++)
        failed = b->op() < 0;
    uint64_t ns = now_ns() - t0;
    if (failed)
        unavailable(b->name, "an operation failed");
    if (b->stop)
        b->stop();
    if (!failed)
        printf("bench %s %ld %.1f\n", b->name, iterations, (double)ns / (double)iterations);
    fflush(stdout);
}

/* --- memory ------------------------------------------------------------------------- */

/* Calyx's native memory_info call (include/calyx/syscalls.toml): rax is the
   native bit with number 7; total and free physical pages come back in rdx
   and r10. Linux answers the unknown number with -ENOSYS. */
#define CALYX_NATIVE_MEMORY_INFO 0x80000007ul

static long calyx_used_kb(void)
{
    register unsigned long total __asm__("rdx");
    register unsigned long free_pages __asm__("r10");
    unsigned long rax = CALYX_NATIVE_MEMORY_INFO;
    __asm__ volatile("syscall"
                     : "+a"(rax), "=r"(total), "=r"(free_pages)
                     :
                     : "rcx", "r11", "r8", "r9", "memory");
    if (rax != 0 || free_pages > total)
        return -1;
    return (long)((total - free_pages) * (PAGE / 1024));
}

static long meminfo_field(const char *text, const char *name)
{
    const char *p = strstr(text, name);
    return p ? strtol(p + strlen(name), NULL, 10) : -1;
}

/* Linux keeps per-CPU deltas of its page counters and folds them into the
   totals /proc/meminfo shows only now and then (up to a second later); writing
   /proc/sys/vm/stat_refresh folds them at once, so the figure is current. */
static void linux_stat_refresh(void)
{
    int fd = open("/proc/sys/vm/stat_refresh", O_WRONLY);
    if (fd >= 0) {
        if (write(fd, "1\n", 2) < 0) { /* only root may: the figure is then a bit older */
        }
        close(fd);
    }
}

static long linux_used_kb(void)
{
    char text[4096];
    linux_stat_refresh();
    int fd = open("/proc/meminfo", O_RDONLY);
    if (fd < 0)
        return -1;
    ssize_t n = read(fd, text, sizeof text - 1);
    close(fd);
    if (n <= 0)
        return -1;
    text[n] = '\0';
    long total = meminfo_field(text, "MemTotal:"), avail = meminfo_field(text, "MemAvailable:");
    return total < 0 || avail < 0 ? -1 : total - avail;
}

static void print_memory(const char *when)
{
    long kb = calyx_used_kb();
    const char *source = "calyx";
    if (kb < 0) {
        kb = linux_used_kb();
        source = "meminfo";
    }
    if (kb < 0)
        printf("mem none %s n/a\n", when);
    else
        printf("mem %s %s %ld\n", source, when, kb);
    fflush(stdout);
}

/* One idle shell: SHELL with its stdin and stdout on pipes, made to echo a
   word so that it is known to be up and waiting for its next command. */
struct idle_shell {
    pid_t pid;
    int in, out; /* its stdin (ours to write; closing it ends the shell), its stdout */
};

static int start_shell(const char *shell, struct idle_shell *s)
{
    int in[2], out[2];
    if (pipe(in) < 0 || pipe(out) < 0) {
        perror("posix_bench: pipe");
        return -1;
    }
    s->pid = fork();
    if (s->pid < 0) {
        perror("posix_bench: fork");
        return -1;
    }
    if (s->pid == 0) {
        dup2(in[0], 0);
        dup2(out[1], 1);
        close(in[0]);
        close(in[1]);
        close(out[0]);
        close(out[1]);
        char *argv[] = { (char *)shell, NULL };
        char *envp[] = { "PATH=/bin", NULL };
        execve(shell, argv, envp);
        _exit(127);
    }
    close(in[0]);
    close(out[1]);
    s->in = in[1];
    s->out = out[0];
    static const char cmd[] = "echo ready\n";
    char reply[16];
    if (write(s->in, cmd, sizeof cmd - 1) != (ssize_t)sizeof cmd - 1 || read(s->out, reply, sizeof reply) <= 0)
        return -1;
    return 0;
}

static void stop_shell(struct idle_shell *s)
{
    close(s->in);
    close(s->out);
    wait_child(s->pid);
}

#define SHELLS 10

/* Memory with one idle shell ("shell") and with SHELLS of them
   ("shells10"): what a process of the same program costs once its pages
   can be shared. */
static void measure_shell(const char *shell)
{
    struct idle_shell s[SHELLS];
    int n = 0;
    for (; n < SHELLS; n++) {
        if (start_shell(shell, &s[n]) < 0) {
            printf("mem none shell n/a: %s did not answer\n", shell);
            break;
        }
        if (n == 0)
            print_memory("shell");
    }
    if (n == SHELLS)
        print_memory("shells10");
    while (n > 0)
        stop_shell(&s[--n]);
}

/* --- main ------------------------------------------------------------------------------ */

static const struct bench *find(const char *name, size_t len)
{
    for (size_t i = 0; i < NBENCH; i++)
        if (strlen(benches[i].name) == len && strncmp(benches[i].name, name, len) == 0)
            return &benches[i];
    return NULL;
}

static void usage(void)
{
    fprintf(stderr, "usage: posix_bench [-l] [-s PERCENT] [-m SHELL] [NAME[=ITERATIONS]...]\n");
    exit(2);
}

int main(int argc, char **argv)
{
    if (argc == 2 && strcmp(argv[1], "--exit") == 0)
        return 0;
    self_path = argv[0];
    long scale = 100;
    const char *shell = NULL;
    int opt;
    while ((opt = getopt(argc, argv, "ls:m:")) != -1) {
        switch (opt) {
        case 'l':
            for (size_t i = 0; i < NBENCH; i++)
                printf("%-24s %6ld  %s\n", benches[i].name, benches[i].iterations, benches[i].what);
            return 0;
        case 's':
            scale = strtol(optarg, NULL, 10);
            if (scale <= 0)
                usage();
            break;
        case 'm': shell = optarg; break;
        default: usage();
        }
    }
    setvbuf(stdout, NULL, _IOLBF, 0);
    if (shell) {
        print_memory("boot");
        measure_shell(shell);
    }
    if (optind == argc) {
        for (size_t i = 0; i < NBENCH; i++) {
            long n = benches[i].iterations * scale / 100;
            run(&benches[i], n > 0 ? n : 1);
        }
    }
    for (int i = optind; i < argc; i++) {
        const char *eq = strchr(argv[i], '=');
        size_t len = eq ? (size_t)(eq - argv[i]) : strlen(argv[i]);
        const struct bench *b = find(argv[i], len);
        long n = eq ? strtol(eq + 1, NULL, 10) : b ? b->iterations * scale / 100 : 0;
        if (!b || n <= 0) {
            fprintf(stderr, "posix_bench: %s: no such benchmark or bad count (-l lists them)\n", argv[i]);
            return 2;
        }
        run(b, n);
    }
    printf("bench done\n");
    return any_unavailable ? 2 : 0;
}
