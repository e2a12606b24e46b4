#!/usr/bin/env python3
"""make bench, POSIX part: runs tests/bench/posix_bench on Calyx and on the Linux
reference VM (tools/cxrun and tools/cxrun --linux, the same QEMU, TCG, -cpu max)
and sets the two side by side.

Per system: one boot under -icount shift=0,sleep=off (guest instructions per
operation, exact and repeatable; also the memory figures) and --runs boots
under plain TCG (emulated wall-clock ns per operation; the median is shown).
Every boot runs all the benchmarks in one program run. The native IPC round
trip of tools/bench.py (--native JSON) joins the table as a Calyx-only line.

Prints the table and memory in use; writes BUILD/bench/posix.md, posix.json
and posix.png (gnuplot: log-scale bars, Calyx beside Linux). When the Linux VM
cannot be had (no kernel in BUILD/linux and no way to fetch it), says so and
shows Calyx's figures alone. Figures only: nothing passes or fails on time.

CXRUN_LINUX=PATH runs the Linux boots with another tools/cxrun (one that
knows --linux), e.g. from a work tree where the Linux VM is being developed."""
import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHELL_HOST = "/bin/busybox"  # Debian's busybox-static: /bin/sh in both guests
SHELL_GUEST = "/bin/sh"
BOOT_TIMEOUT = 900           # seconds one benchmark boot may take
NATIVE_IPC = "ipc_call_reply_64"  # tools/bench.py's IPC fast path round trip
SYSTEMS = ("calyx", "linux")


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def parse(out):
    """{name: ns/op}, {when: (source, kB)}, {name: why} from posix_bench's lines."""
    figures, memory, missing = {}, {}, {}
    for line in out.splitlines():
        p = line.split()
        if len(p) >= 4 and p[0] == "bench" and p[2] == "n/a":
            missing[p[1]] = " ".join(p[3:])
        elif len(p) == 4 and p[0] == "bench":
            figures[p[1]] = float(p[3])
        elif len(p) == 4 and p[0] == "mem" and p[3].isdigit():
            memory[p[2]] = (p[1], int(p[3]))
    return figures, memory, missing


def boot(cxrun, build, system, icount, program, with_shell):
    """One boot running every benchmark; (figures, memory, missing) or None."""
    cmd = [cxrun, "--timeout", str(BOOT_TIMEOUT)]
    if system == "linux":
        cmd.append("--linux")  # builds its /init when missing
    else:
        cmd.append("--no-build")  # make bench built Calyx
    if icount:
        cmd.append("--icount")
    if with_shell:
        cmd += ["--file", f"{SHELL_HOST}:{SHELL_GUEST}"]
    cmd += [program] + (["-m", SHELL_GUEST] if with_shell else [])
    env = dict(os.environ, BUILD=build)
    t0 = time.monotonic()
    p = subprocess.run(cmd, cwd=ROOT, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE)
    out, err = p.stdout.decode(errors="replace"), p.stderr.decode(errors="replace")
    what = f"{system} {'icount' if icount else 'TCG'}"
    if "bench done" not in out:
        log(f"bench: the {what} run did not finish (exit status {p.returncode}):\n{out}{err}")
        return None
    log(f"bench: {what} run: {time.monotonic() - t0:.0f} s")
    return parse(out)


def linux_available(cxrun, build):
    """None when the Linux VM can run, else why not."""
    if cxrun == os.path.join(ROOT, "tools", "cxrun"):
        fetch = os.path.join(ROOT, "tools", "linux-vm")
        if not os.path.exists(fetch):
            return "this tree has no tools/linux-vm (the Linux reference VM)"
        kernel = os.path.join(build, "linux", "vmlinuz")
        if not os.path.isfile(kernel):
            log(f"bench: no Linux kernel at {kernel}: fetching it (tools/linux-vm)")
        p = subprocess.run([fetch, build], cwd=ROOT, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT)
        if p.returncode != 0:
            return "tools/linux-vm could not fetch Debian's kernel:\n" + p.stdout.decode(errors="replace").strip()
    return None


def measure(cxrun, build, system, program, runs, with_shell):
    """{'icount': {...}, 'tcg': {...}, 'memory': {...}, 'missing': {...}} for one system."""
    result = {"icount": {}, "tcg": {}, "memory": {}, "missing": {}}
    r = boot(cxrun, build, system, True, program, with_shell)
    if r:
        result["icount"], result["memory"], result["missing"] = r
    samples = {}
    for _ in range(runs):
        r = boot(cxrun, build, system, False, program, False)
        if r:
            for name, ns in r[0].items():
                samples.setdefault(name, []).append(ns)
            result["missing"].update(r[2])
    result["tcg"] = {name: statistics.median(v) for name, v in samples.items()}
    return result


def bench_list(program):
    """[(name, what)] from posix_bench -l, which runs on the host (static, Linux)."""
    out = subprocess.run([program, "-l"], stdout=subprocess.PIPE, check=True).stdout.decode()
    rows = []
    for line in out.splitlines():
        name, _iterations, what = line.split(None, 2)
        rows.append((name, what))
    return rows


def fmt(v):
    return "n/a" if v is None else f"{v:,.0f}"


def ratio(a, b):
    return "n/a" if a is None or b is None or b == 0 else f"{a / b:.2f}"


def table_rows(names, res, native):
    rows, data = [], []
    for name in names:
        c, l = res["calyx"], res.get("linux")
        ci, ct = c["icount"].get(name), c["tcg"].get(name)
        li, lt = (l["icount"].get(name), l["tcg"].get(name)) if l else (None, None)
        rows.append([name, fmt(ci), fmt(li), ratio(ci, li), fmt(ct), fmt(lt), ratio(ct, lt)])
        data.append((name, ci, li, ct, lt))
    if native and NATIVE_IPC in native:
        ni, nt = native[NATIVE_IPC].get("icount"), native[NATIVE_IPC].get("tcg")
        rows.append(["native_ipc_roundtrip (Calyx only)", fmt(ni), "-", "-", fmt(nt), "-", "-"])
        data.append(("native_ipc_roundtrip", ni, None, nt, None))
    return rows, data


HEADER = ["benchmark", "Calyx instr/op", "Linux instr/op", "ratio", "Calyx TCG ns/op", "Linux TCG ns/op", "ratio"]


def text_table(rows):
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(HEADER)]
    line = lambda cells: "  ".join(c.rjust(w) if i else c.ljust(w) for i, (c, w) in enumerate(zip(cells, widths)))
    return "\n".join([line(HEADER), line(["-" * w for w in widths])] + [line(r) for r in rows])


def md_table(header, rows):
    out = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    return "\n".join(out + ["| " + " | ".join(r) + " |" for r in rows])


def memory_rows(res):
    rows = []
    for system in SYSTEMS:
        m = res.get(system, {}).get("memory", {})
        if not m:
            continue
        source = {"calyx": "native memory_info: physical pages in use",
                  "meminfo": "/proc/meminfo: MemTotal - MemAvailable"}.get(next(iter(m.values()))[0], "?")
        boot_kb, shell_kb = m.get("boot", (None, None))[1], m.get("shell", (None, None))[1]
        shells_kb = m.get("shells10", (None, None))[1]
        rows.append([system.capitalize(), fmt(boot_kb), fmt(shell_kb), fmt(shells_kb), source])
    return rows


def chart(path, data, rev, have_linux):
    """Two log-scale bar panels (instructions, TCG ns), Calyx beside Linux."""
    gnuplot = shutil.which("gnuplot")
    if not gnuplot:
        return "gnuplot is not installed (Debian package gnuplot-nox; tools/deps.sh installs it)"
    dat = path + ".dat"
    with open(dat, "w") as f:
        f.write("# name calyx_instr linux_instr calyx_ns linux_ns\n")
        for name, ci, li, ct, lt in data:
            cols = [("%.1f" % v) if v else "NaN" for v in (ci, li, ct, lt)]
            f.write(f'"{name}" ' + " ".join(cols) + "\n")
    linux_plot = (", '' using {col}:xtic(1) title 'Linux' lc rgb '#dd8452'" if have_linux else "")
    script = f"""
set terminal pngcairo size 1400,1000 font 'DejaVu Sans,11'
set output '{path}'
set datafile missing 'NaN'
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.9 border -1
set boxwidth 0.9
set logscale y
set grid ytics mytics
set xtics rotate by -30 left nomirror noenhanced
set key top left
set lmargin 12
set rmargin 12
set format y '%.0s%c'
set multiplot layout 2,1 title 'Calyx vs Linux in the same QEMU ({rev}); lower is better' noenhanced
set title 'guest instructions per operation (-icount shift=0: exact)'
set ylabel 'instructions / op'
plot '{dat}' using 2:xtic(1) title 'Calyx' lc rgb '#4c72b0'{linux_plot.format(col=3)}
set title 'emulated wall-clock ns per operation (TCG, median of runs)'
set ylabel 'ns / op'
plot '{dat}' using 4:xtic(1) title 'Calyx' lc rgb '#4c72b0'{linux_plot.format(col=5)}
unset multiplot
"""
    p = subprocess.run([gnuplot], input=script.encode(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    os.unlink(dat)
    return None if p.returncode == 0 else "gnuplot failed: " + p.stdout.decode(errors="replace")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--build", default="build")
    ap.add_argument("--runs", type=int, default=3, help="TCG boots per system (the median is shown)")
    ap.add_argument("--native", help="tools/bench.py --json output: adds the native IPC round trip")
    ap.add_argument("--no-linux", action="store_true", help="Calyx alone")
    a = ap.parse_args()
    build = a.build if os.path.isabs(a.build) else os.path.join(ROOT, a.build)
    program = os.path.join(build, "tests", "bench", "posix_bench")
    started = time.monotonic()
    with_shell = os.path.isfile(SHELL_HOST)
    if not with_shell:
        log(f"bench: no {SHELL_HOST} on this host (Debian's busybox-static): no 'with a shell' memory figure")

    names = [n for n, _ in bench_list(program)]
    whats = dict(bench_list(program))
    res = {"calyx": measure(os.path.join(ROOT, "tools", "cxrun"), build, "calyx", program, a.runs, with_shell)}
    linux_cxrun = os.environ.get("CXRUN_LINUX", os.path.join(ROOT, "tools", "cxrun"))
    why_not = "--no-linux given" if a.no_linux else linux_available(linux_cxrun, build)
    if why_not is None:
        res["linux"] = measure(linux_cxrun, build, "linux", program, a.runs, with_shell)
        if not res["linux"]["icount"] and not res["linux"]["tcg"]:
            why_not = "every Linux run failed (see above)"
            del res["linux"]
    native = None
    if a.native and os.path.isfile(a.native):
        with open(a.native) as f:
            native = json.load(f)

    rev = subprocess.run(["git", "-C", ROOT, "describe", "--always", "--dirty"],
                         stdout=subprocess.PIPE).stdout.decode().strip()
    rows, data = table_rows(names, res, native)
    mem = memory_rows(res)
    missing = {**res["calyx"]["missing"], **res.get("linux", {}).get("missing", {})}
    out_dir = os.path.join(build, "bench")
    os.makedirs(out_dir, exist_ok=True)
    png = os.path.join(out_dir, "posix.png")
    chart_error = chart(png, data, rev, "linux" in res)

    print(f"\nPOSIX benchmarks, Calyx vs Linux in the same QEMU (TCG, -cpu max), {rev}")
    print("instr/op: guest instructions under -icount shift=0,sleep=off (one run, exact);")
    print(f"TCG ns/op: emulated wall-clock time, median of {a.runs} runs (noisy: compare ratios); ratio = Calyx / Linux\n")
    if why_not:
        print(f"Linux reference VM unavailable: {why_not}\nCalyx's figures alone:\n")
    print(text_table(rows))
    for name, why in missing.items():
        print(f"  {name}: n/a: {why}")
    print("\nGuest memory in use (kB)")
    mem_header = ["system", "after boot", f"with {SHELL_GUEST} running", f"with ten {SHELL_GUEST}", "source"]
    print("\n".join("  ".join(c.ljust(18) for c in r).rstrip() for r in [mem_header] + mem))

    with open(os.path.join(out_dir, "posix.md"), "w") as f:
        f.write(f"# POSIX benchmarks: Calyx vs Linux ({rev})\n\n")
        if why_not:
            f.write(f"Linux reference VM unavailable: {why_not}\n\n")
        f.write("instr/op: guest instructions per operation under `-icount shift=0,sleep=off` (one run, exact); "
                f"TCG ns/op: median of {a.runs} runs under plain TCG; ratio = Calyx / Linux. "
                "See docs/performance.md.\n\n")
        f.write(md_table(HEADER, rows) + "\n\n## Guest memory in use (kB)\n\n")
        f.write(md_table(mem_header, mem) + "\n\n## What each benchmark does\n\n")
        f.write("\n".join(f"- `{n}`: {whats[n]}" for n in names) + "\n")
        f.write(f"- `native_ipc_roundtrip`: Calyx's native 64-byte IPC call + reply ({NATIVE_IPC} of "
                "tools/bench.py), for scale\n")
        f.write("\n![chart](posix.png)\n")
    with open(os.path.join(out_dir, "posix.json"), "w") as f:
        json.dump({"revision": rev, "results": res, "native": native, "linux_unavailable": why_not}, f, indent=1)
    print(f"\nwritten: {os.path.relpath(os.path.join(out_dir, 'posix.md'), ROOT)}, posix.json"
          + (f", posix.png" if not chart_error else f" (no chart: {chart_error})"))
    print(f"POSIX benchmark time: {time.monotonic() - started:.0f} s")


if __name__ == "__main__":
    main()
