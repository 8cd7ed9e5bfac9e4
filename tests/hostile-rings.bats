#!/usr/bin/env bats
# LAB 5 FILE
# hostile-rings.bats - the hostile suite's "rings" class against domain
# 0's network bridge (guestos/netback.c): domU 1 attacks from its own
# rings (guestos/probes/hostile_net.c), domU 2 runs the demo beside it
# (init=demo: its disk, then three pings of d1). Domain 0 refuses or
# drops what the attacker sends and goes on; d2 is never harmed, and the
# run ends normally with every frame back (tests/hostile.bash).

load hostile

teardown() {
    keep_failed_log
}

@test "rings: net-spoof (frames with another domU's source MAC): REFUSED" {
    attack --from 1 --victim init=demo net-spoof
    assert_verdict REFUSED
    assert_refused "a frame with d2's source MAC: dropped by d0$"
    assert_refused "a frame with domid 257's source MAC: dropped by d0$"
    assert_refused 'a frame with the broadcast source MAC: dropped by d0$'
    assert_log '^\(d0\) guestos: net: d1: .*, 3 dropped, 0 refused$'
    assert_log '^\(d2\) demo: d2: done: disk ok, 3 of 3 pings answered$'
}

@test "rings: net-bad-request (tx requests too short, too long, past the page, a grant not ours): REFUSED" {
    attack --from 1 --victim init=demo net-bad-request
    assert_verdict REFUSED
    assert_refused 'tx request with size 13, shorter than a header: NETIF_RSP_ERROR$'
    assert_refused 'tx request with size 1515, past NETIF_MAX_FRAME: NETIF_RSP_ERROR$'
    assert_refused 'tx request with offset 4000 size 200, past the page: NETIF_RSP_ERROR$'
    assert_refused 'tx request with offset 0xffff size 14: NETIF_RSP_ERROR$'
    assert_refused 'tx request with grant reference 4000, not ours: NETIF_RSP_ERROR$'
    assert_log '^\(d0\) guestos: net: d1: .*, 5 refused$'
    assert_log '^\(d2\) demo: d2: done: disk ok, 3 of 3 pings answered$'
}

# The attacker's interface is stopped: d2's pings of it go unanswered,
# and nothing else changes.
@test "rings: net-ring-index (a tx producer index a thousand ahead): REFUSED" {
    attack --from 1 --victim init=demo net-ring-index
    assert_verdict REFUSED
    assert_refused 'tx req_prod 1000 requests ahead: d0 answered none of them$'
    assert_log "^\(d0\) guestos: net: d1's tx ring is broken \(requests up to [0-9]+, answered [0-9]+\): its interface is stopped$"
    [ "$(console_lines | grep -c "net: d1's tx ring is broken")" -eq 1 ]
    assert_log '^\(d2\) demo: d2: ping d1: no answer \(-110\)$'
    assert_log '^\(d2\) demo: d2: done: disk ok, 0 of 3 pings answered$'
}
