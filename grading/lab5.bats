#!/usr/bin/env bats
# LAB 5 FILE
# lab5.bats - the lab 5 grader (make grade): grant tables and I/O rings.
# The hypervisor maps a grant only for the domain it was granted to, as
# it was granted, and holds the frame while it is mapped (map_grant_ref);
# a ring's producer publishes its requests and notifies only when the
# consumer asked (ring_push_check_notify); domain 0's block back end
# reads each request once and keeps every domU to its own extent of the
# disk (blkback_request); its network back end forwards each frame to
# the domU it is addressed to, and to nobody else (netback_forward).
# Each test's name ends with its points.

load ../tests/helpers

teardown() {
    keep_failed_log
}

# --- Exercise 1: map_grant_ref (hv/grant.c) --------------------------

# A domU (probe=grade-map, guestos/probes/grants.c) grants pages to
# itself, which the hypervisor treats like any grant, and maps them.
boot_grade_map() {
    boot --append "domus=1" "$GUEST" "$GUEST probe=grade-map"
    assert_status 0
}

@test "map: refused for a grant made for another domain, a read-only grant asked writable, a reference past the table, a page table, a slot in use (map_grant_ref) [10]" {
    boot_grade_map
    assert_log '^\(d1\) guestos: probe: map\(our grant 0, made for d0\) = -8$'
    assert_log "^hv: d1: grant_table_op: map: d1's grant 0 is not granted to d1$"
    assert_log '^\(d1\) guestos: probe: map\(our read-only grant, writable\) = -8$'
    assert_log '^\(d1\) guestos: probe: map\(grant 512, past our table\) = -4$'
    assert_log '^\(d1\) guestos: probe: map\(our grant of a page table\) = -9$'
    assert_log '^\(d1\) guestos: probe: map\(our read-only grant, at an address in use\) = -5$'
}

@test "map: a refused map changes nothing beside a good one: no entry written, no flag set, no reference taken (map_grant_ref) [8]" {
    boot_grade_map
    assert_log '^\(d1\) guestos: probe: map\(our read-only grant, read-only\) = 0$'
    assert_log "^\(d1\) guestos: probe: after the refused maps: slot entry 0x00000000, our page reads 'mine', grant flags 0xd$"
    assert_log '^\(d1\) guestos: probe: unmap\(the read-only mapping\) = 0: grant flags 0x5$'
    assert_log "^\(d1\) guestos: probe: after the refused maps: pin the read-only grant's frame = 0$"
    assert_log '^hv: d1: mm: every frame.s reference and type counts are back to zero$'
    frames_returned 2
}

@test "map: a mapping is the granter's frame, marked in its entry, and holds it: mapped writable it cannot become a page table until unmapped (map_grant_ref) [7]" {
    boot_grade_map
    assert_log '^\(d1\) guestos: probe: map\(our writable grant\) = 0: entry maps our frame 1, grant flags 0x19$'
    assert_log "^\(d1\) guestos: probe: our page reads 'through the mapping'$"
    assert_log '^\(d1\) guestos: probe: pin the frame while it is mapped writable = -22$'
    assert_log '^\(d1\) guestos: probe: unmap = 0: slot entry 0x00000000, grant flags 0x1$'
    assert_log '^\(d1\) guestos: probe: pin the frame once unmapped = 0$'
    frames_returned 2
}


# --- Exercise 2: ring_push_check_notify (include/public/io/ring.h) ---


# --- Exercise 3: blkback_request (guestos/blkback.c) -----------------


# --- Exercise 4: netback_forward (guestos/netback.c) -----------------


# --- Everything together ----------------------------------------------
