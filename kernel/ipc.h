/* IPC: endpoints, channels and reply tokens. */
#ifndef KERNEL_IPC_H
#define KERNEL_IPC_H

struct process;

/* A process is going away: fail or drop whatever IPC it was part of. */
void ipc_process_exit(struct process *p);

#endif
