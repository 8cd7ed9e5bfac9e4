#!/usr/bin/env bats
# LAB 2 FILE
# hostile-arguments.bats - the hostile suite's "hypercall arguments"
# class: one hypercall with one bad argument a boot. Each must come back
# with its error code, and the hypervisor must log one line naming the
# domain and the hypercall, and go on. tests/hostile.bash says how a
# verdict is reached.

load hostile

@test "hypercall arguments: arg-console-hole (a console buffer in the hole): REFUSED" {
    attack arg-console-hole
    assert_verdict REFUSED
    assert_refused 'console_io\(buffer in the hole\) = -14$'
    assert_log '^hv: d0: console_io: buffer 0xe0000000\+16 is not mapped below the hole$'
}

@test "hypercall arguments: arg-console-count (a negative count): REFUSED" {
    attack arg-console-count
    assert_verdict REFUSED
    assert_refused 'console_io\(count -1\) = -22$'
    assert_log '^hv: d0: console_io: count -1 is not in'
}

@test "hypercall arguments: arg-hypercall-nr (hypercall number 0xffffffff): REFUSED" {
    attack arg-hypercall-nr
    assert_verdict REFUSED
    assert_refused 'hypercall 0xffffffff = -38$'
    assert_log '^hv: d0: hypercall: unknown hypercall 4294967295$'
}

@test "hypercall arguments: arg-traps-hole (a trap table in the hole): REFUSED" {
    attack arg-traps-hole
    assert_verdict REFUSED
    assert_refused 'set_trap_table\(table in the hole\) = -14$'
    assert_log '^hv: d0: set_trap_table: entry 0 at 0xe0000000 is not mapped below the hole$'
}

@test "hypercall arguments: arg-traps-ring0 (a ring-0 trap handler): REFUSED" {
    attack arg-traps-ring0
    assert_verdict REFUSED
    assert_refused 'set_trap_table\(ring-0 handler\) = -22$'
    assert_log '^hv: d0: set_trap_table: vector 14: e008:c0000000 is not guest ring-1 code$'
}

@test "hypercall arguments: arg-traps-0x82 (a fast system call on the hypercall vector): REFUSED" {
    attack arg-traps-0x82
    assert_verdict REFUSED
    assert_refused 'set_trap_table\(fast system call on the hypercall vector\) = -22$'
    assert_log '^hv: d0: set_trap_table: vector 130 is the hypervisor.s'
}

@test "hypercall arguments: arg-stack-ring0 (a ring-0 kernel stack): REFUSED" {
    attack arg-stack-ring0
    assert_verdict REFUSED
    assert_refused 'stack_switch\(ring-0 stack\) = -22$'
    assert_log '^hv: d0: stack_switch: e010:c0001000 is not a ring-1 stack below the hole$'
}

@test "hypercall arguments: arg-stack-hole (a kernel stack in the hole): REFUSED" {
    attack arg-stack-hole
    assert_verdict REFUSED
    assert_refused 'stack_switch\(stack in the hole\) = -22$'
    assert_log '^hv: d0: stack_switch: e021:e0001000 is not a ring-1 stack below the hole$'
}

@test "hypercall arguments: arg-failsafe-ring0 (a ring-0 failsafe callback): REFUSED" {
    attack arg-failsafe-ring0
    assert_verdict REFUSED
    assert_refused 'set_callbacks\(ring-0 failsafe\) = -22$'
    assert_log '^hv: d0: set_callbacks: .* is not guest ring-1 code$'
}

@test "hypercall arguments: arg-version-ro (xen_version into a read-only page): REFUSED" {
    attack arg-version-ro
    assert_verdict REFUSED
    assert_refused 'xen_version\(extraversion into our page directory\) = -14$'
    assert_log '^hv: d0: xen_version: buffer 0x[0-9a-f]{8}\+16 is not mapped writable below the hole$'
}

@test "hypercall arguments: arg-shutdown-reason (an unknown shutdown reason): REFUSED" {
    attack arg-shutdown-reason
    assert_verdict REFUSED
    assert_refused 'sched_op\(shutdown, reason 9\) = -22$'
    assert_log '^hv: d0: sched_op: unknown shutdown reason 9$'
}

@test "hypercall arguments: arg-gdt-list-hole (a GDT frame list in the hole): REFUSED" {
    attack arg-gdt-list-hole
    assert_verdict REFUSED
    assert_refused 'set_gdt\(frame list in the hole\) = -14$'
    assert_log '^hv: d0: set_gdt: frame list 0xe0000000\+4 is not mapped below the hole$'
}

@test "hypercall arguments: arg-gdt-entries (-1 GDT entries): REFUSED" {
    attack arg-gdt-entries
    assert_verdict REFUSED
    assert_refused 'set_gdt\(-1 entries\) = -22$'
    assert_log '^hv: d0: set_gdt: -1 entries is not in'
}

