/* /proc/self/status has Linux 6.1's fields, in its order, each "Name:\t..."
 * (programs and test suites look lines up by name and some by position);
 * fields later kernels add between them (Kthread) are let be. */
#include "ptest.h"

static const char *const fields[] = {
	"Name", "Umask", "State", "Tgid", "Ngid", "Pid", "PPid", "TracerPid", "Uid", "Gid",
	"FDSize", "Groups", "NStgid", "NSpid", "NSpgid", "NSsid", "VmPeak", "VmSize", "VmLck",
	"VmPin", "VmHWM", "VmRSS", "RssAnon", "RssFile", "RssShmem", "VmData", "VmStk", "VmExe",
	"VmLib", "VmPTE", "VmSwap", "HugetlbPages", "CoreDumping", "THP_enabled", "Threads",
	"SigQ", "SigPnd", "ShdPnd", "SigBlk", "SigIgn", "SigCgt", "CapInh", "CapPrm", "CapEff",
	"CapBnd", "CapAmb", "NoNewPrivs", "Seccomp", "Seccomp_filters",
	"Speculation_Store_Bypass", "SpeculationIndirectBranch", "Cpus_allowed",
	"Cpus_allowed_list", "Mems_allowed", "Mems_allowed_list", "voluntary_ctxt_switches",
	"nonvoluntary_ctxt_switches",
};

int main(void)
{
	watchdog(20);
	FILE *f = fopen("/proc/self/status", "r");
	CHECK(f, "fopen: %s", strerror(errno));
	char line[1024];
	size_t i = 0, n = sizeof fields / sizeof fields[0];
	while (fgets(line, sizeof line, f)) {
		char *colon = strchr(line, ':');
		CHECK(colon && colon[1] == '\t', "not a \"Name:\\t\" line: %s", line);
		*colon = 0;
		if (i < n && !strcmp(line, fields[i]))
			i++;
	}
	fclose(f);
	CHECK(i == n, "%s missing or out of order", fields[i]);
	return 0;
}
