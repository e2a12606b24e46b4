/* Calyx only. The POSIX server grants the native process-creation authority
 * to a program that asks for it with the ELF note (this one carries it, as
 * libc-port/cx-cc's programs do) only when its file is owned by root and
 * writable by nobody else: the program started that way holds one start
 * capability that creates a native process (which runs); a copy of it that
 * is group- or other-writable, owned by another user, or whose note asks for
 * something else gets nothing, nor does it when run as a "#!" script's
 * interpreter. As for a set-user-ID-root file, the user running it does not
 * matter. A fork child does not inherit the authority. */
#include "calyx_native.h"
#include <sys/stat.h>

CALYX_ASKS_FOR_NATIVE_AUTHORITY;

#define COPY "/tmp/calyx-grant"
#define SCRIPT "/tmp/calyx-grant.sh"

/* probe mode: the exit status says what this process holds (native_authority_held). */
static int probe(void)
{
	int held = native_authority_held();
	return held == 1 ? 10 : held == 0 ? 20 : 30;
}
#define HELD 10
#define NONE 20

static void write_file(const char *path, const void *data, size_t n, mode_t mode)
{
	unlink(path);
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, mode);
	CHECK(fd >= 0 && write(fd, data, n) == (ssize_t)n && close(fd) == 0, "writing %s: %s", path, strerror(errno));
	CHECK(chmod(path, mode) == 0, "chmod %s: %s", path, strerror(errno)); /* whatever the umask */
}

static uint8_t *read_self(size_t *size)
{
	static uint8_t buf[4 << 20];
	int fd = open("/proc/self/exe", O_RDONLY);
	CHECK(fd >= 0, "open /proc/self/exe: %s", strerror(errno));
	ssize_t n, total = 0;
	while ((n = read(fd, buf + total, sizeof buf - total)) > 0)
		total += n;
	CHECK(n == 0 && total > 0, "reading /proc/self/exe failed");
	close(fd);
	*size = (size_t)total;
	return buf;
}

/* The note's type word in the image: namesz 6, descsz 0, type, "Calyx". */
static uint8_t *note_type(uint8_t *image, size_t size)
{
	static const uint8_t name[] = CX_NOTE_NAME;
	for (size_t i = 12; i + sizeof name <= size; i++)
		if (memcmp(image + i, name, sizeof name) == 0 && image[i - 12] == sizeof name &&
		    image[i - 4] == CX_NOTE_NATIVE_AUTHORITY)
			return image + i - 4;
	fail("the note is not in /proc/self/exe");
}

/* Runs path (probe mode) in a child, as uid when uid is not 0: its exit status. */
static int run_probe(const char *path, uid_t uid)
{
	pid_t pid = fork_or_fail();
	if (pid == 0) {
		if (uid && setuid(uid) != 0)
			_exit(40);
		execl(path, path, "probe", (char *)NULL);
		_exit(41);
	}
	int status = wait_for(pid);
	CHECK(WIFEXITED(status), "%s: status 0x%x", path, status);
	return WEXITSTATUS(status);
}

static void expect(const char *what, const char *path, uid_t uid, int want)
{
	int got = run_probe(path, uid);
	CHECK(got == want, "%s: probe says %s (%d), expected %s", what,
	      got == HELD ? "granted" : got == NONE ? "nothing" : "inconsistent", got, want == HELD ? "granted" : "nothing");
}

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "probe") == 0)
		return probe();
	watchdog(55);
	CHECK(getuid() == 0, "run as root (uid %d)", (int)getuid());
	CHECK(native_authority_held() == 1, "started from a root-owned 0755 file with the note, but not granted");

	pid_t pid = fork_or_fail();
	if (pid == 0) /* the token is copied with the memory, not the capability */
		_exit(native_create(start_cap0(), tiny_exit42, sizeof tiny_exit42) == CX_MKERR(CX_ERR_PERMISSION_DENIED) ? 0 : 1);
	int status = wait_for(pid);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "a fork child still holds the authority (status 0x%x)", status);

	size_t size;
	uint8_t *image = read_self(&size);
	write_file(COPY, image, size, 0755);
	expect("a root-owned 0755 copy", COPY, 0, HELD);
	expect("the same run by uid 1000", COPY, 1000, HELD);
	CHECK(chmod(COPY, 0775) == 0, "chmod");
	expect("group-writable (0775)", COPY, 0, NONE);
	CHECK(chmod(COPY, 0757) == 0, "chmod");
	expect("other-writable (0757)", COPY, 0, NONE);
	CHECK(chmod(COPY, 0755) == 0 && chown(COPY, 1000, 1000) == 0, "chown");
	expect("owned by uid 1000", COPY, 0, NONE);
	CHECK(chown(COPY, 0, 0) == 0 && chmod(COPY, 0755) == 0, "chown back");
	expect("root's and 0755 again", COPY, 0, HELD);

	static const char script[] = "#!" COPY " probe\n";
	write_file(SCRIPT, script, sizeof script - 1, 0755);
	expect("run as a \"#!\" script's interpreter", SCRIPT, 0, NONE);

	*note_type(image, size) = CX_NOTE_NATIVE_AUTHORITY + 1;
	write_file(COPY, image, size, 0755);
	expect("a note of another type", COPY, 0, NONE);

	unlink(COPY);
	unlink(SCRIPT);
	return 0;
}
