/* LAB 4 FILE */
/*
 * event.h - event channels (event.c, lab 4).
 */
#ifndef HV_EVENT_H
#define HV_EVENT_H

#include <public/event_channel.h>
#include <stdint.h>

struct domain;
struct trap_frame;
struct vcpu;

/*
 * One port of a domain. An unbound port is offered to remote_dom; an
 * interdomain port is connected to remote_port of remote_dom; a VIRQ port
 * receives virq; a pirq port (lab 5), a device line's interrupts: which
 * line, physdev.c's table says.
 */
struct evtchn {
    uint8_t state;        /* EVTCHNSTAT_* */
    uint8_t virq;
    domid_t remote_dom;
    evtchn_port_t remote_port;
};

/* Ports 0 to EVTCHNS_INLINE - 1 live in struct domain; the rest, in
 * frames of EVTCHNS_PER_FRAME allocated when first used. */
#define EVTCHNS_INLINE 64
#define EVTCHNS_PER_FRAME (4096 / sizeof(struct evtchn))
#define EVTCHN_FRAMES ((EVTCHN_MAX_PORT - EVTCHNS_INLINE + EVTCHNS_PER_FRAME - 1) / EVTCHNS_PER_FRAME)

/* event_channel_op(cmd, arg): see public/event_channel.h. */
int32_t do_event_channel_op(struct vcpu *v, uint32_t cmd, uint32_t arg_va);
/* Raises virtual interrupt virq in d, if d has bound it. */
void send_virq(struct domain *d, uint32_t virq);
/* LAB 5 BEGIN */
/* Signals d's port, which a device line is bound to (physdev.c). */
void send_pirq(struct domain *d, evtchn_port_t port);
/* LAB 5 END */
/* The builder's channel between domain 0 and d: d's port, or -1. */
int evtchn_bind_ctrl(struct domain *dom0, struct domain *d);
/* Closes every port of dying d and frees their memory. */
void event_release_domain(struct domain *d);
/* Is one of d's ports pending (for SCHEDOP_poll)? port must be valid. */
int evtchn_is_pending(const struct domain *d, evtchn_port_t port);

#endif
