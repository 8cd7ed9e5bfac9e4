#!/usr/bin/env bats
# LAB 4 FILE
# lab4.bats - the lab 4 grader (make grade): event channels and time.
# The hypervisor marks ports pending and raises upcalls only where the
# guest lets them in (evtchn_set_pending, deliver_upcall), and lets a
# domain bind only the ports offered to it (evtchn_bind_interdomain);
# the guest takes its events (evtchn_do_upcall) and reads the time
# (gettime). Each test's name ends with its points.

load ../tests/helpers

# A single domain's probe takes a second or two; a wrong solution that
# loses an event makes it wait forever: it fails at this timeout.
QUICK=12

teardown() {
    keep_failed_log
    if [ -n "${typist:-}" ]; then
        kill -- -"$typist" 2> /dev/null || true
    fi
}

@test "time: the clock advances as it should: sleep(500) sleeps 500 ms; the wall clock is a date (gettime) [15]" {
    BOOT_TIMEOUT=$QUICK boot "$GUEST init=sleep"
    assert_status 0
    assert_log '^\(d0\) sleep: asked for 500 ms, slept 5[0-4][0-9] ms$'
    # A clock can agree with itself and still run at the wrong speed:
    # against the TSC, 100 ms of gettime() must be 100 ms (within 5%).
    BOOT_TIMEOUT=$QUICK boot "$GUEST probe=clock"
    assert_status 0
    local line g c
    line=$(console_lines | sed -nE 's/^\(d0\) guestos: probe: clock: gettime advanced ([0-9]+) us while the TSC counted ([0-9]+) us$/\1 \2/p')
    read -r g c <<< "$line"
    echo "clock: gettime ${g:-?} us, TSC ${c:-?} us" >&2
    [ -n "$c" ] && [ "$((g * 100))" -ge "$((c * 95))" ] && [ "$((g * 100))" -le "$((c * 105))" ]
    BOOT_TIMEOUT=$QUICK boot "$GUEST init=date"
    assert_status 0
    assert_log '^\(d0\) date: 20[2-9][0-9]-[01][0-9]-[0-3][0-9] [0-2][0-9](:[0-5][0-9]){2} UTC$'
}

@test "events: a masked port is only marked pending; unmasking raises the upcall; events on a port coalesce (evtchn_set_pending) [20]" {
    BOOT_TIMEOUT=$QUICK boot "$GUEST probe=upcall"
    assert_status 0
    assert_log '^\(d0\) guestos: probe: masked port: pending 1, selector 0, upcall flag 0$'
    assert_log '^\(d0\) guestos: probe: masked port: handler calls 0$'
    assert_log '^\(d0\) guestos: probe: unmasked: upcall flag 1$'
    assert_log '^\(d0\) guestos: probe: three sends, one upcall: handler calls 1, '
    assert_log '^\(d0\) guestos: probe: blocked, woken by the timer after at least 5 ms: 1$'
}

@test "upcalls: the callback is entered with events masked, and never while the guest masks them (deliver_upcall) [15]" {
    BOOT_TIMEOUT=$QUICK boot "$GUEST probe=upcall"
    assert_status 0
    assert_log '^\(d0\) guestos: probe: three sends, one upcall: handler calls 1, upcall mask in the handler 1$'
    assert_log '^\(d0\) guestos: probe: events masked: handler calls 0, port pending 1$'
    assert_log '^\(d0\) guestos: probe: events let in: handler calls 1$'
}

@test "channels: a channel to ourselves works; a port not offered to us, or in use, cannot be bound (evtchn_bind_interdomain) [15]" {
    boot --append "domus=1" "$GUEST probe=evtchn"
    assert_status 0
    assert_log '^\(d0\) guestos: probe: bind_interdomain\(DOMID_SELF, that port\) = 0$'
    assert_log '^\(d0\) guestos: probe: first end pending: 1, second end pending: 0$'
    assert_log '^\(d0\) guestos: probe: bind_interdomain\(our own port in use\) = -22$'
    assert_log '^hv: d0: event_channel_op: bind_interdomain: d0 port [0-9]+ is not unbound$'
    assert_log '^\(d0\) guestos: probe: bind_interdomain\(the port offered to d1\) = -1$'
    assert_log '^hv: d0: event_channel_op: bind_interdomain: d0 port [0-9]+ is offered to d1, not to d0$'
    assert_log '^\(d0\) guestos: probe: bind_interdomain\(domain 999\) = -3$'
    assert_log '^\(d0\) guestos: probe: still alive: the channel works again: 1$'
}

@test "many domains: three domUs of 256 KiB each exchange 1000 events with d0, which powers off only after them (evtchn_do_upcall) [15]" {
    boot --append "domus=3 domu_mem=256K" "$GUEST"
    assert_status 0
    local dom last_domu d0_off
    for dom in 1 2 3; do
        assert_log "^\(d$dom\) guestos: d$dom: 1000 events exchanged with d0 in [0-9]+ us$"
        assert_log "^hv: d$dom: domain: ran [0-9]+ ms; events: [0-9]+ sent, [0-9]+ received$"
    done
    last_domu=$(console_lines | grep -n '^hv: d[123]: sched_op: shutdown: poweroff$' |
        tail -n 1 | cut -d: -f1)
    d0_off=$(console_lines | grep -n '^hv: d0: sched_op: shutdown: poweroff$' | cut -d: -f1)
    [ -n "$last_domu" ] && [ -n "$d0_off" ] && [ "$last_domu" -lt "$d0_off" ]
}

@test "preemption: programs run beside one that never yields (the timer's VIRQ) [10]" {
    boot "$GUEST init=preempt"
    assert_status 0
    assert_log '^\(d0\) hello: ring 3, pid 3$'
    assert_log '^\(d0\) preempt: hello exited with 0 and 3 sleeps of 20 ms ended beside spin$'
}

@test "console input: the shell in d0 runs what is typed, pings a domU, powers everything off [10]" {
    boot_typing 'date\nnosuch\nping 1\npoweroff\n' --append "domus=1" \
        "$GUEST init=sh" "$GUEST ctrl=echo"
    assert_status 0
    # Every line is typed at once, and its echo can land in the middle of
    # a program's output line: what each prints is looked for anywhere.
    assert_log '^\(d0\) .*date: 20[0-9]{2}-'
    assert_log '^\(d0\) .*sh: nosuch: no such program'
    assert_log '^\(d0\) .*ping: d1 answered in [0-9]+\.[0-9]{3} us$'
    assert_log '^hv: d1: domain: shut down by d0.s poweroff$'
}
