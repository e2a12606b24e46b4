#!/usr/bin/env python3
"""make bench: boots the native benchmark program (tests/bench/bench.c) under QEMU
and prints, per benchmark, TCG time per operation (median of several boots) and
guest instructions per operation under -icount shift=0,sleep=off (one instruction
is one virtual nanosecond, so those figures repeat exactly from run to run).
Figures only: nothing here passes or fails on time. Writes build/bench/native.md."""
import argparse
import json
import os
import statistics
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# name: (what it measures, reference figure from seed 001, seL4 fast path note)
BENCHES = {
    "null_syscall": ("syscall entry + dispatch + exit (unknown number 0)", "", ""),
    "capability_validate": ("capability_validate on a held capability", "~0.2 us", ""),
    "clock_get": ("clock_get(MONOTONIC)", "", ""),
    "yield_no_switch": ("yield with no other ready thread", "", ""),
    "context_switch": ("one thread switch (two threads yielding)", "~8 us", ""),
    "map_touch_unmap_4k": ("mmap 4 KiB + write + munmap", "~0.6 us (allocation)", ""),
    "ipc_call_reply_64": ("IPC call + reply, 64-byte message: the fast path (receiver waiting)", "~0.8 us (one way)",
                          "seL4 fast path: ~375-720 cycles one way (Skylake)"),
    "ipc_call_replyrecv_64": ("the same, the server looping on ipc_reply_receive (one kernel entry per round trip on its side)",
                              "", "seL4 servers loop on ReplyRecv the same way"),
    "ipc_call_reply_4k": ("IPC call + reply, 4 KiB message", "~3.2 us", ""),
    "process_create_start_wait": ("process create + start + wait", "", ""),
}


def boot(build, icount):
    cmd = [os.path.join(ROOT, "tools", "qemu-run"), "--timeout", "300", "--cmdline", "onpanic=exit",
           "--module", os.path.join(build, "tests", "bench", "bench")]
    if icount:
        cmd.append("--icount")
    out = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT).stdout.decode(errors="replace")
    figures, missing = {}, {}
    for line in out.splitlines():
        parts = line.strip().split()
        if len(parts) >= 3 and parts[0] == "BENCH":
            if parts[2] == "n/a":
                missing[parts[1]] = " ".join(parts[3:])
            else:
                figures[parts[1]] = int(parts[3]) / int(parts[2])
    if "BENCH done" not in out:
        sys.stderr.write("bench: the benchmark program did not finish; output:\n" + out)
    return figures, missing


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--build", default="build")
    ap.add_argument("--runs", type=int, default=3, help="TCG boots (the median is shown)")
    ap.add_argument("--json", help="also write the figures here: {name: {tcg, icount}} (tools/bench_posix.py)")
    a = ap.parse_args()
    build = a.build if os.path.isabs(a.build) else os.path.join(ROOT, a.build)

    tcg_runs, missing = [], {}
    for _ in range(a.runs):
        figures, miss = boot(build, False)
        tcg_runs.append(figures)
        missing.update(miss)
    icount, miss = boot(build, True)
    missing.update(miss)

    rev = subprocess.run(["git", "-C", ROOT, "describe", "--always", "--dirty"], stdout=subprocess.PIPE).stdout.decode().strip()
    header = ["benchmark", "TCG ns/op (median)", "guest instr/op (icount)", "seed 001 figure", "reference"]
    rows = []
    for name, (what, seed, ref) in BENCHES.items():
        samples = [r[name] for r in tcg_runs if name in r]
        if samples:
            rows.append([name, f"{statistics.median(samples):,.0f}", f"{icount.get(name, 0):,.0f}", seed, ref])
        else:
            rows.append([name, "n/a", "n/a", seed, missing.get(name, "not measured yet")])
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(header)]
    line = lambda cells: "  ".join(c.ljust(w) for c, w in zip(cells, widths)).rstrip()
    print(f"Calyx native benchmarks ({rev}); TCG figures are wall-clock under emulation,")
    print("icount figures are guest instructions (repeatable). Seed figures are the seed's published numbers.\n")
    print(line(header))
    print(line(["-" * w for w in widths]))
    for r in rows:
        print(line(r))
    fast = [r for r in rows if r[0] == "ipc_call_reply_64"][0]
    combined = [r for r in rows if r[0] == "ipc_call_replyrecv_64"][0]
    fast_line = (f"IPC fast path (64-byte call + reply to a waiting server, one round trip): "
                 f"{fast[2]} guest instructions, {fast[1]} ns under TCG; "
                 f"with the server on ipc_reply_receive: {combined[2]} guest instructions, {combined[1]} ns")
    print("\n" + fast_line)
    os.makedirs(os.path.join(build, "bench"), exist_ok=True)
    with open(os.path.join(build, "bench", "native.md"), "w") as f:
        f.write(f"# Native benchmarks ({rev})\n\n| " + " | ".join(header) + " |\n|" + "---|" * len(header) + "\n")
        for r in rows:
            f.write("| " + " | ".join(r) + " |\n")
        f.write("\n" + fast_line + "\n")
        f.write("\n" + "\n".join(f"- `{n}`: {w}" for n, (w, _, _) in BENCHES.items()) + "\n")
    print(f"\nwritten: {os.path.relpath(os.path.join(build, 'bench', 'native.md'), ROOT)}")
    if a.json:
        with open(a.json, "w") as f:
            json.dump({name: {"tcg": statistics.median([r[name] for r in tcg_runs if name in r])
                              if any(name in r for r in tcg_runs) else None,
                              "icount": icount.get(name)} for name in BENCHES}, f, indent=1)


if __name__ == "__main__":
    main()
