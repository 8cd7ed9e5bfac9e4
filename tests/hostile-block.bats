#!/usr/bin/env bats
# LAB 5 FILE
# hostile-block.bats - the hostile suite's "rings" class against domain
# 0's block back end (guestos/blkback.c): domU 1 attacks from its own
# block ring (guestos/probes/blkattack.c), domU 2 runs the demo beside it
# (init=demo: its disk test, then pings of d1). Domain 0 refuses what the
# attacker asks, never reads past its ring or loops on it, and goes on;
# d2's disk and the run's end are untouched (tests/hostile.bash).

load hostile

teardown() {
    keep_failed_log
}

@test "rings: blk-outside (sectors past the disk, in the next domU's, wrapping around 2^64; segments past a page; 255 segments): REFUSED" {
    attack --from 1 --victim init=demo blk-outside
    assert_verdict REFUSED
    assert_refused '6 requests outside our disk answered with errors; still served$'
    assert_log '^\(d2\) disk: d2: a fresh disk: no earlier run$'
    assert_log '^\(d2\) demo: d2: done: disk ok, [0-9] of 3 pings answered$'
}

@test "rings: blk-ring-indices (a producer index 100000 requests ahead, then 2^31-1): REFUSED" {
    attack --from 1 --victim init=demo blk-ring-indices
    assert_verdict REFUSED
    assert_refused 'garbage producer indices: domain 0 stopped serving our ring$'
    assert_log "^\(d0\) guestos: blkback: d1's ring is broken \(requests up to [0-9]+, answered [0-9]+\): no more requests taken$"
    [ "$(console_lines | grep -c "blkback: d1's ring is broken")" -eq 1 ]
    assert_log '^\(d2\) demo: d2: done: disk ok, [0-9] of 3 pings answered$'
}

@test "rings: blk-rewrite (requests rewritten, good and hostile in turn, while domain 0 may read them: the double fetch): REFUSED" {
    attack --from 1 --victim init=demo blk-rewrite
    assert_verdict REFUSED
    assert_refused '[0-9]+ rewritten requests answered one by one; still served$'
    assert_log '^\(d2\) disk: d2: a fresh disk: no earlier run$'
    assert_log '^\(d2\) demo: d2: done: disk ok, [0-9] of 3 pings answered$'
}

@test "rings: blk-no-consume (twenty ringfuls of requests, no response ever taken): REFUSED" {
    attack --from 1 --victim init=demo blk-no-consume
    assert_verdict REFUSED
    assert_refused '20 ringfuls never consumed; domain 0 answered what it could and went on$'
    assert_log '^\(d2\) demo: d2: done: disk ok, [0-9] of 3 pings answered$'
}

@test "rings: a domU killed while domain 0 maps its rings: domain 0 lets go, every frame comes back, the other domU goes on" {
    attack --from 1 --victim init=demo blk-killed
    assert_verdict KILLED
    assert_log '^hv: d1: grant: frame 0x[0-9a-f]+ is still mapped by another domain: it outlives d1$'
    assert_log '^hv: d0: grant: frame 0x[0-9a-f]+ of dead d1 unmapped: freed$'
    assert_log '^\(d2\) demo: d2: done: disk ok, [0-9] of 3 pings answered$'
}
