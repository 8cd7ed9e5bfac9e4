#!/usr/bin/env bats
# LAB 2 FILE
# lab2.bats - the lab 2 grader (make grade): traps bounced to the guest's
# own handlers, and the hypercalls that set them up refusing what would
# give a guest ring 0; the guest's own descriptors (set_gdt,
# update_descriptor) and the failsafe callback. Each test's name ends
# with its points.

load ../tests/helpers

teardown() {
    keep_failed_log
}

@test "traps: faults reach the guest's handlers with error code and cr2 (build_bounce_frame) [25]" {
    boot "$GUEST probe=traps"
    assert_status 0
    assert_log '^\(d0\) guestos: trap: vector 3 \(breakpoint\) error 0x0 '
    assert_log '^\(d0\) guestos: trap: vector 6 \(invalid opcode\) error 0x0 '
    assert_log '^\(d0\) guestos: trap: vector 0 \(divide error\) error 0x0 '
    assert_log '^\(d0\) guestos: trap: vector 14 \(page fault\) error 0x0 cr2 0x00001000 at eip 0xc0'
    assert_log '^\(d0\) guestos: trap: vector 14 \(page fault\) error 0x3 cr2 0xc0[0-9a-f]{6} at eip 0xc0'
    assert_log '^\(d0\) guestos: trap: vector 13 \(general protection\) error 0x0 '
    assert_log '^\(d0\) guestos: trap: vector 13 \(general protection\) error 0x40a '
    assert_log '^\(d0\) guestos: probe: done$'
    refute_log '^hv: d0: trap: .*killing d0'
}

@test "traps: int \$n goes to the guest's handler only where its table allows it [10]" {
    boot "$GUEST probe=traps"
    assert_status 0
    assert_log '^\(d0\) guestos: trap: vector 133 \(software interrupt\) error 0x0 '
    assert_log '^\(d0\) guestos: trap: vector 13 \(general protection\) error 0x40a '
}

@test "set_trap_table refuses ring-0 handlers, handlers in the hole, tables in the hole (read_trap_table) [20]" {
    boot "$GUEST probe=traps"
    assert_status 0
    assert_log '^hv: d0: set_trap_table: vector 14: e008:c0000000 is not guest ring-1 code$'
    assert_log '^\(d0\) guestos: probe: set_trap_table\(ring-0 handler\) = -22$'
    assert_log '^\(d0\) guestos: probe: set_trap_table\(handler in the hole\) = -22$'
    assert_log '^hv: d0: set_trap_table: entry 0 at 0xe0000000 is not mapped below the hole$'
    assert_log '^\(d0\) guestos: probe: set_trap_table\(table in the hole\) = -14$'
    assert_log '^hv: d0: set_trap_table: more than 256 entries and no end$'
    assert_log "^hv: d0: set_trap_table: vector 130 is the hypervisor's; it cannot be a fast system call$"
    assert_log '^\(d0\) guestos: probe: set_trap_table\(fast system call on the hypercall vector\) = -22$'
    assert_log '^\(d0\) guestos: probe: set_trap_table\(300 entries, no end\) = -22$'
    # A refused table takes nothing: the old handlers still work.
    assert_log '^\(d0\) guestos: probe: still handled after all that: guestos: trap: vector 6'
}

@test "hypercalls: stack_switch, set_callbacks, xen_version and sched_op check their arguments [15]" {
    boot "$GUEST probe=traps"
    assert_status 0
    assert_log '^\(d0\) guestos: probe: stack_switch\(ring-0 stack\) = -22$'
    assert_log '^\(d0\) guestos: probe: set_callbacks\(ring-0 failsafe\) = -22$'
    assert_log '^\(d0\) guestos: probe: xen_version = 1\.0$'
    assert_log "^\(d0\) guestos: probe: xen_version\(extraversion\) = 0: '-hvlab'$"
    assert_log '^\(d0\) guestos: probe: xen_version\(extraversion into our page directory\) = -14$'
    assert_log '^\(d0\) guestos: probe: sched_op\(yield\) = 0$'
    assert_log '^hv: d0: sched_op: unknown shutdown reason 9$'
}

@test "sched_op shutdown ends the domain with its reason, and the run ends [15]" {
    boot "$GUEST probe=traps"
    assert_status 0
    assert_log '^hv: d0: sched_op: shutdown: poweroff$'
    assert_log '^hv: d0: domain: [0-9]+ hypercalls, 9 traps bounced to it$'
    assert_log '^hv: run ended: status 0 \(success\)$'
}

@test "trace logs every hypercall and bounce with its domain, name, arguments and result [15]" {
    boot --append "trace" "$GUEST probe=traps"
    assert_status 0
    assert_log '^hv: d0: trace: set_trap_table\(c0[0-9a-f]{6}, 0, 0, [0-9a-f]+, [0-9a-f]+\) = 0$'
    assert_log '^hv: d0: trace: set_trap_table\(e0000000, 0, 0, [0-9a-f]+, [0-9a-f]+\) = -14$'
    assert_log '^hv: d0: trace: bounce #PF page fault \(vector 14\) to e019:c0[0-9a-f]{6}, esp c0[0-9a-f]{6}$'
    assert_log '^hv: d0: trace: console_io\(0, [0-9a-f]+, c0[0-9a-f]{6}, [0-9a-f]+, [0-9a-f]+\) = [0-9]+$'
}

@test "processes: init runs programs in ring 3; yield takes turns; exit statuses come back (syscall) [15]" {
    boot
    assert_status 0
    assert_log '^\(d0\) init: pid 1, running [0-9]+ programs$'
    assert_log '^\(d0\) hello: ring 3, pid 2$'
    assert_log '^\(d0\) init: hello \(pid 2\) exited with 0$'
    assert_log '^\(d0\) pingpong 3: round 0$'
    assert_log '^\(d0\) pingpong 4: round 0$'
    assert_log '^\(d0\) init: pingpong \(pid 3\) exited with 7$'
    # The two took turns: round 1 of one comes after round 0 of the other.
    first=$(console_lines | grep -n 'pingpong 4: round 0' | cut -d: -f1)
    second=$(console_lines | grep -n 'pingpong 3: round 1' | cut -d: -f1)
    [ "$first" -lt "$second" ]
    assert_log '^\(d0\) init: all done$'
    assert_log '^hv: d0: sched_op: shutdown: poweroff$'
}

@test "user faults: each misbehaving program is killed, the kernel and hypervisor go on [15]" {
    boot
    assert_status 0
    assert_log '^\(d0\) guestos: process [0-9]+ \(divzero\) killed: divide error at eip 0x'
    assert_log '^\(d0\) guestos: process [0-9]+ \(badop\) killed: invalid opcode at eip 0x'
    assert_log '^\(d0\) guestos: process [0-9]+ \(kernelmem\) killed: page fault at eip 0x[0-9a-f]{8} \(error 0x5, cr2 0xc0000000\)$'
    assert_log '^\(d0\) guestos: process [0-9]+ \(privileged\) killed: general protection at eip 0x[0-9a-f]{8} \(error 0x0,'
    assert_log '^\(d0\) guestos: process [0-9]+ \(hypercall\) killed: general protection at eip 0x[0-9a-f]{8} \(error 0x412,'
    assert_log '^\(d0\) init: all done$'
    refute_log 'PANIC|^hv: d0: trap: '
}

@test "fast path: 1000 system calls never enter the hypervisor (its counter says so) [10]" {
    boot
    assert_status 0
    assert_log '^\(d0\) syscalls: 1000 system calls made$'
    bounced=$(console_lines | sed -n 's/^hv: d0: domain: [0-9]* hypercalls, \([0-9]*\) traps bounced to it$/\1/p')
    [ -n "$bounced" ] && [ "$bounced" -lt 100 ] ||
        { echo "expected under 100 traps through the hypervisor, got '${bounced}'" >&2; false; }
}

@test "set_gdt: the guest's own segments and call gates work; DPL 0 becomes 1 (check_descriptor) [15]" {
    boot "$GUEST probe=gdt"
    assert_status 0
    assert_log '^\(d0\) guestos: probe: set_gdt\(ring-1 data, DPL-0 data, call gate to ring-1 code, flat data\) = 0$'
    assert_log '^\(d0\) guestos: probe: fs = 0x0009: fs:0 reads 0x600d0001$'
    assert_log '^\(d0\) guestos: probe: DPL-0 data segment: lar says DPL 1; fs = 0x0011: fs:0 reads 0x600d0002$'
    assert_log '^\(d0\) guestos: probe: lcall through the call gate to ring-1 code returned 0xca11ca11$'
    assert_log '^\(d0\) guestos: probe: update_descriptor\(new base\) = 0: fs:0 reads 0x600d0002$'
    # The hypervisor's copy of d0's GDT went back with d0's memory.
    assert_frames_returned
}

@test "set_gdt and update_descriptor refuse ring 0, the hole and system descriptors, one log line each (check_descriptor) [20]" {
    boot "$GUEST probe=gdt"
    assert_status 0
    for what in 'flat 4 GiB data segment' 'segment ending at 0xe0000000' 'conforming code segment' \
        'expand-down data segment' 'TSS' "call gate to the hypervisor's code" 'call gate into the hole' \
        'frame 0, not ours' 'our frame twice' '7169 entries'; do
        assert_log "^\(d0\) guestos: probe: set_gdt\($what\) = -22$"
    done
    assert_log '^\(d0\) guestos: probe: set_gdt\(frame list in the hole\) = -14$'
    # Each refused descriptor: one line naming the domain, the entry and the descriptor.
    refused=$(console_lines | grep -cE '^hv: d0: set_gdt: entry 5 = [0-9a-f]{16}: .')
    [ "$refused" -eq 7 ] || { echo "expected 7 lines for entry 5, got $refused" >&2; false; }
    assert_log '^hv: d0: set_gdt: entry 5 = 00cfb2000000ffff: .'
    assert_log "^hv: d0: set_gdt: frame 0: mfn 0x0 is not d0's$"
    # A refused table takes nothing: the last good one is still there.
    assert_log '^\(d0\) guestos: probe: refused tables take nothing: fs:0 still reads 0x600d0001$'
    assert_log '^hv: d0: update_descriptor: entry 1 = 0000ec00e0080000: .'
    assert_log "^\(d0\) guestos: probe: update_descriptor\(call gate to the hypervisor's code\) = -22$"
    assert_log '^\(d0\) guestos: probe: update_descriptor\(a frame of ours not in the GDT\) = -22$'
    assert_log '^\(d0\) guestos: probe: update_descriptor\(not 8-byte aligned\) = -22$'
}

@test "failsafe: a selector that no longer loads on the way back goes to the failsafe callback, else only the guest dies [15]" {
    boot "$GUEST probe=gdt"
    assert_status 0
    assert_log '^hv: d0: trap: its data segments \(ds e021 es e021 fs 0000 gs 0009\) no longer load \(#NP segment not present, error 0x8\)$'
    assert_log '^\(d0\) guestos: probe: update_descriptor\(gs.s descriptor not present\) = 0$'
    assert_log '^\(d0\) guestos: probe: failsafe callback ran 1 time\(s\): ds e021 es e021 fs 0000 gs 0009$'
    # Without a callback: the domain is killed, the hypervisor goes on.
    assert_log '^hv: d0: trap: no failsafe callback to take it \(set_callbacks\): killing d0$'
    assert_log '^hv: run ended: status 0 \(success\)$'
    refute_log 'PANIC|BUG'
    # cs or ss that no longer load: the iret back faults, and kills the domain only.
    boot "$GUEST probe=gdt-iret"
    assert_status 0
    assert_log '^hv: d0: trap: its cs or ss no longer loads \(the iret back to it faulted\): killing d0$'
    assert_log '^hv: run ended: status 0 \(success\)$'
    refute_log 'PANIC|BUG'
}

@test "traps: a frame that cannot be written (read-only stack) kills the guest, not the hypervisor [10]" {
    boot "$GUEST probe=badstack"
    assert_status 0
    assert_log '^\(d0\) guestos: probe: faulting with the stack on our page directory$'
    assert_log '^hv: d0: trap: cannot write the trap frame on its kernel stack: killing d0$'
    assert_log '^hv: run ended: status 0 \(success\)$'
    refute_log 'PANIC'
}

@test "system calls: a pointer into the kernel is refused, for write and for spawn's name (syscall) [10]" {
    boot "$GUEST init=userptr"
    assert_status 0
    # The kernel must check every pointer a program hands it: else any
    # program reads kernel memory through its own system calls.
    assert_log '^\(d0\) userptr: write\(kernel\) = -14, spawn\(name in the kernel\) = -14$'
    assert_log '^hv: d0: sched_op: shutdown: poweroff$'
}
