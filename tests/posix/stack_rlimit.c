/* The main thread's stack is RLIMIT_STACK (as set at execve): with the
 * default 8 MiB, a recursion 6 MiB deep works; after setrlimit to 1 MiB and
 * an execve, a recursion that goes past it ends in SIGSEGV, delivered on
 * the alternate signal stack when one is set. */
#include "ptest.h"
#include <setjmp.h>
#include <sys/resource.h>

/* Uses about depth KiB of stack: each frame keeps 1 KiB live. */
static __attribute__((noinline)) unsigned recurse(unsigned depth)
{
	volatile char frame[1024];
	frame[0] = (char)depth;
	frame[1023] = (char)(depth >> 8);
	unsigned below = depth ? recurse(depth - 1) : 0;
	return below + (unsigned char)frame[0] + (unsigned char)frame[1023];
}

static sigjmp_buf out;
static volatile int on_altstack;

static void on_segv(int sig, siginfo_t *si, void *uc)
{
	(void)sig, (void)si, (void)uc;
	stack_t ss;
	on_altstack = sigaltstack(NULL, &ss) == 0 && (ss.ss_flags & SS_ONSTACK);
	siglongjmp(out, 1);
}

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "small")) {
		/* RLIMIT_STACK is 1 MiB since the execve: 4 MiB deep must fault. */
		static char alt[65536];
		stack_t ss = { .ss_sp = alt, .ss_size = sizeof alt, .ss_flags = 0 };
		CHECK(sigaltstack(&ss, NULL) == 0, "sigaltstack: %s", strerror(errno));
		struct sigaction sa = { .sa_sigaction = on_segv, .sa_flags = SA_SIGINFO | SA_ONSTACK };
		sigaction(SIGSEGV, &sa, NULL);
		if (sigsetjmp(out, 1) == 0) {
			recurse(4096);
			fail("4 MiB deep under a 1 MiB RLIMIT_STACK did not fault");
		}
		CHECK(on_altstack, "the SIGSEGV handler did not run on the alternate stack");
		return 0;
	}
	struct rlimit rl;
	CHECK(getrlimit(RLIMIT_STACK, &rl) == 0 && rl.rlim_cur >= (8u << 20), "RLIMIT_STACK %lu",
	      (unsigned long)rl.rlim_cur);
	CHECK(recurse(6 * 1024) > 0, "6 MiB deep"); /* would fault without the room */
	rl.rlim_cur = 1 << 20;
	CHECK(setrlimit(RLIMIT_STACK, &rl) == 0, "setrlimit: %s", strerror(errno));
	pid_t pid = fork_or_fail();
	if (pid == 0) {
		execl("/proc/self/exe", argv[0], "small", (char *)NULL);
		_exit(127);
	}
	int st;
	CHECK(waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0, "the small-stack run: status %#x",
	      st);
	return 0;
}
