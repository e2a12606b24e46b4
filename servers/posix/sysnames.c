/* Syscall names and strace-style trace lines: see sysnames.h. */
#include "sysnames.h"
#include "errno_map.h"
#include "../../kernel/lib/printf.h"
#include <asm/unistd_64.h>

const char *sys_name(uint64_t nr)
{
    return nr < linux_syscall_count ? linux_syscall_names[nr] : 0;
}

/* Argument kinds, one letter each:
   f fd (AT_FDCWD by name)  p pointer or string address  x flags in hex
   o mode in octal          d signed decimal             u size/count in decimal */
struct sys_args {
    uint16_t nr;
    char kinds[7];
    char result; /* 'p': the result is an address (hex), else decimal */
};

static const struct sys_args arg_table[] = {
    {__NR_read, "fpu", 0},          {__NR_write, "fpu", 0},
    {__NR_open, "pxo", 0},          {__NR_close, "f", 0},
    {__NR_stat, "pp", 0},           {__NR_fstat, "fp", 0},
    {__NR_lstat, "pp", 0},          {__NR_poll, "pud", 0},
    {__NR_lseek, "fdd", 0},         {__NR_mmap, "puxxfd", 'p'},
    {__NR_mprotect, "pux", 0},      {__NR_munmap, "pu", 0},
    {__NR_brk, "p", 'p'},           {__NR_rt_sigaction, "dppu", 0},
    {__NR_rt_sigprocmask, "dppu", 0}, {__NR_rt_sigreturn, "", 0},
    {__NR_ioctl, "fxp", 0},         {__NR_pread64, "fpud", 0},
    {__NR_pwrite64, "fpud", 0},     {__NR_readv, "fpu", 0},
    {__NR_writev, "fpu", 0},        {__NR_access, "po", 0},
    {__NR_pipe, "p", 0},            {__NR_sched_yield, "", 0},
    {__NR_mremap, "puuxp", 'p'},    {__NR_madvise, "pud", 0},
    {__NR_dup, "f", 0},             {__NR_dup2, "ff", 0},
    {__NR_nanosleep, "pp", 0},      {__NR_getpid, "", 0},
    {__NR_clone, "xppp", 0},        {__NR_fork, "", 0},
    {__NR_vfork, "", 0},            {__NR_execve, "ppp", 0},
    {__NR_exit, "d", 0},            {__NR_wait4, "dpxp", 0},
    {__NR_kill, "dd", 0},           {__NR_uname, "p", 0},
    {__NR_fcntl, "fdx", 0},         {__NR_ftruncate, "fd", 0},
    {__NR_getdents64, "fpu", 0},    {__NR_getcwd, "pu", 0},
    {__NR_chdir, "p", 0},           {__NR_fchdir, "f", 0},
    {__NR_rename, "pp", 0},         {__NR_mkdir, "po", 0},
    {__NR_rmdir, "p", 0},           {__NR_unlink, "p", 0},
    {__NR_readlink, "ppu", 0},      {__NR_umask, "o", 0},
    {__NR_gettimeofday, "pp", 0},   {__NR_getuid, "", 0},
    {__NR_getgid, "", 0},           {__NR_geteuid, "", 0},
    {__NR_getegid, "", 0},          {__NR_setpgid, "dd", 0},
    {__NR_getppid, "", 0},          {__NR_getpgrp, "", 0},
    {__NR_setsid, "", 0},           {__NR_sigaltstack, "pp", 0},
    {__NR_arch_prctl, "xp", 0},     {__NR_gettid, "", 0},
    {__NR_tkill, "dd", 0},          {__NR_futex, "pxdppd", 0},
    {__NR_set_tid_address, "p", 0}, {__NR_clock_gettime, "dp", 0},
    {__NR_clock_nanosleep, "dxpp", 0}, {__NR_exit_group, "d", 0},
    {__NR_tgkill, "ddd", 0},        {__NR_openat, "fpxo", 0},
    {__NR_mkdirat, "fpo", 0},       {__NR_newfstatat, "fppx", 0},
    {__NR_unlinkat, "fpx", 0},      {__NR_renameat, "fpfp", 0},
    {__NR_readlinkat, "fppu", 0},   {__NR_faccessat, "fpo", 0},
    {__NR_pselect6, "dpppp", 0},    {__NR_ppoll, "pupp", 0},
    {__NR_set_robust_list, "pu", 0}, {__NR_dup3, "ffx", 0},
    {__NR_pipe2, "px", 0},          {__NR_prlimit64, "ddpp", 0},
    {__NR_getrandom, "pux", 0},     {__NR_renameat2, "fpfpx", 0},
    {__NR_statx, "fpxxp", 0},       {__NR_faccessat2, "fpox", 0},
    {__NR_rt_sigsuspend, "pu", 0},  {__NR_getrlimit, "dp", 0},
};

static const struct sys_args *args_of(uint64_t nr)
{
    for (size_t i = 0; i < sizeof arg_table / sizeof arg_table[0]; i++)
        if (arg_table[i].nr == nr)
            return &arg_table[i];
    return 0;
}

/* Appends with ksnprintf semantics: pos counts the full length even when
   the buffer is full. */
#define PUT(...) (pos += (size_t)ksnprintf(out + (pos < n ? pos : n), pos < n ? n - pos : 0, __VA_ARGS__))

size_t trace_format(char *out, size_t n, uint64_t nr, const uint64_t args[6], int64_t result)
{
    size_t pos = 0;
    const char *name = sys_name(nr);
    const struct sys_args *a = args_of(nr);
    if (name)
        PUT("%s(", name);
    else
        PUT("syscall_%llu(", (unsigned long long)nr);
    const char *kinds = a ? a->kinds : "xxxxxx";
    for (int i = 0; kinds[i]; i++) {
        uint64_t v = args[i];
        if (i)
            PUT(", ");
        switch (kinds[i]) {
        case 'f':
            if ((int32_t)v == -100)
                PUT("AT_FDCWD");
            else
                PUT("%d", (int)(int32_t)v);
            break;
        case 'd': PUT("%lld", (long long)v); break;
        case 'u': PUT("%llu", (unsigned long long)v); break;
        case 'o': PUT("0%llo", (unsigned long long)v); break;
        default:  PUT("%#llx", (unsigned long long)v); break;
        }
    }
    if (result < 0 && result >= -4095) {
        const char *e = errno_name((int)-result);
        if (e)
            PUT(") = -%s", e);
        else
            PUT(") = %lld", (long long)result);
    } else if (a && a->result == 'p') {
        PUT(") = %#llx", (unsigned long long)result);
    } else {
        PUT(") = %lld", (long long)result);
    }
    return pos;
}
