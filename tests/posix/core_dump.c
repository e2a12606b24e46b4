/* Core dumps as Linux with core_pattern "core": a process killed by a
 * signal that dumps core (SIGABRT, SIGSEGV) with RLIMIT_CORE unlimited
 * leaves an ELF core file named core in its working directory (mode 0600
 * under umask 022), and its wait status has WCOREDUMP; the file has a
 * PT_NOTE whose NT_PRSTATUS names the process and the signal, NT_SIGINFO,
 * and PT_LOADs holding its memory (a marker it wrote is found at its
 * address); an existing core is replaced. No core with RLIMIT_CORE 0 or
 * when not dumpable (PR_SET_DUMPABLE 0); a core cut short by RLIMIT_CORE
 * stays at most that long (the status still says core, as Linux's). Skipped where
 * core_pattern is something else (a host with a crash handler). */
#include "ptest.h"
#include <elf.h>
#include <fcntl.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>

static char marker[64] = "not yet";
static volatile int *volatile nowhere = (int *)8;

/* Forks a child that sets RLIMIT_CORE to limit, maybe PR_SET_DUMPABLE 0,
   writes the marker and dies of sig. Returns the wait status. */
static int crash(rlim_t limit, int dumpable, int sig)
{
	pid_t child = fork_or_fail();
	if (child == 0) {
		struct rlimit rl = { limit, limit };
		if (setrlimit(RLIMIT_CORE, &rl) != 0)
			_exit(2);
		if (!dumpable)
			prctl(PR_SET_DUMPABLE, 0);
		snprintf(marker, sizeof marker, "calyx-core-marker-%d", (int)getpid());
		if (sig == SIGSEGV)
			*nowhere = 1;
		signal(sig, SIG_DFL);
		raise(sig);
		_exit(3);
	}
	int st = wait_for(child);
	CHECK(WIFSIGNALED(st) && WTERMSIG(st) == sig, "the child did not die of %d (status %#x)", sig, st);
	return st;
}

static size_t slurp(const char *path, unsigned char **out)
{
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		return 0;
	struct stat st;
	fstat(fd, &st);
	*out = malloc((size_t)st.st_size + 1);
	CHECK(*out, "malloc");
	size_t got = 0;
	while (got < (size_t)st.st_size) {
		ssize_t r = read(fd, *out + got, (size_t)st.st_size - got);
		CHECK(r > 0, "read core: %s", strerror(errno));
		got += (size_t)r;
	}
	close(fd);
	return got;
}

/* Checks the core of a child that died of sig. */
static void check_core(int sig)
{
	struct stat st;
	CHECK(stat("core", &st) == 0, "no core file after signal %d", sig);
	CHECK((st.st_mode & 0777) == 0600 && st.st_uid == getuid(), "core mode %o uid %d", st.st_mode & 0777,
	      (int)st.st_uid);
	unsigned char *c;
	size_t len = slurp("core", &c);
	CHECK(len > sizeof(Elf64_Ehdr), "core of %zu bytes", len);
	Elf64_Ehdr *eh = (Elf64_Ehdr *)c;
	CHECK(!memcmp(eh->e_ident, ELFMAG, SELFMAG) && eh->e_type == ET_CORE && eh->e_machine == EM_X86_64,
	      "not an x86_64 ELF core");
	int prstatus = 0, siginfo = 0, found_marker = 0;
	for (int i = 0; i < eh->e_phnum; i++) {
		Elf64_Phdr *ph = (Elf64_Phdr *)(c + eh->e_phoff + (size_t)i * eh->e_phentsize);
		CHECK(ph->p_offset + ph->p_filesz <= len, "a segment past the file's end");
		if (ph->p_type == PT_NOTE) {
			for (size_t at = ph->p_offset; at + sizeof(Elf64_Nhdr) <= ph->p_offset + ph->p_filesz;) {
				Elf64_Nhdr *nh = (Elf64_Nhdr *)(c + at);
				unsigned char *desc = c + at + sizeof *nh + ((nh->n_namesz + 3) & ~3u);
				if (nh->n_type == NT_PRSTATUS && !prstatus) {
					int16_t cursig;
					memcpy(&cursig, desc + 12, 2);
					CHECK(cursig == sig, "NT_PRSTATUS cursig %d, expected %d", cursig, sig);
					prstatus = 1;
				}
				if (nh->n_type == 0x53494749 /* NT_SIGINFO */) {
					int signo;
					memcpy(&signo, desc, 4);
					CHECK(signo == sig, "NT_SIGINFO signo %d", signo);
					siginfo = 1;
				}
				at += sizeof *nh + ((nh->n_namesz + 3) & ~3u) + ((nh->n_descsz + 3) & ~3u);
			}
		} else if (ph->p_type == PT_LOAD && (uintptr_t)marker >= ph->p_vaddr &&
			   (uintptr_t)marker < ph->p_vaddr + ph->p_filesz) {
			const char *m = (const char *)c + ph->p_offset + ((uintptr_t)marker - ph->p_vaddr);
			found_marker = !strncmp(m, "calyx-core-marker-", 18);
		}
	}
	CHECK(prstatus && siginfo, "notes missing (NT_PRSTATUS %d, NT_SIGINFO %d)", prstatus, siginfo);
	CHECK(found_marker, "the child's memory is not in the core");
	free(c);
}

int main(void)
{
	watchdog(60);
	char pat[64] = "";
	int fd = open("/proc/sys/kernel/core_pattern", O_RDONLY);
	if (fd >= 0) {
		ssize_t n = read(fd, pat, sizeof pat - 1);
		close(fd);
		if (n > 0 && strcmp(pat, "core\n")) {
			printf("core_pattern is %s: skipped\n", pat);
			return 0;
		}
	}
	char dir[64];
	snprintf(dir, sizeof dir, "/tmp/core_dump.%d", (int)getpid());
	CHECK(mkdir(dir, 0700) == 0 && chdir(dir) == 0, "mkdir %s: %s", dir, strerror(errno));
	umask(022);

	int st = crash(RLIM_INFINITY, 1, SIGABRT);
	CHECK(WCOREDUMP(st), "SIGABRT with RLIMIT_CORE unlimited: no core flag");
	check_core(SIGABRT);

	st = crash(RLIM_INFINITY, 1, SIGSEGV); /* replaces the old core */
	CHECK(WCOREDUMP(st), "SIGSEGV: no core flag");
	check_core(SIGSEGV);

	unlink("core");
	st = crash(0, 1, SIGABRT);
	struct stat sb;
	CHECK(!WCOREDUMP(st) && stat("core", &sb) < 0, "a core with RLIMIT_CORE 0");
	st = crash(RLIM_INFINITY, 0, SIGABRT);
	CHECK(!WCOREDUMP(st) && stat("core", &sb) < 0, "a core of a process that is not dumpable");
	st = crash(8192, 1, SIGABRT);
	CHECK(WCOREDUMP(st), "a core cut short by RLIMIT_CORE has no core flag (Linux sets it)");
	CHECK(stat("core", &sb) < 0 || sb.st_size <= 8192, "a core of %ld bytes past RLIMIT_CORE 8192",
	      (long)sb.st_size);
	unlink("core");
	CHECK(chdir("/") == 0 && rmdir(dir) == 0, "rmdir: %s", strerror(errno));
	return 0;
}
