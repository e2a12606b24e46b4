/* A handler installed with SA_ONSTACK runs on the sigaltstack, which reports
 * SS_ONSTACK meanwhile; without SA_ONSTACK it runs on the normal stack. */
#include "ptest.h"

static char altstack[64 * 1024];
static volatile int on_alt, flags_inside;

static int inside_altstack(void *p)
{
	return (char *)p >= altstack && (char *)p < altstack + sizeof altstack;
}

static void on_signal(int sig)
{
	int local;
	stack_t cur;
	(void)sig;
	on_alt = inside_altstack(&local);
	sigaltstack(NULL, &cur);
	flags_inside = cur.ss_flags;
}

int main(void)
{
	stack_t ss = { .ss_sp = altstack, .ss_size = sizeof altstack, .ss_flags = 0 }, old;
	CHECK(sigaltstack(&ss, &old) == 0, "sigaltstack: %s", strerror(errno));
	CHECK(old.ss_flags & SS_DISABLE, "an alternate stack existed at start (flags %d)", old.ss_flags);
	stack_t tiny = { .ss_sp = altstack, .ss_size = 512, .ss_flags = 0 };
	CHECK(sigaltstack(&tiny, NULL) == -1 && errno == ENOMEM, "a 512-byte stack: %s, expected ENOMEM", strerror(errno));

	struct sigaction sa = { .sa_handler = on_signal, .sa_flags = SA_ONSTACK };
	sigemptyset(&sa.sa_mask);
	sigaction(SIGUSR1, &sa, NULL);
	raise(SIGUSR1);
	CHECK(on_alt, "SA_ONSTACK handler did not run on the alternate stack");
	CHECK(flags_inside & SS_ONSTACK, "sigaltstack inside the handler: flags %d lack SS_ONSTACK", flags_inside);
	stack_t cur;
	sigaltstack(NULL, &cur);
	CHECK(!(cur.ss_flags & SS_ONSTACK), "still SS_ONSTACK after the handler returned");

	sa.sa_flags = 0;
	sigaction(SIGUSR2, &sa, NULL);
	on_alt = 1;
	raise(SIGUSR2);
	CHECK(!on_alt, "a handler without SA_ONSTACK ran on the alternate stack");

	return 0;
}
