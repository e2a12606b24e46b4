/* After fork, MAP_PRIVATE memory, globals, heap and stack are copy-on-write:
 * the child's writes are invisible to the parent and the parent's later
 * writes invisible to the child. */
#include "ptest.h"
#include <sys/mman.h>

static int global = 10;

int main(void)
{
	watchdog(20);
	const size_t len = 4 * 4096;
	unsigned char *priv = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	volatile int *flags = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	CHECK(priv != MAP_FAILED && flags != MAP_FAILED, "mmap: %s", strerror(errno));
	memset(priv, 'p', len);
	char *heap = malloc(1000);
	CHECK(heap, "malloc failed");
	strcpy(heap, "parent");
	volatile int on_stack = 5;

	pid_t pid = fork_or_fail();
	if (pid == 0) {
		memset(priv, 'c', len);
		global = 20;
		strcpy(heap, "child");
		on_stack = 6;
		__atomic_store_n(&flags[0], 1, __ATOMIC_RELEASE); /* child has written */
		while (!__atomic_load_n(&flags[1], __ATOMIC_ACQUIRE))
			sched_yield();
		/* The parent wrote 'P' after the fork; the child must still see its own data. */
		_exit(priv[0] == 'c' && priv[len - 1] == 'c' && global == 20 && on_stack == 6 ? 0 : 3);
	}
	while (!__atomic_load_n(&flags[0], __ATOMIC_ACQUIRE))
		sched_yield();
	for (size_t i = 0; i < len; i += 1024)
		CHECK(priv[i] == 'p', "parent sees the child's write at byte %zu", i);
	CHECK(global == 10, "parent's global is %d, expected 10", global);
	CHECK(strcmp(heap, "parent") == 0, "parent's heap reads \"%s\"", heap);
	CHECK(on_stack == 5, "parent's stack variable is %d", on_stack);
	memset(priv, 'P', len);
	global = 11;
	__atomic_store_n(&flags[1], 1, __ATOMIC_RELEASE);
	int status = wait_for(pid);
	CHECK(status == 0, "child saw the parent's later writes (status 0x%x)", status);
	CHECK(priv[0] == 'P' && global == 11, "parent lost its own writes");
	return 0;
}
