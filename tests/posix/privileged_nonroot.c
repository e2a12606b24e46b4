/* Privileged calls made by an ordinary user answer EPERM, as Linux does
 * after its argument checks, whether or not the system has the feature
 * behind them: sethostname, setdomainname, settimeofday, clock_settime,
 * iopl, ioperm, swapon, swapoff, acct, init_module, finit_module,
 * delete_module, kexec_load, vhangup. Root changes the host name and
 * uname shows it. */
#include "ptest.h"
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/utsname.h>
#include <time.h>

#define EXPECT(call, err, what) \
	CHECK((call) == -1 && errno == (err), "%s: %s, expected %s", what, strerror(errno), strerror(err))

int main(void)
{
	watchdog(20);
	pid_t c = fork_or_fail();
	if (c == 0) {
		CHECK(setgid(1000) == 0 && setuid(1000) == 0, "setuid: %s", strerror(errno));
		EXPECT(syscall(SYS_sethostname, "x", 1), EPERM, "sethostname");
		EXPECT(syscall(SYS_sethostname, "x", 1000), EPERM, "sethostname too long (EPERM first)");
		EXPECT(syscall(SYS_setdomainname, "x", 1), EPERM, "setdomainname");
		struct timeval tv = { 1000000000, 0 };
		EXPECT(settimeofday(&tv, NULL), EPERM, "settimeofday");
		tv.tv_usec = 2000000;
		EXPECT(settimeofday(&tv, NULL), EINVAL, "settimeofday with a bad tv_usec (EINVAL first)");
		struct timespec ts = { 1000000000, 0 };
		EXPECT(clock_settime(CLOCK_REALTIME, &ts), EPERM, "clock_settime");
		EXPECT(clock_settime(CLOCK_MONOTONIC, &ts), EINVAL, "clock_settime(CLOCK_MONOTONIC)");
		EXPECT(syscall(SYS_iopl, 3), EPERM, "iopl(3)");
		EXPECT(syscall(SYS_iopl, 4), EINVAL, "iopl(4)");
		CHECK(syscall(SYS_iopl, 0) == 0, "iopl(0) is no change: %s", strerror(errno));
		EXPECT(syscall(SYS_ioperm, 0x80, 1, 1), EPERM, "ioperm on");
		EXPECT(syscall(SYS_ioperm, 0xffff, 2, 1), EINVAL, "ioperm past the bitmap");
		EXPECT(syscall(SYS_swapon, "/tmp/swap", 0), EPERM, "swapon");
		EXPECT(syscall(SYS_swapoff, "/tmp/swap"), EPERM, "swapoff");
		EXPECT(syscall(SYS_acct, "/tmp/acct"), EPERM, "acct");
		EXPECT(syscall(SYS_init_module, "", 0, ""), EPERM, "init_module");
		EXPECT(syscall(SYS_finit_module, 0, "", 0), EPERM, "finit_module");
		EXPECT(syscall(SYS_delete_module, "loop", 0), EPERM, "delete_module");
		EXPECT(syscall(SYS_kexec_load, 0, 0, NULL, 0), EPERM, "kexec_load");
		EXPECT(syscall(SYS_vhangup), EPERM, "vhangup");
		_exit(0);
	}
	int status = wait_for(c);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "the user's child: status 0x%x", status);

	struct utsname before, after;
	CHECK(uname(&before) == 0, "uname: %s", strerror(errno));
	CHECK(syscall(SYS_sethostname, "calyx-test", 10) == 0, "root's sethostname: %s", strerror(errno));
	CHECK(uname(&after) == 0 && strcmp(after.nodename, "calyx-test") == 0, "uname shows %s",
	      after.nodename);
	char name[65];
	CHECK(gethostname(name, sizeof name) == 0 && strcmp(name, "calyx-test") == 0, "gethostname: %s", name);
	EXPECT(syscall(SYS_sethostname, "x", 65), EINVAL, "root's sethostname of 65 bytes");
	CHECK(syscall(SYS_sethostname, before.nodename, strlen(before.nodename)) == 0, "restoring: %s",
	      strerror(errno));
	return 0;
}
