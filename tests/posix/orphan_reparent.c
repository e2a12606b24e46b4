/* When a parent exits before its child, the orphan is re-parented: its
 * getppid changes away from the dead parent (to init or a subreaper). */
#include "ptest.h"
#include <sys/mman.h>

struct shared { volatile pid_t middle, new_parent; volatile int done; };

int main(void)
{
	watchdog(30);
	struct shared *sh = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	CHECK(sh != MAP_FAILED, "mmap: %s", strerror(errno));
	pid_t middle = fork_or_fail();
	if (middle == 0) {
		sh->middle = getpid();
		pid_t orphan = fork();
		if (orphan < 0)
			_exit(2);
		if (orphan == 0) {
			/* Wait (bounded) for the middle process to die. */
			for (int i = 0; i < 20000 && getppid() == sh->middle; i++)
				usleep(1000);
			sh->new_parent = getppid();
			__atomic_store_n(&sh->done, 1, __ATOMIC_RELEASE);
			_exit(0);
		}
		_exit(0);
	}
	int status = wait_for(middle);
	CHECK(status == 0, "middle process status 0x%x", status);
	while (!__atomic_load_n(&sh->done, __ATOMIC_ACQUIRE))
		usleep(1000);
	CHECK(sh->new_parent != middle, "orphan's getppid is still its dead parent %d", (int)middle);
	CHECK(sh->new_parent > 0, "orphan's getppid is %d", (int)sh->new_parent);
	return 0;
}
