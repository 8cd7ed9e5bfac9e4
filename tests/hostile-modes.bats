#!/usr/bin/env bats
# LAB 2 FILE
# hostile-modes.bats - the hostile suite's "modes" class: a guest in a
# CPU mode or ring it must not run in. Real CPUs honour EFLAGS.VM in an
# iret only from ring 0; QEMU's TCG honours it from ring 1 and 3 too, and
# enters virtual-8086 mode, where a trap saves a real-mode cs (0 looks
# like ring 0). The hypervisor must see the guest in it, never run it
# there, and give the guest a #GP from ring 3 instead. These run under
# TCG (ACCEL=tcg), where the attack gets that far. A guest can also make
# itself ring-2 code: a trap there must reach its ring-1 handler on the
# ring-1 stack. tests/hostile.bash says how a verdict is reached.

load hostile

v86_refused_by_hypervisor() {
    assert_log '^hv: d0: trap: #PF page fault in virtual-8086 mode at 000[03]:0000 \(EFLAGS.VM set by its iret\): v86 mode refused, a #GP from ring 3 instead$'
}

@test "modes: mode-v86-ring1-cs0 (the kernel irets into v86 mode, cs 0): REFUSED" {
    ACCEL=tcg attack mode-v86-ring1-cs0
    assert_verdict REFUSED
    assert_refused 'iret with VM to 0000:0000 ended in a #GP \(error 0x0\) from cs 0003, eflags 0x0000[0-9a-f]{4}: no v86 mode$'
    v86_refused_by_hypervisor
}

@test "modes: mode-v86-ring1-cs3 (the kernel irets into v86 mode, cs 3): REFUSED" {
    ACCEL=tcg attack mode-v86-ring1-cs3
    assert_verdict REFUSED
    assert_refused 'iret with VM to 0003:0000 ended in a #GP \(error 0x0\) from cs 0003, eflags 0x0000[0-9a-f]{4}: no v86 mode$'
    v86_refused_by_hypervisor
}

@test "modes: mode-v86-ring3-cs0 (a program irets into v86 mode, cs 0): REFUSED" {
    ACCEL=tcg attack mode-v86-ring3-cs0
    assert_verdict REFUSED
    assert_log '^\(d0\) guestos: process 1 \(v86cs0\) killed: general protection at eip 0x00000000 \(error 0x0,'
    v86_refused_by_hypervisor
}

@test "modes: mode-v86-ring3-cs3 (a program irets into v86 mode, cs 3): REFUSED" {
    ACCEL=tcg attack mode-v86-ring3-cs3
    assert_verdict REFUSED
    assert_log '^\(d0\) guestos: process 1 \(v86cs3\) killed: general protection at eip 0x00000000 \(error 0x0,'
    v86_refused_by_hypervisor
}

@test "modes: mode-ring2 (a trap in ring-2 code of the guest's own): REFUSED" {
    attack mode-ring2
    assert_verdict REFUSED
    assert_refused '#UD from ring 2 \(cs 000a, ss 0012\) reached our ring-1 handler on the ring-1 stack$'
}
