# bochs.bats - the GRUB ISO (tools/mkiso): booted in Bochs through
# tools/run-bochs, as `make bochs` does, and in QEMU as a CD, which shows
# that GRUB hands the hypervisor and domain 0 their command lines.

load helpers

@test "the GRUB ISO boots domain 0 in Bochs and the run ends" {
    iso=$BATS_TEST_TMPDIR/hvlab.iso
    log=$BATS_TEST_TMPDIR/serial.log
    "$HVLAB/tools/mkiso" "$iso" "$HV" "" "$GUEST fault=cli"
    run "$HVLAB/tools/run-bochs" --headless --log "$log" --timeout 90 "$iso"

    assert_status 0
    assert_log '^\(d0\) guestos: hello from ring 1: d0 has 1024 pages'
    assert_log "^hv: d0: trap: privileged instruction 'cli'"
    assert_log '^hv: run ended: status 0 \(success\)'
}

@test "GRUB passes the command lines from the ISO (QEMU, -cdrom)" {
    iso=$BATS_TEST_TMPDIR/hvlab.iso
    log=$BATS_TEST_TMPDIR/serial.log
    "$HVLAB/tools/mkiso" "$iso" "$HV" "dom0_mem=8M" "$GUEST fault=cli x=1 y"
    # isa-debug-exit: the hypervisor's status 0 is QEMU's exit status 1.
    run timeout --kill-after=5 "$(run_timeout)" qemu-system-i386 -machine pc -m 256M \
        -nodefaults -no-reboot -display none -vga std -monitor none \
        -serial "file:$log" -device isa-debug-exit,iobase=0xf4,iosize=0x04 \
        -cdrom "$iso" < /dev/null

    assert_status 1
    assert_log "^hv: cmdline: 'dom0_mem=8M'"
    assert_log '^hv: d0: build: guestos\.elf: 8192 KiB'
    assert_log "^\(d0\) guestos: command line 'fault=cli x=1 y'"
    assert_log '^hv: run ended: status 0 \(success\)'
}

# Bochs follows the Intel manual where QEMU's TCG does not: the hostile
# suite's attacks that depend on the emulator, cross-checked here.
# boot_bochs GUESTARGS [HVARGS]: the ISO with those arguments, booted in
# Bochs.
boot_bochs() {
    iso=$BATS_TEST_TMPDIR/hvlab.iso
    log=$BATS_TEST_TMPDIR/serial.log
    "$HVLAB/tools/mkiso" "$iso" "$HV" "${2:-}" "$GUEST${1:+ $1}"
    run "$HVLAB/tools/run-bochs" --headless --log "$log" --timeout 120 "$iso"
}

@test "Bochs: a program's iret with EFLAGS.VM is a #GP, no v86 mode (mode-v86-ring3-cs0)" {
    boot_bochs probe=mode-v86-ring3-cs0
    assert_status 0
    assert_log '^\(d0\) guestos: process 1 \(v86cs0\) killed: general protection at eip 0x[0-9a-f]{8} \(error 0x0,'
    refute_log '^hv: d0: trap: .* in virtual-8086 mode'
    assert_log '^hv: run ended: status 0 \(success\)'
}

@test "Bochs: single-stepping over mov ss; int \$0x82 gives the same #DB traps as TCG (trap-step-movss)" {
    boot_bochs probe=trap-step-movss
    assert_status 0
    assert_log '^\(d0\) guestos: attack: trap-step-movss: refused: 8 #DB traps, all in our code, at \+1 \+2 \+4 \+9 \+10 \+11 \+18 \+19; 0 breakpoint'
    assert_log '^hv: run ended: status 0 \(success\)'
}
# LAB 4 BEGIN

# The PIT, the PIC and the CMOS clock as Bochs models them: the one-shot
# timer, upcalls, blocking and preemption, not only QEMU's.
@test "Bochs: the timer and events: two domUs exchange their events with d0; a program that never yields is preempted" {
    boot_bochs "" "domus=2 domu_mem=256K"
    assert_status 0
    assert_log '^hv: time: TSC at [0-9]+ MHz; wall clock [0-9]+ s since 1970$'
    assert_log '^\(d1\) guestos: d1: 1000 events exchanged with d0 in [0-9]+ us$'
    assert_log '^\(d2\) guestos: d2: 1000 events exchanged with d0 in [0-9]+ us$'
    assert_log '^hv: run ended: status 0 \(success\)'

    boot_bochs init=preempt
    assert_status 0
    assert_log '^\(d0\) preempt: hello exited with 0 and 3 sleeps of 20 ms ended beside spin$'
}
# LAB 4 END
# LAB 5 BEGIN

# The disk as Bochs models its ATA drive (ata0-master, the CD moved to
# ata0-slave): domain 0's driver, its IRQ 14 through the second PIC, and
# a pattern one boot writes and the next boot of the image reads.
@test "Bochs: domain 0 drives the ATA disk; a second boot of the image finds what the first wrote" {
    disk=$(new_disk 16M)
    iso=$BATS_TEST_TMPDIR/hvlab.iso
    log=$BATS_TEST_TMPDIR/serial.log
    "$HVLAB/tools/mkiso" "$iso" "$HV" "" "$GUEST probe=disk"
    run "$HVLAB/tools/run-bochs" --headless --log "$log" --timeout 120 --disk "$disk" "$iso"
    assert_status 0
    assert_log '^\(d0\) guestos: ata: disk of 32768 sectors \(16 MiB\): '
    assert_log "^\(d0\) guestos: probe: disk: pass: boot 1's pattern written to sectors 32744 to 32767 and read back$"
    assert_log '^\(d0\) guestos: probe: disk: read 4096 KiB directly in [0-9]+ ms: '

    run "$HVLAB/tools/run-bochs" --headless --log "$log" --timeout 120 --disk "$disk" "$iso"
    assert_status 0
    assert_log "^\(d0\) guestos: probe: disk: pass: boot 1's pattern is still there$"
    refute_log 'probe: disk: FAIL'
}

# The split drivers as Bochs runs them: grant maps and copies, the rings'
# events, the I/O bitmap that opens the disk's ports to domain 0 alone
# (Bochs checks it as the Intel manual says), IRQ 14 as domain 0's event.
@test "Bochs: two domUs' consoles, disks and pings through domain 0; a domU's in and out on the disk's ports get #GP (pd-domu-ports)" {
    disk=$(new_disk 16M)
    iso=$BATS_TEST_TMPDIR/hvlab.iso
    log=$BATS_TEST_TMPDIR/serial.log
    "$HVLAB/tools/mkiso" "$iso" "$HV" "domus=2" "$GUEST" "$GUEST init=demo"
    run "$HVLAB/tools/run-bochs" --headless --log "$log" --timeout 120 --disk "$disk" "$iso"
    assert_status 0
    assert_log '^\(d1\) guestos: d1: 3 devices connected to domain 0$'
    assert_log '^\(d1\) demo: d1: done: disk ok, 3 of 3 pings answered$'
    assert_log '^\(d2\) demo: d2: done: disk ok, 3 of 3 pings answered$'
    assert_log '^hv: run ended: status 0 \(success\)'

    "$HVLAB/tools/mkiso" "$iso" "$HV" "domus=1" "$GUEST" "$GUEST probe=pd-domu-ports"
    run "$HVLAB/tools/run-bochs" --headless --log "$log" --timeout 120 --disk "$disk" "$iso"
    assert_status 0
    [ "$(console_lines | grep -c '^(d1) guestos: attack: pd-domu-ports: refused: .*: #GP, 10 of 10 times$')" -eq 8 ]
    assert_log '^hv: run ended: status 0 \(success\)'
}
# LAB 5 END
