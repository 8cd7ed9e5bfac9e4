# LAB 2 FILE
# hostile.bash - what the hostile-guest suite's files load
# (tests/hostile-*.bats, one file per class of attack).
#
# Each test boots one attack (probe=NAME: the tables in
# guestos/probes/hostile*.c), in domain 0 or, from lab 4, in a domU
# beside it, and judges the run from its console log, in the manner of
# Xen's test framework:
#
#   REFUSED  the hypervisor refused the attack: the attacker says so
#            ("guestos: attack: NAME: refused: ...") or its kernel killed
#            the ring-3 program that tried it, and the domain shut down
#            by itself
#   KILLED   the hypervisor killed the attacking domain for it, with a
#            register dump and "hv: dN: ...: killing dN"
#   BUG      anything else: the attack got through (a guest says BUG),
#            the hypervisor panicked or the machine reset, the run did not
#            end with status 0, a frame did not come back, or another
#            domain was harmed
#
# Whatever the verdict, the hypervisor must have ended the run normally
# with every frame back, and said so; every other domain must have ended
# as it would have without the attack.

load helpers

# attack [--domus N] [--from DOM] [--domu ARGS] NAME: boots the attack and
# sets $verdict.
#   --domus N    the hypervisor also builds N domUs (lab 4, domus=N). With
#                no command line of their own they each exchange 1000
#                events with domain 0 and end (guestos/ctrl.c).
#   --from DOM   the attacker is domain DOM (0 by default). A domU attacks
#                from its command line: the second module is
#                "$GUEST probe=NAME", which every domU gets (build_domus,
#                hv/init.c), while domain 0 does its normal work and
#                powers off once every domU has ended.
#   --domu ARGS  the domUs' command line when domain 0 attacks (ctrl=echo:
#                they answer its events until it powers off).
# LAB 5 BEGIN
#   --victim ARGS  with --from 1: domU 2's command line (domus=2), a domU
#                that uses domain 0's back ends beside the attacker
#                (init=demo: its disk and its pings must still work). The
#                machine gets a disk of the test's own (new_disk).
# LAB 5 END
# The attacker's verdict lines are "(dDOM) guestos: attack: ...".
attack() {
    attacker=0
    domus=0
    local domu_args="" hv_args="" options=()
    while [ $# -gt 1 ]; do
        case "$1" in
        --domus) domus=$2 ;;
        --from) attacker=$2 ;;
        --domu) domu_args=$2 ;;
        # LAB 5 BEGIN
        --victim) local victim_args=$2 ;;
        # LAB 5 END
        *) break ;;
        esac
        shift 2
    done
    attack_name=$1
    local modules=("$GUEST probe=$1")
    [ "$domus" -eq 0 ] || hv_args="domus=$domus"
    if [ "$attacker" -ne 0 ]; then
        modules=("$GUEST" "$GUEST probe=$1")
        # LAB 5 BEGIN
        if [ -n "${victim_args:-}" ]; then
            modules+=("$GUEST $victim_args")
            domus=2
            hv_args="domus=2"
            options=(--disk "$(new_disk)")
        fi
        # LAB 5 END
    elif [ -n "$domu_args" ]; then
        modules+=("$GUEST $domu_args")
    fi
    boot "${options[@]}" --append "$hv_args" "${modules[@]}"
    verdict=BUG
    if [ "$status" -ne 0 ] || ! frames_returned "${#modules[@]}" ||
        ! console_lines | grep -qE '^hv: run ended: status 0 \(success\)$' ||
        console_lines | grep -qE '^hv: PANIC|^\(d[0-9]+\) .*BUG' || ! others_unharmed; then
        verdict=BUG
    elif console_lines | grep -qE "^hv: d$attacker: [a-z_]+: .*: killing d$attacker\$"; then
        verdict=KILLED
    elif console_lines | grep -qE "^\(d$attacker\) guestos: (attack: $1: refused: |process [0-9]+ \([a-z0-9]+\) killed: )" &&
        console_lines | grep -qE "^hv: d$attacker: sched_op: shutdown: poweroff\$"; then
        verdict=REFUSED
    fi
}

# Succeeds when every domain but the attacker came through unharmed: none
# was killed, each was destroyed with its frames given back, and domain 0,
# when a domU attacked, went on to the end of its work: it saw every domU
# end, and powered off.
others_unharmed() {
    local dom
    for dom in $(seq 0 "$domus"); do
        [ "$dom" -ne "$attacker" ] || continue
        if console_lines | grep -qE "^hv: d$dom: [a-z_]+: .*: killing d$dom\$" ||
            ! console_lines | grep -qE "^hv: d$dom: domain: destroyed, [0-9]+ frames returned"; then
            return 1
        fi
    done
    [ "$attacker" -eq 0 ] || {
        console_lines | grep -qE "^\(d0\) guestos: every domU has ended \($domus in all\)\$" &&
            console_lines | grep -qE '^hv: d0: sched_op: shutdown: poweroff$'
    }
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
        local dom
        for dom in $(seq 0 "$domus"); do
            assert_log "^hv: d$dom: mm: every frame.s reference and type counts are back to zero\$"
        done
    fi
}

# The guest's verdict line for the attack: "refused: " and then what
# matches the extended regular expression $1.
assert_refused() {
    assert_log "^\(d$attacker\) guestos: attack: $attack_name: refused: $1"
}
