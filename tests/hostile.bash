# LAB 2 FILE
# hostile.bash - what the hostile-guest suite's files load
# (tests/hostile-*.bats, one file per class of attack).
#
# Each test boots domain 0 with one attack (probe=NAME: the tables in
# guestos/probes/hostile*.c) and judges the run from its console log, in
# the manner of Xen's test framework:
#
#   REFUSED  the hypervisor refused the attack: the guest says so
#            ("guestos: attack: NAME: refused: ...") or its kernel killed
#            the ring-3 program that tried it, and the domain shut down
#            by itself
#   KILLED   the hypervisor killed the domain for it, with a register
#            dump and "hv: d0: ...: killing d0"
#   BUG      anything else: the attack got through (the guest says BUG),
#            the hypervisor panicked or the machine reset, the run did not
#            end with status 0, or a frame did not come back
#
# Whatever the verdict, the hypervisor must have ended the run normally
# with every frame back, and said so.

load helpers

# attack NAME: boots the attack and sets $verdict.
attack() {
    attack_name=$1
    boot "$GUEST probe=$1"
    verdict=BUG
    if [ "$status" -ne 0 ] || ! frames_returned ||
        ! console_lines | grep -qE '^hv: run ended: status 0 \(success\)$' ||
        console_lines | grep -qE '^hv: PANIC|^\(d0\) .*BUG'; then
        verdict=BUG
    elif console_lines | grep -qE '^hv: d0: [a-z_]+: .*: killing d0$'; then
        verdict=KILLED
    elif console_lines | grep -qE "^\(d0\) guestos: (attack: $1: refused: |process [0-9]+ \([a-z0-9]+\) killed: )" &&
        console_lines | grep -qE '^hv: d0: sched_op: shutdown: poweroff$'; then
        verdict=REFUSED
    fi
}

# Fails, with the console log, unless the verdict is $1; prints the
# verdict line either way (on bats's terminal, as a TAP comment).
assert_verdict() {
    echo "# $attack_name: $verdict" >&3
    if [ "$verdict" != "$1" ]; then
        echo "expected the verdict $1 for $attack_name, got $verdict" >&2
        echo "--- console log ($log):" >&2
        cat "$log" >&2
        return 1
    fi
    # From lab 3 (hv/mm.c): the frame table's own check at the death.
    if [ -f "$HVLAB/hv/mm.c" ]; then
        assert_log '^hv: d0: mm: every frame.s reference and type counts are back to zero$'
    fi
}

# The guest's verdict line for the attack: "refused: " and then what
# matches the extended regular expression $1.
assert_refused() {
    assert_log "^\(d0\) guestos: attack: $attack_name: refused: $1"
}
