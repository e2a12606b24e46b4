/* execve takes Linux-sized argument lists: 10000 arguments and a 100 KiB
 * environment string arrive intact; one string may be 128 KiB with its NUL
 * (MAX_ARG_STRLEN) and one byte more is E2BIG; all strings with their NULs,
 * the path included, plus 8 bytes per argv and envp pointer may fill a quarter
 * of RLIMIT_STACK (2 MiB with the 8 MiB this test sets) and one byte more is
 * E2BIG. A failed execve leaves the caller running. */
#include "ptest.h"
#include <sys/resource.h>

#define MANY 10000
#define BIG_ENV (100 * 1024)
#define STRLEN_MAX (128 * 1024)      /* one string with its NUL */
#define ARG_BYTES (8ul << 20) / 4    /* a quarter of the stack rlimit */

static char *many_argv[MANY + 2];
static char numbers[MANY + 1][8];
static char big_env[BIG_ENV + 8];
static char huge[200 * 1024 + 1];

static int check_many(int argc, char **argv, char **envp)
{
	CHECK(argc == MANY + 1, "argc %d, expected %d", argc, MANY + 1);
	for (int i = 2; i < argc; i++) {
		char want[8];
		snprintf(want, sizeof want, "%d", i);
		CHECK(strcmp(argv[i], want) == 0, "argv[%d] \"%.20s\", expected \"%s\"", i, argv[i], want);
	}
	CHECK(envp[0] && !envp[1], "expected exactly one environment string");
	size_t n = strlen(envp[0]);
	CHECK(n == BIG_ENV + 4 && strncmp(envp[0], "BIG=", 4) == 0, "environment string of %zu bytes", n);
	for (size_t i = 4; i < n; i++)
		CHECK(envp[0][i] == 'a' + (char)(i % 26), "environment byte %zu is 0x%x", i, envp[0][i]);
	return 42;
}

/* Runs execve(path, argv, envp) in a child: the exit status of the new image
   (the child exits 100 + errno when execve fails). */
static int try_exec(const char *path, char **argv, char **envp)
{
	pid_t pid = fork_or_fail();
	if (pid == 0) {
		execve(path, argv, envp);
		_exit(100 + errno);
	}
	int status = wait_for(pid);
	CHECK(WIFEXITED(status), "child: status 0x%x", status);
	return WEXITSTATUS(status);
}

/* argv = path "--quick" filler...: strings of at most STRLEN_MAX - 1 bytes
   so that everything counted comes to exactly total bytes. */
static char **filled_argv(char *path, size_t total)
{
	static char *v[64];
	static char fill[ARG_BYTES];
	memset(fill, 'f', sizeof fill);
	size_t used = 2 * (strlen(path) + 1) + sizeof "--quick" + 2 * 8; /* path twice: execve counts it too */
	int n = 0;
	v[n++] = path;
	v[n++] = "--quick";
	char *at = fill;
	while (used < total) {
		size_t left = total - used; /* this string costs len + 1 + 8 */
		size_t len = left - 9 > STRLEN_MAX - 1 ? STRLEN_MAX - 1 : left - 9;
		if (left - 9 - len < 10 && left - 9 != len)
			len -= 10; /* leave room for one more string */
		v[n++] = at;
		at += len;
		*at++ = '\0';
		used += len + 1 + 8;
	}
	v[n] = NULL;
	return v;
}

int main(int argc, char **argv, char **envp)
{
	if (argc > 1 && strcmp(argv[1], "--many") == 0)
		return check_many(argc, argv, envp);
	if (argc > 1 && strcmp(argv[1], "--quick") == 0)
		return 43;

	watchdog(60);
	struct rlimit rl = { ARG_BYTES * 4, RLIM_INFINITY };
	CHECK(setrlimit(RLIMIT_STACK, &rl) == 0, "setrlimit(RLIMIT_STACK, 8 MiB): %s", strerror(errno));

	many_argv[0] = argv[0];
	many_argv[1] = "--many";
	for (int i = 2; i <= MANY; i++) {
		snprintf(numbers[i], sizeof numbers[i], "%d", i);
		many_argv[i] = numbers[i];
	}
	memcpy(big_env, "BIG=", 4);
	for (size_t i = 4; i < BIG_ENV + 4; i++)
		big_env[i] = 'a' + (char)(i % 26);
	char *big_envp[] = { big_env, NULL };
	int r = try_exec(argv[0], many_argv, big_envp);
	CHECK(r == 42, "10000 arguments and a 100 KiB string: exit %d, expected 42", r);

	/* One string: 128 KiB with its NUL is fine, a byte more is E2BIG. */
	memset(huge, 'h', sizeof huge - 1);
	char *quick[] = { argv[0], "--quick", huge + sizeof huge - STRLEN_MAX, NULL };
	r = try_exec(argv[0], quick, NULL);
	CHECK(r == 43, "a %d-byte argument: exit %d, expected 43", STRLEN_MAX - 1, r);
	quick[2] = huge + sizeof huge - 1 - STRLEN_MAX;
	r = try_exec(argv[0], quick, NULL);
	CHECK(r == 100 + E2BIG, "a %d-byte argument: exit %d, expected %d (E2BIG)", STRLEN_MAX, r, 100 + E2BIG);
	quick[2] = huge;
	r = try_exec(argv[0], quick, NULL);
	CHECK(r == 100 + E2BIG, "a 200 KiB argument: exit %d, expected E2BIG", r);
	char *huge_env[] = { huge, NULL };
	quick[2] = NULL;
	r = try_exec(argv[0], quick, huge_env);
	CHECK(r == 100 + E2BIG, "a 200 KiB environment string: exit %d, expected E2BIG", r);

	/* All together: exactly a quarter of the stack rlimit is fine, a byte more E2BIG. */
	r = try_exec(argv[0], filled_argv(argv[0], ARG_BYTES), NULL);
	CHECK(r == 43, "%lu bytes of arguments: exit %d, expected 43", ARG_BYTES, r);
	r = try_exec(argv[0], filled_argv(argv[0], ARG_BYTES + 1), NULL);
	CHECK(r == 100 + E2BIG, "%lu bytes of arguments: exit %d, expected E2BIG", ARG_BYTES + 1, r);

	/* A failed execve returns to its caller, which keeps running. */
	errno = 0;
	CHECK(execve(argv[0], quick, huge_env) == -1 && errno == E2BIG, "execve: errno %d, expected E2BIG", errno);
	return 0;
}
