/* What execve does with files that are not plain programs, as Linux:
 * "#!" scripts whose interpreter is a script too run (up to five script
 * levels, argv rewritten at each), a sixth level or a script naming itself
 * is ELOOP, a missing interpreter ENOENT, a "#!" line without a name
 * ENOEXEC (and "#!" alone, whose empty name is the current directory,
 * EACCES); an ELF naming a missing loader (PT_INTERP) is ENOENT and a
 * malformed PT_INTERP ENOEXEC; empty and garbage files ENOEXEC, a file
 * without x permission or a directory EACCES. */
#include "ptest.h"
#include "elfimage.h"
#include <fcntl.h>
#include <sys/stat.h>

static void put(const char *path, const void *data, size_t n, mode_t mode)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0700);
	CHECK(fd >= 0 && write(fd, data, n) == (ssize_t)n && close(fd) == 0, "writing %s: %s", path,
	      strerror(errno));
	CHECK(chmod(path, mode) == 0, "chmod %s: %s", path, strerror(errno));
}

static void put_text(const char *path, const char *text)
{
	put(path, text, strlen(text), 0755);
}

/* Runs path in a child: its errno from execve, or 0 with the program's
   exit status 0 (the program is this test in "report" mode). */
static int exec_errno(const char *path)
{
	int pipefd[2];
	CHECK(pipe(pipefd) == 0, "pipe: %s", strerror(errno));
	pid_t c = fork_or_fail();
	if (c == 0) {
		close(pipefd[0]);
		char *argv[] = { (char *)path, NULL };
		execv(path, argv);
		int e = errno;
		write(pipefd[1], &e, sizeof e);
		_exit(0);
	}
	close(pipefd[1]);
	int e = 0;
	ssize_t n = read(pipefd[0], &e, sizeof e);
	close(pipefd[0]);
	int status = wait_for(c);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "%s: status 0x%x", path, status);
	return n == sizeof e ? e : 0;
}

#define EXPECT_ERRNO(path, err) \
	do { int e_ = exec_errno(path); CHECK(e_ == (err), "%s: %s, expected %s", path, \
	     e_ ? strerror(e_) : "it ran", (err) ? strerror(err) : "it runs"); } while (0)

static char self[256];
static const char *report_file = "/tmp/binfmt.argv";

/* Report mode: the argv it was given, one line, into report_file. */
static int report(int argc, char **argv)
{
	FILE *f = fopen(report_file, "w");
	for (int i = 1; f && i < argc; i++)
		fprintf(f, "%s%s", argv[i], i + 1 < argc ? " " : "");
	return f && fclose(f) == 0 ? 0 : 1;
}

static void expect_argv(const char *script, const char *want)
{
	unlink(report_file);
	EXPECT_ERRNO(script, 0);
	char got[512] = "";
	FILE *f = fopen(report_file, "r");
	CHECK(f && fgets(got, sizeof got, f), "%s: the program did not report", script);
	fclose(f);
	CHECK(strcmp(got, want) == 0, "%s: argv \"%s\", expected \"%s\"", script, got, want);
}

static void elf_with_interp(const char *path, const char *interp, size_t filesz)
{
	unsigned char img[4096] = { 0 };
	elf_exec_header((Elf64_Ehdr *)img, 0x400200, 2);
	Elf64_Phdr *ph = (void *)(img + sizeof(Elf64_Ehdr));
	ph[0] = (Elf64_Phdr){ .p_type = PT_INTERP, .p_flags = PF_R, .p_offset = 0x180,
			      .p_vaddr = 0x400180, .p_filesz = filesz, .p_memsz = filesz, .p_align = 1 };
	strcpy((char *)img + 0x180, interp);
	ph[1] = (Elf64_Phdr){ .p_type = PT_LOAD, .p_flags = PF_R | PF_X, .p_vaddr = 0x400000,
			      .p_paddr = 0x400000, .p_filesz = 4096, .p_memsz = 4096, .p_align = 4096 };
	img[0x200] = 0xeb, img[0x201] = 0xfe; /* jmp . */
	put(path, img, sizeof img, 0755);
}

int main(int argc, char **argv)
{
	if (argc > 1)
		return report(argc, argv);
	watchdog(60);
	ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
	CHECK(n > 0, "readlink /proc/self/exe: %s", strerror(errno));
	self[n] = 0;
	CHECK(mkdir("/tmp/binfmt", 0755) == 0 || errno == EEXIST, "mkdir: %s", strerror(errno));
	CHECK(chdir("/tmp/binfmt") == 0, "chdir: %s", strerror(errno));

	char line[512];
	snprintf(line, sizeof line, "#!%s mode\n", self);
	put_text("/tmp/binfmt/s2", line);
	put_text("/tmp/binfmt/s1", "#!/tmp/binfmt/s2 x\n");
	expect_argv("/tmp/binfmt/s1", "mode /tmp/binfmt/s2 x /tmp/binfmt/s1");

	/* c0 -> c1 -> ... -> c5 -> the program: c1 is five script levels. */
	for (int i = 0; i < 6; i++) {
		char path[64];
		snprintf(path, sizeof path, "/tmp/binfmt/c%d", i);
		if (i == 5)
			snprintf(line, sizeof line, "#!%s\n", self);
		else
			snprintf(line, sizeof line, "#!/tmp/binfmt/c%d\n", i + 1);
		put_text(path, line);
	}
	expect_argv("/tmp/binfmt/c1", "/tmp/binfmt/c5 /tmp/binfmt/c4 /tmp/binfmt/c3 /tmp/binfmt/c2 /tmp/binfmt/c1");
	EXPECT_ERRNO("/tmp/binfmt/c0", ELOOP);
	put_text("/tmp/binfmt/loop", "#!/tmp/binfmt/loop\n");
	EXPECT_ERRNO("/tmp/binfmt/loop", ELOOP);
	snprintf(line, sizeof line, "#! \t%s   spaced arg  \t\n", self);
	put_text("/tmp/binfmt/spaces", line);
	expect_argv("/tmp/binfmt/spaces", "spaced arg /tmp/binfmt/spaces");

	put_text("/tmp/binfmt/missing", "#!/nonexistent/interpreter\n");
	EXPECT_ERRNO("/tmp/binfmt/missing", ENOENT);
	put_text("/tmp/binfmt/bang", "#!");
	EXPECT_ERRNO("/tmp/binfmt/bang", EACCES);
	put_text("/tmp/binfmt/bangnl", "#!\n");
	EXPECT_ERRNO("/tmp/binfmt/bangnl", ENOEXEC);
	put_text("/tmp/binfmt/blanks", "#!   \t \n");
	EXPECT_ERRNO("/tmp/binfmt/blanks", ENOEXEC);
	put_text("/tmp/binfmt/dirinterp", "#!/tmp\n");
	EXPECT_ERRNO("/tmp/binfmt/dirinterp", EACCES);

	elf_with_interp("/tmp/binfmt/interp", "/lib/no-such-loader.so", 23);
	EXPECT_ERRNO("/tmp/binfmt/interp", ENOENT);
	elf_with_interp("/tmp/binfmt/interp1", "/", 1);
	EXPECT_ERRNO("/tmp/binfmt/interp1", ENOEXEC);
	elf_with_interp("/tmp/binfmt/interpnonul", "/lib/no-such-loader.so", 10);
	EXPECT_ERRNO("/tmp/binfmt/interpnonul", ENOEXEC);

	put_text("/tmp/binfmt/empty", "");
	EXPECT_ERRNO("/tmp/binfmt/empty", ENOEXEC);
	put_text("/tmp/binfmt/garbage", "hello world\n");
	EXPECT_ERRNO("/tmp/binfmt/garbage", ENOEXEC);
	put("/tmp/binfmt/noexec", "#!/bin/sh\n", 10, 0644);
	EXPECT_ERRNO("/tmp/binfmt/noexec", EACCES);
	EXPECT_ERRNO("/tmp/binfmt", EACCES);
	return 0;
}
