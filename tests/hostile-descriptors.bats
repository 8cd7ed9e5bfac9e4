#!/usr/bin/env bats
# LAB 2 FILE
# hostile-descriptors.bats - the hostile suite's "descriptors" class:
# one descriptor a boot that would give ring 1 a way out (a segment over
# the hole, ring 0 code behind a gate, a task switch, a 16-bit stack that
# leaks the hypervisor's stack address), each refused by set_gdt or
# update_descriptor with -22 and one log line saying why.
# tests/hostile.bash says how a verdict is reached.

load hostile

@test "descriptors: desc-flat-4g (a flat 4 GiB data segment): REFUSED" {
    attack desc-flat-4g
    assert_verdict REFUSED
    assert_refused 'set_gdt\(flat 4 GiB data segment\) = -22$'
    assert_log '^hv: d0: set_gdt: entry 1 = [0-9a-f]{16}: segment reaching into the hole refused$'
}

@test "descriptors: desc-into-hole (a segment ending at the hole): REFUSED" {
    attack desc-into-hole
    assert_verdict REFUSED
    assert_refused 'set_gdt\(segment ending at 0xe0000000\) = -22$'
    assert_log '^hv: d0: set_gdt: entry 1 = [0-9a-f]{16}: segment reaching into the hole refused$'
}

@test "descriptors: desc-conforming (a conforming code segment): REFUSED" {
    attack desc-conforming
    assert_verdict REFUSED
    assert_refused 'set_gdt\(conforming code segment\) = -22$'
    assert_log '^hv: d0: set_gdt: entry 1 = [0-9a-f]{16}: conforming code segment refused$'
}

@test "descriptors: desc-expand-down (an expand-down data segment): REFUSED" {
    attack desc-expand-down
    assert_verdict REFUSED
    assert_refused 'set_gdt\(expand-down data segment\) = -22$'
    assert_log '^hv: d0: set_gdt: entry 1 = [0-9a-f]{16}: expand-down data segment refused$'
}

@test "descriptors: desc-tss (a TSS): REFUSED" {
    attack desc-tss
    assert_verdict REFUSED
    assert_refused 'set_gdt\(TSS\) = -22$'
    assert_log '^hv: d0: set_gdt: entry 1 = [0-9a-f]{16}: system descriptor .* refused$'
}

@test "descriptors: desc-ldt (an LDT): REFUSED" {
    attack desc-ldt
    assert_verdict REFUSED
    assert_refused 'set_gdt\(LDT\) = -22$'
    assert_log '^hv: d0: set_gdt: entry 1 = [0-9a-f]{16}: system descriptor .* refused$'
}

@test "descriptors: desc-gate-ring0 (a call gate to the hypervisor's code): REFUSED" {
    attack desc-gate-ring0
    assert_verdict REFUSED
    assert_refused 'set_gdt\(call gate to the hypervisor.s code\) = -22$'
    assert_log '^hv: d0: set_gdt: entry 1 = [0-9a-f]{16}: call gate to a selector that is not guest code refused$'
}

@test "descriptors: desc-gate-hole (a call gate into the hole): REFUSED" {
    attack desc-gate-hole
    assert_verdict REFUSED
    assert_refused 'set_gdt\(call gate into the hole\) = -22$'
    assert_log '^hv: d0: set_gdt: entry 1 = [0-9a-f]{16}: call gate into the hole refused$'
}

@test "descriptors: desc-stack16 (a 16-bit stack segment, which leaks esp's top half): REFUSED" {
    attack desc-stack16
    assert_verdict REFUSED
    assert_refused 'set_gdt\(16-bit data segment, a 16-bit stack\) = -22$'
    assert_log '^hv: d0: set_gdt: entry 1 = [0-9a-f]{16}: 16-bit writable data segment \(a 16-bit stack\) refused$'
}

@test "descriptors: desc-not-ours (a GDT frame that is not the domain's): REFUSED" {
    attack desc-not-ours
    assert_verdict REFUSED
    assert_refused 'set_gdt\(frame 0, not ours\) = -22$'
    assert_log '^hv: d0: set_gdt: frame 0: mfn 0x0 is not d0.s$'
}

@test "descriptors: desc-update-gate (update_descriptor to a call gate to the hypervisor's code): REFUSED" {
    attack desc-update-gate
    assert_verdict REFUSED
    assert_refused 'update_descriptor\(call gate to the hypervisor.s code\) = -22$'
    assert_log '^hv: d0: update_descriptor: entry 1 = [0-9a-f]{16}: call gate to a selector that is not guest code refused$'
}

