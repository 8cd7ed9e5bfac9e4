/* LAB 5 FILE */
/*
 * physdev.h - real devices for domain 0 (physdev.c, lab 5): its I/O
 * ports, and the device interrupt lines (pirqs) bound to its ports.
 */
#ifndef HV_PHYSDEV_H
#define HV_PHYSDEV_H

#include <public/physdev.h>
#include <stdint.h>

struct domain;

/* Opens the ports of the devices d drives in the TSS's I/O bitmap, and
 * shuts them for any other domain (switch_to, sched.c). */
void load_guest_io_ports(const struct domain *d);
/* physdev_op(cmd, arg): see public/physdev.h. */
int32_t do_physdev_op(struct domain *d, uint32_t cmd, uint32_t arg_va);

/* For event.c's pirq ports. The port bound to line irq, or 0. */
evtchn_port_t physdev_pirq_port(uint32_t irq);
/* The line bound to port of d, or -1. */
int physdev_pirq_of(const struct domain *d, evtchn_port_t port);
/* Line irq's interrupts go to port of d, from now on: the line is
 * unmasked. irq must be free and allowed. */
void physdev_bind(uint32_t irq, struct domain *d, evtchn_port_t port);
/* port of d is closed: its line is masked again and free. */
void physdev_unbind(const struct domain *d, evtchn_port_t port);
/* Device interrupt irq came (traps.c): if it is bound, masks it and
 * sends the event; whether it was bound. */
int physdev_interrupt(uint32_t irq);

#endif
