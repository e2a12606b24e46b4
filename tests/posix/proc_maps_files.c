/* /proc/self/maps names what is mapped, in Linux's format: a shared file
 * mapping is "rw-s" at its file offset with the file's device, inode and
 * path; a private one "r--p" likewise; the program's own segments carry its
 * path (one of them executable); the brk heap is "[heap]" and the main
 * stack "[stack]"; an anonymous mapping has "00:00 0" and no name (the line
 * ends in a space); a munmapped range is gone; ranges are in address order. */
#include "ptest.h"
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/syscall.h>
#include <stdint.h>

#define PAGE 4096

static char maps[65536];

static void read_maps(void)
{
	int fd = open("/proc/self/maps", O_RDONLY);
	CHECK(fd >= 0, "open /proc/self/maps: %s", strerror(errno));
	size_t n = 0;
	ssize_t r;
	while ((r = read(fd, maps + n, sizeof maps - 1 - n)) > 0)
		n += (size_t)r;
	CHECK(r == 0, "read maps: %s", strerror(errno));
	maps[n] = 0;
	close(fd);
}

/* The line starting with the address addr (as maps prints it), or NULL. */
static const char *line_at(const void *addr)
{
	char want[32];
	snprintf(want, sizeof want, "%08lx-", (unsigned long)(uintptr_t)addr);
	for (const char *l = maps; *l; l = strchr(l, '\n') + 1) {
		if (!strncmp(l, want, strlen(want)))
			return l;
		if (!strchr(l, '\n'))
			break;
	}
	return NULL;
}

static void line_copy(const char *l, char *out, size_t size)
{
	size_t n = strcspn(l, "\n");
	if (n >= size)
		n = size - 1;
	memcpy(out, l, n);
	out[n] = 0;
}

/* The line for addr has these permissions, offset, device, inode and name. */
static void expect(const void *addr, const char *perms, unsigned long off, dev_t dev, unsigned long ino,
		   const char *name)
{
	const char *l = line_at(addr);
	CHECK(l, "no maps line starts at %p:\n%s", addr, maps);
	char line[600], what[512];
	line_copy(l, line, sizeof line);
	unsigned long start, end, o, i;
	unsigned maj, min;
	char p[5];
	int name_at = 0;
	CHECK(sscanf(line, "%lx-%lx %4s %lx %x:%x %lu %n", &start, &end, p, &o, &maj, &min, &i, &name_at) == 7,
	      "unparsable line: %s", line);
	CHECK(!strcmp(p, perms), "%p: permissions %s, want %s (%s)", addr, p, perms, line);
	CHECK(o == off, "%p: offset %lx, want %lx (%s)", addr, o, off, line);
	CHECK(maj == major(dev) && min == minor(dev), "%p: device %x:%x, want %x:%x (%s)", addr, maj, min,
	      major(dev), minor(dev), line);
	CHECK(i == ino, "%p: inode %lu, want %lu (%s)", addr, i, ino, line);
	snprintf(what, sizeof what, "%s", line + name_at);
	CHECK(!strcmp(what, name), "%p: name \"%s\", want \"%s\" (%s)", addr, what, name, line);
	if (!*name)
		CHECK(line[strlen(line) - 1] == ' ', "an unnamed line ends in a space: \"%s\"", line);
	else
		CHECK(strstr(line, name) - line == 73, "the name starts at column 73: \"%s\"", line);
}

int main(void)
{
	char path[] = "/tmp/proc_maps_XXXXXX";
	int fd = mkstemp(path);
	CHECK(fd >= 0, "mkstemp: %s", strerror(errno));
	CHECK(ftruncate(fd, 3 * PAGE) == 0, "ftruncate: %s", strerror(errno));
	struct stat st;
	CHECK(fstat(fd, &st) == 0, "fstat: %s", strerror(errno));

	char *shared = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	char *priv = mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE, fd, PAGE);
	char *anon = mmap(NULL, 3 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(shared != MAP_FAILED && priv != MAP_FAILED && anon != MAP_FAILED, "mmap: %s", strerror(errno));
	shared[0] = 1;
	anon[0] = 1;
	long brk0 = syscall(SYS_brk, 0);
	CHECK(syscall(SYS_brk, brk0 + 2 * PAGE) == brk0 + 2 * PAGE, "brk grows");

	read_maps();
	expect(shared, "rw-s", 0, st.st_dev, st.st_ino, path);
	expect(priv, "r--p", PAGE, st.st_dev, st.st_ino, path);
	expect(anon, "rw-p", 0, 0, 0, "");
	expect((void *)brk0, "rw-p", 0, 0, 0, "[heap]");
	CHECK(strstr(maps, "[stack]\n"), "no [stack] line:\n%s", maps);

	/* The program's own pages: an executable segment named by its path. */
	char exe[512];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	CHECK(n > 0, "readlink /proc/self/exe: %s", strerror(errno));
	exe[n] = 0;
	int exec_seg = 0;
	for (const char *l = maps; *l; l = strchr(l, '\n') + 1) {
		char line[600];
		line_copy(l, line, sizeof line);
		if (strstr(line, " r-xp ") && strlen(line) > strlen(exe) && !strcmp(line + strlen(line) - strlen(exe), exe))
			exec_seg = 1;
		if (!strchr(l, '\n'))
			break;
	}
	CHECK(exec_seg, "no r-xp line names %s:\n%s", exe, maps);

	/* Address order, no overlaps. */
	unsigned long last = 0;
	for (const char *l = maps; *l; l = strchr(l, '\n') + 1) {
		unsigned long s, e;
		CHECK(sscanf(l, "%lx-%lx", &s, &e) == 2 && s < e && s >= last, "out of order at %.40s", l);
		last = e;
		if (!strchr(l, '\n'))
			break;
	}

	/* Unmapping the middle page of the anonymous mapping splits its line. */
	CHECK(munmap(anon + PAGE, PAGE) == 0, "munmap: %s", strerror(errno));
	read_maps();
	CHECK(!line_at(anon + PAGE), "the unmapped page still has a line");
	expect(anon + 2 * PAGE, "rw-p", 0, 0, 0, "");
	unlink(path);
	return 0;
}
