#!/usr/bin/env python3
"""Generate the Calyx syscall glue from include/calyx/syscalls.toml.

The table is the one description of the native ABI. From it this script
writes the shared ABI header, the kernel's handler prototypes, dispatch and
name tables, the user-space stubs and the reference documentation. Which
instruction and registers carry a call is each architecture's: the script
reads arch/<cpu>/syscall_abi.toml beside the table for every <cpu> that has
one (include/calyx/arch/x86_64/syscall_abi.toml today); only the
documentation names registers.

    gen_syscalls.py                 validate the table and write every output
    gen_syscalls.py --outdir DIR    write the outputs under DIR instead
    gen_syscalls.py --check         validate, regenerate in memory and compare
                                    with the files on disk (exit 1 if stale)
    gen_syscalls.py --list          print the tables (the native one, then each
                                    architecture's convention) and output paths

Python 3.11+ standard library only.
"""

import argparse
import os
import re
import sys
import tomllib

from genfiles import write_or_check

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TABLE = "include/calyx/syscalls.toml"
ARCH_ABI = "syscall_abi.toml"  # in arch/<cpu>/ beside the table: that CPU's convention
ARCH_ABI_GLOB = "include/calyx/arch/*/" + ARCH_ABI

TRACE_KINDS = ("int", "uint", "hex", "ptr", "cap")
SPECIAL_RESULTS = ("none", "noreturn")
NAMED_MAXIMA = {"UINT32_MAX": (1 << 32) - 1, "UINT64_MAX": (1 << 64) - 1}
IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
LOWER_IDENT = re.compile(r"[a-z_][a-z0-9_]*\Z")
UPPER_IDENT = re.compile(r"[A-Z_][A-Z0-9_]*\Z")
CAMEL = re.compile(r"[A-Z][A-Za-z0-9]*\Z")
C_KEYWORDS = {"auto", "break", "case", "char", "const", "continue", "default", "do", "double",
              "else", "enum", "extern", "float", "for", "goto", "if", "inline", "int", "long",
              "register", "restrict", "return", "short", "signed", "sizeof", "static", "struct",
              "switch", "typedef", "union", "unsigned", "void", "volatile", "while", "out"}
WIDTH = 100  # wrap generated C declarations at this column


class TableError(Exception):
    """The table is malformed; args are the individual complaints."""


def upper_snake(camel):
    """InvalidParameter -> INVALID_PARAMETER."""
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", camel).upper()


# --------------------------------------------------------------------------
# The model: the table checked and resolved into plain objects.

class Type:
    """A type usable by arguments, results and fields.

    user_c is its C spelling in user space, kernel_c in kernel prototypes
    (pointers become user_addr_t there). bits is the value's width; 0 marks
    pointee-only types (void, char) and structs."""

    def __init__(self, name, user_c, kernel_c, bits, trace, is_ptr=False, struct=None):
        self.name, self.user_c, self.kernel_c = name, user_c, kernel_c
        self.bits, self.trace, self.is_ptr, self.struct = bits, trace, is_ptr, struct


class Struct:
    def __init__(self, name, c, description, fields):
        self.name, self.c, self.description, self.fields = name, c, description, fields

    @property
    def ctype(self):
        return "struct " + self.c


class Field:
    def __init__(self, name, type_, description):
        self.name, self.type, self.description = name, type_, description


class Syscall:
    def __init__(self, raw):
        self.raw = raw
        self.number = raw.get("number")
        self.name = raw.get("name")
        self.group = raw.get("group")
        self.description = raw.get("description")
        self.details = raw.get("details", "")
        self.args = []          # [Field]
        self.result = None      # "none", "noreturn", a scalar Type or a Struct
        self.returns = raw.get("returns")
        self.errors = []        # [(error name, why)]
        self.example = raw.get("example")
        self.infallible = raw.get("infallible", False)

    @property
    def upper(self):
        return self.name.upper()

    @property
    def struct(self):
        return self.result if isinstance(self.result, Struct) else None

    @property
    def noreturn(self):
        return self.result == "noreturn"

    def label(self):
        return f"syscall '{self.name}' (number {self.number})"


class Arch:
    """One architecture's calling convention (arch/<cpu>/syscall_abi.toml)."""

    KEYS = {"instruction": str, "number_register": str, "arg_registers": list,
            "result_register": str, "result_struct_registers": list, "clobbered": list}

    def __init__(self, cpu, path, data):
        self.cpu, self.path = cpu, path
        for key in self.KEYS:
            setattr(self, key, data.get(key))


class Model:
    """Everything the generators need, validated. arches: [(cpu, path, data)],
    each architecture's syscall_abi.toml as read."""

    def __init__(self, data, table_name, arches):
        self.table_name = table_name
        self.problems = []
        self.types = {}
        self.structs = {}
        self._load(data)
        self._load_arches(arches)
        if self.problems:
            raise TableError(*self.problems)

    def bad(self, message):
        self.problems.append(message)

    # Small helpers that complain instead of raising, so one run lists every problem.
    def text(self, obj, key, where):
        value = obj.get(key)
        if not isinstance(value, str) or not value.strip():
            self.bad(f"{where}: missing {key}")
            return ""
        return value.strip()

    def unknown_keys(self, obj, allowed, where):
        for key in obj:
            if key not in allowed:
                self.bad(f"{where}: unknown key '{key}'")

    def _load(self, d):
        self.unknown_keys(d, {"groups", "abi", "limit", "error", "primitive", "typedef",
                              "struct", "constants", "syscall"}, self.table_name)
        self.groups = d.get("groups", [])
        if not self.groups or not all(isinstance(g, str) for g in self.groups):
            self.bad("groups: need a list of group names")
        self._load_abi(d.get("abi", {}))
        self._load_limits(d.get("limit", []))
        self._load_errors(d.get("error", []))
        self._load_types(d.get("primitive", []), d.get("typedef", []))
        self._load_structs(d.get("struct", []))
        self._load_constants(d.get("constants", []))
        self._load_syscalls(d.get("syscall", []))

    def _load_abi(self, abi):
        need = {"native_bit": int, "error_bit": int, "max_args": int, "max_result_fields": int}
        for key, kind in need.items():
            if not isinstance(abi.get(key), kind):
                self.bad(f"abi: missing or malformed {key}")
        self.unknown_keys(abi, need, "abi (registers and the instruction belong in "
                          f"{ARCH_ABI_GLOB})")
        if self.problems:
            raise TableError(*self.problems)
        self.abi = abi
        if not 0 <= abi["error_bit"] <= 63:
            self.bad("abi: error_bit must be 0..63")
        nb = abi["native_bit"]
        if nb <= 0 or nb & (nb - 1):
            self.bad("abi: native_bit must be a single bit")

    def _load_arches(self, arches):
        """Each architecture's convention: the keys of Arch.KEYS, registers as
        non-empty strings, as many argument and result-struct registers as
        [abi] allows arguments and result fields."""
        self.arches = []
        if not arches:
            self.bad(f"no {ARCH_ABI_GLOB}: at least one architecture must give its "
                     "calling convention")
        for cpu, path, d in arches:
            bad_before = len(self.problems)
            for key, kind in Arch.KEYS.items():
                value = d.get(key)
                if kind is list:
                    ok = isinstance(value, list) and all(
                        isinstance(r, str) and r.strip() for r in value)
                else:
                    ok = isinstance(value, str) and value.strip()
                if not ok:
                    self.bad(f"{path}: missing or malformed {key}")
            self.unknown_keys(d, Arch.KEYS, path)
            if len(self.problems) > bad_before:
                continue
            for key, limit in (("arg_registers", "max_args"),
                               ("result_struct_registers", "max_result_fields")):
                if len(d[key]) != self.abi[limit]:
                    self.bad(f"{path}: {key} lists {len(d[key])} registers, [abi] "
                             f"{limit} is {self.abi[limit]}")
                if len(set(d[key])) != len(d[key]):
                    self.bad(f"{path}: {key} names a register twice")
            self.arches.append(Arch(cpu, path, d))

    def _load_limits(self, limits):
        self.limits = []
        seen = set()
        for lim in limits:
            name = lim.get("name", "?")
            where = f"limit '{name}'"
            if not isinstance(name, str) or not UPPER_IDENT.match(name) or name in seen:
                self.bad(f"{where}: name must be a unique UPPER_CASE identifier")
            seen.add(name)
            if not isinstance(lim.get("value"), int) or lim["value"] < 0:
                self.bad(f"{where}: value must be a non-negative integer")
            self.limits.append((name, lim.get("value"), self.text(lim, "description", where)))
        by_name = {n: v for n, v, _ in self.limits}
        if by_name.get("SYSCALL_MAX_ARGS") != self.abi["max_args"] or \
                by_name.get("SYSCALL_MAX_RESULT_FIELDS") != self.abi["max_result_fields"]:
            self.bad("limit: SYSCALL_MAX_ARGS and SYSCALL_MAX_RESULT_FIELDS must match [abi]")

    def _load_errors(self, errors):
        self.errors = []
        names, codes = set(), set()
        for e in errors:
            name, code = e.get("name"), e.get("code")
            where = f"error '{name}'"
            if not isinstance(name, str) or not CAMEL.match(name) or name in names:
                self.bad(f"{where}: name must be a unique CamelCase identifier")
            if not isinstance(code, int) or code < 0 or code in codes:
                self.bad(f"{where}: code must be a unique non-negative integer")
            names.add(name)
            codes.add(code)
            self.errors.append((name, code, self.text(e, "description", where)))
        self.errors.sort(key=lambda e: e[1] if isinstance(e[1], int) else -1)
        self.error_code = {n: c for n, c, _ in self.errors}
        if self.error_code.get("Success") != 0:
            self.bad("error: Success must exist with code 0")
        if "InvalidSyscall" not in self.error_code:
            self.bad("error: InvalidSyscall must exist (the dispatcher returns it)")
        if sorted(codes) != list(range(len(codes))):
            self.bad("error: codes must run from 0 without gaps")

    def _add_type(self, t, where):
        if t.name in self.types:
            self.bad(f"{where}: type name '{t.name}' defined twice")
        self.types[t.name] = t

    def _load_types(self, primitives, typedefs):
        for p in primitives:
            name = p.get("name", "?")
            where = f"primitive '{name}'"
            if p.get("bits") not in (0, 8, 16, 32, 64) or p.get("trace") not in TRACE_KINDS \
                    or not isinstance(p.get("c"), str):
                self.bad(f"{where}: needs c, bits (0, 8, 16, 32 or 64) and trace {TRACE_KINDS}")
                continue
            self._add_type(Type(name, p["c"], p["c"], p["bits"], p["trace"]), where)
        self.typedefs = []
        for t in typedefs:
            name = t.get("name", "?")
            where = f"typedef '{name}'"
            base = self.types.get(t.get("base"))
            if base is None or base.bits == 0:
                self.bad(f"{where}: base must be a sized primitive")
                continue
            if not isinstance(t.get("c"), str) or not IDENT.match(t["c"]):
                self.bad(f"{where}: c must be a C identifier")
                continue
            if t.get("trace") not in TRACE_KINDS:
                self.bad(f"{where}: trace must be one of {TRACE_KINDS}")
                continue
            desc = self.text(t, "description", where)
            self._add_type(Type(name, t["c"], t["c"], base.bits, t["trace"]), where)
            self.typedefs.append((name, t["c"], base, desc))

    def _load_structs(self, structs):
        self.struct_list = []
        for s in structs:
            name = s.get("name", "?")
            where = f"struct '{name}'"
            if not isinstance(s.get("c"), str) or not IDENT.match(s["c"]):
                self.bad(f"{where}: c must be a C identifier")
                continue
            desc = self.text(s, "description", where)
            fields = self._fields(s.get("fields"), where, "field")
            if len(fields) > self.abi["max_result_fields"]:
                self.bad(f"{where}: {len(fields)} fields, at most "
                         f"{self.abi['max_result_fields']} fit in the result registers")
            for f in fields:
                if f.type and (f.type.bits != 64 or f.type.is_ptr):
                    self.bad(f"{where}: field '{f.name}' must be a 64-bit scalar "
                             "(each field travels in one register)")
            st = Struct(name, s["c"], desc, fields)
            self.structs[name] = st
            self.struct_list.append(st)
            self._add_type(Type(name, st.ctype, st.ctype, 0, "ptr", struct=st), where)

    def _fields(self, fields, where, what):
        """Parse a list of {name, type, description}; shared by args and struct fields."""
        out = []
        if not isinstance(fields, list):
            self.bad(f"{where}: missing {what}s list")
            return out
        seen = set()
        for i, f in enumerate(fields):
            name = f.get("name") if isinstance(f, dict) else None
            if not isinstance(name, str) or not LOWER_IDENT.match(name) or name in C_KEYWORDS:
                self.bad(f"{where}: {what} {i + 1} needs a lower_case name that is not a C keyword")
                continue
            if name in seen:
                self.bad(f"{where}: {what} '{name}' appears twice")
            seen.add(name)
            ftype = self.resolve(f.get("type"), f"{where}: {what} '{name}'")
            desc = self.text(f, "description", f"{where}: {what} '{name}'")
            self.unknown_keys(f, {"name", "type", "description"}, f"{where}: {what} '{name}'")
            out.append(Field(name, ftype, desc))
        return out

    def resolve(self, spelling, where, pointee=False):
        """Turn '*const *const char', 'usize', 'Capability' into a Type (None if bad)."""
        if not isinstance(spelling, str):
            self.bad(f"{where}: missing type")
            return None
        s = spelling.strip()
        for prefix, const in (("*const ", True), ("*mut ", False)):
            if s.startswith(prefix):
                inner = self.resolve(s[len(prefix):], where, pointee=True)
                if inner is None:
                    return None
                q = "const " if const else ""
                if inner.is_ptr:
                    user_c = f"{inner.user_c}{q}*"
                else:
                    user_c = f"{q}{inner.user_c} *"
                return Type(s, user_c, "user_addr_t", 64, "ptr", is_ptr=True)
        t = self.types.get(s)
        if t is None:
            self.bad(f"{where}: unknown type '{s}'")
            return None
        if not pointee and t.bits == 0:
            self.bad(f"{where}: type '{s}' can only be pointed to")
            return None
        return t

    def _load_constants(self, groups):
        self.constants = []
        macros = {f"CX_{n}" for n, _, _ in self.limits}
        for g in groups:
            name = g.get("name", "?")
            where = f"constants '{name}'"
            self.unknown_keys(g, {"name", "prefix", "type", "flags", "description", "values"}, where)
            prefix = g.get("prefix")
            if not isinstance(prefix, str) or (prefix and not UPPER_IDENT.match(prefix)):
                self.bad(f"{where}: prefix must be an UPPER_CASE string (may be empty)")
                continue
            ctype = self.resolve(g.get("type"), where)
            desc = self.text(g, "description", where)
            values = []
            for v in g.get("values", []):
                vname = v.get("name", "?")
                vwhere = f"{where}: value '{vname}'"
                value = v.get("value")
                if isinstance(value, str):
                    value = NAMED_MAXIMA.get(value)
                if not isinstance(vname, str) or not UPPER_IDENT.match(vname):
                    self.bad(f"{vwhere}: name must be UPPER_CASE")
                    continue
                if not isinstance(value, int) or value < 0 or \
                        (ctype is not None and value >> ctype.bits):
                    self.bad(f"{vwhere}: value must be an integer that fits the group's type")
                    continue
                macro = f"CX_{prefix}{vname}"
                if macro in macros:
                    self.bad(f"{vwhere}: {macro} is defined twice")
                macros.add(macro)
                values.append((macro, v.get("value"), value, self.text(v, "description", vwhere)))
            if not values:
                self.bad(f"{where}: no values")
            self.constants.append((name, ctype, bool(g.get("flags")), desc, values))

    def _load_syscalls(self, raws):
        self.syscalls = []
        allowed = {"number", "name", "group", "description", "details", "args", "result",
                   "returns", "errors", "example", "infallible"}
        max_nr = 0xFFFF
        for raw in raws:
            sc = Syscall(raw)
            if not isinstance(sc.name, str) or not LOWER_IDENT.match(sc.name):
                self.bad(f"syscall number {sc.number}: missing or malformed name")
                sc.name = f"#{sc.number}"
            where = sc.label()
            self.unknown_keys(raw, allowed, where)
            if not isinstance(sc.number, int) or not 1 <= sc.number <= max_nr:
                self.bad(f"{where}: number must be an integer 1..{max_nr:#x}")
            if sc.group not in self.groups:
                self.bad(f"{where}: group '{sc.group}' is not in groups")
            sc.description = self.text(raw, "description", where)
            if "\n" in sc.description:
                self.bad(f"{where}: description must be one line (use details for more)")
            if not isinstance(sc.details, str):
                self.bad(f"{where}: details must be a string")
                sc.details = ""
            sc.returns = self.text(raw, "returns", where)
            sc.example = self.text(raw, "example", where)
            if sc.example and not re.search(rf"\bcx_{re.escape(sc.name)}\(", sc.example):
                self.bad(f"{where}: example must call cx_{sc.name}()")
            sc.args = self._fields(raw.get("args"), where, "argument")
            if len(sc.args) > self.abi["max_args"]:
                self.bad(f"{where}: {len(sc.args)} arguments, at most {self.abi['max_args']}")
            for a in sc.args:
                if a.type is not None and a.type.struct is not None:
                    self.bad(f"{where}: argument '{a.name}': pass structs by pointer")
            self._load_result(sc, raw.get("result"), where)
            self._load_syscall_errors(sc, raw, where)
            self.syscalls.append(sc)
        self._check_unique(self.syscalls)
        self.syscalls.sort(key=lambda s: s.number if isinstance(s.number, int) else 0)
        if not self.syscalls:
            self.bad("no syscalls")

    def _load_result(self, sc, result, where):
        if result in SPECIAL_RESULTS:
            sc.result = result
        elif isinstance(result, str) and result in self.structs:
            sc.result = self.structs[result]
        else:
            t = self.resolve(result, f"{where}: result")
            if t is not None and t.is_ptr:
                self.bad(f"{where}: result cannot be a pointer (use UserAddr)")
            sc.result = t

    def _load_syscall_errors(self, sc, raw, where):
        errors = raw.get("errors")
        if not isinstance(errors, list):
            self.bad(f"{where}: missing errors list (write errors = [] only for noreturn "
                     "or infallible calls)")
            return
        if not isinstance(sc.infallible, bool):
            self.bad(f"{where}: infallible must be true or false")
        may_be_empty = sc.noreturn or sc.infallible is True
        if may_be_empty and errors:
            self.bad(f"{where}: a noreturn or infallible syscall cannot list errors")
        if not may_be_empty and not errors:
            self.bad(f"{where}: errors is empty; list what the call can fail with "
                     "(or mark it infallible = true)")
        seen = set()
        for e in errors:
            name = e.get("name") if isinstance(e, dict) else None
            if name not in self.error_code:
                self.bad(f"{where}: unknown error '{name}'")
                continue
            if name in ("Success", "InvalidSyscall"):
                self.bad(f"{where}: error '{name}' cannot be listed")
            if name in seen:
                self.bad(f"{where}: error '{name}' listed twice")
            seen.add(name)
            self.unknown_keys(e, {"name", "why"}, f"{where}: error '{name}'")
            sc.errors.append((name, self.text(e, "why", f"{where}: error '{name}'")))

    def _check_unique(self, syscalls):
        by_nr, by_name = {}, {}
        for sc in syscalls:
            if sc.number in by_nr:
                self.bad(f"{sc.label()}: duplicate number {sc.number} "
                         f"(also syscall '{by_nr[sc.number].name}')")
            else:
                by_nr[sc.number] = sc
            if sc.name in by_name:
                self.bad(f"{sc.label()}: duplicate name '{sc.name}'")
            else:
                by_name[sc.name] = sc

    # Derived facts used by several generators.
    @property
    def max_number(self):
        return max(sc.number for sc in self.syscalls)

    def nr_value(self, sc):
        """What the number register holds for sc: CX_NR_<NAME>."""
        return self.abi["native_bit"] | sc.number


# --------------------------------------------------------------------------
# C formatting helpers.

def banner_c():
    return (f"/* GENERATED by tools/gen_syscalls.py from {TABLE} — do not edit.\n"
            f"   Change the table and run `make gen`. */\n")


def c_comment(text, indent="", width=WIDTH):
    """A /* */ comment wrapped to width."""
    words = text.split()
    lines, cur = [], indent + "/*"
    for w in words:
        if len(cur) + 1 + len(w) > width - 3 and cur.strip() != "/*":
            lines.append(cur)
            cur = indent + "  "
        cur += " " + w
    lines.append(cur + " */")
    return "\n".join(lines)


def c_decl(head, params, tail, indent="", empty="void"):
    """head 'uint64_t f(' + params joined + ')' + tail, wrapped under the '('.
    empty is what an empty parameter list becomes ("" for calls)."""
    params = params or ([empty] if empty else [])
    one = indent + head + ", ".join(params) + ")" + tail
    if len(one) <= WIDTH:
        return one
    pad = " " * (len(indent) + len(head))
    lines, cur = [], indent + head
    for i, p in enumerate(params):
        piece = p + ("," if i < len(params) - 1 else ")" + tail)
        fresh = cur.endswith("(")
        if not fresh and len(cur) + 1 + len(piece) > WIDTH:
            lines.append(cur)
            cur = pad + piece
        else:
            cur += ("" if fresh else " ") + piece
    lines.append(cur)
    return "\n".join(lines)


def c_init(indent, member, items):
    """'.member = { a, b, c },' wrapped under the first item when too wide."""
    head = f"{indent}.{member} = {{ "
    lines, cur = [], head
    for i, item in enumerate(items):
        piece = item + (", " if i < len(items) - 1 else " },")
        if cur != head and len(cur) + len(piece.rstrip()) > WIDTH:
            lines.append(cur.rstrip())
            cur = " " * len(head)
        cur += piece
    lines.append(cur)
    return "\n".join(lines)


def with_comment(code, comment, column):
    """code followed by /* comment */ at column, or the comment on its own line above
    when that would be too wide."""
    indent = code[:len(code) - len(code.lstrip())]
    line = f"{code:<{column}} /* {comment} */"
    if len(line) <= WIDTH:
        return line
    return c_comment(comment, indent) + "\n" + code


def c_int(value, hexa):
    """A literal that works in C and in assembler (no suffixes)."""
    return f"{value:#x}" if hexa or value > 0x7FFFFFFF else str(value)


def c_struct(st):
    """The lines of a struct definition with aligned, commented fields."""
    o = [f"{st.ctype} {{"]
    tw = max(len(f.type.user_c) for f in st.fields)
    decls = [f"    {f.type.user_c:<{tw}} {f.name};" for f in st.fields]
    column = max(len(d) for d in decls)
    for d, f in zip(decls, st.fields):
        o.append(with_comment(d, f.description, column))
    o.append("};")
    return o


def user_params(sc):
    params = [f"{a.type.user_c}{'' if a.type.user_c.endswith('*') else ' '}{a.name}"
              for a in sc.args]
    if sc.struct:
        params.append(f"{sc.struct.ctype} *out")
    return params


def kernel_params(sc):
    params = [f"{a.type.kernel_c} {a.name}" for a in sc.args]
    if sc.struct:
        params.append(f"{sc.struct.ctype} *out")
    return params


def user_signature(sc, one_line=False, prefix=""):
    ret = "_Noreturn void" if sc.noreturn else "uint64_t"
    head = f"{prefix}{ret} cx_{sc.name}("
    if one_line:
        return head + ", ".join(user_params(sc) or ["void"]) + ")"
    return c_decl(head, user_params(sc), "")


def kernel_signature(sc, one_line=False):
    head = f"uint64_t sys_{sc.name}("
    if one_line:
        return head + ", ".join(kernel_params(sc) or ["void"]) + ")"
    return c_decl(head, kernel_params(sc), ";")


def result_text(m, sc):
    if sc.result == "noreturn":
        return "never returns to the caller"
    if sc.result == "none":
        return "0 on success"
    if sc.struct:
        return f"0 and fills *out ({sc.struct.ctype})"
    if sc.result.bits < 64:
        return (f"the {sc.result.kernel_c}, zero-extended to 64 bits so it never looks "
                "like an error")
    return f"the {sc.result.kernel_c}"


# --------------------------------------------------------------------------
# Generators: each returns the full text of one output file.

def gen_abi_h(m):
    o = [banner_c(), c_comment(
        "The Calyx native ABI, shared by the kernel and user space: syscall numbers, "
        "error codes, limits, constants, types and result structs. The numeric part "
        "is also usable from assembler; the rest is freestanding C needing only "
        "<stdint.h> and <stddef.h>."), "#ifndef CALYX_ABI_H", "#define CALYX_ABI_H", ""]
    abi = m.abi
    # The registers are the architecture's (calyx/arch/<cpu>/regs.h): this
    # header is shared by every architecture, so it does not name them.
    o.append(c_comment(
        "Calling convention: the architecture's syscall instruction with CX_NR_<name> "
        "(CX_NATIVE_BIT | CX_SYS_<name>) in its number register and up to "
        f"{abi['max_args']} arguments; the result comes back with bit {abi['error_bit']} "
        "set for errors (CX_MKERR(code)); a call with a result struct returns 0 and up "
        f"to {abi['max_result_fields']} fields in further registers. Which registers: "
        "calyx/arch/<cpu>/syscall_abi.toml, for C calyx/arch/<cpu>/regs.h. Numbers without CX_NATIVE_BIT are the POSIX "
        "personality's (Linux numbers)."))
    o.append("#ifdef __ASSEMBLER__")
    o.append("#define CX_U64_C(x) x")
    o.append("#else")
    o.append("#define CX_U64_C(x) x##ull /* 64-bit in C, so ~ and shifts behave */")
    o.append("#endif")
    o.append("")
    o.append(f"#define CX_NATIVE_BIT CX_U64_C({abi['native_bit']:#x})")
    o.append("")
    o.append("/* Syscall numbers: CX_SYS_* as in the table, CX_NR_* as put in the number register. */")
    w = max(len(sc.upper) for sc in m.syscalls) + len("CX_SYS_") + 1
    for sc in m.syscalls:
        o.append(f"#define {'CX_SYS_' + sc.upper:<{w}} {sc.number}")
    o.append(f"#define {'CX_SYSCALL_MAX':<{w}} {m.max_number}")
    o.append("")
    for sc in m.syscalls:
        o.append(f"#define {'CX_NR_' + sc.upper:<{w}} CX_U64_C({m.nr_value(sc):#x})")
    o.append("")
    o.append("/* Limits. */")
    w = max(len(n) for n, _, _ in m.limits) + len("CX_") + 1
    for name, value, desc in m.limits:
        o.append(c_comment(desc))
        o.append(f"#define {'CX_' + name:<{w}} {c_int(value, False)}")
    o.append("")
    for name, ctype, flags, desc, values in m.constants:
        o.append(c_comment(f"{name} ({ctype.user_c}): {desc}"))
        w = max(len(v[0]) for v in values) + 1
        lits = [c_int(v[2], flags) for v in values]
        column = len("#define ") + w + 1 + max(len(lit) for lit in lits)
        for (macro, spelled, value, vdesc), lit in zip(values, lits):
            o.append(with_comment(f"#define {macro:<{w}} {lit}", vdesc, column))
        o.append("")
    o.append("#ifndef __ASSEMBLER__")
    o.append("")
    o.append("#include <stddef.h>")
    o.append("#include <stdint.h>")
    o.append("")
    o.append(f"#define CX_ERROR_BIT ((uint64_t)1 << {abi['error_bit']})")
    o.append("#define CX_MKERR(code) (CX_ERROR_BIT | (uint64_t)(code))")
    o.append("#define CX_IS_ERR(v) (((uint64_t)(v) & CX_ERROR_BIT) != 0)")
    o.append("#define CX_ERR_CODE(v) ((uint64_t)(v) & ~CX_ERROR_BIT)")
    o.append("")
    o.append("/* Error codes: an error result is CX_MKERR(code). */")
    o.append("enum cx_error {")
    entries = [f"    CX_ERR_{upper_snake(name)} = {code}," for name, code, _ in m.errors]
    column = max(len(e) for e in entries)
    for entry, (name, code, desc) in zip(entries, m.errors):
        o.append(with_comment(entry, desc, column))
    o.append("};")
    o.append(f"#define CX_ERR_COUNT {len(m.errors)}")
    o.append("")
    o.append("/* Types. */")
    for name, c, base, desc in m.typedefs:
        o.append(c_comment(f"{name}: {desc}"))
        o.append(f"typedef {base.user_c} {c};")
    o.append("")
    o.append(c_comment(
        "Result structs: the kernel returns 0 and the fields, in order, in the "
        "architecture's result-struct registers; the user stubs fill the struct."))
    for st in m.struct_list:
        o.append(c_comment(f"{st.name}: {st.description}"))
        o += c_struct(st)
        o.append(f"_Static_assert(sizeof({st.ctype}) == {8 * len(st.fields)},")
        o.append(f"               \"{st.c}: one 64-bit field per result register\");")
        o.append("")
    o.append("#endif /* __ASSEMBLER__ */")
    o.append("")
    o.append("#endif")
    return "\n".join(o) + "\n"


def gen_handlers_h(m):
    o = [banner_c(), c_comment(
        "The native syscall handlers the kernel implements, one per table entry. Each "
        "returns a value or CX_MKERR(code). Struct-result handlers fill *out (kernel "
        "memory) and return 0 or an error; syscall_dispatch() moves the fields to the "
        "result registers. noreturn syscalls still return uint64_t here so host tests "
        "can call them."),
        "#ifndef KERNEL_GEN_SYSCALL_HANDLERS_H", "#define KERNEL_GEN_SYSCALL_HANDLERS_H", "",
        "#include <stddef.h>", "#include <stdint.h>", "#include <calyx/abi.h>", "",
        c_comment("A user-space address as the kernel receives it: an integer to check and "
                  "copy through (copy_from_user/copy_to_user), never to dereference."),
        "typedef cx_uaddr_t user_addr_t;", "",
        c_comment("nr is the number without CX_NATIVE_BIT; args are the argument registers in "
                  "order; extra receives struct results. Unknown numbers give "
                  "CX_MKERR(CX_ERR_INVALID_SYSCALL)."),
        "uint64_t syscall_dispatch(uint64_t nr, const uint64_t args[8], uint64_t extra[4]);",
        ""]
    group = None
    for sc in sorted(m.syscalls, key=lambda s: (m.groups.index(s.group), s.number)):
        if sc.group != group:
            group = sc.group
            o.append(f"/* {group} */")
        o.append(c_comment(f"{sc.name} ({sc.number}): {sc.description} {sc.details} "
                           f"Result: {result_text(m, sc)}."))
        o.append(kernel_signature(sc))
        o.append("")
    o.append("#endif")
    return "\n".join(o) + "\n"


def gen_dispatch_c(m):
    nmax = m.abi["max_args"]
    nres = m.abi["max_result_fields"]
    o = [banner_c(), c_comment(
        "Native syscall dispatch: a table indexed by number of small thunks that turn "
        "the raw argument registers into the handlers' typed parameters. Portable and "
        "freestanding."),
        '#include "syscall_handlers.h"', "",
        f"typedef uint64_t (*syscall_thunk)(const uint64_t a[{nmax}], uint64_t extra[{nres}]);",
        ""]
    for sc in m.syscalls:
        o.append(f"static uint64_t call_{sc.name}(const uint64_t a[{nmax}], "
                 f"uint64_t extra[{nres}])")
        o.append("{")
        if not sc.args:
            o.append("    (void)a;")
        casts = [f"({a.type.kernel_c})a[{i}]" for i, a in enumerate(sc.args)]
        if sc.struct:
            o.append(f"    {sc.struct.ctype} out = {{0}};")
            o.append(c_decl(f"uint64_t ret = sys_{sc.name}(", casts + ["&out"], ";", "    ",
                            empty=""))
            o.append("")
            o.append("    if (CX_IS_ERR(ret))")
            o.append("        return ret;")
            for i in range(nres):
                if i < len(sc.struct.fields):
                    o.append(f"    extra[{i}] = (uint64_t)out.{sc.struct.fields[i].name};")
                else:
                    o.append(f"    extra[{i}] = 0;")
            o.append("    return 0;")
        else:
            o.append("    (void)extra;")
            o.append(c_decl(f"return sys_{sc.name}(", casts, ";", "    ", empty=""))
        o.append("}")
        o.append("")
    o.append("static const syscall_thunk syscall_table[CX_SYSCALL_MAX + 1] = {")
    for sc in m.syscalls:
        o.append(f"    [CX_SYS_{sc.upper}] = call_{sc.name},")
    o.append("};")
    o.append("")
    o.append(f"uint64_t syscall_dispatch(uint64_t nr, const uint64_t args[{nmax}], "
             f"uint64_t extra[{nres}])")
    o.append("{")
    o.append("    if (nr > CX_SYSCALL_MAX || syscall_table[nr] == NULL)")
    o.append("        return CX_MKERR(CX_ERR_INVALID_SYSCALL);")
    o.append("    return syscall_table[nr](args, extra);")
    o.append("}")
    return "\n".join(o) + "\n"


def kind_const(kind):
    return "SYSCALL_KIND_" + kind.upper()


def gen_names_h(m):
    nmax = m.abi["max_args"]
    nres = m.abi["max_result_fields"]
    o = [banner_c(), c_comment(
        "Syscall names and argument shapes, so the kernel can trace calls by name."),
        "#ifndef KERNEL_GEN_SYSCALL_NAMES_H", "#define KERNEL_GEN_SYSCALL_NAMES_H", "",
        "#include <stdint.h>", "",
        "/* How to show a value: argument and field kinds, then result-only kinds. */",
        "enum syscall_kind {",
        "    SYSCALL_KIND_INT,      /* signed decimal */",
        "    SYSCALL_KIND_UINT,     /* unsigned decimal */",
        "    SYSCALL_KIND_HEX,      /* flags, tokens, addresses as integers */",
        "    SYSCALL_KIND_PTR,      /* a user pointer */",
        "    SYSCALL_KIND_CAP,      /* a capability token */",
        "    SYSCALL_KIND_NONE,     /* result: 0 on success */",
        "    SYSCALL_KIND_NORETURN, /* result: the call does not return */",
        "    SYSCALL_KIND_STRUCT,   /* result: 0, fields in extra[] (see fields) */",
        "};", "",
        "struct syscall_info {",
        "    const char *name;",
        "    uint32_t nr;      /* without CX_NATIVE_BIT */",
        "    uint8_t nargs;",
        "    uint8_t result;   /* enum syscall_kind */",
        "    uint8_t nfields;  /* result struct fields, for SYSCALL_KIND_STRUCT */",
        f"    const char *arg_names[{nmax}];",
        f"    uint8_t arg_kinds[{nmax}];",
        f"    const char *field_names[{nres}];",
        f"    uint8_t field_kinds[{nres}];",
        "};", "",
        "/* The entry for a native number (without CX_NATIVE_BIT), or NULL. */",
        "const struct syscall_info *syscall_info(uint64_t nr);",
        "/* \"InvalidParameter\" for CX_ERR_INVALID_PARAMETER..., or NULL for unknown codes. */",
        "const char *syscall_error_name(uint64_t code);", "",
        "#endif"]
    return "\n".join(o) + "\n"


def gen_names_c(m):
    o = [banner_c(), '#include "syscall_names.h"', "#include <stddef.h>",
         "#include <calyx/abi.h>", "",
         "static const struct syscall_info infos[CX_SYSCALL_MAX + 1] = {"]
    for sc in m.syscalls:
        if sc.struct:
            result = "STRUCT"
        elif isinstance(sc.result, str):
            result = sc.result
        else:
            result = sc.result.trace
        o.append(f"    [CX_SYS_{sc.upper}] = {{")
        o.append(f'        .name = "{sc.name}", .nr = {sc.number}, .nargs = {len(sc.args)}, '
                 f".result = {kind_const(result)},")
        if sc.args:
            o.append(c_init("        ", "arg_names", [f'"{a.name}"' for a in sc.args]))
            o.append(c_init("        ", "arg_kinds", [kind_const(a.type.trace) for a in sc.args]))
        if sc.struct:
            fields = sc.struct.fields
            o.append(f"        .nfields = {len(fields)},")
            o.append(c_init("        ", "field_names", [f'"{f.name}"' for f in fields]))
            o.append(c_init("        ", "field_kinds", [kind_const(f.type.trace) for f in fields]))
        o.append("    },")
    o.append("};")
    o.append("")
    o.append("static const char *const error_names[CX_ERR_COUNT] = {")
    for name, code, _ in m.errors:
        o.append(f'    [CX_ERR_{upper_snake(name)}] = "{name}",')
    o.append("};")
    o.append("")
    o.append("const struct syscall_info *syscall_info(uint64_t nr)")
    o.append("{")
    o.append("    if (nr > CX_SYSCALL_MAX || infos[nr].name == NULL)")
    o.append("        return NULL;")
    o.append("    return &infos[nr];")
    o.append("}")
    o.append("")
    o.append("const char *syscall_error_name(uint64_t code)")
    o.append("{")
    o.append("    return code < CX_ERR_COUNT ? error_names[code] : NULL;")
    o.append("}")
    return "\n".join(o) + "\n"


def gen_user_h(m):
    nres = m.abi["max_result_fields"]
    o = [banner_c(), c_comment(
        "Native syscall stubs for user space: one static inline cx_<name>() per syscall. "
        "Scalar calls return the value or CX_MKERR(code) (test with CX_IS_ERR). "
        "Struct-result calls fill *out on success and return 0 or the error. The "
        "instruction itself lives in calyx/syscall_arch.h."),
        "#ifndef CALYX_SYSCALLS_H", "#define CALYX_SYSCALLS_H", "",
        "#include <stddef.h>", "#include <stdint.h>", "#include <calyx/abi.h>",
        "#include <calyx/syscall_arch.h>", ""]
    for sc in m.syscalls:
        regs = [f"(uint64_t)(uintptr_t){a.name}" if a.type.is_ptr else f"(uint64_t){a.name}"
                for a in sc.args]
        o.append(c_comment(f"{sc.name} ({sc.number}): {sc.description}"))
        o.append(user_signature(sc, prefix="static inline "))
        o.append("{")
        nr = f"CX_NR_{sc.upper}"
        if sc.struct:
            n = 8 if len(sc.args) > 6 else 6
            padded = regs + ["0"] * (n - len(regs))
            o.append(f"    uint64_t r[{nres}];")
            o.append(c_decl(f"uint64_t ret = cx_syscall{n}_r4(", [nr] + padded + ["r"], ";",
                            "    "))
            o.append("")
            o.append("    if (!CX_IS_ERR(ret)) {")
            for i, f in enumerate(sc.struct.fields):
                o.append(f"        out->{f.name} = ({f.type.user_c})r[{i}];")
            o.append("    }")
            o.append("    return ret;")
        elif sc.noreturn:
            o.append(c_decl(f"cx_syscall{len(regs)}(", [nr] + regs, ";", "    "))
            o.append("    __builtin_unreachable();")
        else:
            o.append(c_decl(f"return cx_syscall{len(regs)}(", [nr] + regs, ";", "    "))
        o.append("}")
        o.append("")
    o.append("#endif")
    return "\n".join(o) + "\n"


def md_escape(text):
    return text.replace("|", "\\|")


def code_list(regs):
    return ", ".join(f"`{r}`" for r in regs)


def on_arches(m, pick):
    """What pick(arch) gives on each architecture: '`rdi` on x86_64'."""
    return ", ".join(f"`{pick(a)}` on {a.cpu}" for a in m.arches)


def doc_convention(m, arch):
    """The calling convention section of one architecture."""
    abi = m.abi
    return [
        f"### {arch.cpu}", "",
        f"From `{arch.path}`.", "",
        f"- Issue the `{arch.instruction}` instruction with `{arch.number_register}` = "
        f"`CX_NATIVE_BIT | number` (`CX_NATIVE_BIT` = `{abi['native_bit']:#x}`); the "
        "`CX_NR_<NAME>` macros hold these values, `CX_SYS_<NAME>` the bare numbers.",
        f"- Numbers without `CX_NATIVE_BIT` are Linux {arch.cpu} numbers (all below "
        f"`{abi['native_bit']:#x}`), served by the POSIX personality; the two never collide.",
        f"- Arguments, in order: {code_list(arch.arg_registers)} (at most {abi['max_args']}).",
        f"- Result in `{arch.result_register}`: the value, or an error with bit "
        f"{abi['error_bit']} set: `(1 << {abi['error_bit']}) | code` (`CX_MKERR(code)`; "
        "test with `CX_IS_ERR(v)`, extract with `CX_ERR_CODE(v)`).",
        f"- Calls whose result is a struct return `{arch.result_register}` = 0 or an "
        f"error, and on success the struct's fields (at most {abi['max_result_fields']}, "
        f"64 bits each) in {code_list(arch.result_struct_registers)}, "
        "in declaration order. The C stubs take a `struct ... *out` last and fill it.",
        f"- The instruction clobbers {code_list(arch.clobbered)}; "
        "the kernel preserves every other register except the result registers.", ""]


def gen_docs(m):
    o = [f"<!-- GENERATED by tools/gen_syscalls.py from {TABLE} and {ARCH_ABI_GLOB} — "
         "do not edit. Change the tables and run `make gen`. -->", "",
         "# Calyx native syscalls", "",
         "The native interface of the Calyx kernel. Every call is checked against "
         "capabilities the calling process holds. The table "
         f"`{TABLE}` is the single source of this document, of "
         "`include/calyx/abi.h`, of the kernel's dispatch (`kernel/gen/`) and of the "
         "user stubs (`libc-port/native/include/calyx/syscalls.h`).", "",
         "## Calling convention", "",
         f"The numbers, the error bit and how many arguments and result fields a call "
         f"has are the same everywhere (`[abi]` in `{TABLE}`). Which instruction and "
         f"which registers carry them is each architecture's: "
         f"`include/calyx/arch/<cpu>/{ARCH_ABI}`, one section each below.", ""]
    for arch in m.arches:
        o += doc_convention(m, arch)
    o += ["### Every architecture", "",
         "- 32-bit results (e.g. `thread_join`'s exit code) come back zero-extended, so "
         "a negative value never looks like an error; cast to `int32_t`.",
         "- Pointers are user virtual addresses; the kernel copies through them and "
         "reports `InvalidAddress` for bad ones instead of faulting. Kernel handlers "
         "receive them as `user_addr_t` (= `cx_uaddr_t`, an integer).",
         "- Arguments narrower than 64 bits (32-bit types) are taken from the low bits of "
         "their register; the upper bits are ignored.",
         "- Unknown native numbers return `InvalidSyscall`; no syscall lists it.", "",
         "## Error codes", "",
         "| Code | Name | C constant | Meaning |", "|---:|---|---|---|"]
    for name, code, desc in m.errors:
        o.append(f"| {code} | {name} | `CX_ERR_{upper_snake(name)}` | {md_escape(desc)} |")
    o += ["", "## Limits", "", "| Constant | Value | Meaning |", "|---|---:|---|"]
    for name, value, desc in m.limits:
        o.append(f"| `CX_{name}` | {value} | {md_escape(desc)} |")
    o += ["", "## Types", "",
          "All are defined in `include/calyx/abi.h`.", "",
          "| Name | C type | Width | Meaning |", "|---|---|---:|---|"]
    for name, c, base, desc in m.typedefs:
        o.append(f"| {name} | `{c}` | {base.bits} | {md_escape(desc)} |")
    o += ["", "## Constants", ""]
    for name, ctype, flags, desc, values in m.constants:
        o.append(f"**{name}** (`{ctype.user_c}`{', bit flags' if flags else ''}): {desc}")
        o.append("")
        o.append("| Constant | Value | Meaning |")
        o.append("|---|---:|---|")
        for macro, spelled, value, vdesc in values:
            shown = spelled if isinstance(spelled, str) else c_int(value, flags)
            o.append(f"| `{macro}` | {shown} | {md_escape(vdesc)} |")
        o.append("")
    o += ["## Result structs", "",
          "Fields arrive in the result-struct registers in this order: " +
          "; ".join(f"{code_list(a.result_struct_registers)} on {a.cpu}" for a in m.arches) +
          ".", ""]
    for st in m.struct_list:
        o.append(f"**{st.name}**: {st.description}")
        o.append("")
        o.append("```c")
        o += c_struct(st)
        o.append("```")
        o.append("")
    o += ["## Index", "", "| Number | Name | Group | Description |", "|---:|---|---|---|"]
    for sc in m.syscalls:
        o.append(f"| {sc.number} | [{sc.name}](#{sc.name}) | {sc.group} | "
                 f"{md_escape(sc.description)} |")
    o.append("")
    for group in m.groups:
        members = [sc for sc in m.syscalls if sc.group == group]
        if not members:
            continue
        o += [f"## {group}", ""]
        for sc in members:
            o += doc_syscall(m, sc)
    while o[-1] == "":
        o.pop()
    return "\n".join(o) + "\n"


def doc_syscall(m, sc):
    o = [f"### {sc.name}", "", sc.description, ""]
    if sc.details:
        o += [sc.details.strip(), ""]
    o += [
         f"**Number**: {sc.number} (`CX_NR_{sc.upper}` = `{m.nr_value(sc):#x}`, in "
         f"{on_arches(m, lambda a: a.number_register)})", "",
         f"**Signature**: `{user_signature(sc, one_line=True)}`", "",
         f"**Kernel handler**: `{kernel_signature(sc, one_line=True)}`", "",
         "**Arguments**:"]
    if not sc.args and not sc.struct:
        o.append("- none")
    for i, a in enumerate(sc.args):
        o.append(f"- `{a.name}` (`{a.type.user_c.strip()}`, "
                 f"{on_arches(m, lambda arch: arch.arg_registers[i])}): "
                 f"{a.description}")
    if sc.struct:
        o.append(f"- `out` (`{sc.struct.ctype} *`, stub only): where the stub stores the "
                 "result fields.")
    o += ["", "**Returns**:"]
    if not sc.errors:
        o.append(f"- {sc.returns}")
    else:
        if sc.struct:
            fields = ", ".join(
                f"`{f.name}` in {on_arches(m, lambda a: a.result_struct_registers[i])}"
                for i, f in enumerate(sc.struct.fields))
            o.append(f"- On success: 0 in {on_arches(m, lambda a: a.result_register)}. "
                     f"{sc.returns}")
            o.append(f"- Result fields: {fields}; the stub stores them in `*out` "
                     f"(`{sc.struct.ctype}`).")
        elif sc.result == "none":
            o.append(f"- On success: {sc.returns}")
        else:
            o.append(f"- On success: {sc.returns} (`{sc.result.user_c}` in "
                     f"{on_arches(m, lambda a: a.result_register)})")
        o.append(f"- On error: `CX_MKERR(code)` (bit {m.abi['error_bit']} set) with a code "
                 "listed below.")
    o += ["", "**Errors**:"]
    if not sc.errors:
        o.append("- none: " + ("the call does not return." if sc.noreturn else
                               "the call cannot fail."))
    for name, why in sc.errors:
        o.append(f"- `CX_ERR_{upper_snake(name)}` ({m.error_code[name]}, {name}): {why}")
    o += ["", "**Example**:", "```c", sc.example.rstrip(), "```", ""]
    return o


OUTPUTS = (
    ("include/calyx/abi.h", gen_abi_h),
    ("kernel/gen/syscall_handlers.h", gen_handlers_h),
    ("kernel/gen/syscall_dispatch.c", gen_dispatch_c),
    ("kernel/gen/syscall_names.h", gen_names_h),
    ("kernel/gen/syscall_names.c", gen_names_c),
    ("libc-port/native/include/calyx/syscalls.h", gen_user_h),
    ("docs/syscalls.md", gen_docs),
)


# --------------------------------------------------------------------------

def read_toml(path):
    try:
        with open(path, "rb") as f:
            return tomllib.load(f)
    except (OSError, tomllib.TOMLDecodeError) as e:
        raise TableError(f"{path}: {e}")


def arch_abi_paths(table_path):
    """{cpu: path} of every arch/<cpu>/syscall_abi.toml beside the table."""
    arch_dir = os.path.join(os.path.dirname(table_path), "arch")
    try:
        cpus = sorted(os.listdir(arch_dir))
    except OSError:
        return {}
    return {cpu: os.path.join(arch_dir, cpu, ARCH_ABI) for cpu in cpus
            if os.path.isfile(os.path.join(arch_dir, cpu, ARCH_ABI))}


def load_model(table_path):
    arches = [(cpu, os.path.relpath(path, ROOT), read_toml(path))
              for cpu, path in arch_abi_paths(table_path).items()]
    return Model(read_toml(table_path), os.path.relpath(table_path, ROOT), arches)


def render(model):
    return {path: gen(model) for path, gen in OUTPUTS}


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--check", action="store_true",
                    help="compare generated files with the ones on disk; write nothing")
    ap.add_argument("--outdir", help="write (or with --check, compare) under this directory "
                    "instead of the repository root")
    ap.add_argument("--table", default=os.path.join(ROOT, TABLE),
                    help=f"the table to read (default: {TABLE})")
    ap.add_argument("--list", action="store_true",
                    help="print the tables' paths and the generated paths, one a line")
    opts = ap.parse_args(argv)
    if opts.list:
        arch_tables = [os.path.relpath(p, ROOT)
                       for p in arch_abi_paths(os.path.join(ROOT, TABLE)).values()]
        print("\n".join([TABLE] + arch_tables + [path for path, _ in OUTPUTS]))
        return 0
    out_root = opts.outdir or ROOT
    try:
        files = render(load_model(opts.table))
    except TableError as e:
        for problem in e.args:
            print(f"gen_syscalls: {problem}", file=sys.stderr)
        return 1
    return write_or_check(files, out_root, opts.check)


if __name__ == "__main__":
    sys.exit(main())
