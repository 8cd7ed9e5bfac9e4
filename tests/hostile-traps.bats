#!/usr/bin/env bats
# LAB 2 FILE
# hostile-traps.bats - the hostile suite's "traps" class: the ways into
# the hypervisor and back out. The fast system-call gate must close when
# the guest says so; an emulated int $n must return after the instruction
# it really was; single-stepping over a hypercall, and over mov ss or pop
# ss just before one (Xen's XSA-260 class), must leave the hypervisor
# standing and give the guest its debug traps in its own code; a trap
# frame goes where the stack segment says, on the ring-1 stack from an
# outer ring; a stack that cannot take it, or a selector that no longer
# loads on the way back, costs the guest its life and nothing more.
# tests/hostile.bash says how a verdict is reached.

load hostile

@test "traps: trap-fast-dpl0 (the fast system call registered again with DPL 0): REFUSED" {
    attack trap-fast-dpl0
    assert_verdict REFUSED
    assert_refused 'int \$0x80 after the gate was closed: vector 13, error 0x402, '
}

@test "traps: trap-fast-clear (the trap table cleared under the fast system call): REFUSED" {
    attack trap-fast-clear
    assert_verdict REFUSED
    assert_refused 'int \$0x80 after the gate was closed: vector 13, error 0x402, '
}

@test "traps: trap-int-prefix (int \$0x85 behind a cs prefix returns after all 3 bytes): REFUSED" {
    attack trap-int-prefix
    assert_verdict REFUSED
    assert_refused '2e cd 85 \(vector 133\) returns to 0x[0-9a-f]{8}, after the whole instruction$'
}

@test "traps: trap-int-too-long (int \$0x85 behind 14 prefixes, 16 bytes): REFUSED" {
    attack trap-int-too-long
    assert_verdict REFUSED
    assert_refused 'int \$0x85 behind 14 prefixes: vector 13, error 0x0, '
}

# QEMU 7.2's TCG raises #UD for icebp; hardware and Bochs raise #DB.
@test "traps: trap-icebp (int1 reaches ring 0 from ring 1): REFUSED" {
    attack trap-icebp
    assert_verdict REFUSED
    assert_refused 'icebp: vector (1|6), '
}

# Single-stepping: the offsets are where each #DB came, from the start of
# the stepped code (guestos/probes/hostile.c, STEPPED). None after mov ss
# (held back for the instruction after it) nor after the int (whose
# handler, the hypervisor, runs with TF clear); the next comes after the
# first instruction back in the guest. TCG and Bochs agree.
@test "traps: trap-step-hypercall (single-stepping over int \$0x82): REFUSED" {
    attack trap-step-hypercall
    assert_verdict REFUSED
    assert_refused '7 #DB traps, all in our code, at \+1 \+2 \+5 \+6 \+7 \+14 \+15; 0 breakpoint'
}

@test "traps: trap-step-movss (single-stepping over mov ss; int \$0x82): REFUSED" {
    attack trap-step-movss
    assert_verdict REFUSED
    assert_refused '8 #DB traps, all in our code, at \+1 \+2 \+4 \+9 \+10 \+11 \+18 \+19; 0 breakpoint'
}

@test "traps: trap-step-popss (single-stepping over pop ss; int \$0x82): REFUSED" {
    attack trap-step-popss
    assert_verdict REFUSED
    assert_refused '8 #DB traps, all in our code, at \+1 \+2 \+3 \+7 \+8 \+9 \+16 \+17; 0 breakpoint'
}

@test "traps: trap-step-movss-int3 (single-stepping over mov ss; int3): REFUSED" {
    attack trap-step-movss-int3
    assert_verdict REFUSED
    assert_refused '8 #DB traps, all in our code, at \+1 \+2 \+4 \+8 \+9 \+10 \+17 \+18; 1 breakpoint'
}

@test "traps: trap-based-stack (a trap on a ring-1 stack segment with a base): REFUSED" {
    attack trap-based-stack
    assert_verdict REFUSED
    assert_refused '#UD on ss base 0x[0-9a-f]{8}, esp 0xff0: the frame at base \+ esp, our handler ran$'
}

@test "traps: trap-stack-in-hole (a trap with esp in the hole): KILLED" {
    attack trap-stack-in-hole
    assert_verdict KILLED
    assert_log '^hv: d0: trap: cannot write the trap frame on its kernel stack: killing d0$'
    assert_log '^hv: d0: esi=[0-9a-f]{8} edi=[0-9a-f]{8} ebp=[0-9a-f]{8} esp=e0001000$'
}

@test "traps: trap-stack-readonly (a trap with the stack on the read-only page directory): KILLED" {
    attack trap-stack-readonly
    assert_verdict KILLED
    assert_log '^hv: d0: trap: cannot write the trap frame on its kernel stack: killing d0$'
}

@test "traps: trap-iret-ring0 (iret to the hypervisor's code selector): REFUSED" {
    attack trap-iret-ring0
    assert_verdict REFUSED
    assert_refused "iret to the hypervisor's code selector 0xe008: vector 13, error 0xe008, "
}

@test "traps: trap-ljmp-ring0 (ljmp to the hypervisor's code selector): REFUSED" {
    attack trap-ljmp-ring0
    assert_verdict REFUSED
    assert_refused "ljmp to the hypervisor's code selector 0xe008: vector 13, error 0xe008, "
}

@test "traps: trap-lcall-tss (a task switch to the hypervisor's TSS): REFUSED" {
    attack trap-lcall-tss
    assert_verdict REFUSED
    assert_refused "lcall to the hypervisor's TSS 0xe038 \(a task switch\): vector 13, error 0xe038, "
}

@test "traps: trap-iret-nt (iret with NT set, a task return): REFUSED" {
    attack trap-iret-nt
    assert_verdict REFUSED
    assert_refused 'iret with NT set \(a task return\): vector 10, error 0x0, '
}

@test "traps: trap-no-failsafe (gs's descriptor gone, no failsafe callback): KILLED" {
    attack trap-no-failsafe
    assert_verdict KILLED
    assert_log '^hv: d0: trap: no failsafe callback to take it \(set_callbacks\): killing d0$'
}
