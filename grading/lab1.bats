#!/usr/bin/env bats
# lab1.bats - the lab 1 grader (make grade). Each test's name ends with
# its points in brackets. Each fails on the lab 1 stubs and passes once
# the exercise it names is done; handouts/lab1.md lists the exercises.
# Later labs' branches must pass it too, so every run names the guest's
# lab 1 demonstration explicitly (fault=...) rather than rely on defaults.

load ../tests/helpers

teardown() {
    keep_failed_log
}

# The unit tests of the frame allocator (tests/unit/test_frame.c), built on
# the host against this tree's hv/frame.c; fails showing the failed cases.
frame_unit_tests() {
    local bin=$BATS_TEST_TMPDIR/test_frame
    (cd "$HVLAB" && cc -std=gnu11 -g -O1 -Wall -Wextra -I. -Iinclude -Ihv/include -o "$bin" tests/unit/test_frame.c) ||
        { echo "cannot build tests/unit/test_frame.c with your hv/frame.c" >&2; return 1; }
    run "$bin"
    [ "$status" -eq 0 ] || { echo "tests/unit/test_frame.c, on your hv/frame.c:" >&2; echo "$output" >&2; return 1; }
}

@test "the hypervisor boots and ends the run by itself [10]" {
    boot
    assert_log '^hv: hvlab hypervisor starting'
    assert_log '^hv: run ended: status [0-9]'
}

@test "frames: free memory counted, dom0 built, every frame returned; no double free, no free by a stranger (exercise 2) [15]" {
    boot "$GUEST fault=cli"
    assert_status 0
    assert_log '^hv: d0: domain: destroyed, 1024 frames returned'
    assert_frames_returned
    # What a boot cannot show: frame_free refusing a frame freed twice or
    # by a domain that does not own it (two domains would share it).
    frame_unit_tests
}

@test "page tables: dom0 runs its first instructions in ring 1 (exercise 4) [15]" {
    boot "$GUEST fault=cli"
    assert_status 0
    assert_log '^hv: d0: trap: .* at eip 0xc0[0-9a-f]{6} in ring 1 \(#GP general protection'
}

@test "page tables: the page directory and the page tables are read-only to the guest (exercise 4) [10]" {
    boot "$GUEST fault=ptwrite"
    assert_status 0
    assert_log '^hv: d0: trap: page fault: write to a read-only page at 0xc0[0-9a-f]{6} at eip 0xc0'
    # A writable page table is as bad as a writable directory: the guest
    # could map any machine frame through it.
    boot "$GUEST probe=grade-ptwrite fault=cli"
    assert_status 0
    local table
    table=$(console_lines | sed -n 's/^(d0) guestos: probe: writing our first page table at \(0x[0-9a-f]*\)$/\1/p')
    [ -n "$table" ] || { echo "the guest did not get as far as writing its page table" >&2; cat "$log" >&2; false; }
    assert_log "^hv: d0: trap: page fault: write to a read-only page at $table at eip 0xc0"
    refute_log 'our page table is writable'
}

@test "guest memory: console_io reads it safely and refuses bad buffers (exercise 3) [15]" {
    boot "$GUEST probe=hypercalls fault=cli"
    assert_status 0
    assert_log '^\(d0\) guestos: probe: console_io\(buffer in the hole\) = -14$'
    assert_log '^\(d0\) guestos: probe: console_io\(buffer running into the hole\) = -14$'
    assert_log '^\(d0\) guestos: probe: console_io\(unmapped buffer\) = -14$'
    assert_log '^\(d0\) guestos: probe: done$'
    # The walk itself: an address in the hole that the page directory maps
    # (the IDT), and one that a page table covers but does not map.
    boot --append dom0_mem=2M "$GUEST probe=grade-console fault=cli"
    assert_status 0
    assert_log '^\(d0\) guestos: probe: console_io\(buffer on the IDT, in the hole\) = -14$'
    assert_log '^\(d0\) guestos: probe: console_io\(buffer past our memory, 0xc0200000\) = -14$'
}

@test "start_info: dom0's first lines say what it was given (exercise 6) [15]" {
    boot --append "dom0_mem=8M" "$GUEST fault=cli hello=world"
    assert_status 0
    assert_log '^\(d0\) guestos: hello from ring 1: d0 has 2048 pages \(8192 KiB\), domain 0$'
    assert_log '^\(d0\) guestos: page directory at 0xc0[0-9a-f]{6}, 3 page-table frames, first free pfn [0-9]+$'
    assert_log "^\(d0\) guestos: command line 'fault=cli hello=world'$"
}

@test "traps: privileged instructions are named (exercise 5) [10]" {
    for case in "cli:'cli'" "hlt:'hlt'" "cr3:'mov to %cr3'" "out:'out'"; do
        boot "$GUEST fault=${case%%:*}"
        assert_status 0
        assert_log "^hv: d0: trap: privileged instruction ${case#*:} at eip 0xc0"
    done
}

@test "backtrace: a panic names the functions on the stack (exercise 1) [10]" {
    boot --append "selftest=panic"
    assert_status 2
    assert_log '^hv: PANIC: selftest: panic requested on the command line$'
    assert_log '^hv:   \[e01[0-9a-f]{5}\] selftest_panic_deep\+0x'
    assert_log '^hv:   \[e01[0-9a-f]{5}\] selftest_panic_middle\+0x'
    assert_log '^hv:   \[e01[0-9a-f]{5}\] hv_start\+0x'
}
