#!/usr/bin/env bats
# LAB 4 FILE
# hostile-events.bats - the hostile suite's "events" class: one attack on
# the event channels (hv/event.c), the event callback (hv/traps.c), the
# timer (hv/time.c) or blocking (hv/sched.c) a boot. Most come from a
# domU (domus=1, its command line probe=NAME) beside a domain 0 that does
# its normal work: ports out of range, not its own, closed, taken or all
# used up, another domain's ports or VIRQs, a channel closed under its
# peer, an event storm, callbacks the hypervisor must not take, an upcall
# with no stack to land on, timers that fire at once or never, a domain
# that blocks forever or dies mid-conversation, poll lists and arguments
# the hypervisor cannot read. Each attacker is refused or killed, and
# every other domain ends as it would have: domain 0 sees every domU end
# and powers off, with every frame back. tests/hostile.bash says how a
# verdict is reached; guestos/probes/hostile_events.c holds the attacks.

load hostile

# The events counts of domain dom's obituary: "SENT RECEIVED".
event_counts() {
    console_lines | sed -n "s/^hv: d$1: domain: ran [0-9]* ms; events: \([0-9]*\) sent, \([0-9]*\) received\$/\1 \2/p"
}

@test "events: ev-port-range (ports 0, 1024 and beyond): REFUSED" {
    attack --domus 1 --from 1 ev-port-range
    assert_verdict REFUSED
    assert_refused 'send\(port 0\) = -22$'
    assert_refused 'send\(port 1024, past the table\) = -22$'
    assert_refused 'send\(port 0xfffffff0\) = -22$'
    assert_refused 'close\(port 0x80000000\) = -22$'
    assert_refused 'unmask\(port 1024\) = -22$'
    assert_refused 'status\(port 1024\) = -22$'
    assert_refused 'bind_interdomain\(d0 port 0xffffffff\) = -22$'
    assert_log '^hv: d1: event_channel_op: unmask: port 1024 is out of range$'
    assert_log '^hv: d1: event_channel_op: bind_interdomain: d0 port 4294967295 is not unbound$'
    # The refusal is d1's: no line may blame domain 0 for it.
    refute_log '^hv: d0: event_channel_op: '
}

@test "events: ev-port-not-owned (ports not allocated, inline and in a frame never allocated): REFUSED" {
    attack --domus 1 --from 1 ev-port-not-owned
    assert_verdict REFUSED
    assert_refused 'send\(port 40, not allocated\) = -22$'
    assert_refused 'close\(port 1000, in a frame never allocated\) = -22$'
    assert_log '^hv: d1: event_channel_op: send: port 1000 is not in use$'
}

@test "events: ev-port-closed (a closed port closed, sent on, bound again): REFUSED" {
    attack --domus 1 --from 1 ev-port-closed
    assert_verdict REFUSED
    assert_refused 'close\(a port closed already\) = -22$'
    assert_refused 'send\(a closed port\) = -22$'
    assert_refused 'bind_interdomain\(our closed port\) = -22$'
    assert_refused 'status\(the closed port\) = 0: closed$'
}

@test "events: ev-bind-twice (d0's end of the control channel, a port bound already): REFUSED" {
    attack --domus 1 --from 1 ev-bind-twice
    assert_verdict REFUSED
    assert_refused "bind_interdomain\(d0's end of our control channel\) = -22$"
    assert_refused 'bind_interdomain\(a port bound already\) = -22$'
    assert_log '^hv: d1: event_channel_op: bind_interdomain: d0 port 1 is not unbound$'
}

@test "events: ev-bind-reserved (a port offered to d0, bound by its owner): REFUSED" {
    attack --domus 1 --from 1 ev-bind-reserved
    assert_verdict REFUSED
    assert_refused 'bind_interdomain\(our port offered to d0\) = -1$'
    assert_log '^hv: d1: event_channel_op: bind_interdomain: d1 port [0-9]+ is offered to d0, not to d1$'
}

@test "events: ev-status-foreign (the status of d0's ports, from a domU): REFUSED" {
    attack --domus 1 --from 1 ev-status-foreign
    assert_verdict REFUSED
    assert_refused "status\(d0's port for us\) = -1$"
    assert_log "^hv: d1: event_channel_op: status: the ports of d0 are not d1.s to see$"
}

@test "events: ev-alloc-foreign (alloc_unbound in d0's table): REFUSED" {
    attack --domus 1 --from 1 ev-alloc-foreign
    assert_verdict REFUSED
    assert_refused "alloc_unbound\(a port of d0, offered to us\) = -1$"
    assert_log '^hv: d1: event_channel_op: alloc_unbound: a port of d0: only DOMID_SELF$'
}

# The port table's frames are the hypervisor's, allocated as the domU
# asks: it must run out at port 1023, and take them back at the death
# (tests/hostile.bash counts every frame).
@test "events: ev-port-exhaust (every port allocated, then one more): REFUSED" {
    attack --domus 1 --from 1 ev-port-exhaust
    assert_verdict REFUSED
    assert_refused 'alloc_unbound after [0-9]+ more ports = -28: ports 1 to 1023 all in use$'
    assert_log '^hv: d1: event_channel_op: alloc_unbound: no free port$'
}

@test "events: ev-close-while-used (a domU closes its control port while d0 answers on it): REFUSED" {
    attack --domus 1 --from 1 ev-close-while-used
    assert_verdict REFUSED
    assert_refused 'closed our control port while d0 answers on it: then send = -22, status: closed$'
}

@test "events: ev-close-peer-busy (d0 closes its port while the domU answers on it): REFUSED" {
    attack --domus 1 --domu ctrl=echo ev-close-peer-busy
    assert_verdict REFUSED
    assert_refused "closed our port while d1 answers on it: then send = -22, d1's port [0-9]+ unbound, offered to d0$"
    assert_log '^hv: d1: domain: shut down by d0.s poweroff$'
}

@test "events: ev-virq-twice (VIRQ_TIMER bound twice): REFUSED" {
    attack --domus 1 --from 1 ev-virq-twice
    assert_verdict REFUSED
    assert_refused 'bind_virq\(VIRQ_TIMER, bound already\) = -16$'
    assert_log '^hv: d1: event_channel_op: bind_virq: VIRQ 0 is bound already, to port [0-9]+$'
}

@test "events: ev-virq-console (a domU binds VIRQ_CONSOLE): REFUSED" {
    attack --domus 1 --from 1 ev-virq-console
    assert_verdict REFUSED
    assert_refused "bind_virq\(VIRQ_CONSOLE, d0's\) = -1$"
    assert_log "^hv: d1: event_channel_op: bind_virq: VIRQ 2 is domain 0.s$"
}

@test "events: ev-virq-dom-exc (a domU binds VIRQ_DOM_EXC): REFUSED" {
    attack --domus 1 --from 1 ev-virq-dom-exc
    assert_verdict REFUSED
    assert_refused "bind_virq\(VIRQ_DOM_EXC, d0's\) = -1$"
    assert_log "^hv: d1: event_channel_op: bind_virq: VIRQ 3 is domain 0.s$"
}

# The domU never yields; that domain 0 answers at all while it storms
# shows the 10 ms slice took the CPU from it. Domain 0's answers are far
# fewer than the sends (they coalesce), and its own work gets done.
@test "events: ev-storm (100000 sends from a domU that never yields): REFUSED" {
    attack --domus 1 --from 1 ev-storm
    assert_verdict REFUSED
    assert_refused '100000 sends; d0 answered [1-9][0-9]* times meanwhile: the events coalesced, and we were preempted$'
    assert_log '^\(d0\) init: all done$'
    local d0 d1
    d0=$(event_counts 0)
    d1=$(event_counts 1)
    [ "${d1%% *}" -eq 100000 ]
    [ "${d0%% *}" -lt 100000 ] && [ "${d0##* }" -ge 100000 ]
}

@test "events: ev-callback-hole (the event callback in the hole): REFUSED" {
    attack --domus 1 --from 1 ev-callback-hole
    assert_verdict REFUSED
    assert_refused 'set_callbacks\(event callback at 0xe0000000, in the hole\) = -22$'
    assert_refused "our own callback still takes d0's answer$"
    assert_log '^hv: d1: set_callbacks: e019:e0000000 or e019:00000000 is not guest ring-1 code$'
}

@test "events: ev-callback-ring0 (the event callback with a ring-0 selector): REFUSED" {
    attack --domus 1 --from 1 ev-callback-ring0
    assert_verdict REFUSED
    assert_refused 'set_callbacks\(event callback with ring-0 selector 0xe008\) = -22$'
    assert_refused "our own callback still takes d0's answer$"
    assert_log '^hv: d1: set_callbacks: e008:[0-9a-f]{8} or e019:00000000 is not guest ring-1 code$'
}

@test "events: ev-upcall-stack-ro (an upcall with esp on the read-only page directory): KILLED" {
    attack --domus 1 --from 1 ev-upcall-stack-ro
    assert_verdict KILLED
    assert_log '^hv: d1: eip=[0-9a-f]{8} eflags=[0-9a-f]{8} cs=e019 ss=e021 '
    assert_log '^hv: d1: trap: cannot write the trap frame on its kernel stack: killing d1$'
}

@test "events: ev-timer-past (set_timer_op in the past fires at once): REFUSED" {
    attack --domus 1 --from 1 ev-timer-past
    assert_verdict REFUSED
    assert_refused 'set_timer_op\(1, in the past\) = 0: VIRQ_TIMER fired at once$'
}

@test "events: ev-timer-far (set_timer_op(0xffffffffffffffff) never fires): REFUSED" {
    attack --domus 1 --from 1 ev-timer-far
    assert_verdict REFUSED
    assert_refused 'set_timer_op\(0xffffffffffffffff\) = 0: no VIRQ_TIMER in 20 ms; we end with it set$'
}

# Domain 0 takes the attack's other part: it waits for the domU's word,
# and powers off while the domU is blocked with nothing to wake it.
@test "events: ev-block-forever (a domU blocked forever while d0 powers off): REFUSED" {
    attack --domus 1 --domu probe=ev-block-forever ev-block-forever
    assert_verdict REFUSED
    assert_log '^\(d1\) guestos: d1: blocking with every port masked and no timer$'
    assert_refused 'd1 blocks forever; our poweroff must end it$'
    assert_log '^hv: d1: domain: shut down by d0.s poweroff$'
    refute_log '^\(d1\) guestos: attack: ev-block-forever: '
}

# Domain 0 answers the domU's last events on a channel whose other end
# died: its sends go nowhere, and it powers off as usual.
@test "events: ev-domu-killed (a domU dies by ud2 while d0 answers it): KILLED" {
    attack --domus 1 --from 1 ev-domu-killed
    assert_verdict KILLED
    assert_log '^hv: d1: trap: #UD invalid opcode at eip 0x[0-9a-f]{8} in ring 1 '
    assert_log '^hv: d1: trap: no handler for it: killing d1$'
    local d0
    d0=$(event_counts 0)
    [ "${d0%% *}" -ge 1 ]
}

@test "events: ev-poll-bad-list (poll lists in the hole, unmapped, or with ports out of range): REFUSED" {
    attack --domus 1 --from 1 ev-poll-bad-list
    assert_verdict REFUSED
    assert_refused 'sched_op\(poll, its argument in the hole\) = -14$'
    assert_refused 'sched_op\(poll, list in the hole\) = -14$'
    assert_refused 'sched_op\(poll, list unmapped\) = -14$'
    assert_refused 'sched_op\(poll, port 1024\) = -22$'
    assert_refused 'sched_op\(poll, port 0xffffffff\) = -22$'
    assert_log '^hv: d1: sched_op: poll: port list at 0xe0000000 is not mapped$'
}

@test "events: ev-poll-too-many (poll 129, 0x40000001 and 0xffffffff ports): REFUSED" {
    attack --domus 1 --from 1 ev-poll-too-many
    assert_verdict REFUSED
    assert_refused 'sched_op\(poll, 129 ports\) = -22$'
    assert_refused 'sched_op\(poll, 0x40000001 ports: 4 bytes if multiplied in 32 bits\) = -22$'
    assert_refused 'sched_op\(poll, 0xffffffff ports\) = -22$'
    assert_log '^hv: d1: sched_op: poll: 129 ports; at most 128$'
}

@test "events: ev-arg-hole (event_channel_op arguments in the hole): REFUSED" {
    attack --domus 1 --from 1 ev-arg-hole
    assert_verdict REFUSED
    local op
    for op in alloc_unbound bind_interdomain bind_virq close send status unmask; do
        assert_refused "event_channel_op\($op, argument in the hole\) = -14$"
    done
    assert_refused 'event_channel_op\(alloc_unbound, argument at 0xfffffff8\) = -14$'
}

@test "events: ev-arg-readonly (event_channel_op arguments read-only: nothing done): REFUSED" {
    attack --domus 1 --from 1 ev-arg-readonly
    assert_verdict REFUSED
    assert_refused 'alloc_unbound\(argument read-only\) = -14$'
    assert_refused 'bind_virq\(VIRQ_TIMER, argument read-only\) = -14$'
    assert_refused 'the next alloc_unbound gets port [0-9]+: the refused one took none$'
    assert_refused 'bind_virq\(VIRQ_TIMER\) after = 0: the refused one bound nothing$'
    assert_log '^hv: d1: event_channel_op: argument 0x[0-9a-f]{8}\+8 is not mapped writable below the hole$'
}
