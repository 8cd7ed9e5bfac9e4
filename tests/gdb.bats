#!/usr/bin/env bats
# gdb.bats - debugging hvlab with GDB (lab 1). QEMU starts stopped and
# waits on a unix socket; GDB connects with the commands `make gdb` uses
# (obj/gdbinit), stops in the hypervisor and in the guest kernel, and the
# run still ends by itself. A second test checks that `make qemu-gdb` and
# `make gdb` agree on the socket and on those commands.

load helpers

setup() {
    # Software breakpoints at virtual addresses before paging is on need
    # TCG (see obj/gdbinit's comment in the Makefile).
    export ACCEL=tcg
    # A unix socket's path must fit in 107 bytes.
    sockdir=$BATS_TEST_TMPDIR
    if [ "${#sockdir}" -gt 90 ]; then
        sockdir=$(mktemp -d /tmp/hvlab-gdb.XXXXXX)
    fi
    sock=$sockdir/gdb.sock
    log=$BATS_TEST_TMPDIR/serial.log
    qemu_out=$BATS_TEST_TMPDIR/run-qemu.out
    qemu_pid=""
}

teardown() {
    # timeout(1) leads a process group of its own, with run-qemu and QEMU
    # in it, so its pid is also the group's id.
    if [ -n "$qemu_pid" ]; then
        kill -- "-$qemu_pid" 2>/dev/null || true
        wait "$qemu_pid" 2>/dev/null || true
    fi
    if [ "$sockdir" != "$BATS_TEST_TMPDIR" ]; then
        rm -rf "$sockdir"
    fi
}

# What obj/gdbinit holds when `make gdb GDBSOCK=$1` writes it.
gdbinit_lines() {
    printf '%s\n' "set pagination off" "target remote $1" \
        "symbol-file obj/hv/hv.elf" "add-symbol-file obj/guestos/guestos.elf"
}

# Starts domain 0 in QEMU in the background, stopped until GDB connects
# on $sock, and waits until the socket is there. Sets qemu_pid.
start_qemu_for_gdb() {
    timeout --kill-after=5 "$(run_timeout)" "$HVLAB/tools/run-qemu" \
        --console file --log "$log" --gdb "$sock" "$HV" "$GUEST" \
        < /dev/null > "$qemu_out" 2>&1 3>&- &
    qemu_pid=$!
    local tries=0
    until [ -S "$sock" ]; do
        tries=$((tries + 1))
        if [ "$tries" -gt 200 ] || ! kill -0 "$qemu_pid" 2>/dev/null; then
            echo "QEMU did not open $sock; its output:" >&2
            cat "$qemu_out" >&2
            return 1
        fi
        sleep 0.1
    done
}

# Fails, showing all of $output, unless a line of it matches the
# extended regular expression.
assert_output_line() {
    if ! printf '%s\n' "$output" | grep -qE -- "$1"; then
        echo "expected an output line matching: $1" >&2
        echo "--- output:" >&2
        echo "$output" >&2
        return 1
    fi
}

@test "gdb stops in domain_build and start_kernel, and the run still ends" {
    start_qemu_for_gdb
    gdbinit_lines "$sock" > "$BATS_TEST_TMPDIR/gdbinit"
    cd "$HVLAB"
    run timeout --kill-after=5 "$(run_timeout)" gdb -q -batch -nx \
        -x "$BATS_TEST_TMPDIR/gdbinit" -x tests/gdb-stops.gdb < /dev/null

    assert_output_line '^Breakpoint 1, domain_build \('
    assert_output_line '^#0 +domain_build \('
    assert_output_line '^#1 +0x[0-9a-f]+ in hv_start \('
    assert_output_line '^Breakpoint 2, start_kernel \('
    assert_output_line '^#0 +start_kernel \('
    assert_output_line '^#1 +0x[0-9a-f]+ in _start \('
    # The last continue lasts until QEMU goes away (so GDB exits 1).
    assert_output_line '^Remote connection closed$'

    # The guest's cli ended the run, as it does without GDB.
    status=0
    wait "$qemu_pid" || status=$?
    qemu_pid=""
    output=$(cat "$qemu_out")
    assert_status 0
    assert_log '^hv: run ended: status 0 \(success\)$'
}

@test "make qemu-gdb and make gdb meet on GDBSOCK or GDBPORT" {
    local line
    run make -C "$HVLAB" -s -n qemu-gdb gdb GDBSOCK="$sock"
    [ "$status" -eq 0 ]
    assert_output_line "tools/run-qemu .* --gdb $sock "
    while IFS= read -r line; do
        assert_output_line "\"$line\""
    done < <(gdbinit_lines "$sock")
    assert_output_line '^gdb -q -x obj/gdbinit$'

    run make -C "$HVLAB" -s -n qemu-gdb gdb GDBPORT=1234
    [ "$status" -eq 0 ]
    assert_output_line 'tools/run-qemu .* --gdb 1234 '
    assert_output_line '"target remote localhost:1234"'
}
