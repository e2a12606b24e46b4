/* Calyx only. Native processes a POSIX program started do not outlive it:
 * a child (this program, granted the native authority: note, root-owned
 * 0755 file) starts BATCH native processes that never end by themselves (a
 * few spin, the rest sleep: 200 spinners would starve everything else) and
 * exits without stopping them; then a second child does the same. The
 * kernel's process table (256) holds one batch but not two, so the second
 * batch fits only because the first was killed when its creator exited. A
 * batch that finds the table still full waits a little and tries again (the
 * killed ones leave as they are next scheduled), within the watchdog. */
#include "calyx_native.h"
#include <time.h>

CALYX_ASKS_FOR_NATIVE_AUTHORITY;

#define BATCH 200
#define SPINNERS 4
#define RETRY_SECONDS 20 /* a full table: how long to wait for killed processes to leave */

static int before(const struct timespec *t)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return now.tv_sec < t->tv_sec || (now.tv_sec == t->tv_sec && now.tv_nsec < t->tv_nsec);
}

/* Starts BATCH native processes that never end: 0 when all run, 1 otherwise. */
static int spawn_batch(void)
{
	uint64_t authority = start_cap0();
	if (native_authority_held() != 1)
		return 2;
	struct timespec until;
	clock_gettime(CLOCK_MONOTONIC, &until);
	until.tv_sec += RETRY_SECONDS;
	for (int n = 0; n < BATCH;) {
		/* The spinners last: from then on everything else gets a share of the CPU only. */
		uint64_t pid = n >= BATCH - SPINNERS ? native_create(authority, tiny_spin, sizeof tiny_spin)
						     : native_create(authority, tiny_sleep, sizeof tiny_sleep);
		if (pid == CX_MKERR(CX_ERR_RESOURCE_EXHAUSTED) && before(&until)) {
			nanosleep(&(struct timespec){ 0, 10 * 1000 * 1000 }, NULL);
			continue;
		}
		const uint64_t start[8] = { pid };
		if (CX_IS_ERR(pid) || native_call(CX_NR_PROCESS_START, start, NULL) != 0) {
			fprintf(stderr, "native process %d of %d: %s %lu%s\n", n + 1, BATCH,
				CX_IS_ERR(pid) ? "process_create error" : "process_start failed, pid",
				(unsigned long)(CX_IS_ERR(pid) ? CX_ERR_CODE(pid) : pid),
				pid == CX_MKERR(CX_ERR_RESOURCE_EXHAUSTED) ? " (ResourceExhausted: the table stayed full)" : "");
			return 1;
		}
		n++;
	}
	return 0; /* exits with BATCH native processes running */
}

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "spawn") == 0)
		return spawn_batch();
	watchdog(55);
	for (int batch = 1; batch <= 2; batch++) {
		pid_t pid = fork_or_fail();
		if (pid == 0) {
			execl("/proc/self/exe", argv[0], "spawn", (char *)NULL);
			_exit(41);
		}
		int status = wait_for(pid);
		CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0,
		      "batch %d of %d native processes: status 0x%x%s", batch, BATCH, status,
		      batch == 2 ? " (the first batch outlived its creator?)" : "");
	}
	return 0;
}
