/* LAB 5 FILE */
/*
 * physdev.c - real devices for domain 0 (lab 5). Domain 0 drives the
 * machine's IDE disk itself, from ring 1, as Xen's domain 0 drives the
 * real hardware: the hypervisor only lets it. Two things make that
 * possible (public/physdev.h is the guest's side):
 *
 *   Its ports. While domain 0 runs, the TSS's I/O permission bitmap
 *   (segments.c) opens the disk's ports to it; switching to any other
 *   domain shuts them again. IOPL stays 0: every other port, and cli and
 *   sti, still trap. load_guest_io_ports() is one more thing switch_to()
 *   (sched.c) loads for the domain that runs.
 *
 *   Its interrupts. A line bound with event_channel_op(bind_pirq)
 *   (event.c checks who and which line) sends an event to domain 0's
 *   port when it fires (physdev_interrupt, from interrupt() in traps.c).
 *   The line is masked at the PIC until domain 0 says, with
 *   physdev_op(PHYSDEVOP_eoi), that it has serviced the device: a level
 *   the device keeps raising would otherwise interrupt us forever,
 *   before domain 0 ever ran to clear it.
 *
 * The next stop is domain 0's driver, guestos/ata.c.
 */
#include <domain.h>
#include <guest_access.h>
#include <physdev.h>
#include <pic.h>
#include <sched.h>
#include <segments.h>

/* The ports of the devices domain 0 drives: the primary IDE channel's
 * command block, and its device control register. */
static const struct port_range {
    uint16_t first, last;
} dom0_ports[] = {
    { 0x1F0, 0x1F7 },
    { 0x3F6, 0x3F6 },
};
_Static_assert(0x3F7 < IO_BITMAP_PORTS, "the I/O bitmap must cover the IDE ports");

/* Which domain and port each line is bound to (domain NULL: none). The
 * lines are the machine's, not a domain's: one table. */
static struct pirq_binding {
    struct domain *domain;
    evtchn_port_t port;
} pirqs[NR_IRQS];

void load_guest_io_ports(const struct domain *d)
{
    int open = (d->flags & SIF_INITDOMAIN) != 0;
    if (open == cpu.io_ports_open)
        return;
    for (size_t i = 0; i < ARRAY_SIZE(dom0_ports); i++)
        tss_allow_io(dom0_ports[i].first, dom0_ports[i].last, open);
    cpu.io_ports_open = open;
}

evtchn_port_t physdev_pirq_port(uint32_t irq)
{
    return irq < NR_IRQS && pirqs[irq].domain ? pirqs[irq].port : 0;
}

int physdev_pirq_of(const struct domain *d, evtchn_port_t port)
{
    for (uint32_t irq = 0; irq < NR_IRQS; irq++)
        if (pirqs[irq].domain == d && pirqs[irq].port == port)
            return (int)irq;
    return -1;
}

void physdev_bind(uint32_t irq, struct domain *d, evtchn_port_t port)
{
    pirqs[irq] = (struct pirq_binding){ d, port };
    pic_unmask(irq);
}

void physdev_unbind(const struct domain *d, evtchn_port_t port)
{
    int irq = physdev_pirq_of(d, port);
    if (irq < 0)
        return;
    /* Nobody listens any more: a line left open could storm us. */
    pic_mask((uint32_t)irq);
    pirqs[irq] = (struct pirq_binding){ NULL, 0 };
}

int physdev_interrupt(uint32_t irq)
{
    struct pirq_binding *b = &pirqs[irq];
    if (!b->domain)
        return 0;
    /* Masked first, then acknowledged: the PIC may deliver every other
     * line at once, and this one again only after domain 0's eoi. */
    pic_mask(irq);
    pic_eoi(irq);
    send_pirq(b->domain, b->port);
    return 1;
}

/* PHYSDEVOP_eoi: domain 0 has serviced line irq; the line is unmasked. */
static int32_t physdev_eoi(struct domain *d, uint32_t arg_va)
{
    struct physdev_eoi eoi;
    if (copy_from_guest(d, &eoi, arg_va, sizeof eoi) < 0) {
        hvlog(LOG_ERR, d, "physdev_op", "eoi: argument at 0x%08x is not mapped below the hole",
              arg_va);
        return -HV_EFAULT;
    }
    /* Only a line bound to the caller: unmasking any other would open
     * the hypervisor's own lines to interrupts it masked, or a line
     * nobody services, and a device holding it up would storm us. */
    if (eoi.irq >= NR_IRQS || pirqs[eoi.irq].domain != d) {
        hvlog(LOG_ERR, d, "physdev_op", "eoi: IRQ %u is not bound to d%u", eoi.irq, d->domid);
        return -HV_EINVAL;
    }
    pic_unmask(eoi.irq);
    return 0;
}

int32_t do_physdev_op(struct domain *d, uint32_t cmd, uint32_t arg_va)
{
    if (cmd == PHYSDEVOP_eoi)
        return physdev_eoi(d, arg_va);
    hvlog(LOG_ERR, d, "physdev_op", "unknown command %u", cmd);
    return -HV_EINVAL;
}
