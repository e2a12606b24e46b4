/* A helper of test_busybox.sh: makes one System V message queue (key
 * 0x1234, one 6-byte message), semaphore set (0x2345, 2 semaphores) and
 * shared memory segment (0x3456, 8192 bytes), then runs argv[1..] (busybox
 * ipcs and ipcrm look at them). Built with musl-gcc by the script. */
#include <stdio.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	struct { long type; char text[8]; } m = { 1, "hello" };
	int q = msgget(0x1234, IPC_CREAT | 0640);
	int s = semget(0x2345, 2, IPC_CREAT | 0600);
	int h = shmget(0x3456, 8192, IPC_CREAT | 0644);
	if (q < 0 || s < 0 || h < 0 || msgsnd(q, &m, 6, 0) != 0) {
		perror("ipc_objects");
		return 1;
	}
	if (argc > 1)
		execv(argv[1], argv + 1);
	perror("ipc_objects: exec");
	return 1;
}
