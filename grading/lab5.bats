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


# --- Exercise 2: ring_push_check_notify (include/public/io/ring.h) ---


# --- Exercise 3: blkback_request (guestos/blkback.c) -----------------


# --- Exercise 4: netback_forward (guestos/netback.c) -----------------
# Three domUs run probe=grade-net: once each answers the others' pings, d1
# sends tagged frames, one to d2, three to addresses nearly d2's, one
# broadcast, one with d2's source address to d3, and each domU counts what
# the bridge hands it (guestos/probes/net.c).
@test "netback_forward: pings cross the bridge; a broadcast reaches every other domU [10]" {
    BOOT_TIMEOUT=60 boot --append "domus=3" "$GUEST" "$GUEST probe=grade-net"
    assert_status 0
    local dom
    for dom in 1 2 3; do
        assert_log "^\\(d$dom\\) guestos: probe: grade-net: d$dom: every domU answers; "
    done
    assert_log '^\(d2\) guestos: probe: grade-net: d2: .*: [0-9]+ unicast, 1 broadcast, '
    assert_log '^\(d3\) guestos: probe: grade-net: d3: .*: [0-9]+ unicast, 1 broadcast, '
    assert_log '^\(d1\) guestos: probe: grade-net: d1: .*: 0 unicast, 0 broadcast, '
}

@test "netback_forward: a frame reaches only the domU whose MAC it names, never a near miss or a spoofed one [10]" {
    BOOT_TIMEOUT=60 boot --append "domus=3" "$GUEST" "$GUEST probe=grade-net"
    assert_status 0
    assert_log '^\(d2\) guestos: probe: grade-net: d2: every domU answers; tagged frames received: 1 unicast, 1 broadcast, 0 near-miss, 0 spoofed$'
    assert_log '^\(d3\) guestos: probe: grade-net: d3: every domU answers; tagged frames received: 0 unicast, 1 broadcast, 0 near-miss, 0 spoofed$'
    assert_log '^\(d1\) guestos: probe: grade-net: d1: every domU answers; tagged frames received: 0 unicast, 0 broadcast, 0 near-miss, 0 spoofed$'
    assert_log '^hv: run ended: status 0 \(success\)$'
}


# --- Everything together ----------------------------------------------
