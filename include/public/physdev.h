/* LAB 5 FILE */
/*
 * physdev.h - real devices for domain 0 (lab 5), the guest interface of
 * hv/physdev.c. As in Xen, domain 0 drives the machine's devices itself:
 *
 *   I/O ports: domain 0's kernel (ring 1) may use the ports of the IDE
 *   disk it drives, [0x1F0, 0x1F7] and 0x3F6: the hypervisor opens them
 *   in the I/O permission bitmap of its TSS while domain 0 runs, and
 *   closes them for every other domain. IOPL stays 0, so cli, sti and
 *   every other port still trap. (Domain 0's ring-3 programs could use
 *   the open ports too: they are domain 0's own, trusted.)
 *
 *   Interrupts: a device's IRQ line (a "pirq") is bound to a port of
 *   domain 0 with event_channel_op(EVTCHNOP_bind_pirq). When the line
 *   fires the hypervisor masks it at the interrupt controller and sends
 *   the event; domain 0 services the device, then unmasks the line with
 *   physdev_op(PHYSDEVOP_eoi). Only domain 0 may bind a pirq, and only a
 *   line the hypervisor does not use itself (PHYSDEV_PIRQ_ALLOWED).
 *
 * Any other domain's in or out on those ports is a #GP, delivered to its
 * own trap handler like any port's (or, with none, its death).
 * A pirq port's status is EVTCHNSTAT_pirq, with the line in u.pirq
 * (event_channel.h); sending on it is refused; closing it masks the line
 * again and frees it for another bind_pirq. The errors:
 *   bind_pirq  -HV_EPERM   the caller is not domain 0, or the line is
 *                          not one it may bind (the timer's, COM1's...);
 *              -HV_EINVAL  no such line (16 and up), flags not 0;
 *              -HV_EBUSY   the line is bound already;
 *              -HV_ENOSPC, -HV_EFAULT as for any event_channel_op;
 *   eoi        -HV_EINVAL  the line is not bound to the caller;
 *              -HV_EFAULT  arg is not mapped below the hole.
 * Each refusal logs one line naming the domain.
 */
#ifndef HVLAB_PUBLIC_PHYSDEV_H
#define HVLAB_PUBLIC_PHYSDEV_H

#include <public/event_channel.h>

#define __HYPERVISOR_physdev_op 33

#define PHYSDEV_IDE_IRQ 14 /* the primary IDE channel's line */
/* The lines domain 0 may bind: the primary IDE channel only. */
#define PHYSDEV_PIRQ_ALLOWED(irq) ((irq) == PHYSDEV_IDE_IRQ)

#define EVTCHNOP_bind_pirq 2
#ifndef __ASSEMBLER__
/* bind_pirq: a new port of the caller (domain 0) for IRQ line pirq. */
struct evtchn_bind_pirq {
    uint32_t pirq;      /* IN */
    uint32_t flags;     /* IN: 0 */
    evtchn_port_t port; /* OUT */
};
#endif

/* physdev_op(int cmd, void *arg) */
#define PHYSDEVOP_eoi 12
#ifndef __ASSEMBLER__
/* eoi: domain 0 has serviced line irq; unmask it. */
struct physdev_eoi {
    uint32_t irq; /* IN */
};
#endif

#endif
