#!/usr/bin/env bats
# boot.bats - lab 1 as a user sees it: the hypervisor boots, domain 0
# prints from ring 1, its privileged instruction is caught and explained,
# and the run ends by itself with a status.

load helpers

@test "boot dom0 under TCG: first line from ring 1, cli caught, clean end" {
    ACCEL=tcg boot "$GUEST fault=cli"
    assert_status 0
    assert_log '^hv: hvlab hypervisor starting'
    assert_log '^hv: d0: build: guestos\.elf: 4096 KiB, kernel \[0xc0000000, '
    assert_log '^\(d0\) guestos: hello from ring 1: d0 has 1024 pages \(4096 KiB\), domain 0$'
    assert_log "^hv: d0: trap: privileged instruction 'cli' at eip 0xc0[0-9a-f]{6} in ring 1 \(#GP"
    assert_log '^hv: d0: eip=c0[0-9a-f]{6} eflags=[0-9a-f]{8} cs=e019 ss=e021'
    assert_log '^hv: d0: domain: destroyed, 1024 frames returned'
    assert_log '^hv: sched: no domains left$'
    assert_log '^hv: run ended: status 0 \(success\)$'
    # In that order: the guest spoke before it was killed.
    hello=$(console_lines | grep -n 'guestos: hello' | cut -d: -f1)
    trap=$(console_lines | grep -n "privileged instruction 'cli'" | cut -d: -f1)
    [ "$hello" -lt "$trap" ]
}

@test "boot dom0 under KVM" {
    [ "$(ACCEL= default_accel)" = kvm ] || skip "KVM cannot run hvlab on this machine (tools/accel)"
    ACCEL=kvm boot "$GUEST fault=cli"
    assert_status 0
    assert_log '^\(d0\) guestos: hello from ring 1: d0 has 1024 pages'
    assert_log "^hv: d0: trap: privileged instruction 'cli'"
    assert_log '^hv: run ended: status 0 \(success\)$'
}

@test "the guest reads start_info: dom0_mem sets its page count" {
    boot --append "dom0_mem=8M" "$GUEST fault=cli"
    assert_status 0
    assert_log '^\(d0\) guestos: hello from ring 1: d0 has 2048 pages \(8192 KiB\)'
    assert_log '^\(d0\) guestos: page directory at 0xc[0-9a-f]{7}, 3 page-table frames'
    assert_log '^hv: d0: domain: destroyed, 2048 frames returned'
}

@test "the guest's command line reaches start_info" {
    boot "$GUEST fault=hlt extra=words"
    assert_status 0
    assert_log "^\(d0\) guestos: command line 'fault=hlt extra=words'$"
}

@test "each privileged instruction is named: hlt, mov to cr3, out, lgdt" {
    for case in "hlt:'hlt'" "cr3:'mov to %cr3'" "out:'out'" "lgdt:'lgdt'"; do
        boot "$GUEST fault=${case%%:*}"
        assert_status 0
        assert_log "^hv: d0: trap: privileged instruction ${case#*:} at eip 0xc0"
        assert_log '^hv: run ended: status 0'
    done
}

# The hole is refused twice over: segment limits stop ring 1 on hardware
# (#GP), and with the hypervisor unmapped while a guest runs, paging
# stops it even where segment limits are not checked (QEMU's TCG: #PF).
@test "ring 1 cannot read the hypervisor hole; the hypervisor goes on" {
    boot "$GUEST fault=hole"
    assert_status 0
    assert_log '^hv: d0: trap: (page fault: read of an unmapped page at 0xe0000000|general protection fault \(a segment limit)'
    assert_log '^hv: d0: domain: destroyed'
    assert_log '^hv: run ended: status 0'
    refute_log 'PANIC|BUG'
}

@test "ring 1 cannot overwrite the IDT it finds with sidt" {
    boot "$GUEST fault=idt"
    assert_status 0
    assert_log '^\(d0\) guestos: sidt says the IDT is at 0xe01[0-9a-f]{5}'
    assert_log '^hv: d0: trap: (page fault: write to a read-only page at 0xe01[0-9a-f]{5}|general protection fault \(a segment limit)'
    assert_log '^hv: run ended: status 0'
    refute_log 'PANIC|BUG'
}

@test "a page fault names the address; an int with no gate names the vector" {
    boot "$GUEST fault=unmapped"
    assert_status 0
    assert_log '^hv: d0: trap: page fault: read of an unmapped page at 0x00001000 at eip 0xc0'
    assert_log '^hv: d0: eax=.* ebx='
    boot "$GUEST fault=int"
    assert_status 0
    assert_log '^hv: d0: trap: int \$0x81: no gate for ring 1 at that vector'
}

@test "a killed domain gives back every frame it had" {
    boot "$GUEST fault=cli"
    assert_status 0
    assert_log '^hv: d0: domain: destroyed, 1024 frames returned'
    assert_frames_returned
}

@test "selftest=panic: the run ends with the panic status, before any guest" {
    # The backtrace itself is lab 1's grader (grading/lab1.bats).
    boot --append "selftest=panic"
    assert_status 2
    assert_log '^hv: PANIC: selftest: panic requested on the command line$'
    assert_log '^hv: backtrace:$'
    assert_log '^hv: run ended: status 2 \(panic\)$'
    refute_log 'guestos'
}

@test "loglvl=error keeps the hypervisor quiet but not the guest" {
    boot --append "loglvl=error" "$GUEST fault=cli"
    assert_status 0
    refute_log '^hv: d0: build:'
    refute_log '^hv: memory:'
    assert_log '^\(d0\) guestos: hello from ring 1'
    assert_log "^hv: d0: trap: privileged instruction 'cli'"
}

@test "bad hypercall arguments: an error code and one log line naming d0, then on" {
    boot "$GUEST probe=hypercalls fault=cli"
    assert_status 0
    assert_log '^hv: d0: console_io: buffer 0xe0000000\+16 is not mapped below the hole$'
    assert_log '^\(d0\) guestos: probe: console_io\(buffer in the hole\) = -14$'
    assert_log '^\(d0\) guestos: probe: console_io\(buffer running into the hole\) = -14$'
    assert_log '^\(d0\) guestos: probe: console_io\(unmapped buffer\) = -14$'
    assert_log '^hv: d0: console_io: count -1 is not in \[0, 4096\]$'
    assert_log '^\(d0\) guestos: probe: console_io\(count -1\) = -22$'
    assert_log '^\(d0\) guestos: probe: console_io\(unknown command 99\) = -22$'
    assert_log '^hv: d0: hypercall: unknown hypercall 63$'
    assert_log '^\(d0\) guestos: probe: hypercall 63 = -38$'
    assert_log '^\(d0\) guestos: probe: hypercall 0xffffffff = -38$'
    # No terminal escape sequence gets through; long lines are split.
    assert_log '^\(d0\) guestos: probe: escape \?\[2J and bell \? are not passed on$'
    assert_log '^\(d0\) (0123456789){16}$'
    assert_log '^\(d0\) (0123456789){4}$'
    # The domain went on to its demonstration.
    assert_log "^hv: d0: trap: privileged instruction 'cli'"
    assert_log '^hv: run ended: status 0 \(success\)$'
}
