/* /proc/meminfo has MemTotal, MemFree and MemAvailable in kB, in Linux's
 * "Name:   value kB" lines, with MemTotal > MemFree > 0, and sysinfo(2)
 * reports the same total. */
#include "ptest.h"
#include <sys/sysinfo.h>

int main(void)
{
	watchdog(20);
	FILE *f = fopen("/proc/meminfo", "r");
	CHECK(f, "fopen /proc/meminfo: %s", strerror(errno));
	char line[256];
	long total = -1, free_kb = -1, avail = -1;
	while (fgets(line, sizeof line, f)) {
		char name[64], unit[8];
		long v;
		int n = sscanf(line, "%63[^:]: %ld %7s", name, &v, unit);
		CHECK(n >= 2, "bad line \"%s\"", line);
		if (!strcmp(name, "MemTotal"))
			total = v;
		else if (!strcmp(name, "MemFree"))
			free_kb = v;
		else if (!strcmp(name, "MemAvailable"))
			avail = v;
		else
			continue;
		CHECK(n == 3 && !strcmp(unit, "kB"), "%s is not in kB", name);
	}
	fclose(f);
	CHECK(total > 0 && free_kb > 0 && avail >= 0, "MemTotal %ld, MemFree %ld, MemAvailable %ld",
	      total, free_kb, avail);
	CHECK(total > free_kb, "MemTotal %ld is not above MemFree %ld", total, free_kb);
	struct sysinfo si;
	CHECK(sysinfo(&si) == 0, "sysinfo: %s", strerror(errno));
	unsigned long long si_total = (unsigned long long)si.totalram * si.mem_unit / 1024;
	CHECK(si_total == (unsigned long long)total, "sysinfo total %llu kB, MemTotal %ld kB",
	      si_total, total);
	return 0;
}
