/* LAB 4 FILE */
/*
 * event_channel.h - event channels (lab 4): the guest interface of
 * hv/event.c. Shaped like Xen's public/event_channel.h: the same command
 * numbers, structure shapes and names.
 *
 * An event channel is a pair of ports, one in each of two domains (an
 * interdomain channel), or one port bound to a virtual interrupt of the
 * hypervisor (a VIRQ: the timer, console input). Sending on a port sets
 * the peer's pending bit for its port in the peer's shared_info
 * (hvlab.h): evtchn_pending[port / 32] bit port % 32. If that port is not
 * masked (evtchn_mask) the hypervisor also sets the bit port / 32 of
 * vcpu_info.evtchn_pending_sel and vcpu_info.evtchn_upcall_pending; the
 * next time the peer runs with evtchn_upcall_mask clear, it is sent to
 * its event callback (set_callbacks) with the mask set. A pending bit
 * stays set until the guest clears it: events on one port coalesce.
 *
 * Ports are numbered 1 to EVTCHN_MAX_PORT - 1 (port 0 is never used) and
 * allocated on demand: a domain pays for the ports it uses, not for
 * 1024 of them.
 *
 * event_channel_op(int cmd, void *arg): arg points at the structure of
 * the command; fields marked OUT are written back. Returns 0, or:
 *   -HV_EFAULT  arg is not mapped (readable, and writable for OUT fields)
 *               below the hole;
 *   -HV_EINVAL  a port that is out of range, not allocated or in the
 *               wrong state, an unknown VIRQ or command;
 *   -HV_EPERM   a domain other than the caller where only DOMID_SELF is
 *               allowed (alloc_unbound's dom), binding to a port that was
 *               not offered to the caller;
 *   -HV_ESRCH   no such domain;
 *   -HV_EBUSY   the VIRQ is bound already;
 *   -HV_ENOSPC  no free port left;
 *   -HV_ENOMEM  no memory for more ports.
 * Each refusal logs one line naming the domain.
 */
#ifndef HVLAB_PUBLIC_EVENT_CHANNEL_H
#define HVLAB_PUBLIC_EVENT_CHANNEL_H

#include <public/hvlab.h>

#define __HYPERVISOR_event_channel_op 32

#define EVTCHN_MAX_PORT 1024 /* ports 1 to 1023; Xen's 32-bit limit */

#define EVTCHNOP_bind_interdomain 0
#define EVTCHNOP_bind_virq 1
#define EVTCHNOP_close 3
#define EVTCHNOP_send 4
#define EVTCHNOP_status 5
#define EVTCHNOP_alloc_unbound 6
#define EVTCHNOP_unmask 9

/*
 * Virtual interrupts: events the hypervisor raises. Bind one with
 * bind_virq to get a port for it.
 *   VIRQ_TIMER    the deadline of set_timer_op has passed;
 *   VIRQ_CONSOLE  (domain 0 only) input arrived on the console:
 *                 read it with console_io(CONSOLEIO_read);
 *   VIRQ_DOM_EXC  (domain 0 only) a domain has ended.
 */
#define VIRQ_TIMER 0
#define VIRQ_CONSOLE 2
#define VIRQ_DOM_EXC 3
#define NR_VIRQS 8

#ifndef __ASSEMBLER__
typedef uint32_t evtchn_port_t;

/*
 * alloc_unbound: a new port of dom (DOMID_SELF or the caller's id), which
 * remote_dom (and only it) may bind to with bind_interdomain.
 */
struct evtchn_alloc_unbound {
    domid_t dom, remote_dom; /* IN */
    evtchn_port_t port;      /* OUT */
};

/*
 * bind_interdomain: a new local port, connected to remote_port of
 * remote_dom, which must be an unbound port that remote_dom offered to
 * the caller (alloc_unbound). Sending on either end signals the other.
 */
struct evtchn_bind_interdomain {
    domid_t remote_dom;        /* IN */
    uint16_t pad;
    evtchn_port_t remote_port; /* IN */
    evtchn_port_t local_port;  /* OUT */
};

/* bind_virq: a new port that receives virtual interrupt virq. A VIRQ is
 * bound to at most one port at a time. vcpu must be 0. */
struct evtchn_bind_virq {
    uint32_t virq;      /* IN: VIRQ_* */
    uint32_t vcpu;      /* IN: 0 */
    evtchn_port_t port; /* OUT */
};

/* close: frees the port. The peer of an interdomain channel keeps its
 * port, which becomes unbound again (offered to the caller's domain). */
struct evtchn_close {
    evtchn_port_t port; /* IN */
};

/* send: signals the other end of an interdomain channel (a VIRQ port
 * cannot be sent on). */
struct evtchn_send {
    evtchn_port_t port; /* IN */
};

/* status: what port of dom (DOMID_SELF, or any domain for domain 0) is. */
#define EVTCHNSTAT_closed 0       /* not in use */
#define EVTCHNSTAT_unbound 1      /* offered to u.unbound.dom */
#define EVTCHNSTAT_interdomain 2  /* connected to u.interdomain */
#define EVTCHNSTAT_virq 4         /* bound to u.virq */
/* LAB 5 BEGIN */
#define EVTCHNSTAT_pirq 3         /* bound to device line u.pirq (public/physdev.h) */
/* LAB 5 END */
struct evtchn_status {
    domid_t dom;        /* IN */
    uint16_t pad;
    evtchn_port_t port; /* IN */
    uint32_t status;    /* OUT: EVTCHNSTAT_* */
    uint32_t vcpu;      /* OUT: 0 */
    union {
        struct {
            domid_t dom;
        } unbound;
        struct {
            domid_t dom;
            uint16_t pad;
            evtchn_port_t port;
        } interdomain;
        uint32_t virq;
        /* LAB 5 BEGIN */
        uint32_t pirq;
        /* LAB 5 END */
    } u;                /* OUT */
};

/* unmask: clears the port's mask bit; if the port is pending, the upcall
 * is raised as if the event had just arrived. (A guest may clear the
 * mask bit itself, but then it must check for a pending event too.) */
struct evtchn_unmask {
    evtchn_port_t port; /* IN */
};
#endif

#endif
