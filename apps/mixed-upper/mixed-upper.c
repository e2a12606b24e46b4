/* mixed-upper: one program using POSIX and the native capability API.
 *
 * An ordinary musl program (printf, pthreads, clock_gettime) that starts a
 * native service process, connects to it with an IPC channel and asks it to
 * upper-case words from two POSIX threads at once. The service is a native
 * program embedded in this one (apps/mixed-upper/children/upper_service.c);
 * it receives the only capability for its endpoint, receive-only.
 *
 * Creating a native process needs the native authority, which a POSIX program
 * does not have by default. libc-port/cx-cc links in the ELF note that asks
 * the POSIX server for it, and the server grants it because the installed
 * file is root's and writable by nobody else (tools/cxrun installs it so):
 * it arrives as the one start capability, CX_START_CAP_NATIVE_AUTHORITY
 * (docs/posix-server.md, "Native authority"). The service dies with us if we
 * end first, so nothing is left running either way.
 *
 * Build: make build/apps/mixed-upper  (libc-port/cx-cc)
 * Run:   tools/cxrun build/apps/mixed-upper [WORDS...] */
#include <calyx/native.h>
#include <calyx/child.h>
#include <calyx/start.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

CX_CHILD(upper_service);

#define THREADS 2
#define MAX_WORDS 16

static cx_channel_t channel;
static cx_cap_t call_cap; /* our end of the channel: WRITE lets us call */

struct job {
    const char **words;
    int nwords;
    char answers[MAX_WORDS][CX_IPC_MSG_MAX];
    int failed;
};

static uint64_t ask(const char *req, char *answer, size_t size)
{
    struct cx_ipc_call_result res;
    uint64_t r = cx_ipc_call(channel, req, strlen(req), answer, size - 1, CX_TIMEOUT_INFINITE,
                             CX_CAP_NULL, call_cap, &res);
    answer[CX_IS_ERR(r) ? 0 : res.response_len] = 0;
    return r;
}

static void *worker(void *arg)
{
    struct job *j = arg;
    for (int i = 0; i < j->nwords; i++)
        if (CX_IS_ERR(ask(j->words[i], j->answers[i], sizeof j->answers[i])))
            j->failed = 1;
    return NULL;
}

static uint64_t must(uint64_t r, const char *what)
{
    if (CX_IS_ERR(r)) {
        fprintf(stderr, "mixed-upper: %s: %s\n", what, cx_strerror(r));
        exit(1);
    }
    return r;
}

int main(int argc, char **argv)
{
    static const char *defaults[] = { "hello", "capabilities", "from", "posix", "threads" };
    const char **words = argc > 1 ? (const char **)argv + 1 : defaults;
    int nwords = argc > 1 ? argc - 1 : (int)(sizeof defaults / sizeof *defaults);
    if (nwords > THREADS * MAX_WORDS) {
        fprintf(stderr, "mixed-upper: at most %d words\n", THREADS * MAX_WORDS);
        return 2;
    }

    /* The authority to start the service: granted at exec, or not at all. */
    if (cx_start_ncaps <= CX_START_CAP_NATIVE_AUTHORITY) {
        fprintf(stderr, "mixed-upper: no native authority (the file must be root's and writable by "
                        "nobody else; docs/posix-server.md)\n");
        return 1;
    }
    cx_cap_t authority = cx_start_caps[CX_START_CAP_NATIVE_AUTHORITY];

    /* Native: the service's endpoint, ours, and a channel between them. */
    struct cx_ipc_endpoint_create_result service_ep, my_ep;
    must(cx_ipc_endpoint_create(&service_ep), "ipc_endpoint_create");
    must(cx_ipc_endpoint_create(&my_ep), "ipc_endpoint_create");
    channel = must(cx_ipc_channel_create(my_ep.endpoint_id, service_ep.endpoint_id, my_ep.capability,
                                         service_ep.capability), "ipc_channel_create");
    call_cap = my_ep.capability;
    cx_cap_t receive_only = must(cx_capability_derive(service_ep.capability, CX_RIGHT_READ | CX_RIGHT_GRANT),
                                 "capability_derive");
    char ep_arg[24];
    snprintf(ep_arg, sizeof ep_arg, "%lu", (unsigned long)service_ep.endpoint_id);
    const char *service_argv[] = { "upper_service", ep_arg };
    cx_pid_t service = must(cx_create_process(authority, CX_CHILD_IMAGE(upper_service),
                                              CX_CHILD_SIZE(upper_service), service_argv, 2, &receive_only, 1),
                            "create_process");
    printf("started the native service (process %lu) with a receive-only endpoint capability\n",
           (unsigned long)service);

    /* POSIX: threads share the words; each calls the service on its own. */
    struct job jobs[THREADS];
    pthread_t tid[THREADS];
    for (int t = 0; t < THREADS; t++) {
        jobs[t].words = words + t * ((nwords + 1) / 2);
        jobs[t].nwords = t == 0 ? (nwords + 1) / 2 : nwords / 2;
        jobs[t].failed = 0;
        if (pthread_create(&tid[t], NULL, worker, &jobs[t]) != 0) {
            perror("mixed-upper: pthread_create");
            return 1;
        }
    }
    int failed = 0;
    for (int t = 0; t < THREADS; t++) {
        pthread_join(tid[t], NULL);
        for (int i = 0; i < jobs[t].nwords; i++)
            printf("thread %d: %s -> %s\n", t + 1, jobs[t].words[i], jobs[t].answers[i]);
        failed |= jobs[t].failed;
    }

    char bye[CX_IPC_MSG_MAX];
    must(ask("bye", bye, sizeof bye), "ipc_call");
    printf("service: %s\n", bye);
    struct cx_exit_info info;
    must(cx_process_wait(service, CX_TIMEOUT_INFINITE, &info), "process_wait");
    printf("service exited with code %ld\n", (long)info.code);
    return failed || info.how != CX_EXIT_NORMAL || info.code != 0;
}
