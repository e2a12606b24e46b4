/* Argument and environment strings for execve: see execargs.h. */
#include "execargs.h"
#include "proc.h"
#include "client.h"
#include "string.h"
#include <calyx/malloc.h>

#define PTR_SIZE 8
#define PAGE 4096u

size_t exec_arg_max(const struct proc *p)
{
    uint64_t stack = p->rlim[RLIMIT_STACK].rlim_cur;
    size_t limit = stack / 4 < EXEC_ARG_MAX_TOP ? (size_t)(stack / 4) : EXEC_ARG_MAX_TOP;
    return limit > EXEC_ARG_MIN ? limit : EXEC_ARG_MIN;
}

/* Starts a budget for argc + envc pointers: 0, or -E2BIG when they alone fill it
   (an empty argv counts one, for the "" it gets). */
static long start_budget(struct exec_args *e, const struct proc *p, size_t argc, size_t envc)
{
    size_t limit = exec_arg_max(p), ptrs = ((argc ? argc : 1) + envc) * PTR_SIZE;
    if (limit <= ptrs)
        return -E2BIG;
    e->limit = limit - ptrs;
    e->slots = calloc(EXEC_ARGS_FRONT + argc + envc, sizeof e->slots[0]);
    if (!e->slots)
        return -ENOMEM;
    e->argv = e->slots + EXEC_ARGS_FRONT;
    e->envp = e->argv + argc;
    return 0;
}

/* Puts s in front of argv (a slot of EXEC_ARGS_FRONT); envp stays right after argv. */
static void push_front(struct exec_args *e, char *s)
{
    *--e->argv = s;
    e->argc++;
}

/* Takes argv[0] away (freed, its bytes back to the budget). */
static void pop_front(struct exec_args *e)
{
    e->used -= strlen(e->argv[0]) + 1;
    free(e->argv[0]);
    e->argv[0] = NULL;
    e->argv++;
    e->argc--;
}

/* A heap copy of s (len bytes), counted against the budget. */
static long take(struct exec_args *e, const char *s, size_t len, char **out)
{
    if (len + 1 > EXEC_ARG_STRLEN || len + 1 > e->limit - e->used)
        return -E2BIG;
    char *c = malloc(len + 1);
    if (!c)
        return -ENOMEM;
    memcpy(c, s, len);
    c[len] = '\0';
    e->used += len + 1;
    *out = c;
    return 0;
}

/* Counts the pointers of the NULL-terminated array at addr, reading it a
   page at a time. */
static long count_client(struct proc *p, uint64_t addr, size_t *n)
{
    *n = 0;
    if (!addr)
        return 0;
    for (;;) {
        uint64_t batch[64];
        uint64_t at = addr + *n * PTR_SIZE;
        size_t k = (PAGE - (at & (PAGE - 1))) / PTR_SIZE; /* whole pointers left in the page */
        k = k == 0 ? 1 : k > 64 ? 64 : k;
        if (client_read(p, at, batch, k * PTR_SIZE) < 0)
            return -EFAULT;
        for (size_t i = 0; i < k; i++) {
            if (!batch[i])
                return 0;
            if (++*n >= EXEC_ARG_STRINGS)
                return -E2BIG;
        }
    }
}

/* Copies the n strings the array at addr points to. */
static long copy_client(struct exec_args *e, struct proc *p, uint64_t addr, size_t n, char **out,
                        size_t *count)
{
    static char s[EXEC_ARG_STRLEN];
    for (size_t i = 0; i < n; i++) {
        uint64_t ptr;
        if (client_read(p, addr + i * PTR_SIZE, &ptr, sizeof ptr) < 0)
            return -EFAULT;
        long len = client_string(p, ptr, s, sizeof s);
        if (len == -ENAMETOOLONG)
            return -E2BIG;
        if (len < 0)
            return len;
        long r = take(e, s, (size_t)len, &out[i]);
        if (r < 0)
            return r;
        *count = i + 1;
    }
    return 0;
}

long exec_args_from_client(struct exec_args *e, struct proc *p, uint64_t argv, uint64_t envp,
                           const char *path)
{
    memset(e, 0, sizeof *e);
    size_t argc, envc;
    long r = count_client(p, argv, &argc);
    if (r == 0)
        r = count_client(p, envp, &envc);
    if (r == 0)
        r = start_budget(e, p, argc, envc);
    if (r < 0)
        return r;
    if (strlen(path) + 1 > e->limit) /* Linux counts the path first */
        return -E2BIG;
    e->used = strlen(path) + 1;
    if ((r = copy_client(e, p, envp, envc, e->envp, &e->envc)) < 0 ||
        (r = copy_client(e, p, argv, argc, e->argv, &e->argc)) < 0)
        return r;
    if (e->argc == 0) { /* Linux supplies an empty argv[0] */
        char *empty;
        if ((r = take(e, "", 0, &empty)) < 0)
            return r;
        push_front(e, empty);
    }
    return 0;
}

long exec_args_from_lists(struct exec_args *e, struct proc *p, const char *const *argv, size_t argc,
                          const char *const *envp, size_t envc)
{
    memset(e, 0, sizeof *e);
    long r = start_budget(e, p, argc, envc);
    if (r < 0)
        return r;
    e->used = argc ? strlen(argv[0]) + 1 : 0; /* the path, as execve counts it */
    for (; e->envc < envc; e->envc++)
        if ((r = take(e, envp[e->envc], strlen(envp[e->envc]), &e->envp[e->envc])) < 0)
            return r;
    for (; e->argc < argc; e->argc++)
        if ((r = take(e, argv[e->argc], strlen(argv[e->argc]), &e->argv[e->argc])) < 0)
            return r;
    return 0;
}

long exec_args_script(struct exec_args *e, const char *interp, const char *arg, const char *path)
{
    /* argv[0] goes (its bytes come back to the budget), then the new ones
       are counted as Linux pushes them: path, arg, interp. Dropping argv[0]
       frees one front slot: a level takes two more at most, and the
       EXEC_ARGS_FRONT slots hold every level binfmt allows. */
    size_t room = (size_t)(e->argv - e->slots) + (e->argc ? 1 : 0);
    if (room < (arg ? 3u : 2u))
        return -ELOOP; /* deeper than binfmt lets a chain of scripts go */
    if (e->argc)
        pop_front(e);
    char *ip = NULL, *ap = NULL, *pp = NULL;
    long r = take(e, path, strlen(path), &pp);
    if (r == 0 && arg)
        r = take(e, arg, strlen(arg), &ap);
    if (r == 0)
        r = take(e, interp, strlen(interp), &ip);
    if (r < 0) {
        free(ip), free(ap), free(pp);
        return r;
    }
    push_front(e, pp);
    if (arg)
        push_front(e, ap);
    push_front(e, ip);
    return 0;
}

size_t exec_args_kernel_bytes(const struct exec_args *e)
{
    size_t n = (e->argc + e->envc) * PTR_SIZE;
    for (size_t i = 0; i < e->argc; i++)
        n += strlen(e->argv[i]) + 1;
    for (size_t i = 0; i < e->envc; i++)
        n += strlen(e->envp[i]) + 1;
    return n;
}

void exec_args_free(struct exec_args *e)
{
    for (size_t i = 0; e->argv && i < e->argc; i++)
        free(e->argv[i]);
    for (size_t i = 0; e->envp && i < e->envc; i++)
        free(e->envp[i]);
    free(e->slots);
    memset(e, 0, sizeof *e);
}
