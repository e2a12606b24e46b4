/* execve after chroot finds the program inside the new root: "/prog" is the
 * jail's, a path that exists only outside the root is ENOENT (busybox's
 * mdev tests run `chroot DIR /mdev`). The program is this test itself,
 * copied into the jail from /proc/self/exe; run there it checks that it
 * sees the jail as "/". */
#include "fstest.h"

static void copy_self(const char *to)
{
	static char buf[1 << 16];
	int in = OK(open("/proc/self/exe", O_RDONLY));
	int out = OK(open(to, O_CREAT | O_WRONLY | O_TRUNC, 0755));
	long n;
	while ((n = OK(read(in, buf, sizeof buf))) > 0)
		CHECK(write(out, buf, n) == n, "copying the program: short write");
	close(in);
	close(out);
}

int main(int argc, char **argv)
{
	struct stat st;
	if (argc > 1 && !strcmp(argv[1], "inside")) {
		/* exec'd inside the jail: its root is the jail */
		OK(stat("/marker", &st));
		CHECK(st.st_size == 6, "/marker in the jail has size %ld", (long)st.st_size);
		return 0;
	}
	if (argc > 1 && !strcmp(argv[1], "outside"))
		fail("a program outside the new root ran after chroot");
	fs_begin(30);
	OK(mkdir("jail", 0755));
	fs_put("jail/marker", "inside");
	copy_self("jail/prog");
	copy_self("outside-prog");
	pid_t pid = fork_or_fail();
	if (pid == 0) {
		OK(chroot("jail"));
		OK(chdir("/"));
		char outside[300];
		snprintf(outside, sizeof outside, "%s/outside-prog", fs_dir);
		char *wrong[] = { "outside-prog", "outside", NULL };
		CHECK_ERR(execv(outside, wrong), ENOENT);
		char *args[] = { "prog", "inside", NULL };
		execv("/prog", args);
		fail("execv /prog in the jail: %s", strerror(errno));
	}
	int status = wait_for(pid);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "the child in the jail: status 0x%x", status);
	fs_end();
	return 0;
}
