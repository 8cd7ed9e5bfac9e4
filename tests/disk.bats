#!/usr/bin/env bats
# LAB 5 FILE
# disk.bats - domain 0 drives the IDE disk (lab 5): its driver
# (guestos/ata.c) finds the disk QEMU gives it, writes and reads it
# through the ports the hypervisor opens to it and the interrupts it
# turns into events (hv/physdev.c), and what one boot writes is there in
# the next boot of the same image. Without a disk, the boot goes on as
# before. Each test boots its own image (new_disk): QEMU locks it.

load helpers

teardown() {
    keep_failed_log
}

@test "disk: domain 0's driver finds the disk and says its size and model once" {
    boot --disk "$(new_disk 16M)" "$GUEST"
    assert_status 0
    assert_log '^\(d0\) guestos: ata: disk of 32768 sectors \(16 MiB\): QEMU HARDDISK$'
    [ "$(console_lines | grep -c 'guestos: ata:')" -eq 1 ]
    assert_log '^hv: run ended: status 0 \(success\)$'
    assert_frames_returned
}

@test "disk: probe=disk writes a pattern, reads it back (the elevator reorders), and the next boot of the same image finds it" {
    disk=$(new_disk 16M)
    boot --disk "$disk" "$GUEST probe=disk"
    assert_status 0
    assert_log '^\(d0\) guestos: probe: disk: no pattern of an earlier boot: a new disk$'
    assert_log "^\(d0\) guestos: probe: disk: pass: boot 1's pattern written to sectors 32744 to 32767 and read back$"
    # Submitted highest first: the highest was on the disk at once; the
    # elevator served the rest from the lowest up.
    assert_log '^\(d0\) guestos: probe: disk: 4 reads submitted highest LBA first finished in the order 3 0 1 2 '
    assert_log '^\(d0\) guestos: probe: disk: read 4096 KiB directly in [0-9]+ ms: [0-9]+\.[0-9] MB/s$'
    refute_log 'probe: disk: FAIL'
    assert_frames_returned

    boot --disk "$disk" "$GUEST probe=disk"
    assert_status 0
    assert_log "^\(d0\) guestos: probe: disk: pass: boot 1's pattern is still there$"
    assert_log "^\(d0\) guestos: probe: disk: pass: boot 2's pattern written to sectors 32744 to 32767 and read back$"
    refute_log 'probe: disk: FAIL'
    assert_frames_returned
}

@test "disk: domain 0 drives the disk while two domUs run beside it (its ports open and shut at every switch)" {
    boot --disk "$(new_disk 16M)" --append "domus=2" "$GUEST probe=disk"
    assert_status 0
    assert_log "^\(d0\) guestos: probe: disk: pass: boot 1's pattern written to sectors 32744 to 32767 and read back$"
    assert_log '^\(d1\) guestos: d1: 1000 events exchanged with d0 in [0-9]+ us$'
    assert_log '^\(d2\) guestos: d2: 1000 events exchanged with d0 in [0-9]+ us$'
    refute_log 'probe: disk: FAIL|killing d'
    assert_log '^hv: run ended: status 0 \(success\)$'
}

@test "disk: without a disk, one line says so and the boot ends as before" {
    boot "$GUEST"
    assert_status 0
    assert_log '^\(d0\) guestos: ata: no disk on the primary IDE channel; going on without one$'
    [ "$(console_lines | grep -c 'guestos: ata:')" -eq 1 ]
    assert_log '^\(d0\) init: '
    refute_log 'physdev_op|bind_pirq'
    assert_log '^hv: run ended: status 0 \(success\)$'
    assert_frames_returned

    boot "$GUEST probe=disk"
    assert_status 0
    assert_log '^\(d0\) guestos: probe: disk: FAIL: no disk$'
    assert_log '^hv: run ended: status 0 \(success\)$'
}

@test "disk: a disk smaller than the benchmark is still driven; the benchmark says it cannot run" {
    boot --disk "$(new_disk 1M)" "$GUEST probe=disk"
    assert_status 0
    assert_log '^\(d0\) guestos: ata: disk of 2048 sectors \(1 MiB\): QEMU HARDDISK$'
    assert_log "^\(d0\) guestos: probe: disk: pass: boot 1's pattern written to sectors 2024 to 2047 and read back$"
    assert_log '^\(d0\) guestos: probe: disk: the disk is smaller than 4096 KiB: no benchmark$'
}
