/* Writes of at most PIPE_BUF bytes to a pipe are atomic: several writers
 * (forked children) each write PIPE_BUF-sized records filled with their own
 * byte, through a pipe that is often full, and the reader finds every record
 * whole, never interleaved with another. */
#include "ptest.h"
#include <limits.h>

#define WRITERS 4
#define RECORDS 24

int main(void)
{
	watchdog(60);
	int p[2];
	CHECK(pipe(p) == 0, "pipe: %s", strerror(errno));
	pid_t pids[WRITERS];
	for (int w = 0; w < WRITERS; w++) {
		pids[w] = fork_or_fail();
		if (pids[w] == 0) {
			close(p[0]);
			static char rec[PIPE_BUF];
			memset(rec, 'A' + w, sizeof rec);
			for (int i = 0; i < RECORDS; i++)
				if (write(p[1], rec, sizeof rec) != (ssize_t)sizeof rec)
					_exit(2);
			_exit(0);
		}
	}
	close(p[1]);
	usleep(100000); /* let the writers fill the pipe and block */
	static char rec[PIPE_BUF];
	int counts[WRITERS] = { 0 };
	for (;;) {
		size_t got = 0;
		while (got < sizeof rec) {
			ssize_t r = read(p[0], rec + got, sizeof rec - got);
			CHECK(r >= 0, "read: %s", strerror(errno));
			if (r == 0)
				break;
			got += (size_t)r;
		}
		if (got == 0)
			break;
		CHECK(got == sizeof rec, "a record of %zu bytes at the end", got);
		char c = rec[0];
		CHECK(c >= 'A' && c < 'A' + WRITERS, "record starts with byte 0x%02x", (unsigned char)c);
		for (size_t i = 1; i < sizeof rec; i++)
			CHECK(rec[i] == c, "record of '%c' interleaved with '%c' at byte %zu", c, rec[i], i);
		counts[c - 'A']++;
	}
	for (int w = 0; w < WRITERS; w++) {
		int st = wait_for(pids[w]);
		CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "writer %d status 0x%x", w, st);
		CHECK(counts[w] == RECORDS, "writer %d: %d records read, expected %d", w, counts[w], RECORDS);
	}
	return 0;
}
