/* oom_cow_victim: when memory runs out, the OOM killer ends the process
 * using the most memory (with SIGKILL), whoever's copy-on-write write ran
 * out; the others live on and their data is intact.
 *
 * The parent maps DATA_PAGES pages, fills them and forks children A and R:
 * they and the parent share those pages copy-on-write. Then, three times, a
 * hog fills memory: it maps and touches chunks (halving them when mmap says
 * ENOMEM, down to a page) and
 *   1. reports "full" and waits; then A writes all its shared pages;
 *   2. writes its own inherited copy of the shared pages, then reports;
 *   3. reports "full" and waits; then R read()s a byte from a pipe into one
 *      of its shared pages (a kernel write: on Calyx the POSIX server's
 *      process_vm_write into R).
 * On Calyx, which allocates at mmap, the hog's mmap fails with ENOMEM when
 * memory is down to the kernel's reserve, so the copy-on-write breaks of A,
 * of the hog, of the server writing for R find no frame: each time the hog,
 * the biggest process, must be the one killed, by SIGKILL (not A by
 * SIGSEGV, nor the hog by SIGSEGV in (2), nor R's read failing with
 * EFAULT). On Linux, which overcommits, the hog touching its chunks is what
 * runs out, and the OOM killer ends it then (SIGKILL). A hog that got to
 * report and is still alive when the rest is done (memory enough after all)
 * is killed by the parent, as is one that stopped at HOG_MAX on a big
 * machine. A, R, the parent and their data must come through. */
#include "ptest.h"
#include <stdint.h>
#include <sys/mman.h>

#define DATA_PAGES 1024       /* 4 MiB */
#define FIRST_CHUNK (16 << 20) /* the hog's first mmap size */
/* A hog takes no more than this: Calyx and the Linux VM (256 MiB) run out
   long before, a bigger machine (the test run on a host) does not fill up. */
#define HOG_MAX ((size_t)1 << 30)

static size_t page;
static unsigned char *data;

static uint32_t word_of(size_t i, unsigned who) { return (uint32_t)(i * 2654435761u) ^ who; }

/* Page i: its first word says whose it is, the rest is one byte. */
static void fill_page(size_t i, unsigned who)
{
	unsigned char *p = data + i * page;
	memset(p, (int)((i + who) & 0xff), page);
	uint32_t w = word_of(i, who);
	memcpy(p, &w, sizeof w);
}

/* 0 when page i is as fill_page(i, who) left it. */
static int page_differs(size_t i, unsigned who)
{
	const unsigned char *p = data + i * page;
	uint32_t w;
	memcpy(&w, p, sizeof w);
	if (w != word_of(i, who))
		return 1;
	for (size_t o = sizeof w; o < page; o += 97)
		if (p[o] != ((i + who) & 0xff))
			return 1;
	return p[page - 1] != ((i + who) & 0xff);
}

static size_t first_bad_page(unsigned who)
{
	for (size_t i = 0; i < DATA_PAGES; i++)
		if (page_differs(i, who))
			return i;
	return DATA_PAGES;
}

/* Takes all the memory it can get (up to HOG_MAX), by mmap and touching each page. */
static void fill_memory(void)
{
	size_t taken = 0;
	for (size_t chunk = FIRST_CHUNK; chunk >= page && taken < HOG_MAX;) {
		unsigned char *m = mmap(NULL, chunk, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (m == MAP_FAILED) {
			if (errno != ENOMEM)
				fail("hog: mmap of %zu bytes: %s, expected ENOMEM", chunk, strerror(errno));
			chunk /= 2;
			continue;
		}
		for (size_t o = 0; o < chunk; o += page)
			m[o] = 1;
		taken += chunk;
	}
}

/* The hog: fills memory, writes its shared pages if asked to, reports on
   fd and waits to be killed. */
static _Noreturn void hog(int fd, int write_shared)
{
	fill_memory();
	if (write_shared)
		for (size_t i = 0; i < DATA_PAGES; i++)
			fill_page(i, 2);
	if (write(fd, "F", 1) != 1)
		fail("hog: write: %s", strerror(errno));
	for (;;)
		pause();
}

/* Starts a hog; returns its pid and whether it reported (0: it died first). */
static pid_t start_hog(int write_shared, int *reported)
{
	int p[2];
	CHECK(pipe(p) == 0, "pipe: %s", strerror(errno));
	pid_t pid = fork_or_fail();
	if (pid == 0) {
		close(p[0]);
		hog(p[1], write_shared);
	}
	close(p[1]);
	char c;
	ssize_t n;
	do
		n = read(p[0], &c, 1);
	while (n < 0 && errno == EINTR);
	CHECK(n >= 0, "read from the hog: %s", strerror(errno));
	close(p[0]);
	*reported = n == 1;
	return pid;
}

/* The hog must have been killed by SIGKILL; one that reported may still be
   alive (memory was enough after all): then it is killed here. */
static void end_hog(pid_t pid, int reported, const char *which)
{
	if (reported)
		kill(pid, SIGKILL);
	int s = wait_for(pid);
	if (!WIFSIGNALED(s) || WTERMSIG(s) != SIGKILL)
		fail("%s: status %#x, expected death by SIGKILL", which, s);
}

/* Waits for the word on fd and returns it, read straight into `to`. */
static void read_word(int fd, unsigned char *to, const char *who)
{
	ssize_t n;
	do
		n = read(fd, to, 1);
	while (n < 0 && errno == EINTR);
	if (n != 1)
		fail("%s: read: %zd (%s)", who, n, strerror(errno));
}

/* Child A: waits for the word, then writes every shared page and checks them. */
static _Noreturn void child_a(int go)
{
	unsigned char c;
	read_word(go, &c, "A");
	size_t bad = first_bad_page(0);
	if (bad < DATA_PAGES)
		fail("A: shared page %zu changed before A wrote it", bad);
	for (size_t i = 0; i < DATA_PAGES; i++)
		fill_page(i, 1);
	bad = first_bad_page(1);
	if (bad < DATA_PAGES)
		fail("A: page %zu does not hold what A wrote", bad);
	_exit(0);
}

/* The byte the parent sends R: what the last shared page's last byte holds
   anyway, so R's pages stay as fill_page(i, 0) made them. */
static unsigned char last_byte(void) { return (unsigned char)((DATA_PAGES - 1) & 0xff); }

/* Child R: reads the word into the last byte of its last shared page. */
static _Noreturn void child_r(int go)
{
	read_word(go, data + DATA_PAGES * page - 1, "R");
	size_t bad = first_bad_page(0);
	if (bad < DATA_PAGES)
		fail("R: page %zu changed (the byte read was %#x)", bad, data[DATA_PAGES * page - 1]);
	_exit(0);
}

/* Forks a child that runs fn(read end of a new pipe); *go is the write end. */
static pid_t start_child(void (*fn)(int), int *go)
{
	int p[2];
	CHECK(pipe(p) == 0, "pipe: %s", strerror(errno));
	pid_t pid = fork_or_fail();
	if (pid == 0) {
		close(p[1]);
		fn(p[0]);
	}
	close(p[0]);
	*go = p[1];
	return pid;
}

/* Sends the word, then the child must exit 0. */
static void finish_child(pid_t pid, int go, unsigned char word, const char *what)
{
	CHECK(write(go, &word, 1) == 1, "write to %s: %s", what, strerror(errno));
	close(go);
	int s = wait_for(pid);
	if (!WIFEXITED(s) || WEXITSTATUS(s) != 0)
		fail("%s: status %#x, expected exit 0", what, s);
}

int main(void)
{
	watchdog(50);
	page = (size_t)sysconf(_SC_PAGESIZE);
	data = mmap(NULL, DATA_PAGES * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(data != MAP_FAILED, "mmap: %s", strerror(errno));
	for (size_t i = 0; i < DATA_PAGES; i++)
		fill_page(i, 0);
	int go_a, go_r;
	pid_t a = start_child(child_a, &go_a);
	pid_t r = start_child(child_r, &go_r);

	/* 1: the hog holds the memory, A's copy-on-write writes run out. */
	int reported;
	pid_t hog = start_hog(0, &reported);
	finish_child(a, go_a, 'g', "A (writing its copy-on-write pages)");
	end_hog(hog, reported, "first hog (A wrote)");

	/* 2: the hog's own copy-on-write writes run out. */
	hog = start_hog(1, &reported);
	end_hog(hog, reported, "second hog (it wrote)");

	/* 3: the hog holds the memory, a read() into R's copy-on-write page runs out. */
	hog = start_hog(0, &reported);
	finish_child(r, go_r, last_byte(), "R (reading into a copy-on-write page)");
	end_hog(hog, reported, "third hog (R read)");

	size_t bad = first_bad_page(0);
	if (bad < DATA_PAGES)
		fail("parent: page %zu changed", bad);
	return 0;
}
