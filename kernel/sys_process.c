/* Process and thread syscalls: create, start, wait, exit; thread create, exit, join.
   Creating a process needs the memory pool's authority (memobj_pool_authority).
   Only a process's creator may start it and wait for it (by pid), and a process
   dies with its creator (process.h). */
#include "gen/syscall_handlers.h"
#include "current.h"
#include "loader.h"
#include "usercopy.h"
#include "kmalloc.h"
#include "pmm.h"
#include "memobj.h"
#include "lib/string.h"
#include <calyx/start.h>
#include "arch.h"
#include "mmu.h"

#define ERR(code) CX_MKERR(CX_ERR_##code)

/* The monotonic deadline of a timeout: 0 means none (wait forever). */
static uint64_t deadline_of(uint64_t timeout_ns)
{
    if (timeout_ns == CX_TIMEOUT_INFINITE)
        return 0;
    uint64_t now = arch_time_ns();
    return timeout_ns > UINT64_MAX - now ? UINT64_MAX : now + timeout_ns;
}

static int deadline_passed(uint64_t deadline) { return deadline && arch_time_ns() >= deadline; }

uint64_t sys_exit(int32_t exit_code)
{
    process_kill(current_process(), CX_EXIT_NORMAL, exit_code, 0, 0);
    process_thread_exit_current();
}

/* --- process_create: everything is copied in and checked before the process exists --- */

/* The caller's argument and environment strings, copied in: strings[0..argc)
   are argv, the rest the environment, each pointing into bytes. Both come from
   the kernel heap at their exact size (at most CX_START_MAX_ARGBYTES together),
   never from the small kernel stack; free them with free_args. */
struct arg_copy {
    const char **strings;
    char *bytes;
};

static void free_args(struct arg_copy *a)
{
    kfree(a->strings);
    kfree(a->bytes);
}

/* The size of the user string at src with its NUL: 0 and *size, InvalidAddress,
   or InvalidParameter when it is longer than CX_START_MAX_ARGSTRLEN. */
static uint64_t user_string_size(struct vmspace *vm, uint64_t src, size_t *size)
{
    for (size_t n = 0; n < CX_START_MAX_ARGSTRLEN;) {
        const char *k = user_byte(vm, src + n, VM_READ, NULL);
        if (!k)
            return ERR(INVALID_ADDRESS);
        size_t chunk = PAGE_SIZE - ((src + n) & (PAGE_SIZE - 1)); /* to the end of its page */
        if (chunk > CX_START_MAX_ARGSTRLEN - n)
            chunk = CX_START_MAX_ARGSTRLEN - n;
        for (size_t i = 0; i < chunk; i++)
            if (k[i] == 0) {
                *size = n + i + 1;
                return 0;
            }
        n += chunk;
    }
    return ERR(INVALID_PARAMETER);
}

/* Copies one NUL-terminated user string into [*at, end). 0, or a CX error. */
static uint64_t copy_string(struct vmspace *vm, uint64_t src, char **at, char *end)
{
    for (char *d = *at;;) {
        /* Up to the end of the source page, so no byte past the NUL is touched. */
        size_t n = PAGE_SIZE - (src & (PAGE_SIZE - 1));
        if (n > (size_t)(end - d))
            n = (size_t)(end - d);
        if (n == 0)
            return ERR(INVALID_PARAMETER); /* it grew since it was measured */
        if (copy_from_user(vm, d, src, n) < 0)
            return ERR(INVALID_ADDRESS);
        for (size_t i = 0; i < n; i++)
            if (d[i] == 0) {
                *at = d + i + 1;
                return 0;
            }
        d += n;
        src += n;
    }
}

/* Copies the argc + envc strings the array at strings points to (argv, then
   the environment; argc + envc is at most CX_START_MAX_ARGS): the pointers
   first, then every string is measured against the limits, then copied into
   one buffer. On error out may hold allocations: free_args. */
static uint64_t copy_args(struct vmspace *vm, uint64_t strings, size_t argc, size_t envc,
                          struct arg_copy *out)
{
    size_t n = argc + envc;
    if (n == 0)
        return 0;
    uint64_t *ptrs = kmalloc(n * sizeof *ptrs);
    if (!ptrs)
        return ERR(OUT_OF_MEMORY);
    out->strings = (const char **)ptrs; /* user addresses now, kernel ones below */
    if (copy_from_user(vm, ptrs, strings, n * sizeof ptrs[0]) < 0)
        return ERR(INVALID_ADDRESS);
    size_t total = n * sizeof ptrs[0], string_bytes = 0;
    for (size_t i = 0; i < n; i++) {
        size_t size;
        uint64_t r = user_string_size(vm, ptrs[i], &size);
        if (r)
            return r;
        string_bytes += size;
        if (total + string_bytes > CX_START_MAX_ARGBYTES)
            return ERR(INVALID_PARAMETER);
    }
    out->bytes = kmalloc(string_bytes);
    if (!out->bytes)
        return ERR(OUT_OF_MEMORY);
    char *at = out->bytes;
    for (size_t i = 0; i < n; i++) {
        uint64_t src = ptrs[i];
        out->strings[i] = at;
        uint64_t r = copy_string(vm, src, &at, out->bytes + string_bytes);
        if (r)
            return r;
    }
    return 0;
}

static const char *base_name(const char *path)
{
    const char *b = path;
    for (const char *c = path; *c; c++)
        if (c[0] == '/' && c[1])
            b = c + 1;
    return b;
}

/* Copies the image into contiguous kernel pages; 0 and *out, or a CX error. */
static uint64_t copy_image(struct vmspace *vm, uint64_t binary, size_t len, void **out)
{
    size_t pages = (len + PAGE_SIZE - 1) / PAGE_SIZE;
    uint64_t pa = pmm_alloc_contig(pages);
    if (!pa)
        return ERR(OUT_OF_MEMORY);
    if (copy_from_user(vm, phys_to_virt(pa), binary, len) < 0) {
        pmm_free_contig(pa, pages);
        return ERR(INVALID_ADDRESS);
    }
    *out = phys_to_virt(pa);
    return 0;
}

/* The new process loads image[0..len), or file's pages when file is set. */
static uint64_t create_loaded(const void *image, size_t len, struct memobj *file, const struct arg_copy *args,
                              size_t argc, size_t envc, const cx_cap_t *caps, size_t ncaps, uint64_t stack_size)
{
    struct cspace *mine = current_cspace();
    for (size_t i = 0; i < ncaps; i++) { /* all grantable, or nothing happens */
        struct cap_slot *slot;
        uint64_t r = cspace_lookup(mine, caps[i], 0, CX_RIGHT_GRANT, &slot);
        if (r)
            return r;
    }
    const char *reason;
    struct process *p = process_create(argc ? base_name(args->strings[0]) : "process", &reason);
    if (!p)
        return process_count() >= PROCESS_MAX ? ERR(RESOURCE_EXHAUSTED) : ERR(OUT_OF_MEMORY);
    cx_cap_t granted[CX_START_MAX_CAPS];
    for (size_t i = 0; i < ncaps; i++) {
        uint64_t r = cspace_transfer(mine, caps[i], p->cspace, 0, &granted[i]);
        if (r) {
            process_discard(p);
            return r;
        }
    }
    struct load_args a = {
        .argv = args->strings, .argc = (unsigned)argc,
        .envp = args->strings + argc, .envc = (unsigned)envc,
        .caps = granted, .ncaps = (unsigned)ncaps, .stack_size = stack_size,
    };
    int r = file ? loader_load_object(p, file, &a, &reason) : loader_load(p, image, len, &a, &reason);
    if (r < 0) {
        process_discard(p);
        return CX_MKERR((uint64_t)-r);
    }
    return p->pid;
}

/* process_create, process_create_env (no environment: envc 0) and
   process_create_mapped (binary_len 0: the image is the memory object
   `file`). The authority comes first: a caller without it learns nothing
   about its other arguments, and a process costs kernel memory, which the
   pool stands for. */
static uint64_t create(cx_cap_t authority, user_addr_t binary, size_t binary_len, cx_cap_t file,
                       user_addr_t strings, size_t argc, size_t envc, user_addr_t capabilities,
                       size_t cap_count, uint64_t stack_size)
{
    uint64_t r = memobj_pool_authority(current_cspace(), authority, CX_RIGHT_WRITE);
    if (r)
        return r;
    struct vmspace *vm = current_vm();
    if ((!file && (binary_len == 0 || binary_len > PROCESS_IMAGE_MAX)) || argc > CX_START_MAX_ARGS ||
        envc > CX_START_MAX_ARGS - argc || cap_count > CX_START_MAX_CAPS)
        return ERR(INVALID_PARAMETER);
    struct memobj *image_obj = NULL;
    if (file) {
        struct cap_slot *s;
        if ((r = cspace_lookup(current_cspace(), file, CX_OBJ_MEMORY, CX_RIGHT_READ | CX_RIGHT_EXEC, &s)))
            return r;
        image_obj = memobj_of(s->obj);
        if (image_obj->flags & MEMOBJ_POOL)
            return ERR(NOT_SUPPORTED);
    }
    if (process_count() >= PROCESS_MAX)
        return ERR(RESOURCE_EXHAUSTED);
    cx_cap_t caps[CX_START_MAX_CAPS];
    if (cap_count && copy_from_user(vm, caps, capabilities, cap_count * sizeof caps[0]) < 0)
        return ERR(INVALID_ADDRESS);
    struct arg_copy a = { NULL, NULL };
    void *image = NULL;
    r = copy_args(vm, strings, argc, envc, &a);
    if (!r && !image_obj)
        r = copy_image(vm, binary, binary_len, &image);
    if (!r) {
        if (image_obj)
            kobject_get(&image_obj->obj); /* held while loading: the caller may revoke meanwhile */
        r = create_loaded(image, binary_len, image_obj, &a, argc, envc, caps, cap_count, stack_size);
        if (image_obj)
            kobject_put(&image_obj->obj);
    }
    if (image)
        pmm_free_contig(virt_to_phys(image), (binary_len + PAGE_SIZE - 1) / PAGE_SIZE);
    free_args(&a);
    return r;
}

uint64_t sys_process_create(cx_cap_t authority, user_addr_t binary, size_t binary_len,
                            user_addr_t args, size_t args_len, user_addr_t capabilities,
                            size_t cap_count)
{
    return create(authority, binary, binary_len, CX_CAP_NULL, args, args_len, 0, capabilities, cap_count, 0);
}

uint64_t sys_process_create_env(cx_cap_t authority, user_addr_t binary, size_t binary_len,
                                user_addr_t strings, size_t argc, size_t envc,
                                user_addr_t capabilities, size_t cap_count)
{
    return create(authority, binary, binary_len, CX_CAP_NULL, strings, argc, envc, capabilities, cap_count, 0);
}

uint64_t sys_process_create_mapped(cx_cap_t authority, cx_cap_t image, user_addr_t strings, size_t argc,
                                   size_t envc, user_addr_t capabilities, size_t cap_count,
                                   uint64_t stack_size)
{
    if (image == CX_CAP_NULL) {
        uint64_t r = memobj_pool_authority(current_cspace(), authority, CX_RIGHT_WRITE);
        return r ? r : ERR(INVALID_CAPABILITY);
    }
    return create(authority, 0, 0, image, strings, argc, envc, capabilities, cap_count, stack_size);
}

/* --- start and wait --- */

/* The caller's own child by pid, or a CX error. */
static uint64_t find_child(cx_pid_t pid, struct process **out)
{
    struct process *p = process_find(pid);
    if (!p)
        return ERR(NOT_FOUND);
    if (p->parent != current_process())
        return ERR(PERMISSION_DENIED);
    *out = p;
    return 0;
}

uint64_t sys_process_start(cx_pid_t process_id)
{
    struct process *p;
    uint64_t r = find_child(process_id, &p);
    if (r)
        return r;
    if (p->state != PROCESS_CREATED)
        return ERR(BUSY);
    process_start(p);
    return 0;
}

uint64_t sys_process_wait(cx_pid_t process_id, uint64_t timeout_ns, struct cx_exit_info *out)
{
    struct process *p;
    uint64_t r = find_child(process_id, &p);
    if (r)
        return r;
    struct thread *me = current_thread();
    if (p->waiter)
        return ERR(BUSY);
    uint64_t deadline = deadline_of(timeout_ns);
    while (p->state != PROCESS_EXITED) {
        if (timeout_ns == CX_TIMEOUT_POLL || deadline_passed(deadline))
            return ERR(TIMEOUT);
        p->waiter = me; /* our claim keeps p alive while we sleep */
        int why = sched_block(deadline);
        p->waiter = NULL;
        if (why == WAKE_INTERRUPTED)
            return ERR(INTERRUPTED);
    }
    out->how = p->exit.how;
    out->code = p->exit.how != CX_EXIT_FAULT ? (uint64_t)p->exit.code : 0; /* exit or process_kill code */
    out->fault_kind = p->exit.how == CX_EXIT_FAULT ? p->exit.fault_kind : CX_FAULT_NONE;
    out->fault_addr = p->exit.how == CX_EXIT_FAULT ? p->exit.fault_addr : 0;
    process_reap(p);
    return 0;
}

/* --- threads --- */

uint64_t sys_thread_create(cx_uaddr_t entry_point, user_addr_t stack_base, size_t stack_size,
                           uint64_t arg)
{
    struct process *p = current_process();
    if (entry_point < USER_MIN || entry_point >= USER_TOP)
        return ERR(INVALID_ADDRESS);
    if (stack_size < 64)
        return ERR(INVALID_PARAMETER);
    if (!user_writable(&p->vm, stack_base, stack_size))
        return ERR(INVALID_ADDRESS);
    if (p->nthreads + p->nexited >= PROCESS_THREADS_MAX)
        return ERR(RESOURCE_EXHAUSTED);
    /* As if called: a zero return address below the aligned top (the SysV entry alignment). */
    uint64_t sp = ((stack_base + stack_size) & ~15ull) - 8, zero = 0;
    if (sp < stack_base || copy_to_user(&p->vm, sp, &zero, sizeof zero) < 0)
        return ERR(INVALID_PARAMETER);
    struct thread *t = thread_create(p, entry_point, sp, arg, current_thread()->priority);
    if (!t)
        return ERR(OUT_OF_MEMORY);
    t->slice_ticks = current_thread()->slice_ticks; /* as its priority: the creator's */
    sched_make_ready(t);
    return t->tid;
}

uint64_t sys_thread_exit(int32_t exit_code)
{
    struct process *p = current_process();
    current_thread()->exit_code = exit_code;
    if (p->nthreads == 1)
        process_kill(p, CX_EXIT_NORMAL, exit_code, 0, 0);
    process_thread_exit_current();
}

static struct thread *live_thread(struct process *p, uint64_t tid)
{
    for (struct thread *t = p->threads; t; t = t->proc_next)
        if (t->tid == tid)
            return t;
    return NULL;
}

/* Takes the exit record of tid, if it ended: 1 and *code, else 0. */
static int take_exit_record(struct process *p, uint64_t tid, int32_t *code)
{
    for (struct thread_exit_record **pp = &p->exited; *pp; pp = &(*pp)->next)
        if ((*pp)->tid == tid) {
            struct thread_exit_record *r = *pp;
            *pp = r->next;
            p->nexited--;
            *code = r->code;
            kfree(r);
            return 1;
        }
    return 0;
}

uint64_t sys_thread_join(cx_tid_t thread_id, uint64_t timeout_ns)
{
    struct process *p = current_process();
    struct thread *me = current_thread();
    if (thread_id == me->tid)
        return ERR(INVALID_PARAMETER);
    uint64_t deadline = deadline_of(timeout_ns);
    for (;;) {
        int32_t code;
        if (take_exit_record(p, thread_id, &code))
            return (uint32_t)code;
        struct thread *t = live_thread(p, thread_id);
        if (!t)
            return ERR(NOT_FOUND);
        if (t->joiner && t->joiner != me)
            return ERR(BUSY);
        if (timeout_ns == CX_TIMEOUT_POLL || deadline_passed(deadline))
            return ERR(TIMEOUT);
        t->joiner = me;
        int why = sched_block(deadline);
        if ((t = live_thread(p, thread_id)) != NULL && t->joiner == me)
            t->joiner = NULL; /* t may have ended and be gone: look it up again */
        if (why == WAKE_INTERRUPTED)
            return ERR(INTERRUPTED);
    }
}
