#!/usr/bin/env bats
# LAB 2 FILE
# hostile-privileged.bats - the hostile suite's "privileged instructions"
# class: each instruction only ring 0 may execute, tried in ring 1 (and a
# few from ring 3). The CPU refuses each with a #GP, which the hypervisor
# delivers to the guest's own handler; the guest goes on. Writes to the
# IDT and GDT that sidt and sgdt find, and reads of the hole, fault too.
# tests/hostile.bash says how a verdict is reached.

load hostile

@test "privileged instructions: priv-cli ('cli' in ring 1): REFUSED" {
    attack priv-cli
    assert_verdict REFUSED
    assert_refused 'cli: vector 13, error 0x0, '
}

@test "privileged instructions: priv-sti ('sti' in ring 1): REFUSED" {
    attack priv-sti
    assert_verdict REFUSED
    assert_refused 'sti: vector 13, error 0x0, '
}

@test "privileged instructions: priv-hlt ('hlt' in ring 1): REFUSED" {
    attack priv-hlt
    assert_verdict REFUSED
    assert_refused 'hlt: vector 13, error 0x0, '
}

@test "privileged instructions: priv-cr0 ('mov to cr0' in ring 1): REFUSED" {
    attack priv-cr0
    assert_verdict REFUSED
    assert_refused 'mov to cr0: vector 13, error 0x0, '
}

@test "privileged instructions: priv-cr3 ('mov to cr3' in ring 1): REFUSED" {
    attack priv-cr3
    assert_verdict REFUSED
    assert_refused 'mov to cr3: vector 13, error 0x0, '
}

@test "privileged instructions: priv-cr4 ('mov from cr4' in ring 1): REFUSED" {
    attack priv-cr4
    assert_verdict REFUSED
    assert_refused 'mov from cr4: vector 13, error 0x0, '
}

@test "privileged instructions: priv-dr7 ('mov to dr7' in ring 1): REFUSED" {
    attack priv-dr7
    assert_verdict REFUSED
    assert_refused 'mov to dr7: vector 13, error 0x0, '
}

@test "privileged instructions: priv-lgdt ('lgdt' in ring 1): REFUSED" {
    attack priv-lgdt
    assert_verdict REFUSED
    assert_refused 'lgdt: vector 13, error 0x0, '
}

@test "privileged instructions: priv-lidt ('lidt' in ring 1): REFUSED" {
    attack priv-lidt
    assert_verdict REFUSED
    assert_refused 'lidt: vector 13, error 0x0, '
}

@test "privileged instructions: priv-lldt ('lldt' in ring 1): REFUSED" {
    attack priv-lldt
    assert_verdict REFUSED
    assert_refused 'lldt: vector 13, error 0x0, '
}

@test "privileged instructions: priv-ltr ('ltr' in ring 1): REFUSED" {
    attack priv-ltr
    assert_verdict REFUSED
    assert_refused 'ltr: vector 13, error 0x0, '
}

@test "privileged instructions: priv-lmsw ('lmsw' in ring 1): REFUSED" {
    attack priv-lmsw
    assert_verdict REFUSED
    assert_refused 'lmsw: vector 13, error 0x0, '
}

@test "privileged instructions: priv-clts ('clts' in ring 1): REFUSED" {
    attack priv-clts
    assert_verdict REFUSED
    assert_refused 'clts: vector 13, error 0x0, '
}

@test "privileged instructions: priv-invd ('invd' in ring 1): REFUSED" {
    attack priv-invd
    assert_verdict REFUSED
    assert_refused 'invd: vector 13, error 0x0, '
}

@test "privileged instructions: priv-wbinvd ('wbinvd' in ring 1): REFUSED" {
    attack priv-wbinvd
    assert_verdict REFUSED
    assert_refused 'wbinvd: vector 13, error 0x0, '
}

@test "privileged instructions: priv-invlpg ('invlpg' in ring 1): REFUSED" {
    attack priv-invlpg
    assert_verdict REFUSED
    assert_refused 'invlpg: vector 13, error 0x0, '
}

@test "privileged instructions: priv-rdmsr ('rdmsr' in ring 1): REFUSED" {
    attack priv-rdmsr
    assert_verdict REFUSED
    assert_refused 'rdmsr: vector 13, error 0x0, '
}

@test "privileged instructions: priv-wrmsr ('wrmsr' in ring 1): REFUSED" {
    attack priv-wrmsr
    assert_verdict REFUSED
    assert_refused 'wrmsr: vector 13, error 0x0, '
}

@test "privileged instructions: priv-in ('in' in ring 1): REFUSED" {
    attack priv-in
    assert_verdict REFUSED
    assert_refused 'in: vector 13, error 0x0, '
}

@test "privileged instructions: priv-out ('out' in ring 1): REFUSED" {
    attack priv-out
    assert_verdict REFUSED
    assert_refused 'out: vector 13, error 0x0, '
}

@test "privileged instructions: priv-sysenter ('sysenter' in ring 1): REFUSED" {
    attack priv-sysenter
    assert_verdict REFUSED
    assert_refused 'sysenter: vector 13, error 0x0, '
}

@test "privileged instructions: priv-popf-iopl (popf of IOPL 3 in ring 1): REFUSED" {
    attack priv-popf-iopl
    assert_verdict REFUSED
    assert_refused 'popf of IOPL 3: eflags 0x[0-9a-f]{8}, IOPL still 0$'
}

# A page fault under TCG, where the hole is unmapped while a guest runs;
# a #GP on hardware and Bochs, where the guest segments end below it.
@test "privileged instructions: priv-write-idt (write the IDT sidt names): REFUSED" {
    attack priv-write-idt
    assert_verdict REFUSED
    assert_refused 'writing the IDT found with sidt: vector (14|13), '
}

@test "privileged instructions: priv-write-gdt (write the GDT sgdt names): REFUSED" {
    attack priv-write-gdt
    assert_verdict REFUSED
    assert_refused 'writing the GDT found with sgdt: vector (14|13), '
}

@test "privileged instructions: priv-read-hole (read the hypervisor's memory): REFUSED" {
    attack priv-read-hole
    assert_verdict REFUSED
    assert_refused "reading the hypervisor's memory: vector (14|13), "
}

@test "privileged instructions: priv-ring3-cli (cli in a ring-3 program): REFUSED" {
    attack priv-ring3-cli
    assert_verdict REFUSED
    assert_log '^\(d0\) guestos: process 1 \(privileged\) killed: general protection '
}

@test "privileged instructions: priv-ring3-hypercall (int \$0x82 from ring 3): REFUSED" {
    attack priv-ring3-hypercall
    assert_verdict REFUSED
    assert_log '^\(d0\) guestos: process 1 \(hypercall\) killed: general protection at eip 0x[0-9a-f]{8} \(error 0x412,'
}
