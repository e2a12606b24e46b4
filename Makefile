# Calyx: one Makefile for the kernel, user space, tests and tools.
# Everything is built out of tree into $(BUILD). `make help` lists the targets.

BUILD   ?= build
ARCH    := x86_64
VERSION := 0.1.0
GITREV  := $(shell git describe --always --dirty 2>/dev/null || echo unknown)

CC      := gcc
LD      := ld
OBJCOPY := objcopy
PYTHON  := python3
QEMU    := qemu-system-x86_64

# Boot parameters (make run APP=hello ACCEL=kvm MEM=512M TIMEOUT=...).
APP     ?= hello
ACCEL   ?= tcg
MEM     ?= 256M

# V=1 shows the full commands.
Q := $(if $(V),,@)

WARN := -std=c11 -Wall -Wextra -Werror
GCC_INCLUDE := $(shell $(CC) -print-file-name=include)

# --- kernel -------------------------------------------------------------------
KCFLAGS := $(WARN) -O2 -g -ffreestanding -nostdinc -isystem $(GCC_INCLUDE) \
	-fno-pic -fno-pie -mno-red-zone -mcmodel=kernel -mgeneral-regs-only \
	-fno-stack-protector -fno-omit-frame-pointer -fno-asynchronous-unwind-tables \
	-I. -Ikernel -Iinclude -Iarch/$(ARCH)/include \
	-DCALYX_VERSION='"$(VERSION)-$(GITREV)"'
KLDFLAGS := -n -nostdlib -z max-page-size=4096 -z noexecstack --no-warn-rwx-segments -T arch/$(ARCH)/kernel.ld

KERNEL_SRCS := $(wildcard arch/$(ARCH)/*.S arch/$(ARCH)/*.c kernel/*.c kernel/lib/*.c kernel/gen/*.c)
KERNEL_OBJS := $(patsubst %,$(BUILD)/obj/%.o,$(KERNEL_SRCS))
KERNEL_ELF  := $(BUILD)/calyx.elf
KERNEL_BIN  := $(BUILD)/calyx.bin

# --- native user space ----------------------------------------------------------
UCFLAGS := $(WARN) -O2 -g -ffreestanding -nostdinc -isystem $(GCC_INCLUDE) \
	-fno-pic -fno-pie -fno-stack-protector -fno-omit-frame-pointer \
	-Iinclude -Ilibc-port/native/include -Ilibc-port/native/arch/$(ARCH)/include -Ikernel/lib
ULDFLAGS := -static -nostdlib -no-pie -Wl,-z,max-page-size=4096 -Wl,-z,noexecstack -Wl,--build-id=none

# The native library's architecture part (crt0, the syscall instruction) is
# libc-port/native/arch/$(ARCH)/.
LIBCALYX_SRCS := $(wildcard libc-port/native/*.c libc-port/native/arch/$(ARCH)/*.c libc-port/native/arch/$(ARCH)/*.S) \
	kernel/lib/string.c kernel/lib/printf.c \
	kernel/gen/syscall_names.c
LIBCALYX_OBJS := $(patsubst %,$(BUILD)/uobj/%.o,$(LIBCALYX_SRCS))
LIBCALYX      := $(BUILD)/libc-port/libcalyx.a
# The same API for musl programs (libc-port/cx-cc): no crt or start-up (musl's
# runs the program), no string functions (musl's are used); the start
# capabilities come from the auxiliary vector (libc-port/posix/).
LIBCALYX_POSIX_SRCS := $(filter-out libc-port/native/arch/$(ARCH)/crt0.S libc-port/native/start.c kernel/lib/string.c,\
	$(LIBCALYX_SRCS)) $(wildcard libc-port/posix/*.c)
LIBCALYX_POSIX := $(BUILD)/libc-port/libcalyx-posix.a
# The ELF note asking for the native process-creation authority (calyx/start.h):
# cx-cc links it into every program it builds; the POSIX server grants the
# authority to such a program when its file is root's and writable by nobody
# else (servers/posix/proc/native_grant.h).
CX_AUTHORITY_NOTE := $(BUILD)/libc-port/native-authority-note.o

# An app is a directory of apps/ with C files (apps/common holds shared headers).
# apps/mixed-* are POSIX programs that also use the native API, built with
# libc-port/cx-cc and run with tools/cxrun; the others are native root tasks.
APPS_ALL := $(sort $(notdir $(patsubst %/,%,$(dir $(wildcard apps/*/*.c)))))
APPS := $(filter-out mixed-%,$(APPS_ALL))
MIXED_APPS := $(filter mixed-%,$(APPS_ALL))
APP_BINS := $(patsubst %,$(BUILD)/apps/%,$(APPS_ALL))
NATIVE_TESTS := $(basename $(notdir $(wildcard tests/native/*.c)))
NATIVE_TEST_BINS := $(patsubst %,$(BUILD)/tests/native/%,$(NATIVE_TESTS))
# tools/cxrun's own tests boot this native stand-in for the POSIX server.
CXRUN_STANDIN := $(BUILD)/tests/cxrun/standin
# POSIX tests: ordinary C programs built with Debian's musl, run on Calyx by
# tools/cxrun (make test), each of which must pass on Linux too.
POSIX_SERVER := $(BUILD)/servers/posix/posix
POSIX_TEST_CFLAGS := -static -std=gnu11 -O2 -Wall -Wextra -Werror -pthread
POSIX_TESTS := $(basename $(notdir $(wildcard tests/posix/*.c)))
POSIX_TEST_BINS := $(patsubst %,$(BUILD)/tests/posix/%,$(POSIX_TESTS))
# Embedded programs: a one-file program <dir>/<name>.c becomes a stripped ELF
# and then a blob object $(BUILD)/blobs/<dir>/<name>.blob.o whose symbols
# _binary_<name>_start/_end (calyx/child.h) let the program that links it pass
# the image to process_create. Apps embed apps/<app>/children/*.c; the native
# tests embed tests/native-helpers/*.c, kept in an archive so a test links
# only the helpers it names.
blobs_of = $(patsubst %.c,$(BUILD)/blobs/%.blob.o,$(1))
HELPER_LIB := $(BUILD)/blobs/tests/native-helpers/libhelpers.a

# --- the POSIX server's self-contained libraries ----------------------------------
# Linux ABI constants and layouts come from linux-libc-dev's uapi headers. Only
# asm/, asm-generic/ and linux/ are exposed (symlinks under $(BUILD)), never
# /usr/include itself, so no glibc header can leak into a native program.
LINUX_UAPI := $(BUILD)/include-linux
LINUX_ASM  := /usr/include/x86_64-linux-gnu/asm
POSIX_LIB_SRCS := $(addprefix servers/posix/,errno_map.c sysnames.c) \
	servers/posix/abi/$(ARCH)/gen/trace.c servers/posix/abi/$(ARCH)/sigframe.c
POSIX_LIB_SRCS += $(addprefix servers/posix/fs/,vnode.c dir.c walk.c pathname.c names.c data.c synth.c pagepool.c \
	cpio.c mount.c fsmount.c loop.c ext2.c xattr.c)
POSIX_LIB_SRCS += $(addprefix servers/posix/fd/,file.c ofile.c fileops.c filepath.c filestat.c fileattr.c filexattr.c \
	filename.c filelock.c lock.c waitq.c pipe.c socket.c tty.c fasync.c lease.c)
POSIX_LIB_SRCS += $(addprefix servers/posix/proc/,idhash.c timerq.c)
POSIX_LIB_OBJS := $(patsubst %,$(BUILD)/uobj/%.o,$(POSIX_LIB_SRCS))
POSIX_LIB      := $(BUILD)/servers/posix/libposix.a
# The server's subsystem folders (docs/posix-server.md, Layout): a file names
# another's header by its bare name ("vfs.h", "proc.h") from any folder.
# -iquote, not -I: only "..." includes look there, so proc/time.h or
# fd/poll.h can never stand in for a <time.h> or <poll.h>.
POSIX_INCLUDES := -iquote servers/posix -iquote servers/posix/fs -iquote servers/posix/fd -iquote servers/posix/proc \
	-iquote servers/posix/ipc
POSIX_CFLAGS   := -isystem $(LINUX_UAPI) $(POSIX_INCLUDES)
# The server program: its own files beside the libraries (docs/posix-server.md).
POSIX_SERVER_SRCS := $(addprefix servers/posix/,main.c client.c)
POSIX_SERVER_SRCS += $(addprefix servers/posix/proc/,proc.c exec.c fork.c exit.c wait.c cred.c rlimit.c nice.c \
	signal.c sigpending.c ptimer.c coredump.c mm.c mlock.c thread.c futex_pi.c futex_waitv.c time.c cputime.c prctl.c \
	power.c sched.c \
	host.c ptrace.c binfmt.c execargs.c native_grant.c)
POSIX_SERVER_SRCS += $(addprefix servers/posix/fs/,devices.c procfs.c procsys.c sysctl.c ext2fs.c mqueue.c pagecache.c)
POSIX_SERVER_SRCS += $(addprefix servers/posix/fd/,fileio.c poll.c epoll.c eventfd.c mqcall.c console.c sockcall.c rwcall.c fdcall.c \
	statcall.c attrcall.c xattrcall.c namecall.c sigio.c mountcall.c memfd.c)
POSIX_SERVER_SRCS += $(addprefix servers/posix/ipc/,ipc.c msg.c sem.c shm.c ipcproc.c)
# The Linux ABI table's dispatch (generated: tools/gen_linux_abi.py, make gen)
# and the architecture's register work (servers/posix/abi/abi.h).
POSIX_SERVER_SRCS += servers/posix/abi/$(ARCH)/gen/dispatch.c servers/posix/abi/$(ARCH)/machine.c
POSIX_SERVER_OBJS := $(patsubst %,$(BUILD)/uobj/%.o,$(POSIX_SERVER_SRCS))

# Syscall fuzzers (tests/fuzz, docs/fuzzing.md): posix_fuzz with Debian's musl,
# native_fuzz with libc-port/cx-cc; both run in tests/fuzz/fuzz.c's frame.
FUZZ_COMMON := tests/fuzz/fuzz.c tests/fuzz/fuzz.h include/calyx/arch.h $(wildcard include/calyx/arch/$(ARCH)/*.h)
FUZZERS := $(BUILD)/tests/fuzz/posix_fuzz $(BUILD)/tests/fuzz/native_fuzz

# --- host unit tests (cmocka) ---------------------------------------------------
HOST_CFLAGS := $(WARN) -g -O1 -I. -Ikernel -Iinclude -Itests/host/include -Ilibc-port/native/include \
	-Ilibc-port/native/arch/$(ARCH)/include -Iarch/$(ARCH)/include
HOST_TESTS := $(basename $(notdir $(wildcard tests/host/test_*.c)))
HOST_TEST_BINS := $(patsubst %,$(BUILD)/tests/host/%,$(HOST_TESTS))

.PHONY: all kernel user tests run debug test busybox rootfs busybox-testsuite sqlite sqlite-check test-host test-qemu test-fault bench deps gen check-gen help clean posix-smoke
.DEFAULT_GOAL := all
all: kernel user tests

help:
	@echo "make run              boot Calyx in QEMU: busybox init and a shell on the console (poweroff ends it)"
	@echo "make run APP=name     boot with the native program apps/<name> as the root task (e.g. APP=hello)"
	@echo "                      demos: APP=demo-echo, demo-readonly, demo-revoke, demo-shm (docs/native-apps.md)"
	@echo "make test             host unit tests, generator checks, in-QEMU tests, cxrun and POSIX tests"
	@echo "make bench            native figures, then POSIX benchmarks on Calyx and Linux side by side (docs/performance.md)"
	@echo "tools/cxrun PROG ARGS run a static Linux program on Calyx (docs/porting.md; --help)"
	@echo "libc-port/cx-cc       musl-gcc for Calyx with the native API (example: apps/mixed-upper)"
	@echo "make rootfs           build busybox (Debian's source, static musl) and $(BUILD)/rootfs.cpio"
	@echo "make busybox-testsuite  busybox's testsuite on the host and on Calyx; writes docs/conformance.md"
	@echo "make sqlite           build SQLite's sqlite3 shell (Debian's source, static musl): $(BUILD)/sqlite/sqlite3"
	@echo "make sqlite-check     SQLite in WAL mode on Calyx and on the Linux VM, compared (docs/sqlite.md; in make test too)"
	@echo "make debug            boot with QEMU's GDB stub waiting; attach with gdb -x build/calyx.gdb"
	@echo "make test-fault       show a deliberate kernel page fault (the run fails on purpose)"
	@echo "make gen              regenerate files from include/calyx/syscalls.toml and servers/posix/abi/*/syscalls.toml"
	@echo "make conformance      the POSIX tests on Calyx and on a Linux VM, compared (docs/conformance-runner.md)"
	@echo "make fuzz             the POSIX and native syscall fuzzers (SEED=n CALLS=n; docs/fuzzing.md)"
	@echo "make posix-smoke      boot the POSIX server with a small musl program (POSIX_OPTS=trace)"
	@echo "options: ACCEL=kvm (default tcg), MEM=$(MEM)"

# Installs missing Debian packages once per checkout (the stamp keeps it quick).
deps: $(BUILD)/.deps
$(BUILD)/.deps: tools/deps.sh
	@sh tools/deps.sh
	@mkdir -p $(BUILD) && touch $@

kernel: $(KERNEL_BIN)
user: $(LIBCALYX) $(LIBCALYX_POSIX) $(APP_BINS) $(POSIX_LIB) $(POSIX_SERVER)
tests: $(HOST_TEST_BINS) $(NATIVE_TEST_BINS) $(BUILD)/tests/samples/musl-hello $(CXRUN_STANDIN) \
	$(POSIX_TEST_BINS) $(BUILD)/tests/samples/status $(BUILD)/tools/linux-init \
	$(BUILD)/tools/conformance-runner $(BUILD)/tests/conformance/sample $(FUZZERS)

$(BUILD)/obj/%.c.o: %.c | $(BUILD)/.deps
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(CC) $(KCFLAGS) -MMD -MP -c $< -o $@
$(BUILD)/obj/%.S.o: %.S | $(BUILD)/.deps
	@mkdir -p $(dir $@)
	@echo "  AS      $<"
	$(Q)$(CC) $(KCFLAGS) -D__ASSEMBLER__ -MMD -MP -c $< -o $@

# Two link passes: the second embeds the symbol table of the first for
# symbolized backtraces. Text addresses do not move: the table lives in rodata.
$(BUILD)/ksyms0.S: tools/ksyms.sh
	@mkdir -p $(BUILD)
	sh tools/ksyms.sh > $@
$(BUILD)/calyx0.elf: $(KERNEL_OBJS) $(BUILD)/ksyms0.o arch/$(ARCH)/kernel.ld
	$(LD) $(KLDFLAGS) -o $@ $(KERNEL_OBJS) $(BUILD)/ksyms0.o
$(BUILD)/ksyms.S: $(BUILD)/calyx0.elf tools/ksyms.sh
	sh tools/ksyms.sh $< > $@
$(BUILD)/ksyms%.o: $(BUILD)/ksyms%.S
	$(CC) -c $< -o $@
$(KERNEL_ELF): $(KERNEL_OBJS) $(BUILD)/ksyms.o
	$(LD) $(KLDFLAGS) -o $@ $(KERNEL_OBJS) $(BUILD)/ksyms.o
	@cmp -s <(nm $(BUILD)/calyx0.elf | grep ' [tT] ') <(nm $@ | grep ' [tT] ') || \
		{ echo "symbol table pass moved text addresses" >&2; rm -f $@; exit 1; }
$(KERNEL_BIN): $(KERNEL_ELF)
	$(OBJCOPY) -O binary $< $@

SHELL := /bin/bash

# Native user library and programs.
$(BUILD)/uobj/%.c.o: %.c | $(BUILD)/.deps
	@mkdir -p $(dir $@)
	@echo "  CC [u]  $<"
	$(Q)$(CC) $(UCFLAGS) -MMD -MP -c $< -o $@
$(BUILD)/uobj/%.S.o: %.S | $(BUILD)/.deps
	@mkdir -p $(dir $@)
	@echo "  AS [u]  $<"
	$(Q)$(CC) $(UCFLAGS) -D__ASSEMBLER__ -MMD -MP -c $< -o $@
$(LIBCALYX): $(LIBCALYX_OBJS)
	@mkdir -p $(dir $@)
	rm -f $@ && ar rcs $@ $^
$(LIBCALYX_POSIX): $(patsubst %,$(BUILD)/uobj/%.o,$(LIBCALYX_POSIX_SRCS)) $(CX_AUTHORITY_NOTE)
	@mkdir -p $(dir $@)
	rm -f $@ && ar rcs $@ $(filter-out $(CX_AUTHORITY_NOTE),$^)
$(CX_AUTHORITY_NOTE): $(BUILD)/uobj/libc-port/posix/native_authority_note.S.o
	@mkdir -p $(dir $@)
	cp $< $@

# The POSIX server's libraries (the server program itself links this archive).
$(LINUX_UAPI)/.stamp: | $(BUILD)/.deps
	@mkdir -p $(LINUX_UAPI)
	ln -sfn $(LINUX_ASM) $(LINUX_UAPI)/asm
	ln -sfn /usr/include/asm-generic $(LINUX_UAPI)/asm-generic
	ln -sfn /usr/include/linux $(LINUX_UAPI)/linux
	@touch $@
$(BUILD)/uobj/servers/posix/%: UCFLAGS += $(POSIX_CFLAGS)
$(POSIX_LIB_OBJS) $(POSIX_SERVER_OBJS): | $(LINUX_UAPI)/.stamp
$(POSIX_SERVER): $(POSIX_SERVER_OBJS) $(POSIX_LIB) $(LIBCALYX)
	@mkdir -p $(dir $@)
	$(CC) $(ULDFLAGS) -o $@ $(POSIX_SERVER_OBJS) $(POSIX_LIB) $(LIBCALYX) -lgcc
$(POSIX_LIB): $(POSIX_LIB_OBJS)
	@mkdir -p $(dir $@)
	rm -f $@ && ar rcs $@ $^

# Keep intermediate objects (and keep make quiet after the test summary).
.SECONDARY:
.SECONDEXPANSION:
$(BUILD)/apps/%: $$(addprefix $(BUILD)/uobj/,$$(addsuffix .o,$$(wildcard apps/$$*/*.c))) \
		$$(call blobs_of,$$(wildcard apps/$$*/children/*.c)) $(LIBCALYX)
	@mkdir -p $(dir $@)
	$(CC) $(ULDFLAGS) -o $@ $(filter %.o,$^) $(LIBCALYX) -lgcc
$(BUILD)/apps/mixed-%: $$(wildcard apps/mixed-$$*/*.c) \
		$$(call blobs_of,$$(wildcard apps/mixed-$$*/children/*.c)) $(LIBCALYX_POSIX) libc-port/cx-cc
	@mkdir -p $(dir $@)
	BUILD=$(BUILD) libc-port/cx-cc -std=gnu11 -O2 -Wall -Wextra -Werror -pthread -Wl,-z,noexecstack -o $@ \
		$(filter %.c,$^) $(filter %.o,$^)
$(BUILD)/tests/bench/%: $(BUILD)/uobj/tests/bench/%.c.o $(LIBCALYX) $(HELPER_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(ULDFLAGS) -o $@ $< $(HELPER_LIB) $(LIBCALYX) -lgcc
$(BUILD)/tests/native/%: $(BUILD)/uobj/tests/native/%.c.o $(LIBCALYX) $(HELPER_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(ULDFLAGS) -o $@ $< $(HELPER_LIB) $(LIBCALYX) -lgcc
$(BUILD)/tests/cxrun/%: $(BUILD)/uobj/tests/cxrun/%.c.o $(LIBCALYX)
	@mkdir -p $(dir $@)
	$(CC) $(ULDFLAGS) -o $@ $< $(LIBCALYX) -lgcc
$(BUILD)/blobs/%.elf: $(BUILD)/uobj/%.c.o $(LIBCALYX)
	@mkdir -p $(dir $@)
	$(CC) $(ULDFLAGS) -s -o $@ $< $(LIBCALYX) -lgcc
# objcopy names the symbols after its input file, so it runs on a bare <name>.
$(BUILD)/blobs/%.blob.o: $(BUILD)/blobs/%.elf
	cd $(dir $<) && n=$(notdir $*) && cp $$n.elf $$n && $(OBJCOPY) -I binary -O elf64-x86-64 \
		-B i386:x86-64 --rename-section .data=.rodata,alloc,load,readonly,data,contents \
		$$n $$n.blob.o && rm $$n
$(HELPER_LIB): $(call blobs_of,$(wildcard tests/native-helpers/*.c))
	@mkdir -p $(dir $@)
	rm -f $@ && ar rcs $@ $^

# Each host test names the kernel sources it needs on its first line: /* sources: a.c b.c */
host_sources = $(shell sed -n '1s|.*sources:\(.*\)\*/.*|\1|p' tests/host/$(1).c)
# A test of the POSIX server's files gets its folders too (only those tests:
# proc/sched.h would shadow kernel/sched.h for a kernel test's "sched.h").
$(BUILD)/tests/host/%: tests/host/%.c $$(call host_sources,$$*) | $(BUILD)/.deps
	@mkdir -p $(dir $@)
	$(CC) $(HOST_CFLAGS) $(if $(findstring servers/posix/,$(call host_sources,$*)),$(POSIX_INCLUDES)) \
		-o $@ $< $(call host_sources,$*) -lcmocka

# A real static binary from Debian's musl, for the host ELF tests.
$(BUILD)/tests/samples/musl-hello: tests/samples/hello.c | $(BUILD)/.deps
	@mkdir -p $(dir $@)
	musl-gcc -static -O2 -o $@ $<
# Behaves as its name says: the test directory of tests/conformance/test_conformance.sh.
$(BUILD)/tests/conformance/sample: tests/conformance/sample.c | $(BUILD)/.deps
	@mkdir -p $(dir $@)
	musl-gcc -static -std=gnu11 -O2 -Wall -Wextra -Werror -o $@ $<
# Exits or dies as its arguments say: cxrun on Calyx and on Linux compared.
$(BUILD)/tests/samples/status: tests/samples/status.c | $(BUILD)/.deps
	@mkdir -p $(dir $@)
	musl-gcc -static -std=gnu11 -O2 -Wall -Wextra -Werror -o $@ $<

$(BUILD)/tests/posix/%: tests/posix/%.c $(wildcard tests/posix/*.h) | $(BUILD)/.deps
	@mkdir -p $(dir $@)
	@echo "  MUSL    $<"
	$(Q)musl-gcc $(POSIX_TEST_CFLAGS) -o $@ $<

# The POSIX fuzzer names calls with the server's generated Linux trace table.
$(BUILD)/tests/fuzz/posix_fuzz: tests/fuzz/posix_fuzz.c $(FUZZ_COMMON) servers/posix/abi/x86_64/gen/trace.c \
		servers/posix/abi/linux_abi.h | $(BUILD)/.deps
	@mkdir -p $(dir $@)
	@echo "  MUSL    $<"
	$(Q)musl-gcc $(POSIX_TEST_CFLAGS) -o $@ $(filter %.c,$^)
# The native one reads argument kinds from kernel/gen/syscall_names.h and
# embeds a native child (tests/fuzz/children/fuzz_child.c) to aim process calls at.
$(BUILD)/tests/fuzz/native_fuzz: tests/fuzz/native_fuzz.c $(FUZZ_COMMON) \
		$(call blobs_of,tests/fuzz/children/fuzz_child.c) $(LIBCALYX_POSIX) libc-port/cx-cc
	@mkdir -p $(dir $@)
	@echo "  CX-CC   $<"
	$(Q)BUILD=$(BUILD) libc-port/cx-cc -std=gnu11 -O2 -Wall -Wextra -Werror -Ikernel/gen -Wl,-z,noexecstack \
		-o $@ $(filter %.c,$^) $(filter %.o,$^)

# Static programs that run inside the Linux reference VM and in conformance
# runs on both systems (tools/cxrun --linux, tools/conformance).
$(BUILD)/tools/%: tools/guest/%.c | $(BUILD)/.deps
	@mkdir -p $(dir $@)
	@echo "  MUSL    $<"
	$(Q)musl-gcc -static -std=gnu11 -O2 -Wall -Wextra -Werror -o $@ $<

# --- generated files -------------------------------------------------------------
# The native table (include/calyx/syscalls.toml) and the POSIX server's Linux
# ABI tables (servers/posix/abi/*/syscalls.toml: x86_64, and the generic
# numbering with aarch64 and riscv64).
gen:
	$(PYTHON) tools/gen_syscalls.py
	$(PYTHON) tools/gen_linux_abi.py
check-gen:
	$(PYTHON) tools/gen_syscalls.py --check
	$(PYTHON) tools/gen_linux_abi.py --check

# --- busybox and the root filesystem (docs/busybox.md) -------------------------------
# Debian's busybox source (apt-get source, once), built static with musl-gcc.
BUSYBOX := $(BUILD)/busybox/busybox
ROOTFS  := $(BUILD)/rootfs.cpio
$(BUSYBOX): tools/build-busybox.sh tools/apt-source.sh | $(BUILD)/.deps
	tools/build-busybox.sh $(BUILD)
$(ROOTFS): $(BUSYBOX) tools/mkrootfs $(shell find rootfs -type f)
	tools/mkrootfs $(BUSYBOX) rootfs $@
busybox: $(BUSYBOX)
rootfs: $(ROOTFS)

# busybox's own testsuite on the host and on Calyx (slow: not part of make test).
busybox-testsuite: $(ROOTFS) $(KERNEL_BIN) $(POSIX_SERVER)
	$(PYTHON) tools/busybox-testsuite.py --build $(BUILD)

# --- SQLite (docs/sqlite.md) -------------------------------------------------------------
# Debian's SQLite source (apt-get source, once), its amalgamation, and the
# sqlite3 shell built static with musl-gcc (about a minute of CPU the first time).
SQLITE := $(BUILD)/sqlite/sqlite3
$(SQLITE): tools/build-sqlite.sh tools/apt-source.sh | $(BUILD)/.deps
	tools/build-sqlite.sh $(BUILD)
sqlite: $(SQLITE)
# tests/sqlite/wal.sh on Calyx and on the Linux reference VM, compared (also part
# of make test: tests/sqlite/test_sqlite.sh).
sqlite-check: $(SQLITE) $(ROOTFS) $(KERNEL_BIN) $(POSIX_SERVER) $(BUILD)/tools/linux-init
	$(PYTHON) tools/run-tests.py --build $(BUILD) --only sqlite

# --- running ----------------------------------------------------------------------
# make run: the POSIX server with the busybox root filesystem (init -> a login
# shell on the console). make run APP=name (APP given): the native app apps/<name>
# as the root task, as before.
RUN_NATIVE := $(filter command line environment,$(origin APP))
run: $(KERNEL_BIN) $(if $(RUN_NATIVE),$(BUILD)/apps/$(APP),$(POSIX_SERVER) $(ROOTFS))
ifneq ($(RUN_NATIVE),)
	@case $(APP) in mixed-*) echo "$(APP) is a POSIX program: run it with tools/cxrun $(BUILD)/apps/$(APP)"; exit 1;; esac
	@echo "Booting Calyx with $(APP) as the root task. Quit QEMU with Ctrl-A then X."
	tools/qemu-run --accel $(ACCEL) --mem $(MEM) --interactive --module $(BUILD)/apps/$(APP)
else
	@echo "Booting Calyx: busybox init, then a shell on this console. Quit: poweroff or exit (or Ctrl-A then X)."
	tools/qemu-run --accel $(ACCEL) --mem $(MEM) --interactive --module $(POSIX_SERVER) --module $(ROOTFS)
endif

debug: $(KERNEL_BIN) $(BUILD)/apps/$(APP)
	@printf 'file %s\ntarget remote localhost:1234\nbreak kernel_main\n' $(abspath $(KERNEL_ELF)) > $(BUILD)/calyx.gdb
	@echo "QEMU waits for gdb: in another terminal run  gdb -x $(BUILD)/calyx.gdb  then 'continue'"
	tools/qemu-run --accel $(ACCEL) --mem $(MEM) --interactive --gdb --module $(BUILD)/apps/$(APP)

# The POSIX tests need the server; until servers/posix exists they are skipped.
test: all $(if $(wildcard servers/posix/main.c),$(POSIX_SERVER) $(ROOTFS) $(SQLITE))
	$(PYTHON) tools/run-tests.py --build $(BUILD)

# make bench, second part: tests/bench/posix_bench, a POSIX program (musl),
# on Calyx and on the Linux reference VM side by side (tools/bench_posix.py;
# docs/performance.md); BENCH_RUNS TCG boots per system.
BENCH_RUNS ?= 5
POSIX_BENCH := $(BUILD)/tests/bench/posix_bench
$(POSIX_BENCH): tests/bench/posix_bench.c | $(BUILD)/.deps
	@mkdir -p $(dir $@)
	@echo "  MUSL    $<"
	$(Q)musl-gcc $(POSIX_TEST_CFLAGS) -o $@ $<

# Benchmarks print figures (never pass/fail): TCG time and -icount instruction counts.
bench: $(KERNEL_BIN) $(BUILD)/tests/bench/bench $(POSIX_BENCH) $(POSIX_SERVER)
	$(PYTHON) tools/bench.py --build $(BUILD) --runs $(BENCH_RUNS) --json $(BUILD)/bench/native.json
	$(PYTHON) tools/bench_posix.py --build $(BUILD) --runs $(BENCH_RUNS) --native $(BUILD)/bench/native.json

# The POSIX tests on Calyx and on the Linux reference VM (tools/linux-vm fetches
# its kernel once), compared; calyx_* tests only make sense on Calyx. Tests that
# need typed input (a .stdin file) or end the VM on purpose stay with make test.
.PHONY: conformance
conformance: all $(POSIX_SERVER)
	$(PYTHON) tools/conformance --no-build --skip-linux 'calyx_*' --skip 'calyx_reboot_*' \
		$(foreach f,$(wildcard tests/posix/*.stdin),--skip $(notdir $(basename $(f)))) $(BUILD)/tests/posix

# Boots the POSIX server with a cpio holding servers/posix/smoke/smoke.c built by
# musl-gcc (a quick check by hand until tools/cxrun exists; POSIX_OPTS=trace traces).
POSIX_SMOKE := $(BUILD)/posix-smoke
$(POSIX_SMOKE)/root.cpio: servers/posix/smoke/smoke.c | $(BUILD)/.deps
	@rm -rf $(POSIX_SMOKE)/root && mkdir -p $(POSIX_SMOKE)/root/bin $(POSIX_SMOKE)/root/etc/calyx
	musl-gcc -static -std=gnu11 -O2 -Wall -Wextra -Werror -pthread -o $(POSIX_SMOKE)/root/bin/smoke $<
	printf '/bin/smoke\0' > $(POSIX_SMOKE)/root/etc/calyx/init
	cd $(POSIX_SMOKE)/root && find . | LC_ALL=C sort | cpio -o -H newc --quiet > ../root.cpio
posix-smoke: $(KERNEL_BIN) $(POSIX_SERVER) $(POSIX_SMOKE)/root.cpio
	tools/qemu-run --timeout 120 --module "$(POSIX_SERVER) $(POSIX_OPTS)" --module $(POSIX_SMOKE)/root.cpio

# Both fuzzers under tools/cxrun, with a summary each (docs/fuzzing.md). SEED
# empty: a random one, printed. CALLS per fuzzer.
SEED ?=
CALLS ?= 1000000
.PHONY: fuzz
fuzz: $(KERNEL_BIN) $(POSIX_SERVER) $(FUZZERS)
	$(PYTHON) tools/fuzz --no-build --calls $(CALLS) $(if $(SEED),--seed $(SEED))

test-fault: $(KERNEL_BIN)
	-tools/qemu-run --timeout 30 --cmdline "ktest=pagefault onpanic=exit"

clean:
	rm -rf $(BUILD)

# (busybox's and SQLite's trees under $(BUILD) are their own: not searched.)
-include $(shell find $(BUILD) \( -path '$(BUILD)/busybox*' -o -path '$(BUILD)/sqlite*' \) -prune -o -name '*.d' -type f -print 2>/dev/null)
