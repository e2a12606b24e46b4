/* execve passes argv and envp exactly: the program execs itself with unusual
 * arguments (empty, spaces, long, non-ASCII) and a small environment, and the
 * new image checks what it received. argv[0] must be the program's path. */
#include "ptest.h"

static char long_arg[3000];

static void fill_long_arg(void)
{
	for (unsigned i = 0; i < sizeof long_arg - 1; i++)
		long_arg[i] = 'a' + i % 26;
}

int main(int argc, char **argv, char **envp)
{
	fill_long_arg();
	char *want_argv[] = { argv[0], "--exec-child", "", "two words", "\xc3\xa9t\xc3\xa9", long_arg, "last", NULL };
	char *want_envp[] = { "CALYX_TEST=1", "EMPTY=", "SPACES=a b  c", "X=y=z", NULL };
	const int want_argc = sizeof want_argv / sizeof want_argv[0] - 1;

	if (argc > 1 && strcmp(argv[1], "--exec-child") == 0) {
		CHECK(argc == want_argc, "argc %d, expected %d", argc, want_argc);
		for (int i = 1; i < want_argc; i++)
			CHECK(strcmp(argv[i], want_argv[i]) == 0, "argv[%d] \"%.40s\", expected \"%.40s\"", i, argv[i], want_argv[i]);
		CHECK(argv[argc] == NULL, "argv[argc] is not NULL");
		int n = 0;
		while (envp[n])
			n++;
		CHECK(n == 4, "%d environment strings, expected 4", n);
		for (int i = 0; i < n; i++)
			CHECK(strcmp(envp[i], want_envp[i]) == 0, "envp[%d] \"%s\", expected \"%s\"", i, envp[i], want_envp[i]);
		CHECK(getenv("SPACES") && strcmp(getenv("SPACES"), "a b  c") == 0, "getenv(SPACES) wrong");
		CHECK(getenv("PATH") == NULL, "PATH survived the exec");
		return 42;
	}

	watchdog(20);
	pid_t pid = fork_or_fail();
	if (pid == 0) {
		execve(argv[0], want_argv, want_envp);
		fail("execve(%s): %s", argv[0], strerror(errno));
	}
	int status = wait_for(pid);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 42, "exec'd child: status 0x%x, expected 0x2a00", status);
	return 0;
}
