"""Writes a generator's files, or checks them (make test's stale check).

Shared by tools/gen_syscalls.py and tools/gen_linux_abi.py: each renders a
dict {path relative to the root: text}, and this either writes every file
or reports each that differs from what is on disk."""
import os
import sys


def write_or_check(files, out_root, check):
    """Exit status: 0, or 1 when check is set and a file is stale (or missing)."""
    if check:
        stale = []
        for path, text in files.items():
            try:
                with open(os.path.join(out_root, path), encoding="utf-8", newline="") as f:
                    same = f.read() == text
            except OSError:
                same = False
            if not same:
                stale.append(path)
                print(f"stale: {path} (regenerate with make gen)", file=sys.stderr)
        return 1 if stale else 0
    for path, text in files.items():
        full = os.path.join(out_root, path)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, "w", encoding="utf-8", newline="") as f:
            f.write(text)
    return 0
