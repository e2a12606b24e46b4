/* System V IPC: what message queues (msg.c), semaphore sets (sem.c) and
 * shared memory segments (shm.c) share (ipc.c), as Linux's ipc/util.c.
 *
 * An object is found by its id or, at creation, by its key. An id is
 * index + seq * IPC_MNI: the index is the object's slot, allocated
 * cyclically (the slot after the last one given, wrapping to 0), and seq
 * counts the wraps, so a slot used again gives a new id and an old id
 * stops working (EINVAL, or EIDRM for a call that waited on it). Each kind
 * has its own table (struct ipc_ids) and its own limit on objects
 * (msgmni, semmni, shmmni: ENOSPC beyond).
 *
 * Permissions are Linux's ipcperms: the owner's or creator's bits for them,
 * the group bits for the owner's or creator's group, the others' otherwise;
 * root (CAP_IPC_OWNER) passes. IPC_SET and IPC_RMID need the owner, the
 * creator or root (EPERM).
 *
 * The limits are Linux 6.1's defaults, changed through /proc/sys/kernel
 * (ipcproc.c) by root. Calls that wait park as BLOCK_IPC on the object's
 * wait queues; a woken call runs again whole (ipc_retry), and finding its
 * object gone is EIDRM. */
#ifndef POSIX_IPC_H
#define POSIX_IPC_H

#include "posix.h"
#include "proc.h"
#include <linux/ipc.h>
#include <asm/ipcbuf.h>

#define IPC_MNI     32768               /* Linux's IPCMNI: indexes below it */
#define IPC_SEQ_MAX (0x7fffffff / IPC_MNI) /* seq wraps to 0 past it */

/* The part every object starts with (Linux's kern_ipc_perm). */
struct ipc_obj {
    int id;
    int32_t key;          /* IPC_PRIVATE (0) once a removed segment waits for its last detach */
    uint32_t uid, gid, cuid, cgid;
    uint32_t mode;        /* 0777 bits, and shm's SHM_DEST / SHM_LOCKED */
    uint16_t seq;
};

struct ipc_ids {
    struct ipc_obj **slot; /* cap entries, NULL when free */
    int cap;
    int in_use;
    int last_idx;          /* the last index given (-1: none yet) */
    uint16_t seq;
};

/* The limits, as /proc/sys/kernel shows them. */
struct ipc_limits {
    int msgmax, msgmnb, msgmni;
    int semmsl, semmns, semopm, semmni; /* /proc/sys/kernel/sem, in that order */
    uint64_t shmmax, shmall;            /* bytes; pages */
    int shmmni;
};
extern struct ipc_limits ipc_limits;

/* The object with this id, or NULL (a bad index, a free slot, another seq). */
struct ipc_obj *ipc_lookup(const struct ipc_ids *ids, int id);
/* The object at this index (*_STAT calls), or NULL. */
struct ipc_obj *ipc_at(const struct ipc_ids *ids, int idx);
/* The highest index in use, -1 when none (what *_INFO return, at least 0). */
int ipc_max_idx(const struct ipc_ids *ids);

/* Gives o a slot and an id, with its creator's credentials, key and mode
   (flg & 0777): the id, or -ENOSPC (limit objects, or all indexes taken),
   -ENOMEM. */
int ipc_add(struct ipc_ids *ids, struct ipc_obj *o, int limit, const struct proc *p, int32_t key,
            int flg);
/* Frees o's slot (the caller frees o). */
void ipc_remove(struct ipc_ids *ids, struct ipc_obj *o);

/* How an object kind is made and checked, for ipc_get. */
struct ipc_kind {
    struct ipc_ids *ids;
    /* A new object: its id or -errno. */
    long (*create)(struct thread *t, int32_t key, int flg, uint64_t arg);
    /* An existing object asked for with arg (nsems, size): 0 or -EINVAL. */
    int (*more_checks)(struct ipc_obj *o, uint64_t arg);
};
/* msgget, semget, shmget as Linux's ipcget: IPC_PRIVATE makes a new object;
   else the key's object (EEXIST with IPC_CREAT|IPC_EXCL, then more_checks,
   then the permissions flg asks for: EACCES), or a new one with IPC_CREAT
   (ENOENT without). */
long ipc_get(struct thread *t, const struct ipc_kind *kind, int32_t key, int flg, uint64_t arg);

/* ipcperms: 0 when p may access o as flg asks (S_IRUGO, S_IWUGO ...
   bits), else -EACCES. */
int ipc_permitted(const struct proc *p, const struct ipc_obj *o, int flg);
/* May p change or remove o (owner, creator, root)? 0 or -EPERM. */
int ipc_may_own(const struct proc *p, const struct ipc_obj *o);
/* IPC_SET of the owner and mode bits: 0, or -EINVAL for uid or gid -1. */
int ipc_set_perm(struct ipc_obj *o, const struct ipc64_perm *in);
void ipc_get_perm(const struct ipc_obj *o, struct ipc64_perm *out);

/* Realtime seconds, for the *_time fields. */
int64_t ipc_now(void);

/* --- waiting -------------------------------------------------------------------------------- */

/* Parks t's call (BLOCK_IPC) on q: R_DEFER, or -ENOMEM. The call's id
   argument names the object it waits on, so its retry finds it gone when
   it was removed (a slot used again gives another id): EIDRM. */
long ipc_park(struct thread *t, struct waitq *q);
/* Runs a woken BLOCK_IPC call again (fileio.c's loop); the result, or R_DEFER. */
long ipc_retry(struct thread *t);
/* A signal cut a BLOCK_IPC call short: EINTR for semop (never restarted),
   ERESTARTNOHAND for msgsnd/msgrcv (restarted when no handler runs). */
long ipc_interrupted(const struct thread *t);

/* --- the process hooks (fork.c, exec.c, exit.c) --------------------------------------------- */

/* fork: the child shares the parent's attached segments. 0 or -ENOMEM. */
int ipc_fork(struct proc *parent, struct proc *child);
/* exec: attached segments are detached (the address space went). */
void ipc_exec(struct proc *p);
/* exit: SEM_UNDO adjustments are applied, segments detached. */
void ipc_exit(struct proc *p);

/* /proc/sys/kernel/{msgmax,...} and /proc/sysvipc/{msg,sem,shm} (ipcproc.c). */
struct vnode;
int ipc_procfs_init(struct vnode *proc_root, struct vnode *sys_kernel);

/* A growing text: what each kind shows in /proc/sysvipc. */
struct ipc_text {
    char *buf;
    size_t len, cap;
    int err;
};
void ipc_text_printf(struct ipc_text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void msg_proc_show(struct ipc_text *t);
void sem_proc_show(struct ipc_text *t);
void shm_proc_show(struct ipc_text *t);

/* Per kind, for the hooks above. */
void sem_exit(struct proc *p);
int shm_fork(struct proc *parent, struct proc *child);
void shm_drop_all(struct proc *p);
/* munmap (or MAP_FIXED) took [addr, addr+len) away: the attachments there
   are cut or gone, as Linux's mappings. */
void shm_unmapped(struct proc *p, uint64_t addr, uint64_t len);
long msg_retry(struct thread *t);
long sem_retry(struct thread *t);

long sys_msgget(struct thread *t, const uint64_t *a);
long sys_msgsnd(struct thread *t, const uint64_t *a);
long sys_msgrcv(struct thread *t, const uint64_t *a);
long sys_msgctl(struct thread *t, const uint64_t *a);
long sys_semget(struct thread *t, const uint64_t *a);
long sys_semop(struct thread *t, const uint64_t *a);
long sys_semtimedop(struct thread *t, const uint64_t *a);
long sys_semctl(struct thread *t, const uint64_t *a);
long sys_shmget(struct thread *t, const uint64_t *a);
long sys_shmat(struct thread *t, const uint64_t *a);
long sys_shmdt(struct thread *t, const uint64_t *a);
long sys_shmctl(struct thread *t, const uint64_t *a);

#endif
