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

# A domU's devices connect in a second or two; a wrong solution that
# loses a notification leaves a front end waiting for ever: it fails at
# this timeout.
QUICK=20

teardown() {
    keep_failed_log
}

# The number of notifications the ring benchmark's line for mode $1
# ("hold-off" or "no hold-off") reports.
notifications() {
    console_lines | sed -nE "s/^\(d1\) guestos: probe: ringbench: $1: 4096 x 4 KiB in [0-9]+ us: .*, ([0-9]+) notified, [0-9]+ events back, 4096 ok\$/\1/p"
}

# The status grade-blk reports for the request it calls $1.
blk_status() {
    console_lines | sed -nE "s/^\(d1\) guestos: probe: blk: $1: status (-?[0-9]+)\$/\1/p"
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

@test "rings: 4096 requests through a ring, every one answered; with hold-off the producer notifies only when the consumer asked, far less than once a request (ring_push_check_notify) [20]" {
    BOOT_TIMEOUT=$QUICK boot --disk "$(new_disk)" --append "domus=1" "$GUEST" "$GUEST probe=ringbench"
    assert_status 0
    assert_log '^\(d1\) guestos: probe: ringbench: hold-off: 4096 x 4 KiB in [0-9]+ us: .*, 4096 ok$'
    assert_log '^\(d1\) guestos: probe: ringbench: no hold-off: 4096 x 4 KiB in [0-9]+ us: .*, 4096 ok$'
    local held none
    held=$(notifications hold-off)
    none=$(notifications "no hold-off")
    echo "notifications: $held with hold-off, $none without" >&2
    [ "$none" -eq 4096 ]
    [ "$held" -ge 1 ] && [ "$held" -le 256 ]
    assert_log '^\(d1\) guestos: probe: ringbench: split disk: read [0-9]+ KiB in '
}


# --- Exercise 3: blkback_request (guestos/blkback.c) -----------------

@test "block: a domU's virtual disk keeps what it wrote, from one run to the next (blkback_request) [10]" {
    local disk
    disk=$(new_disk)
    BOOT_TIMEOUT=$QUICK boot --disk "$disk" --append "domus=1" "$GUEST" "$GUEST init=disk"
    assert_status 0
    assert_log '^\(d1\) disk: d1: a virtual disk of 2048 sectors \(1024 KiB\)$'
    assert_log '^\(d1\) disk: d1: a fresh disk: no earlier run$'
    assert_log '^\(d1\) disk: d1: wrote and read back 32 KiB \(run 1\): ok$'
    assert_log '^\(d1\) disk: d1: sector 2048, past the end: refused$'
    BOOT_TIMEOUT=$QUICK boot --disk "$disk" --append "domus=1" "$GUEST" "$GUEST init=disk"
    assert_status 0
    assert_log '^\(d1\) disk: d1: run 1.s pattern is still there$'
    assert_log '^\(d1\) disk: d1: wrote and read back 32 KiB \(run 2\): ok$'
}

@test "block: every request outside the domU's disk or malformed is refused, the ones inside are served, and the back end goes on (blkback_request) [10]" {
    BOOT_TIMEOUT=$QUICK boot --disk "$(new_disk)" --append "domus=1" "$GUEST" "$GUEST probe=grade-blk"
    assert_status 0
    local ok bad
    for ok in "write sector 0" "write the last sector" "write 8 sectors ending at the last" \
        "read 11 pages from sector 0" "read sector 0 from the null disk" \
        "still served: read the last sector"; do
        [ "$(blk_status "$ok")" = 0 ] || { echo "'$ok': status '$(blk_status "$ok")', not 0" >&2; false; }
    done
    for bad in "write past the end" "write across the end" "write across the end, two segments" \
        "write at sector 2\^64-4, 8 sectors" "write at sector 2\^32" \
        "write into the next domU's disk" "a segment's last sector 8" \
        "a segment's last sector 255" "a segment's first sector after its last" "no segments" \
        "12 segments" "200 segments" "virtual disk 7"; do
        [ "$(blk_status "$bad")" = -1 ] || { echo "'$bad': status '$(blk_status "$bad")', not -1" >&2; false; }
    done
    [ "$(blk_status "operation 9")" = -2 ]
    assert_log '^\(d1\) guestos: probe: blk: the last sector holds what we wrote: 1$'
    assert_log '^\(d0\) guestos: every domU has ended \(1 in all\)$'
}

@test "block: a domU's request aimed at the next domU's disk leaves it untouched (blkback_request) [5]" {
    local disk
    disk=$(new_disk)
    # d1 aims a valid-looking header for d2 at d2's first sector.
    BOOT_TIMEOUT=$QUICK boot --disk "$disk" --append "domus=1" "$GUEST" "$GUEST probe=grade-blk"
    assert_status 0
    BOOT_TIMEOUT=$QUICK boot --disk "$disk" --append "domus=2" "$GUEST" "$GUEST" "$GUEST init=disk"
    assert_status 0
    assert_log '^\(d2\) disk: d2: a fresh disk: no earlier run$'
    assert_log '^\(d2\) disk: d2: wrote and read back 32 KiB \(run 1\): ok$'
}


# --- Exercise 4: netback_forward (guestos/netback.c) -----------------
# Three domUs run probe=grade-net: once each answers the others' pings, d1
# sends tagged frames, one to d2, three to addresses nearly d2's, one
# broadcast, one with d2's source address to d3, and each domU counts what
# the bridge hands it (guestos/probes/net.c).
@test "netback_forward: pings cross the bridge; a broadcast reaches every other domU [10]" {
    BOOT_TIMEOUT=30 boot --append "domus=3" "$GUEST" "$GUEST probe=grade-net"
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
    BOOT_TIMEOUT=30 boot --append "domus=3" "$GUEST" "$GUEST probe=grade-net"
    assert_status 0
    assert_log '^\(d2\) guestos: probe: grade-net: d2: every domU answers; tagged frames received: 1 unicast, 1 broadcast, 0 near-miss, 0 spoofed$'
    assert_log '^\(d3\) guestos: probe: grade-net: d3: every domU answers; tagged frames received: 0 unicast, 1 broadcast, 0 near-miss, 0 spoofed$'
    assert_log '^\(d1\) guestos: probe: grade-net: d1: every domU answers; tagged frames received: 0 unicast, 0 broadcast, 0 near-miss, 0 spoofed$'
    assert_log '^hv: run ended: status 0 \(success\)$'
}


# --- Everything together ----------------------------------------------

@test "together: two domUs get their consoles, disks and networks from domain 0; a second run finds the first's data (every exercise) [10]" {
    local disk
    disk=$(new_disk)
    BOOT_TIMEOUT=30 boot --disk "$disk" --append "domus=2" "$GUEST" "$GUEST init=demo"
    assert_status 0
    assert_log '^\(d1\) guestos: d1: 3 devices connected to domain 0$'
    assert_log '^\(d2\) guestos: d2: 3 devices connected to domain 0$'
    assert_log '^\(d1\) demo: d1: done: disk ok, 3 of 3 pings answered$'
    assert_log '^\(d2\) demo: d2: done: disk ok, 3 of 3 pings answered$'
    frames_returned 2
    BOOT_TIMEOUT=30 boot --disk "$disk" --append "domus=2" "$GUEST" "$GUEST init=demo"
    assert_status 0
    assert_log "^\\(d1\\) disk: d1: run 1's pattern is still there\$"
    assert_log "^\\(d2\\) disk: d2: run 1's pattern is still there\$"
    assert_log '^\(d2\) demo: d2: done: disk ok, 3 of 3 pings answered$'
}
