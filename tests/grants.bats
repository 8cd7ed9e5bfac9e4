#!/usr/bin/env bats
# LAB 5 FILE
# grants.bats - lab 5's grant tables at work, beyond what the grader asks
# of the exercise: domain 0 maps a domU's grants (its device page, which
# the builder granted, and a page it granted read-only), reads and writes
# them, and copies to and from them through the hypervisor
# (guestos/probes/grants.c: probe=grants in domain 0, probe=grant-peer in
# the domU).

load helpers

teardown() {
    keep_failed_log
}

boot_grants() {
    boot --append "domus=1" "$GUEST probe=grants" "$GUEST probe=grant-peer"
    assert_status 0
}

@test "grants: d0 maps d1's device page (the builder's grant 0), reads and writes it; unmapping twice is refused" {
    boot_grants
    assert_log '^\(d1\) guestos: probe: granted d0 our device page \(grant 0\) and a read-only page \(grant [0-9]+\)$'
    assert_log "^\(d0\) guestos: probe: copy from d1's grant 0: 'hello from d1'; its read-only grant is [0-9]+$"
    assert_log "^\(d0\) guestos: probe: map\(d1's grant 0, writable\) = 0: frame 0x[0-9a-f]+, reads 'hello from d1'$"
    assert_log "^\(d0\) guestos: probe: unmap = 0; a copy then reads 'written by d0 through a mapping'$"
    assert_log '^\(d0\) guestos: probe: unmap again = -3$'
    assert_log '^\(d0\) guestos: probe: grants mapped now: 0$'
    frames_returned 2
}

@test "grants: a read-only grant maps only read-only, and a write through it faults in the guest" {
    boot_grants
    assert_log "^\(d0\) guestos: probe: map\(d1's read-only grant, writable\) = -8$"
    assert_log "^hv: d0: grant_table_op: map: d1's grant [0-9]+ is read-only$"
    assert_log "^\(d0\) guestos: probe: map\(d1's read-only grant, read-only\) = 0: reads 'read-only, from d1'$"
    assert_log '^\(d0\) guestos: probe: write to the read-only mapping: trap 14, error 0x3$'
}

@test "grants: copy both ways, between two grants, never to a read-only grant nor past a page" {
    boot_grants
    assert_log "^\(d0\) guestos: probe: copy to d1's grant 0 = 0, back = 0: 'copied to d1'$"
    assert_log "^\(d0\) guestos: probe: copy to d1's read-only grant = -8$"
    assert_log "^\(d0\) guestos: probe: copy d1's read-only grant to its grant 0 = 0: 'read-only, from d1'$"
    assert_log '^\(d0\) guestos: probe: copy past the page = -10$'
    assert_log '^hv: d1: mm: every frame.s reference and type counts are back to zero$'
}
