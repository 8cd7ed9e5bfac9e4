# hvlab - the top-level Makefile. It reads as the table of contents:
#
#   make              build the hypervisor and the guest kernel
#   make qemu-nox     run them in QEMU, console on this terminal (Ctrl-a x quits)
#   make qemu         the same with a VGA window
#   make qemu-gdb     run stopped, waiting for GDB; then `make gdb` elsewhere
#   make iso          a GRUB ISO of the same files (obj/hvlab.iso)
#   make bochs        boot that ISO in Bochs, with Bochs's debugger
#   make test         every test; ends with "N passed, N failed"
#   make grade        grade the lab (LAB in lab.mk); T=word runs matching tests
#   make handin       the archive to hand in
#   make handouts     render handouts/labN.md to obj/handouts/labN.html
#   make labs DEST=d  d/student (branches lab1..: publish it) and d/instructor
#                     (lab1.., sol1..: keep it private)
#   make check-labs   prove the lab branches build, fail, pass, merge, leak nothing
#   make check-graders  prove wrong solutions lose points (instructor/ only)
#   make grade-all LAB=N SUBMISSIONS=dir   grade a class into gradebook-labN.csv
#   make gradescope LAB=N   Gradescope's autograder: obj/gradescope-labN.zip
#   make bench        boot-time figures
#   make deps         install what is missing (Debian/Ubuntu packages)
#   make clean
#
# Options: HVARGS="..." is the hypervisor's command line (e.g.
# HVARGS="dom0_mem=8M loglvl=debug"), GUESTARGS="..." domain 0's (e.g.
# GUESTARGS="fault=hlt"). ACCEL=kvm or ACCEL=tcg forces QEMU's accelerator.

include lab.mk
OBJ := obj
HV := $(OBJ)/hv/hv.elf
GUEST := $(OBJ)/guestos/guestos.elf
HVARGS ?=
GUESTARGS ?=
# The first multiboot module: domain 0's kernel and its command line.
DOM0 = $(GUEST)$(if $(GUESTARGS), $(GUESTARGS))
# LAB 4 BEGIN
# With DOMUARGS, a second module: the domUs' kernel and command line
# (HVARGS=domus=N builds them; without it they get domain 0's kernel and
# an empty command line).
# LAB 5 BEGIN
# From lab 5 the domUs run the demo unless told otherwise (DOMUARGS= for
# lab 4's event exchange): their disk test, then a ping of the next domU.
DOMUARGS ?= init=demo
# LAB 5 END
DOMUARGS ?=
DOMU = $(if $(DOMUARGS),"$(GUEST) $(DOMUARGS)")
# LAB 4 END

all: $(HV) $(GUEST)
.PHONY: all

# --- Building ------------------------------------------------------------

CC := gcc
LD := ld
# 32-bit, no C library, frame pointers kept (backtraces), no FPU/SIMD
# registers (the hypervisor does not save them), -Og for debugging. Unused
# parameters are no warning: every lab stub has some.
CFLAGS := -m32 -march=i686 -std=gnu11 -ffreestanding -fno-pic -fno-pie \
	-fno-stack-protector -fno-omit-frame-pointer -fno-optimize-sibling-calls \
	-fno-asynchronous-unwind-tables -mno-sse -mno-mmx -mno-80387 \
	-Og -g -Wall -Wextra -Wno-unused-parameter -Iinclude
ASFLAGS := -m32 -g -Iinclude
LDFLAGS := -m elf_i386 --build-id=none -nostdlib -z noexecstack

# include/ holds what both sides share: the guest interface (public/) and
# the headers of lib/. The hypervisor adds its private headers; the guest
# never sees them.
LIB_SRCS := lib/printfmt.c lib/string.c lib/median.c lib/elf.c
HV_SRCS := hv/boot.S hv/init.c hv/console.c hv/debug.c hv/cmdline.c \
	hv/memory.c hv/frame.c hv/segments.c hv/trapentry.S hv/traps.c hv/pic.c \
	hv/guest_access.c hv/hypercall.c hv/domain.c hv/sched.c
GUEST_SRCS := guestos/entry.S guestos/main.c guestos/console.c \
	guestos/probes/probes.c guestos/probes/faults.c \
	guestos/probes/grading.c
# LAB 2 BEGIN
HV_SRCS += hv/descriptors.c hv/version.c
GUEST_SRCS += guestos/probes/traps.c guestos/probes/gdt.c guestos/probes/bench.c \
	guestos/probes/hostile.c
GUEST_SRCS += guestos/trapentry.S guestos/traps.c guestos/proc.c guestos/swtch.S \
	guestos/syscall.c
# Ring-3 programs and their library (with their own copy of lib/): the
# guest's linker script puts objects under user/ in the user segment.
USER_OBJS := $(OBJ)/guestos/user/ulib.o $(OBJ)/guestos/user/programs.o \
	$(OBJ)/guestos/user/printfmt.o $(OBJ)/guestos/user/string.o \
	$(OBJ)/guestos/user/median.o
USER_WORLD := $(OBJ)/guestos/user/world.o
# LAB 2 END
# LAB 3 BEGIN
HV_SRCS += hv/mm.c
GUEST_SRCS += guestos/vm.c guestos/user_image.S \
	guestos/probes/mmu.c guestos/probes/hostile_mmu.c
# The user world again, as an image of its own that the guest loads into
# each process; the guest checks it with lib/elf.c, as the hypervisor
# checks the guest.
USER_IMAGE := $(OBJ)/guestos/user/user.img
# LAB 3 END
# LAB 4 BEGIN
HV_SRCS += hv/time.c hv/event.c
GUEST_SRCS += guestos/events.c guestos/time.c guestos/ctrl.c guestos/probes/evtchn.c \
	guestos/probes/upcall.c guestos/probes/eventbench.c guestos/probes/hostile_events.c \
	guestos/probes/longbatch.c
USER_OBJS += $(OBJ)/guestos/user/sh.o
# LAB 4 END
# LAB 5 BEGIN
HV_SRCS += hv/grant.c
GUEST_SRCS += guestos/gnttab.c guestos/probes/grants.c guestos/probes/hostile_grants.c
GUEST_SRCS += guestos/devices.c guestos/consfront.c guestos/consback.c guestos/blkfront.c \
	guestos/blkback.c guestos/netfront.c guestos/netback.c guestos/probes/ringbench.c \
	guestos/probes/net.c guestos/probes/hostile_net.c \
	guestos/probes/blkattack.c
USER_OBJS += $(OBJ)/guestos/user/devices.o
HV_SRCS += hv/physdev.c
GUEST_SRCS += guestos/ata.c guestos/probes/disk.c guestos/probes/hostile_physdev.c
# LAB 5 END

objs = $(patsubst %.c,$(OBJ)/%.o,$(patsubst %.S,$(OBJ)/%.o,$(1)))
LIB_OBJS := $(call objs,$(LIB_SRCS))
HV_OBJS := $(call objs,$(HV_SRCS))
GUEST_OBJS := $(call objs,$(GUEST_SRCS))

$(OBJ)/hv/%.o: hv/%.c | deps-build
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -Ihv/include -MMD -c -o $@ $<
$(OBJ)/hv/%.o: hv/%.S | deps-build
	@mkdir -p $(@D)
	$(CC) $(ASFLAGS) -Ihv/include -MMD -c -o $@ $<
# Each variable of the guest in a section of its own, so that its
# linker script can pack the page-aligned ones together, and the guest
# compiled for size (-Os, frame pointers still kept for backtraces): the
# guest kernel, with every probe and attack of the test suites, must fit
# a 256 KiB domain.
$(OBJ)/guestos/%.o: guestos/%.c | deps-build
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -Os -fdata-sections -Iguestos -Iguestos/include -MMD -c -o $@ $<
$(OBJ)/guestos/%.o: guestos/%.S | deps-build
	@mkdir -p $(@D)
	$(CC) $(ASFLAGS) -Iguestos/include -MMD -c -o $@ $<
# LAB 2 BEGIN
$(OBJ)/guestos/user/%.o: lib/%.c | deps-build
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -MMD -c -o $@ $<
# LAB 2 END
$(OBJ)/lib/%.o: lib/%.c | deps-build
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -MMD -c -o $@ $<

# The hypervisor is linked twice: once with an empty function-name table,
# then with the table made from that first link (tools/mksymtab). The
# table sits after .text, so no function moves; the check proves it.
$(OBJ)/hv/symtab-empty.S: tools/mksymtab
	@mkdir -p $(@D)
	tools/mksymtab > $@
$(OBJ)/hv/hv-pass1.elf: $(HV_OBJS) $(LIB_OBJS) $(OBJ)/hv/symtab-empty.o hv/hv.ld
	$(LD) $(LDFLAGS) -T hv/hv.ld -o $@ $(HV_OBJS) $(LIB_OBJS) $(OBJ)/hv/symtab-empty.o
$(OBJ)/hv/symtab.S: $(OBJ)/hv/hv-pass1.elf tools/mksymtab
	tools/mksymtab $< > $@
$(HV): $(HV_OBJS) $(LIB_OBJS) $(OBJ)/hv/symtab.o hv/hv.ld
	$(LD) $(LDFLAGS) -T hv/hv.ld -o $@ $(HV_OBJS) $(LIB_OBJS) $(OBJ)/hv/symtab.o
	tools/mksymtab $@ | cmp -s - $(OBJ)/hv/symtab.S || \
		{ echo "hv.elf: functions moved between the two links" >&2; rm -f $@; exit 1; }
$(OBJ)/hv/symtab%.o: $(OBJ)/hv/symtab%.S
	$(CC) $(ASFLAGS) -c -o $@ $<

$(GUEST): $(GUEST_OBJS) $(LIB_OBJS) $(USER_WORLD) guestos/guestos.ld
	$(LD) $(LDFLAGS) -T guestos/guestos.ld -o $@ $(GUEST_OBJS) $(LIB_OBJS) $(USER_WORLD)
# LAB 2 BEGIN
# The user world as one object whose only global symbols are those in
# guestos/user/exports.
$(USER_WORLD): $(USER_OBJS) guestos/user/exports
	$(LD) -m elf_i386 -r -o $@.tmp $(USER_OBJS)
	objcopy --keep-global-symbols=guestos/user/exports $@.tmp $@
	rm -f $@.tmp
# LAB 2 END
# LAB 3 BEGIN
# user.elf keeps its symbols for GDB; the image the kernel carries does not.
$(OBJ)/guestos/user/user.elf: $(USER_WORLD) guestos/user/user.ld
	$(LD) $(LDFLAGS) -T guestos/user/user.ld -o $@ $(USER_WORLD)
$(USER_IMAGE): $(OBJ)/guestos/user/user.elf
	objcopy --strip-all $< $@
$(OBJ)/guestos/user_image.o: guestos/user_image.S $(USER_IMAGE)
	@mkdir -p $(@D)
	$(CC) $(ASFLAGS) -DUSER_IMAGE='"$(USER_IMAGE)"' -c -o $@ $<
# LAB 3 END

-include $(shell find $(OBJ) -name '*.d' 2>/dev/null)

# --- Running ---------------------------------------------------------------

# tools/accel's answer (KVM or TCG) is probed once and kept here.
export HVLAB_ACCEL_CACHE ?= $(CURDIR)/$(OBJ)/accel

RUN_QEMU := tools/run-qemu --append "$(HVARGS)" --log $(OBJ)/serial.log
RUN_BOCHS := tools/run-bochs --debugger --log $(OBJ)/serial.log
# GDB talks to QEMU over a unix socket inside this checkout, so two
# checkouts (or two grades) on one machine never collide. GDBPORT=1234
# uses that TCP port instead, for debuggers that need one.
GDBSOCK := $(OBJ)/qemu-gdb.sock
GDBTARGET = $(if $(GDBPORT),$(GDBPORT),$(GDBSOCK))
# LAB 5 BEGIN
# Domain 0's IDE disk, the primary master: a raw image made once and
# kept, so that what the domains write is there on the next run (make
# clean removes it). 128 MiB, sparse: a megabyte for each of 127 domUs.
DISK := $(OBJ)/disk.img
$(DISK):
	@mkdir -p $(@D)
	truncate -s 128M $@
RUN_QEMU += --disk $(DISK)
RUN_BOCHS += --disk $(DISK)
qemu-nox qemu qemu-gdb bochs: $(DISK)
# LAB 5 END

qemu-nox: all | deps-qemu
	$(RUN_QEMU) --console stdio $(HV) "$(DOM0)" $(DOMU)
qemu: all | deps-qemu
	$(RUN_QEMU) --console window $(HV) "$(DOM0)" $(DOMU)
qemu-gdb: all $(OBJ)/gdbinit | deps-qemu
	@echo "*** QEMU is waiting for GDB: run 'make gdb' in another terminal."
	$(RUN_QEMU) --console stdio --gdb $(GDBTARGET) $(HV) "$(DOM0)" $(DOMU)
gdb: all $(OBJ)/gdbinit | deps-gdb
	gdb -q -x $(OBJ)/gdbinit

# Both kernels' symbols at the addresses they run at. Under KVM, use
# hbreak for breakpoints set before paging is on (QEMU cannot write a
# software breakpoint into memory that is not mapped yet).
$(OBJ)/gdbinit: Makefile
	@mkdir -p $(@D)
	printf '%s\n' "set pagination off" \
		"target remote $(if $(GDBPORT),localhost:$(GDBPORT),$(GDBSOCK))" \
		"symbol-file $(HV)" "add-symbol-file $(GUEST)" > $@
.PHONY: qemu-nox qemu qemu-gdb gdb $(OBJ)/gdbinit

ISO := $(OBJ)/hvlab.iso
iso: $(ISO)
$(ISO): $(HV) $(GUEST) tools/mkiso | deps-iso
	tools/mkiso $@ $(HV) "$(HVARGS)" "$(DOM0)" $(DOMU)
bochs: $(ISO) | deps-bochs
	$(RUN_BOCHS) $(ISO)
.PHONY: iso bochs $(ISO)

# --- Testing ---------------------------------------------------------------

# Two test files run at a time, each file starting as a core comes free:
# the longest start first (they take a minute or two each; the others,
# seconds), so that one of them never runs alone at the end. The
# instructor material's tests (make check-graders) run too where it
# exists, and first: theirs is the longest.
SLOW_TESTS := $(wildcard instructor/tests tests/samples.bats tests/labs.bats tests/grade-all.bats)
test: all | deps-test
	tools/run-tests $(SLOW_TESTS) tests
# LAB 4 BEGIN
BENCH_EVENTS := tools/bench-events $(HV) $(GUEST)
# LAB 4 END
# LAB 5 BEGIN
BENCH_RINGS := tools/bench-rings $(HV) $(GUEST)
# LAB 5 END
bench: all | deps-qemu
	tools/bench-boot $(HV) $(GUEST)
	$(BENCH_EVENTS)
	$(BENCH_RINGS)
.PHONY: test bench

# --- The labs ----------------------------------------------------------------

# Every lab with a grader, or the one lab.mk names.
ALL_LABS := $(sort $(patsubst grading/lab%.bats,%,$(wildcard grading/lab*.bats)))
GRADE_LABS := $(if $(filter all,$(LAB)),$(ALL_LABS),$(LAB))

# make grade ends with its score, and exits 1 below full marks without
# make's "*** Error" under it: the grader runs while make reads this file
# (its output goes straight to make's own), and a grade below full marks
# turns on make's question mode (-q), in which make says nothing and
# exits 1 because "grade" is not done.
ifneq ($(filter grade,$(MAKECMDGOALS)),)
GRADE_OUTPUT := $(shell out=/proc/$$PPID/fd/1; [ -w "$$out" ] || out=/dev/stderr; \
	{ tools/install-deps test && grading/grade $(if $(T),-f "$(T)") $(GRADE_LABS); } >> "$$out" 2>&1)
ifneq ($(.SHELLSTATUS),0)
MAKEFLAGS += -q
endif
endif
grade:
	@:
handin: | deps-build
	tools/handin $(LAB)
handouts: | deps-docs
	tools/render-handouts
labs:
	@test -n "$(DEST)" || { echo "make labs DEST=<dir>" >&2; exit 2; }
	tools/mklabs "$(DEST)"
check-labs: | deps-test
	tools/run-tests tests/labs.bats
grade-all: | deps-test
	@test -n "$(SUBMISSIONS)" || { echo "make grade-all LAB=N SUBMISSIONS=<dir> [ARGS='--jobs 8 --timeout 300']" >&2; exit 2; }
	grading/grade-all --lab $(LAB) $(ARGS) "$(SUBMISSIONS)"
gradescope: | deps-test
	grading/make-gradescope --lab $(LAB) $(OBJ)/gradescope-lab$(LAB).zip
.PHONY: grade handin handouts labs check-labs grade-all gradescope
-include instructor/instructor.mk

# --- Setting up and cleaning -------------------------------------------------

deps:
	tools/install-deps all
deps-%:
	@tools/install-deps $*
clean:
	rm -rf $(OBJ)
.PHONY: deps clean
