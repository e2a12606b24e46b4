/* Calyx only. A plain POSIX program (musl-gcc, no note asking for anything)
 * holds no capability, so the native process_create refuses it: with no
 * capability (through libc's syscall(), native number 20 with the native
 * bit), with any token it could guess, with a capability it made itself (an
 * IPC endpoint), and process_create_env (54) the same; and that with a valid
 * image, its own, so only the missing authority can be the reason. Many
 * refused creations leave the process table as it was: fork still works. */
#include "calyx_native.h"
#include <sys/syscall.h>

#define ERR_NO_AUTHORITY CX_MKERR(CX_ERR_PERMISSION_DENIED)

static uint8_t *self;
static size_t self_size;

static void read_self(void)
{
	int fd = open("/proc/self/exe", O_RDONLY);
	CHECK(fd >= 0, "open /proc/self/exe: %s", strerror(errno));
	size_t room = 1 << 20;
	self = malloc(room);
	CHECK(self, "malloc");
	ssize_t n;
	while ((n = read(fd, self + self_size, room - self_size)) > 0) {
		self_size += (size_t)n;
		if (self_size == room)
			CHECK((self = realloc(self, room *= 2)), "realloc");
	}
	CHECK(n == 0 && self_size > 64 && memcmp(self, ELFMAG, SELFMAG) == 0, "/proc/self/exe is not an ELF file");
	close(fd);
}

static uint64_t create(uint64_t authority)
{
	static const char *argv[] = { "calyx_native_authority", NULL };
	const uint64_t a[8] = { authority, (uint64_t)(uintptr_t)self, self_size, (uint64_t)(uintptr_t)argv, 1, 0, 0 };
	return native_call(CX_NR_PROCESS_CREATE, a, NULL);
}

static uint64_t create_env(uint64_t authority)
{
	static const char *strings[] = { "calyx_native_authority", "HOME=/", NULL };
	const uint64_t a[8] = { authority, (uint64_t)(uintptr_t)self, self_size, (uint64_t)(uintptr_t)strings, 1, 1,
				0, 0 };
	return native_call(CX_NR_PROCESS_CREATE_ENV, a, NULL);
}

int main(void)
{
	watchdog(50);
	CHECK(start_ncaps() == 0, "started with %lu capabilities, expected none", start_ncaps());
	read_self();

	static const char *argv[] = { "calyx_native_authority", NULL };
	long r = syscall(CX_NR_PROCESS_CREATE, (long)CX_CAP_NULL, self, (long)self_size, argv, 1L, 0L);
	CHECK((uint64_t)r == ERR_NO_AUTHORITY, "syscall(process_create) with no capability: %#lx, expected PermissionDenied",
	      (unsigned long)r);
	CHECK(create(CX_CAP_NULL) == ERR_NO_AUTHORITY, "process_create with CX_CAP_NULL is not PermissionDenied");
	CHECK(create_env(CX_CAP_NULL) == ERR_NO_AUTHORITY, "process_create_env with CX_CAP_NULL is not PermissionDenied");

	/* Tokens are generation << 32 | slot, 1023 slots (kernel/cspace.h). */
	for (uint64_t gen = 0; gen < 4; gen++)
		for (uint64_t slot = 0; slot < 1024; slot++) {
			uint64_t token = gen << 32 | slot, c = create(token);
			CHECK(c == ERR_NO_AUTHORITY, "process_create with guessed token %#lx: %#lx, expected PermissionDenied",
			      (unsigned long)token, (unsigned long)c);
		}

	uint64_t ep[4];
	const uint64_t none[8] = { 0 };
	CHECK(native_call(CX_NR_IPC_ENDPOINT_CREATE, none, ep) == 0, "ipc_endpoint_create failed");
	CHECK(create(ep[1]) == ERR_NO_AUTHORITY && create_env(ep[1]) == ERR_NO_AUTHORITY,
	      "process_create(_env) with the program's own endpoint capability is not PermissionDenied");

	pid_t pid = fork_or_fail();
	if (pid == 0)
		_exit(7);
	int status = wait_for(pid);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 7, "fork after the refusals: status 0x%x", status);
	return 0;
}
