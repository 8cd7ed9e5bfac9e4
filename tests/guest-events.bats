#!/usr/bin/env bats
# LAB 4 FILE
# guest-events.bats - lab 4 as the guest OS sees it: a process that never
# yields is preempted, sleep and the clocks work, every domU exchanges
# its 1000 events with domain 0 before domain 0 powers off, and the shell
# runs what is typed on the console, ping included.

load helpers

teardown() {
    keep_failed_log
    if [ -n "${typist:-}" ]; then
        kill "$typist" 2> /dev/null || true
    fi
}

# boot_typing LINES [--append "hv options"] MODULE...: boot, and once the
# shell has said hello, type LINES (printf's format) on the console.
# QEMU's stdin stays open until the run ends: at end of file QEMU stops
# passing input on.
boot_typing() {
    local lines=$1 append=""
    shift
    if [ "${1:-}" = --append ]; then
        append=$2
        shift 2
    fi
    log=$BATS_TEST_TMPDIR/serial.log
    : > "$log"
    mkfifo "$BATS_TEST_TMPDIR/console"
    (
        until grep -q 'sh: type' "$log"; do sleep 0.2; done
        printf "$lines"
        exec sleep 600
    ) > "$BATS_TEST_TMPDIR/console" &
    typist=$!
    run timeout --kill-after=5 "$(run_timeout)" "$HVLAB/tools/run-qemu" --console stdio \
        --log "$log" --append "$append" "$HV" "$@" < "$BATS_TEST_TMPDIR/console"
}

@test "preemption: programs run beside one that never yields" {
    boot "$GUEST init=preempt"
    assert_status 0
    assert_log '^\(d0\) hello: ring 3, pid 3$'
    assert_log '^\(d0\) preempt: hello exited with 0 and 3 sleeps of 20 ms ended beside spin$'
}

@test "time: sleep(500) sleeps 500 ms; the wall clock is a date" {
    boot "$GUEST init=sleep"
    assert_status 0
    assert_log '^\(d0\) sleep: asked for 500 ms, slept 5[0-4][0-9] ms$'
    boot "$GUEST init=date"
    assert_status 0
    assert_log '^\(d0\) date: 20[2-9][0-9]-[01][0-9]-[0-3][0-9] [0-2][0-9](:[0-5][0-9]){2} UTC$'
}

@test "domUs of 256 KiB: each exchanges 1000 events with d0, which powers off only after them" {
    boot --append "domus=3 domu_mem=256K" "$GUEST"
    assert_status 0
    local dom last_domu d0_off
    for dom in 1 2 3; do
        assert_log "^\(d$dom\) guestos: d$dom: 1000 events exchanged with d0 in [0-9]+ us$"
    done
    assert_log '^\(d0\) init: all done$'
    last_domu=$(console_lines | grep -n '^hv: d[123]: sched_op: shutdown: poweroff$' |
        tail -n 1 | cut -d: -f1)
    d0_off=$(console_lines | grep -n '^hv: d0: sched_op: shutdown: poweroff$' | cut -d: -f1)
    [ -n "$last_domu" ] && [ -n "$d0_off" ] && [ "$last_domu" -lt "$d0_off" ]
}

@test "shell: runs programs by name, pings a domU that echoes, powers off" {
    boot_typing 'date\nnosuch\nping 1\nping 5\npoweroff\n' --append "domus=1" \
        "$GUEST init=sh" "$GUEST ctrl=echo"
    assert_status 0
    assert_log '^\(d0\) (\$ )?date: 20[0-9]{2}-'
    assert_log '^\(d0\) (\$ )?sh: nosuch: no such program'
    [ "$(console_lines | grep -cE '^\(d0\) (\$ )?ping: d1 answered in [0-9]+\.[0-9]{3} us$')" -eq 4 ]
    assert_log '^\(d0\) (\$ )?ping: d5: no such domU'
    assert_log '^\(d0\) (\$ )?guestos: sh \(pid 1\) powers the domain off$'
    assert_log '^hv: d1: domain: shut down by d0.s poweroff$'
}

@test "probe=evtchn: a channel to ourselves works; each hostile request is refused and logged" {
    boot --append "domus=1" "$GUEST probe=evtchn"
    assert_status 0
    assert_log '^\(d0\) guestos: probe: first end pending: 1, second end pending: 0$'
    local refused logged
    refused=$(console_lines | grep -cE '^\(d0\) guestos: probe: .* = -(1|3|14|16|22)$')
    logged=$(console_lines | grep '^hv: d0: \(event_channel_op\|mmuext_op\|sched_op\): ' |
        grep -vc ': shutdown: ')
    [ "$refused" -eq "$logged" ]
    [ "$refused" -ge 20 ]
    assert_log '^\(d0\) guestos: probe: bind_interdomain\(the port offered to d1\) = -1$'
    assert_log '^\(d0\) guestos: probe: still alive: the channel works again: 1$'
}
