/* LAB 4 FILE */
/*
 * event.c - event channels (lab 4): the asynchronous notifications
 * between domains, and from the hypervisor to a domain (virtual
 * interrupts), that replace a real machine's interrupt lines.
 *
 * A port is a slot in a domain's table (struct evtchn). Sending on an
 * interdomain port sets the peer port's pending bit in the peer's
 * shared_info and, unless the peer masked the port, its upcall flags
 * (evtchn_set_pending); on its way back into the peer, the hypervisor
 * sends it to its event callback (deliver_upcall, traps.c). The data an
 * event is about travels elsewhere (shared memory, lab 5): an event only
 * says "look".
 *
 * Everything a guest names here (a port, a domain, a VIRQ) is checked
 * before it is used: a port number indexes a table, a domain id another.
 * The pending and mask bits live in memory the guest writes, so the
 * hypervisor only ever sets or tests them there, trusting nothing it
 * reads for its own bookkeeping.
 */
#include <domain.h>
#include <event.h>
#include <guest_access.h>
#include <memory.h>
#include <sched.h>
/* LAB 5 BEGIN */
#include <physdev.h>
#include <pic.h>
/* LAB 5 END */

#define BITS 32
#define test_bit(words, n) (((words)[(n) / BITS] >> ((n) % BITS)) & 1)

/* Sets bit n of words; its old value. */
static int test_and_set_bit(volatile uint32_t *words, uint32_t n)
{
    uint32_t bit = 1U << (n % BITS), old = words[n / BITS];
    words[n / BITS] = old | bit;
    return (old & bit) != 0;
}

/* Port port of d, allocating its frame if alloc; NULL when port is out
 * of range, or its frame is not there (and not allocated). */
static struct evtchn *port_slot(struct domain *d, uint32_t port, int alloc)
{
    if (port >= EVTCHN_MAX_PORT)
        return NULL;
    if (port < EVTCHNS_INLINE)
        return &d->evtchn_inline[port];
    uint32_t f = (port - EVTCHNS_INLINE) / EVTCHNS_PER_FRAME;
    if (!d->evtchn_frames[f]) {
        uint32_t mfn = alloc ? frame_alloc(DOMID_XEN, NULL) : INVALID_MFN;
        if (mfn == INVALID_MFN)
            return NULL;
        clear_frame(mfn);
        d->evtchn_frames[f] = mfn_to_virt(mfn);
    }
    return &d->evtchn_frames[f][(port - EVTCHNS_INLINE) % EVTCHNS_PER_FRAME];
}

/* d's port, if it is in use; else NULL, with one log line for call. A
 * port number is a guest's index into our table: out of range it would
 * read past it. */
static struct evtchn *port_in_use(struct domain *d, uint32_t port, const char *call)
{
    struct evtchn *chn = port ? port_slot(d, port, 0) : NULL;
    if (!chn || chn->state == EVTCHNSTAT_closed) {
        hvlog(LOG_ERR, d, "event_channel_op", "%s: port %u is not in use", call, port);
        return NULL;
    }
    return chn;
}

/* The lowest free port of d; 0 when none (or no memory) is left, with a
 * log line for call (none when call is NULL). */
static evtchn_port_t alloc_port(struct domain *d, const char *call)
{
    for (evtchn_port_t port = 1; port < EVTCHN_MAX_PORT; port++) {
        struct evtchn *chn = port_slot(d, port, 1);
        if (!chn)
            break;
        if (chn->state == EVTCHNSTAT_closed)
            return port;
    }
    if (call)
        hvlog(LOG_ERR, d, "event_channel_op", "%s: no free port", call);
    return 0;
}

/* The domain a guest names: itself (DOMID_SELF or its id), or another
 * that exists. NULL, with a log line, when there is no such domain. */
static struct domain *domain_named(struct domain *d, uint32_t domid, const char *call)
{
    if (domid == DOMID_SELF || domid == d->domid)
        return d;
    if (domid >= MAX_DOMAINS || !domain_table[domid]) {
        hvlog(LOG_ERR, d, "event_channel_op", "%s: no domain %u", call, domid);
        return NULL;
    }
    return domain_table[domid];
}

int evtchn_is_pending(const struct domain *d, evtchn_port_t port)
{
    return test_bit(d->shared_info->evtchn_pending, port);
}

/*
 * Marks port of d pending: the pending bit, and unless the port is
 * masked, the selector bit and the upcall flag, then wakes d if it is
 * waiting for that. An event already pending is not signalled again:
 * events on a port coalesce.
 */
static void evtchn_set_pending(struct domain *d, evtchn_port_t port)
{
    /* LAB 4 SOLUTION BEGIN: return; */
    struct shared_info *si = d->shared_info;
    struct vcpu_info *vi = &si->vcpu_info[0];

    d->nr_events_received++;
    if (test_and_set_bit(si->evtchn_pending, port))
        return;
    sched_wake_poller(d->vcpu);
    if (test_bit(si->evtchn_mask, port) ||
        test_and_set_bit(&vi->evtchn_pending_sel, port / BITS))
        return;
    vi->evtchn_upcall_pending = 1;
    sched_wake(d->vcpu);
    /* LAB 4 SOLUTION END */
}

void send_virq(struct domain *d, uint32_t virq)
{
    if (d && virq < NR_VIRQS && d->virq_to_port[virq])
        evtchn_set_pending(d, d->virq_to_port[virq]);
}

/* LAB 5 BEGIN */
void send_pirq(struct domain *d, evtchn_port_t port)
{
    evtchn_set_pending(d, port);
}

/* A new port of d for device line op->pirq, which is unmasked: its
 * interrupts become events on the port (physdev.c). */
static int32_t evtchn_bind_pirq(struct domain *d, struct evtchn_bind_pirq *op)
{
    /* A device's line is for the domain that drives the device: a domU
     * holding the disk's line could keep it masked (no eoi), and domain
     * 0's disk would never interrupt again. */
    if (!(d->flags & SIF_INITDOMAIN)) {
        hvlog(LOG_ERR, d, "event_channel_op", "bind_pirq: IRQ %u: only domain 0 binds device lines",
              op->pirq);
        return -HV_EPERM;
    }
    if (op->pirq >= NR_IRQS || op->flags) {
        hvlog(LOG_ERR, d, "event_channel_op", "bind_pirq: no IRQ %u (flags 0x%x)", op->pirq,
              op->flags);
        return -HV_EINVAL;
    }
    /* Not the hypervisor's own lines: the timer's or the console's,
     * bound, would be masked until domain 0 chose to eoi them. */
    if (!PHYSDEV_PIRQ_ALLOWED(op->pirq)) {
        hvlog(LOG_ERR, d, "event_channel_op", "bind_pirq: IRQ %u is not a line domain 0 may bind",
              op->pirq);
        return -HV_EPERM;
    }
    if (physdev_pirq_port(op->pirq)) {
        hvlog(LOG_ERR, d, "event_channel_op", "bind_pirq: IRQ %u is bound already, to port %u",
              op->pirq, physdev_pirq_port(op->pirq));
        return -HV_EBUSY;
    }
    evtchn_port_t port = alloc_port(d, "bind_pirq");
    if (!port)
        return -HV_ENOSPC;
    port_slot(d, port, 0)->state = EVTCHNSTAT_pirq;
    physdev_bind(op->pirq, d, port);
    op->port = port;
    return 0;
}
/* LAB 5 END */

static int32_t evtchn_alloc_unbound(struct domain *d, struct evtchn_alloc_unbound *op)
{
    /* Only for itself: a port made in another domain's table, offered to
     * anyone, would let any domain talk to any other. */
    if (op->dom != DOMID_SELF && op->dom != d->domid) {
        hvlog(LOG_ERR, d, "event_channel_op", "alloc_unbound: a port of d%u: only DOMID_SELF",
              op->dom);
        return -HV_EPERM;
    }
    struct domain *remote = domain_named(d, op->remote_dom, "alloc_unbound");
    if (!remote)
        return -HV_ESRCH;
    evtchn_port_t port = alloc_port(d, "alloc_unbound");
    if (!port)
        return -HV_ENOSPC;
    struct evtchn *chn = port_slot(d, port, 0);
    chn->state = EVTCHNSTAT_unbound;
    chn->remote_dom = remote->domid;
    op->port = port;
    return 0;
}

/* Connects port of d to remote_port of remote. */
static void connect(struct domain *d, evtchn_port_t port, struct domain *remote,
                    evtchn_port_t remote_port)
{
    struct evtchn *chn = port_slot(d, port, 0), *peer = port_slot(remote, remote_port, 0);
    chn->state = peer->state = EVTCHNSTAT_interdomain;
    chn->remote_dom = remote->domid;
    chn->remote_port = remote_port;
    peer->remote_dom = d->domid;
    peer->remote_port = port;
}

/*
 * A new port of d, connected to op->remote_port of op->remote_dom: which
 * must be an unbound port that remote_dom offered to d.
 */
static int32_t evtchn_bind_interdomain(struct domain *d, struct evtchn_bind_interdomain *op)
{
    /* LAB 4 SOLUTION BEGIN: return -HV_ENOSYS; */
    struct domain *remote = domain_named(d, op->remote_dom, "bind_interdomain");
    if (!remote)
        return -HV_ESRCH;
    /* The remote port must exist and wait for a peer: binding to a port
     * in use would steal another domain's channel. (Looked up quietly:
     * the refusal is the caller's, and logged in its name.) */
    struct evtchn *peer = op->remote_port ? port_slot(remote, op->remote_port, 0) : NULL;
    if (!peer || peer->state != EVTCHNSTAT_unbound) {
        hvlog(LOG_ERR, d, "event_channel_op", "bind_interdomain: d%u port %u is not unbound",
              remote->domid, op->remote_port);
        return -HV_EINVAL;
    }
    /* And it must have been offered to us: a domain chooses who may
     * connect to it, or anyone could talk to domain 0's back ends. */
    if (peer->remote_dom != d->domid) {
        hvlog(LOG_ERR, d, "event_channel_op",
              "bind_interdomain: d%u port %u is offered to d%u, not to d%u", remote->domid,
              op->remote_port, peer->remote_dom, d->domid);
        return -HV_EPERM;
    }
    evtchn_port_t port = alloc_port(d, "bind_interdomain");
    if (!port)
        return -HV_ENOSPC;
    connect(d, port, remote, op->remote_port);
    op->local_port = port;
    return 0;
    /* LAB 4 SOLUTION END */
}

static int32_t evtchn_bind_virq(struct domain *d, struct evtchn_bind_virq *op)
{
    /* Console input and other domains' deaths are domain 0's business. */
    int global = op->virq == VIRQ_CONSOLE || op->virq == VIRQ_DOM_EXC;
    if ((op->virq != VIRQ_TIMER && !global) || op->vcpu != 0) {
        hvlog(LOG_ERR, d, "event_channel_op", "bind_virq: no VIRQ %u on vCPU %u", op->virq,
              op->vcpu);
        return -HV_EINVAL;
    }
    if (global && !(d->flags & SIF_INITDOMAIN)) {
        hvlog(LOG_ERR, d, "event_channel_op", "bind_virq: VIRQ %u is domain 0's", op->virq);
        return -HV_EPERM;
    }
    if (d->virq_to_port[op->virq]) {
        hvlog(LOG_ERR, d, "event_channel_op", "bind_virq: VIRQ %u is bound already, to port %u",
              op->virq, d->virq_to_port[op->virq]);
        return -HV_EBUSY;
    }
    evtchn_port_t port = alloc_port(d, "bind_virq");
    if (!port)
        return -HV_ENOSPC;
    struct evtchn *chn = port_slot(d, port, 0);
    chn->state = EVTCHNSTAT_virq;
    chn->virq = (uint8_t)op->virq;
    d->virq_to_port[op->virq] = (uint16_t)port;
    op->port = port;
    return 0;
}

/* Frees port of d. The peer of an interdomain port keeps its own, which
 * waits unbound for d again; the peer may close it when it likes. */
static void close_port(struct domain *d, evtchn_port_t port)
{
    struct evtchn *chn = port_slot(d, port, 0);
    if (chn->state == EVTCHNSTAT_interdomain) {
        struct evtchn *peer = port_slot(domain_table[chn->remote_dom], chn->remote_port, 0);
        peer->state = EVTCHNSTAT_unbound;
        peer->remote_dom = d->domid;
        peer->remote_port = 0;
    } else if (chn->state == EVTCHNSTAT_virq) {
        d->virq_to_port[chn->virq] = 0;
    }
    /* LAB 5 BEGIN */
    if (chn->state == EVTCHNSTAT_pirq)
        physdev_unbind(d, port);
    /* LAB 5 END */
    *chn = (struct evtchn){ EVTCHNSTAT_closed, 0, 0, 0 };
}

static int32_t evtchn_send(struct domain *d, evtchn_port_t port)
{
    struct evtchn *chn = port_in_use(d, port, "send");
    if (!chn)
        return -HV_EINVAL;
    if (chn->state == EVTCHNSTAT_virq) {
        hvlog(LOG_ERR, d, "event_channel_op", "send: port %u is a VIRQ's", port);
        return -HV_EINVAL;
    }
    /* LAB 5 BEGIN */
    if (chn->state == EVTCHNSTAT_pirq) {
        hvlog(LOG_ERR, d, "event_channel_op", "send: port %u is a device line's", port);
        return -HV_EINVAL;
    }
    /* LAB 5 END */
    d->nr_events_sent++;
    /* Nobody at the other end yet (or any more): the event is lost, as
     * on Xen. */
    if (chn->state == EVTCHNSTAT_interdomain)
        evtchn_set_pending(domain_table[chn->remote_dom], chn->remote_port);
    return 0;
}

static int32_t evtchn_status(struct domain *d, struct evtchn_status *op)
{
    struct domain *who = domain_named(d, op->dom, "status");
    if (!who)
        return -HV_ESRCH;
    /* Another domain's ports are domain 0's to look at, nobody else's. */
    if (who != d && !(d->flags & SIF_PRIVILEGED)) {
        hvlog(LOG_ERR, d, "event_channel_op", "status: the ports of d%u are not d%u's to see",
              who->domid, d->domid);
        return -HV_EPERM;
    }
    struct evtchn *chn = op->port ? port_slot(who, op->port, 0) : NULL;
    if (op->port >= EVTCHN_MAX_PORT) {
        hvlog(LOG_ERR, d, "event_channel_op", "status: port %u is out of range", op->port);
        return -HV_EINVAL;
    }
    op->status = chn ? chn->state : EVTCHNSTAT_closed;
    op->vcpu = 0;
    memset(&op->u, 0, sizeof op->u);
    if (op->status == EVTCHNSTAT_unbound) {
        op->u.unbound.dom = chn->remote_dom;
    } else if (op->status == EVTCHNSTAT_interdomain) {
        op->u.interdomain.dom = chn->remote_dom;
        op->u.interdomain.port = chn->remote_port;
    } else if (op->status == EVTCHNSTAT_virq) {
        op->u.virq = chn->virq;
    }
    /* LAB 5 BEGIN */
    if (op->status == EVTCHNSTAT_pirq)
        op->u.pirq = (uint32_t)physdev_pirq_of(who, op->port);
    /* LAB 5 END */
    return 0;
}

static int32_t evtchn_unmask(struct domain *d, evtchn_port_t port)
{
    struct shared_info *si = d->shared_info;
    if (port >= EVTCHN_MAX_PORT) {
        hvlog(LOG_ERR, d, "event_channel_op", "unmask: port %u is out of range", port);
        return -HV_EINVAL;
    }
    si->evtchn_mask[port / BITS] &= ~(1U << (port % BITS));
    /* An event that arrived while the port was masked raised no upcall:
     * raise it now, or it would wait until the next event on some port. */
    if (test_bit(si->evtchn_pending, port) &&
        !test_and_set_bit(&si->vcpu_info[0].evtchn_pending_sel, port / BITS)) {
        si->vcpu_info[0].evtchn_upcall_pending = 1;
        sched_wake(d->vcpu);
    }
    return 0;
}

/* The size of each command's argument. */
static uint32_t op_size(uint32_t cmd)
{
    switch (cmd) {
    case EVTCHNOP_alloc_unbound: return sizeof(struct evtchn_alloc_unbound);
    case EVTCHNOP_bind_interdomain: return sizeof(struct evtchn_bind_interdomain);
    case EVTCHNOP_bind_virq: return sizeof(struct evtchn_bind_virq);
    case EVTCHNOP_close: return sizeof(struct evtchn_close);
    case EVTCHNOP_send: return sizeof(struct evtchn_send);
    case EVTCHNOP_status: return sizeof(struct evtchn_status);
    case EVTCHNOP_unmask: return sizeof(struct evtchn_unmask);
    /* LAB 5 BEGIN */
    case EVTCHNOP_bind_pirq: return sizeof(struct evtchn_bind_pirq);
    /* LAB 5 END */
    }
    return 0;
}

int32_t do_event_channel_op(struct vcpu *v, uint32_t cmd, uint32_t arg_va)
{
    struct domain *d = v->domain;
    union {
        struct evtchn_alloc_unbound alloc_unbound;
        struct evtchn_bind_interdomain bind_interdomain;
        struct evtchn_bind_virq bind_virq;
        struct evtchn_close close;
        struct evtchn_send send;
        struct evtchn_status status;
        struct evtchn_unmask unmask;
        /* LAB 5 BEGIN */
        struct evtchn_bind_pirq bind_pirq;
        /* LAB 5 END */
    } op;
    uint32_t size = op_size(cmd);
    int32_t err;

    if (!size) {
        hvlog(LOG_ERR, d, "event_channel_op", "unknown command %u", cmd);
        return -HV_EINVAL;
    }
    /* Read once, into our copy: the guest may change its own while we
     * work. And written back only if it can be: writing the copy back
     * first proves that, so a call that did its work never fails to
     * say what it did (a port allocated and not reported is lost). */
    if (copy_from_guest(d, &op, arg_va, size) < 0 || copy_to_guest(d, arg_va, &op, size) < 0) {
        hvlog(LOG_ERR, d, "event_channel_op", "argument 0x%08x+%u is not mapped writable below the hole",
              arg_va, size);
        return -HV_EFAULT;
    }
    switch (cmd) {
    case EVTCHNOP_alloc_unbound:
        err = evtchn_alloc_unbound(d, &op.alloc_unbound);
        break;
    case EVTCHNOP_bind_interdomain:
        err = evtchn_bind_interdomain(d, &op.bind_interdomain);
        break;
    case EVTCHNOP_bind_virq:
        err = evtchn_bind_virq(d, &op.bind_virq);
        break;
    case EVTCHNOP_close:
        err = port_in_use(d, op.close.port, "close") ? 0 : -HV_EINVAL;
        if (!err)
            close_port(d, op.close.port);
        break;
    case EVTCHNOP_send:
        err = evtchn_send(d, op.send.port);
        break;
    case EVTCHNOP_status:
        err = evtchn_status(d, &op.status);
        break;
    /* LAB 5 BEGIN */
    case EVTCHNOP_bind_pirq:
        err = evtchn_bind_pirq(d, &op.bind_pirq);
        break;
    /* LAB 5 END */
    default:
        err = evtchn_unmask(d, op.unmask.port);
        break;
    }
    if (err == 0)
        copy_to_guest(d, arg_va, &op, size);
    return err;
}

int evtchn_bind_ctrl(struct domain *dom0, struct domain *d)
{
    evtchn_port_t port = alloc_port(d, NULL), dom0_port = alloc_port(dom0, NULL);
    if (!port || !dom0_port)
        return -1;
    port_slot(d, port, 0)->state = EVTCHNSTAT_unbound;
    port_slot(dom0, dom0_port, 0)->state = EVTCHNSTAT_unbound;
    connect(d, port, dom0, dom0_port);
    return (int)port;
}

void event_release_domain(struct domain *d)
{
    for (evtchn_port_t port = 1; port < EVTCHN_MAX_PORT; port++) {
        struct evtchn *chn = port_slot(d, port, 0);
        if (chn && chn->state != EVTCHNSTAT_closed)
            close_port(d, port);
    }
    for (uint32_t f = 0; f < EVTCHN_FRAMES; f++) {
        if (d->evtchn_frames[f] && frame_free(virt_to_maddr(d->evtchn_frames[f]) >> PAGE_SHIFT,
                                              DOMID_XEN) < 0)
            panic("d%u: an event-channel frame is not a hypervisor frame", d->domid);
        d->evtchn_frames[f] = NULL;
    }
}
