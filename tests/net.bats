#!/usr/bin/env bats
# LAB 5 FILE
# net.bats - the network between domains (lab 5): each domU's front end
# (guestos/netfront.c) and domain 0's bridge (guestos/netback.c). Two
# domUs running the demo (init=demo) ping each other through the bridge;
# a ping to a domU that does not exist gets no answer, and nothing else
# breaks; probe=netbench gives the domU-to-domU round trip. Each test
# boots its own disk image (new_disk): the demo's disk test needs one.

load helpers

teardown() {
    keep_failed_log
    if [ -n "${typist:-}" ]; then
        kill -- -"$typist" 2> /dev/null || true
    fi
}

@test "net: two domUs ping each other through domain 0's bridge" {
    boot --disk "$(new_disk 16M)" --append "domus=2 domu_mem=1M" "$GUEST" "$GUEST init=demo"
    assert_status 0
    assert_log '^\(d1\) demo: d1: ping d2: icmp_seq=1 time=[0-9]+\.[0-9]{3} us$'
    assert_log '^\(d2\) demo: d2: ping d1: icmp_seq=3 time=[0-9]+\.[0-9]{3} us$'
    assert_log '^\(d1\) demo: d1: done: disk ok, 3 of 3 pings answered$'
    assert_log '^\(d2\) demo: d2: done: disk ok, 3 of 3 pings answered$'
    assert_log '^\(d0\) guestos: net: d1: port [0-9]+, mac 00:16:3e:00:00:01, [0-9]+ sent, [0-9]+ received, 0 dropped, 0 refused$'
    assert_log '^hv: run ended: status 0 \(success\)$'
    frames_returned 2
}

@test "net: a ping to a domU that does not exist gets no answer, and the next one does" {
    boot --append "domus=2" "$GUEST" "$GUEST probe=ping-absent"
    assert_status 0
    assert_log '^\(d1\) guestos: probe: net: d1: ping d3, which does not exist: -110$'
    assert_log '^\(d1\) guestos: probe: net: d1: then d2 answers$'
    refute_log 'broken|killing d'
    assert_log '^hv: run ended: status 0 \(success\)$'
    frames_returned 2
}

@test "net: probe=netbench prints the domU-to-domU ping round trip" {
    boot --append "domus=2" "$GUEST" "$GUEST probe=netbench"
    assert_status 0
    assert_log '^\(d1\) guestos: bench: domU-to-domU ping round trip d1 -> d2 -> d1: median [0-9]+ us \(20 pings\)$'
    assert_log '^hv: run ended: status 0 \(success\)$'
}

# Two domUs that spin for ever beside domain 0's shell, which waits half
# a second (sleep), then shows what it serves: a console, a disk and a
# network interface for each domU, four rings mapped apiece.
@test "shell: rings and grants show each domU's console, disk and interface, and the grants domain 0 maps" {
    boot_typing 'sleep\nrings\ngrants\npoweroff\n' --append "domus=2" \
        "$GUEST init=sh" "$GUEST init=spin"
    assert_status 0
    local dom
    for dom in 1 2; do
        assert_log "^\\(d0\\) .*guestos: console: d$dom: port [0-9]+, [0-9]+ bytes printed\$"
        assert_log "^\\(d0\\) .*guestos: block: d$dom: port [0-9]+, sectors \\[[0-9]+, [0-9]+\\), ring 0/32, [0-9]+ requests, 0 refused, [0-9]+ notifications\$"
        assert_log "^\\(d0\\) .*guestos: net: d$dom: port [0-9]+, mac 00:16:3e:00:00:0$dom, "
    done
    assert_log '^\(d0\) .*guestos: grants: [0-9]+ of ours in use, 8 of others. mapped$'
}
