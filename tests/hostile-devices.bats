#!/usr/bin/env bats
# LAB 5 FILE
# hostile-devices.bats - the hostile suite's "devices" class (lab 5):
# attacks on the disk domain 0 drives (hv/physdev.c, and the pirq ports
# of hv/event.c). A domU's in or out on the disk's ports traps with a
# #GP, delivered to its own handler like any other port's (the TSS's I/O
# bitmap opens them only while domain 0 runs), and its bind_pirq and eoi
# are refused; domain 0's ports next to its own still trap, and the
# hypervisor's lines, a line bound twice and the eoi of lines not bound
# to it are refused. Each run ends normally, every frame back, the other
# domains unharmed. tests/hostile.bash says how a verdict is reached;
# guestos/probes/hostile_physdev.c holds the attacks. They boot without
# a disk.

load hostile

@test "devices: pd-domu-ports (a domU's in and out on the disk's ports, between domain 0's turns): REFUSED" {
    attack --domus 1 --from 1 pd-domu-ports
    assert_verdict REFUSED
    assert_refused 'in 2-byte from port 0x1f0 \(the disk.s data\): #GP, 10 of 10 times$'
    assert_refused 'out 2-byte to port 0x1f0 \(the disk.s data\): #GP, 10 of 10 times$'
    assert_refused 'out 1-byte to port 0x1f7 \(the disk.s command\): #GP, 10 of 10 times$'
    assert_refused 'in 1-byte from port 0x3f6 \(the disk.s alternate status\): #GP, 10 of 10 times$'
    assert_refused 'out 1-byte to port 0x3f6 \(the disk.s device control\): #GP, 10 of 10 times$'
    [ "$(console_lines | grep -c '^(d1) guestos: attack: pd-domu-ports: refused: ')" -eq 8 ]
}

@test "devices: pd-domu-pirq (a domU binds the disk's line and the timer's, and eoi's the disk's): REFUSED" {
    attack --domus 1 --from 1 pd-domu-pirq
    assert_verdict REFUSED
    assert_refused 'bind_pirq\(IRQ 14, the disk.s\) = -1$'
    assert_refused 'bind_pirq\(IRQ 0, the timer.s\) = -1$'
    assert_refused 'eoi\(IRQ 14\) = -22$'
    assert_log '^hv: d1: event_channel_op: bind_pirq: IRQ 14: only domain 0 binds device lines$'
    assert_log '^hv: d1: physdev_op: eoi: IRQ 14 is not bound to d1$'
    refute_log '^hv: d0: (event_channel_op|physdev_op): '
}

@test "devices: pd-dom0-ports (domain 0's ins and outs next to the disk's ports, and beyond the bitmap): REFUSED" {
    attack --domus 1 --domu ctrl=echo pd-dom0-ports
    assert_verdict REFUSED
    assert_refused 'in 1-byte from port 0x1ef \(just below the disk.s\): #GP'
    assert_refused 'in 1-byte from port 0x1f8 \(just above the disk.s\): #GP'
    assert_refused 'in 2-byte from port 0x1f7 \(at the disk.s last, reaching 0x1F8\): #GP'
    assert_refused 'in 2-byte from port 0x3f6 \(at the control register, reaching 0x3F7\): #GP'
    assert_refused 'out 1-byte to port 0x3f8 \(COM1, the hypervisor.s console\): #GP'
    assert_refused 'in 4-byte from port 0xcf8 \(PCI configuration, past the bitmap\): #GP'
    assert_refused 'in 1-byte from port 0xffff \(the last port\): #GP'
    [ "$(console_lines | grep -c '^(d0) guestos: attack: pd-dom0-ports: refused: ')" -eq 13 ]
}

@test "devices: pd-bind-hv-irq (domain 0 binds the timer's, COM1's, the cascade's and lines there are not): REFUSED" {
    attack pd-bind-hv-irq
    assert_verdict REFUSED
    assert_refused 'bind_pirq\(IRQ 0, the timer.s\) = -1$'
    assert_refused 'bind_pirq\(IRQ 4, COM1.s\) = -1$'
    assert_refused 'bind_pirq\(IRQ 2, the second PIC.s\) = -1$'
    assert_refused 'bind_pirq\(IRQ 16\) = -22$'
    assert_refused 'bind_pirq\(IRQ 0xffffffff\) = -22$'
    assert_refused 'bind_pirq\(IRQ 14, flags 1\) = -22$'
    assert_log '^hv: d0: event_channel_op: bind_pirq: IRQ 0 is not a line domain 0 may bind$'
    assert_log '^hv: d0: event_channel_op: bind_pirq: IRQ 4 is not a line domain 0 may bind$'
}

@test "devices: pd-bind-twice (the disk's line bound twice, sent on, closed, bound again): REFUSED" {
    attack pd-bind-twice
    assert_verdict REFUSED
    assert_refused 'bind_pirq\(IRQ 14, bound already\) = -16$'
    assert_refused 'send\(the line.s port\) = -22$'
    assert_refused 'eoi\(IRQ 14, closed\) = -22$'
    assert_refused 'bind_pirq\(IRQ 14, free again\) = 0$'
    assert_log '^hv: d0: event_channel_op: bind_pirq: IRQ 14 is bound already, to port [0-9]+$'
}

@test "devices: pd-eoi-unbound (domain 0's eoi of lines not bound to it, an unknown command, an argument in the hole): REFUSED" {
    attack pd-eoi-unbound
    assert_verdict REFUSED
    assert_refused 'eoi\(IRQ 14, not bound\) = -22$'
    assert_refused 'eoi\(IRQ 0, the timer.s\) = -22$'
    assert_refused 'eoi\(IRQ 4, COM1.s\) = -22$'
    assert_refused 'eoi\(IRQ 0x80000000\) = -22$'
    assert_refused 'physdev_op\(99\) = -22$'
    assert_refused 'eoi\(argument in the hole\) = -14$'
    assert_log '^hv: d0: physdev_op: eoi: IRQ 0 is not bound to d0$'
    assert_log '^hv: d0: physdev_op: unknown command 99$'
}

@test "devices: pd-console-for (a domU writes console lines as domain 0): REFUSED" {
    attack --domus 1 --from 1 pd-console-for
    assert_verdict REFUSED
    assert_refused 'console_io\(write_for, as d0\) = -1$'
    assert_log '^hv: d1: console_io: write_for: only domain 0 writes for others$'
    refute_log '^\(d0\) not mine$'
}

@test "devices: pd-console-for (domain 0 writes as a domU, as a domain beyond the table, from the hole, too much): REFUSED beyond the first" {
    attack --domus 1 --domu ctrl=echo pd-console-for
    assert_verdict REFUSED
    assert_refused 'console_io\(write_for, as d1\) = 9$'
    assert_log '^\(d1\) not mine$'
    assert_refused 'console_io\(write_for, as domain 70000\) = -3$'
    assert_refused 'console_io\(write_for, a buffer in the hole\) = -14$'
    assert_refused 'console_io\(write_for, 5000 bytes\) = -22$'
    assert_log '^hv: d0: console_io: write_for: 70000 is not a domain id$'
}
