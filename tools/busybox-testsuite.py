#!/usr/bin/env python3
"""Runs busybox's own testsuite on the host and inside Calyx and compares them.

usage: tools/busybox-testsuite.py [--build DIR] [--limit SECONDS] [--no-write] [--report-only] [APPLET...]

Both sides run tests/busybox/testsuite-driver.sh, which calls busybox's
testsuite/runtest once per applet under a time limit, against the same musl
busybox (build/busybox/busybox) with its .config and the testsuite of the same
source (build/busybox-src/testsuite):

  host   in build/busybox-testsuite/host/ (bindir layout: busybox, .config,
         testsuite/), with busybox's own sh as /bin/sh (a private mount
         namespace binds it over the host's, as root), so that the shell
         running the test scripts is the same on both sides: dash and ash
         differ (`. FILE ARGS`, echo's escapes) and change what runs;
  Calyx  one boot of build/rootfs.cpio with that directory added at /bb
         (tools/cxrun --cpio ... --file), busybox's sh running everything.

It prints the counts side by side and writes docs/conformance.md (the counts,
and every test that passes on the host but not on Calyx). Logs:
build/busybox-testsuite/{host,calyx}.log. `make busybox-testsuite` runs it;
it is not part of `make test` (it takes minutes).
"""
import argparse
import collections
import os
import re
import shutil
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DRIVER = os.path.join(ROOT, "tests", "busybox", "testsuite-driver.sh")
LIMIT = 120           # seconds per applet (runtest APPLET), both sides
# Applets whose tests are too heavy for LIMIT under TCG: bc's "printing of
# numbers" pipes 1.4 million lines through two bc processes (about 45 s
# natively on the build host). Both sides get the same limit.
SLOW = {"bc": 1800}
CALYX_TIMEOUT = 5400  # seconds for the whole boot inside Calyx
KINDS = ["PASS", "FAIL", "SKIPPED", "UNTESTED", "TIMEOUT"]
RESULT = re.compile(r"^(PASS|FAIL|SKIPPED|UNTESTED|TIMEOUT): ?(.*?)\s*$")

# Why a test fails on Calyx only, where known: (applet, substring of the test
# name or "" for all of the applet's tests, reason).
REASONS = [
    ("bc", "(applet stopped", "the last test pipes 3.9 million lines through two bc processes, one write "
                              "per line (45 s natively on the build host): beyond the time limit under TCG"),
    ("start-stop-daemon", "both -x and -a", "/bin/false is a link to busybox in the image, which then "
                                            "reads argv[0] (qwerty): the test's own comment says it fails so"),
    ("unzip", "subdir only", "the test makes its archive with the host's zip program; the image has none "
                             "(busybox has no zip applet)"),
]
# runtest gathers the .config's options (OPTIONFLAGS, what `optional` checks)
# with `sed | xargs`; when that fails, `optional` skips.
SKIPPED_OPTIONAL = "skipped by `optional`: runtest's OPTIONFLAGS came back empty (see calyx.log)"
# runtest lists the applets busybox has by piping `busybox`'s help into
# `xargs`; when that fails the list is empty and runtest reports every
# new-style test file as "SKIPPED: APPLET (not built)".
NOT_BUILT = "runtest found no applets (\"not built\"): its `busybox \\| xargs` list came back empty"


def stage(build, where):
    """The bindir layout runtest expects, in a fresh directory."""
    shutil.rmtree(where, ignore_errors=True)
    os.makedirs(where)
    shutil.copy2(os.path.join(build, "busybox", "busybox"), os.path.join(where, "busybox"))
    shutil.copy2(os.path.join(build, "busybox", ".config"), os.path.join(where, ".config"))
    shutil.copytree(os.path.join(build, "busybox-src", "testsuite"), os.path.join(where, "testsuite"),
                    symlinks=True)
    shutil.copy2(DRIVER, os.path.join(where, "testsuite-driver.sh"))


def parse(text, diagnostics=None):
    """{(applet, name, n): kind} in order; n counts repeats of a name within an applet.
    diagnostics, when given, receives {key: [lines after the FAIL line]} (runtest -v)."""
    results = collections.OrderedDict()
    applet, seen, current = "?", collections.Counter(), None
    for line in text.splitlines():
        line = line.rstrip("\r")
        if line.startswith("=== "):
            applet, current = line[4:].strip(), None
            continue
        m = RESULT.match(line)
        if not m:
            if current is not None and diagnostics is not None:
                diagnostics.setdefault(current, []).append(line)
            continue
        kind, name = m.groups()
        if kind == "TIMEOUT":
            name = "(applet stopped after the time limit)"
        seen[(applet, name)] += 1
        key = (applet, name, seen[(applet, name)])
        results[key] = kind
        current = key if kind == "FAIL" else None
    return results


ERROR_LINE = re.compile(r"^(?!\+ )[\w./\[\]-]+: .*(not implemented|too long|Bad address|not permitted|"
                        r"No such|Invalid argument|denied|not supported|Inappropriate|can't|cannot|"
                        r"unknown|Broken pipe|timed out|Killed|error).*$", re.I)


def diagnose(lines):
    """One line saying why a test failed, from runtest -v's output after its FAIL line."""
    minus = next((l for l in lines if l.startswith("-") and not l.startswith("---")), None)
    plus = next((l for l in lines if l.startswith("+") and not l.startswith("+++") and
                 not l.startswith("+ ")), None)
    for l in lines:
        if ERROR_LINE.match(l.strip()):
            return l.strip()
    trace = [l[2:] for l in lines if l.startswith("+ ")]
    if trace and minus is None and plus is None:
        return "stopped at: " + trace[-1]
    if minus is not None or plus is not None:
        return f"output differs: expected {minus[1:]!r}, got {plus[1:]!r}" if minus and plus else \
            f"output differs: {'missing ' + repr(minus[1:]) if minus else 'extra ' + repr(plus[1:])}"
    return ""


def counts(results):
    c = collections.Counter(results.values())
    return [c.get(k, 0) for k in KINDS]


def slow_env():
    return " ".join(f"{a}={s}" for a, s in SLOW.items())


def same_shell_prefix(busybox):
    """The command prefix that runs the host side with busybox as /bin/sh, or
    [] when this host cannot (not root, or no unshare)."""
    if os.geteuid() != 0 or not shutil.which("unshare"):
        return []
    probe = subprocess.run(["unshare", "--mount", "--propagation", "private", "true"],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if probe.returncode != 0:
        return []
    return ["unshare", "--mount", "--propagation", "private", "sh", "-c",
            f'mount --bind "{busybox}" /bin/sh && exec "$@"', "same-shell"]


HOST_SHELL = "the host's /bin/sh"


def run_host(build, applets, limit, log):
    global HOST_SHELL
    where = os.path.join(build, "busybox-testsuite", "host")
    stage(build, where)
    prefix = same_shell_prefix(os.path.join(where, "busybox"))
    HOST_SHELL = "busybox sh as /bin/sh" if prefix else "the host's /bin/sh (not root: no private mount)"
    cmd = prefix + ["/bin/sh", os.path.join(where, "testsuite-driver.sh"), where, str(limit)] + applets
    with open(log, "wb") as f:
        p = subprocess.run(cmd, cwd=where, stdin=subprocess.DEVNULL, stdout=f, stderr=subprocess.STDOUT,
                           env=dict(os.environ, SLOW_APPLETS=slow_env()))
    with open(log + ".shell", "w") as f:
        f.write(HOST_SHELL + "\n")
    return open(log, errors="replace").read(), p.returncode


def run_calyx(build, applets, limit, log):
    where = os.path.join(build, "busybox-testsuite", "calyx")
    stage(build, where)
    cmd = [os.path.join(ROOT, "tools", "cxrun"), "--no-build", "--timeout", str(CALYX_TIMEOUT),
           "--mem", "512M", "--env", "PATH=/bin:/sbin:/usr/bin:/usr/sbin", "--env", "HOME=/root",
           "--env", "SHELL=/bin/sh",  # taskset.tests runs $SHELL, as a login shell would have it
           "--env", "SLOW_APPLETS=" + slow_env(),
           "--cpio", os.path.join(build, "rootfs.cpio"), "--file", where + ":/bb",
           os.path.join(build, "busybox", "busybox"), "sh", "/bb/testsuite-driver.sh", "/bb", str(limit)] + applets
    with open(log, "wb") as out, open(log + ".stderr", "wb") as err:
        p = subprocess.run(cmd, cwd=ROOT, stdin=subprocess.DEVNULL, stdout=out, stderr=err,
                           env=dict(os.environ, BUILD=build))
    return open(log, errors="replace").read(), p.returncode


def reason_for(applet, name, n=1):
    for a, part, why in REASONS:
        if a == applet and part in name:
            return why
    d = diagnose(DIAGNOSTICS.get((applet, name, n), []))
    return d[:140].replace("|", "\\|")


DIAGNOSTICS = {}  # Calyx's runtest -v output after each FAIL line


def whole_applet_reason(applet, calyx):
    """Why none of an applet's tests ran on Calyx, from what runtest printed there."""
    kinds = {(n, k) for (a, n, _), k in calyx.items() if a == applet}
    if any(k == "TIMEOUT" for _, k in kinds):
        return f"the applet's tests were stopped after {LIMIT} s; the rest did not run"
    if any(k == "SKIPPED" and n.endswith("(not built)") for n, k in kinds):
        return NOT_BUILT
    if not kinds:
        return "no result printed (see calyx.log)"
    return ""


def unimplemented(stderr_text):
    calls = re.findall(r"posix: unimplemented syscall (\S+) \(\d+\)", stderr_text)
    return sorted(set(calls))


def write_doc(path, host, calyx, minutes, missing_calls, calyx_status):
    hc, cc = counts(host), counts(calyx)
    worse = [(k, host[k], calyx.get(k, "missing")) for k in host
             if host[k] == "PASS" and calyx.get(k) != "PASS"]
    better = [k for k in calyx if calyx[k] == "PASS" and host.get(k) not in (None, "PASS")]
    lines = [
        "# busybox's testsuite: host Linux and Calyx",
        "",
        "GENERATED by `make busybox-testsuite` (tools/busybox-testsuite.py); do not edit by hand.",
        "",
        "busybox 1.35.0 (Debian bookworm's source and patches), built static with musl",
        "(docs/busybox.md), runs its own `testsuite/runtest` one applet at a time",
        f"(tests/busybox/testsuite-driver.sh, {LIMIT} s per applet; "
        + ", ".join(f"{a} {s} s" for a, s in SLOW.items()) + ") on the build host's",
        f"Linux ({HOST_SHELL}) and inside Calyx (one boot of build/rootfs.cpio with the",
        "testsuite at /bb), so that both run the test scripts with the same shell.",
        "Same binary, same .config, same environment as Debian's package build",
        "(SKIP_KNOWN_BUGS=y, SKIP_INTERNET_TESTS=y, LANG=C.UTF-8, ECHO=/bin/echo), as root.",
        "",
        "| result | host | Calyx |",
        "|---|---:|---:|",
    ]
    for k, h, c in zip(KINDS, hc, cc):
        lines.append(f"| {k} | {h} | {c} |")
    lines += [
        f"| total | {sum(hc)} | {sum(cc)} |",
        "",
        f"Duration of the whole run: {minutes:.1f} minutes (both sides, on the 2-core build machine).",
    ]
    if calyx_status != 0:
        lines += ["", f"The Calyx boot ended with status {calyx_status} (124: the boot's time limit)."]
    lines += ["", f"## Passing on the host, not on Calyx ({len(worse)})", ""]
    if worse:
        lines += ["| applet | test | on Calyx | reason (where known) |", "|---|---|---|---|"]
        by_applet = collections.OrderedDict()
        for (applet, name, n), _, ck in worse:
            by_applet.setdefault(applet, []).append((name, n, ck))
        for applet, tests in by_applet.items():
            whole = whole_applet_reason(applet, calyx)
            if whole and all(ck == "missing" for _, _, ck in tests):
                lines.append(f"| {applet} | all {len(tests)} | not run | {whole} |")
                continue
            for name, n, ck in tests:
                shown = (name + (f" (#{n})" if n > 1 else "")).replace("|", "\\|")
                if ck == "SKIPPED":
                    why = SKIPPED_OPTIONAL
                elif ck == "missing":
                    why = whole
                else:
                    why = reason_for(applet, name, n)
                lines.append(f"| {applet} | {shown} | {ck} | {why} |")
    else:
        lines.append("None.")
    if better:
        lines += ["", f"## Passing on Calyx, not on the host ({len(better)})", ""]
        for applet, name, n in better:
            lines.append(f"- {applet}: {name}")
    if missing_calls:
        lines += ["", "## Linux calls the tests made that the POSIX server does not implement", "",
                  ", ".join(missing_calls)]
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--build", default="build")
    ap.add_argument("--limit", type=int, default=LIMIT, help="seconds per applet")
    ap.add_argument("--no-write", action="store_true", help="do not write docs/conformance.md")
    ap.add_argument("--report-only", action="store_true",
                    help="run nothing: compare the logs of the last run and write the report")
    ap.add_argument("applets", nargs="*")
    a = ap.parse_args()
    build = a.build if os.path.isabs(a.build) else os.path.join(ROOT, a.build)
    for f in ["busybox/busybox", "busybox/.config", "busybox-src/testsuite/runtest", "rootfs.cpio",
              "calyx.bin", "servers/posix/posix"]:
        if not os.path.exists(os.path.join(build, f)):
            print(f"busybox-testsuite: {os.path.join(build, f)} is missing (make rootfs)", file=sys.stderr)
            return 2
    logs = os.path.join(build, "busybox-testsuite")
    os.makedirs(logs, exist_ok=True)
    summary = os.path.join(logs, "run.txt")  # "seconds calyx-status" of the last run
    if a.report_only:
        global HOST_SHELL
        if os.path.exists(os.path.join(logs, "host.log.shell")):
            HOST_SHELL = open(os.path.join(logs, "host.log.shell")).read().strip()
        host_text = open(os.path.join(logs, "host.log"), errors="replace").read()
        calyx_text = open(os.path.join(logs, "calyx.log"), errors="replace").read()
        t_all, calyx_status = [float(x) for x in open(summary).read().split()]
        calyx_status = int(calyx_status)
    else:
        start = time.monotonic()
        print("busybox testsuite on the host...", flush=True)
        host_text, _ = run_host(build, a.applets, a.limit, os.path.join(logs, "host.log"))
        t_host = time.monotonic() - start
        print(f"  {t_host:.0f} s; now inside Calyx (one boot)...", flush=True)
        calyx_text, calyx_status = run_calyx(build, a.applets, a.limit, os.path.join(logs, "calyx.log"))
        t_all = time.monotonic() - start
        print(f"  {t_all - t_host:.0f} s (status {calyx_status})", flush=True)
        with open(summary, "w") as f:
            f.write(f"{t_all:.0f} {calyx_status}\n")
    host, calyx = parse(host_text), parse(calyx_text, DIAGNOSTICS)
    if "=== end" not in calyx_text:
        print("busybox-testsuite: the Calyx run did not reach its end (see "
              f"{os.path.join(logs, 'calyx.log')}{{,.stderr}})", file=sys.stderr)
    print(f"\n{'':10} {'host':>6} {'Calyx':>6}")
    for k, h, c in zip(KINDS, counts(host), counts(calyx)):
        print(f"{k:10} {h:6} {c:6}")
    worse = [k for k in host if host[k] == "PASS" and calyx.get(k) != "PASS"]
    print(f"\n{len(worse)} tests pass on the host and not on Calyx; whole run {t_all / 60:.1f} minutes")
    if not a.no_write:
        stderr_text = open(os.path.join(logs, "calyx.log.stderr"), errors="replace").read()
        write_doc(os.path.join(ROOT, "docs", "conformance.md"), host, calyx, t_all / 60,
                  unimplemented(stderr_text), calyx_status)
        print("wrote docs/conformance.md")
    return 0


if __name__ == "__main__":
    sys.exit(main())
