/* prctl(2): the process attributes programs commonly set. Each option not
 * listed answers EINVAL, as Linux does for an unknown option. */
#include "posix.h"
#include "proc.h"
#include "client.h"
#include "signal.h"
#include "string.h"
#include <linux/prctl.h>

long sys_prctl(struct thread *t, const uint64_t *a)
{
    struct proc *p = t->p;
    switch ((int)a[0]) {
    case PR_SET_NAME: {
        char name[sizeof p->comm];
        long r = client_string(p, a[1], name, sizeof name);
        if (r == -ENAMETOOLONG) { /* longer names are cut, as Linux */
            if (client_read(p, a[1], name, sizeof name - 1) < 0)
                return -EFAULT;
            name[sizeof name - 1] = 0;
        } else if (r < 0) {
            return r;
        }
        strlcpy(p->comm, name, sizeof p->comm);
        return 0;
    }
    case PR_GET_NAME:
        return client_write(p, a[1], p->comm, sizeof p->comm) < 0 ? -EFAULT : 0;
    case PR_SET_PDEATHSIG:
        if (a[1] > NSIG_LINUX)
            return -EINVAL;
        p->pdeath_signal = (int)a[1];
        return 0;
    case PR_GET_PDEATHSIG: {
        int32_t sig = p->pdeath_signal;
        return client_write(p, a[1], &sig, sizeof sig) < 0 ? -EFAULT : 0;
    }
    case PR_SET_DUMPABLE:
        if (a[1] > 1)
            return -EINVAL;
        p->not_dumpable = a[1] == 0;
        return 0;
    case PR_GET_DUMPABLE:
        return !p->not_dumpable;
    case PR_SET_NO_NEW_PRIVS:
        if (a[1] != 1 || a[2] || a[3] || a[4])
            return -EINVAL;
        p->no_new_privs = 1;
        return 0;
    case PR_GET_NO_NEW_PRIVS:
        return p->no_new_privs;
    case PR_SET_CHILD_SUBREAPER:
        p->subreaper = a[1] != 0;
        return 0;
    case PR_GET_CHILD_SUBREAPER: {
        int32_t v = p->subreaper;
        return client_write(p, a[1], &v, sizeof v) < 0 ? -EFAULT : 0;
    }
    case PR_GET_TIMERSLACK:
        return 50000; /* ns, Linux's default; the server has no slack */
    case PR_SET_TIMERSLACK:
        return 0;
    default:
        return -EINVAL;
    }
}

/* personality(2): 0xffffffff reads it; anything else sets it; the old value
   is the answer, as Linux (which refuses nothing). Of its flags, UNAME26
   changes what uname says; the address-space ones (ADDR_NO_RANDOMIZE,
   ADDR_COMPAT_LAYOUT...) describe what Calyx does anyway (no randomised
   layout) or are kept without effect. */
long sys_personality(struct thread *t, const uint64_t *a)
{
    uint32_t old = t->p->personality, want = (uint32_t)a[0];
    if (want != 0xffffffffu)
        t->p->personality = want;
    return old;
}
