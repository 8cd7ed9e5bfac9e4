# helpers.bash - what every test file loads (load helpers).
#
# boot: runs the hypervisor in QEMU through tools/run-qemu, with the
# serial console in $log, and sets $status to how the run ended (0
# success, 1 bad input, 2 panic, 124 timeout...). The timeout is only a
# safety net: runs end when the hypervisor ends them.
# Everything a test writes goes in $BATS_TEST_TMPDIR, so tests running at
# the same time (or in two checkouts) never share a file.

HVLAB=$(cd "$BATS_TEST_DIRNAME/.." && pwd)
HV=$HVLAB/obj/hv/hv.elf
GUEST=$HVLAB/obj/guestos/guestos.elf
export HVLAB_ACCEL_CACHE=${HVLAB_ACCEL_CACHE:-$HVLAB/obj/accel}

# The accelerator this machine uses by default: kvm or tcg.
default_accel() {
    "$HVLAB/tools/accel" "$HVLAB_ACCEL_CACHE"
}

# The safety-net timeout, in seconds, for one QEMU run: BOOT_TIMEOUT when
# a test sets it (a run that takes a second when all is well, and hangs
# when a wrong solution loses an event), else 30 under KVM, 90 under TCG.
run_timeout() {
    if [ -n "${BOOT_TIMEOUT:-}" ]; then
        echo "$BOOT_TIMEOUT"
    elif [ "${ACCEL:-$(default_accel)}" = kvm ]; then
        echo 30
    else
        echo 90
    fi
}

# boot [--append "hv options"] MODULE... (default module: the guest OS)
# LAB 5 BEGIN
#   --disk FILE   FILE is the machine's IDE disk (tools/run-qemu --disk).
#                 QEMU locks it: give each test its own (new_disk), and
#                 boot it once at a time.
# LAB 5 END
boot() {
    local options=()
    while [ $# -gt 0 ]; do
        case "$1" in
        --append) options+=(--append "$2"); shift 2 ;;
        # LAB 5 BEGIN
        --disk) options+=(--disk "$2"); shift 2 ;;
        # LAB 5 END
        *) break ;;
        esac
    done
    [ $# -gt 0 ] || set -- "$GUEST"
    log=$BATS_TEST_TMPDIR/serial.log
    run "$HVLAB/tools/run-qemu" --console file --log "$log" --timeout "$(run_timeout)" \
        "${options[@]}" "$HV" "$@"
}

# LAB 5 BEGIN
# new_disk [SIZE]: prints the path of a new empty disk image of SIZE (16M
# by default, truncate(1)'s sizes) in this test's own directory, named
# disk.img, or diskN.img if that one exists.
new_disk() {
    local disk=$BATS_TEST_TMPDIR/disk.img n=1
    while [ -e "$disk" ]; do
        disk=$BATS_TEST_TMPDIR/disk$n.img
        n=$((n + 1))
    done
    truncate -s "${1:-16M}" "$disk"
    echo "$disk"
}
# LAB 5 END

# The console log as text lines (the serial port ends lines with \r\n).
console_lines() {
    tr -d '\r' < "$log"
}

# Fails, showing the console log, unless a line of it matches the
# extended regular expression.
assert_log() {
    if ! console_lines | grep -qE -- "$1"; then
        echo "expected a console line matching: $1" >&2
        echo "--- console log ($log):" >&2
        cat "$log" >&2
        return 1
    fi
}

# Fails, showing the console log, if a line of it matches.
refute_log() {
    if console_lines | grep -qE -- "$1"; then
        echo "expected no console line matching: $1" >&2
        echo "--- console log ($log):" >&2
        cat "$log" >&2
        return 1
    fi
}

# Succeeds when the console log shows domain 0 dying with every frame
# back: free memory at its death equals free memory at boot plus the boot
# modules' frames (released once the domains were built): $1 modules of
# the guest OS, 1 by default. Sets at_boot, at_end and module_kb for the
# caller's message.
frames_returned() {
    at_boot=$(console_lines | sed -n 's/^hv: memory: .* MiB of RAM, \([0-9]*\) KiB free.*/\1/p')
    at_end=$(console_lines | sed -n 's/^hv: d0: domain: destroyed, [0-9]* frames returned (\([0-9]*\) KiB free)$/\1/p')
    module_kb=$(( ($(stat -c %s "$GUEST") + 4095) / 4096 * 4 * ${1:-1} ))
    [ "${at_boot:-0}" -gt 0 ] && [ -n "$at_end" ] && [ "$at_end" -eq $((at_boot + module_kb)) ]
}

# Fails, saying what it found, unless frames_returned.
assert_frames_returned() {
    local at_boot at_end module_kb
    if ! frames_returned; then
        echo "expected free memory back to ${at_boot:-?} + $module_kb KiB when d0 died, got ${at_end:-no such line}" >&2
        console_lines | grep -E '^hv: (memory|d0: domain):' >&2
        return 1
    fi
}

# In teardown: when make grade runs a test (GRADE_LOG_DIR set) and it
# failed, keeps its console log there and says where.
keep_failed_log() {
    [ -n "${GRADE_LOG_DIR:-}" ] && [ -z "${BATS_TEST_COMPLETED:-}" ] && [ -f "${log:-}" ] || return 0
    local name
    name=$(printf '%s' "$BATS_TEST_DESCRIPTION" | sed 's/ *\[[0-9]*\]$//' | tr -cs 'A-Za-z0-9' '-')
    name=${name%-}
    cp "$log" "$GRADE_LOG_DIR/${GRADE_LAB_PREFIX:-}$name.log"
}

# Fails, showing the output and log, unless the run ended with status $1.
assert_status() {
    if [ "$status" -ne "$1" ]; then
        echo "expected exit status $1, got $status" >&2
        echo "--- run-qemu output:" >&2
        echo "$output" >&2
        echo "--- console log ($log):" >&2
        cat "$log" >&2
        return 1
    fi
}

# LAB 4 BEGIN
# boot_typing LINES [--append "hv options"] MODULE...: boot, and once the
# shell says it is ready, type LINES (printf's format) on the console.
# QEMU's stdin stays open until the run ends: at end of file QEMU stops
# passing input on. The typist is a process group of its own, waits no
# longer than the run may last, and teardown ends it whole.
boot_typing() {
    local lines=$1 append="" fifo=$BATS_TEST_TMPDIR/console
    shift
    if [ "${1:-}" = --append ]; then
        append=$2
        shift 2
    fi
    log=$BATS_TEST_TMPDIR/serial.log
    : > "$log"
    mkfifo "$fifo"
    setsid bash -c 'timeout "$3" tail -n +1 -f "$1" | grep -q -m 1 "sh: type" && printf "$2"
        exec sleep "$3"' typist "$log" "$lines" "$(run_timeout)" > "$fifo" 2> /dev/null 3>&- &
    typist=$!
    run timeout --kill-after=5 "$(run_timeout)" "$HVLAB/tools/run-qemu" --console stdio \
        --log "$log" --append "$append" "$HV" "$@" < "$fifo"
}
# LAB 4 END
