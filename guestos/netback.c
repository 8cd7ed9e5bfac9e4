/* LAB 5 FILE */
/*
 * netback.c - domain 0's network back end (lab 5): a bridge between the
 * domUs' network interfaces (public/io/netif.h). Each domU's interface,
 * a vif, is its tx and rx rings mapped here and one event channel.
 *
 * A frame moves once, by grant copy, from the sender's tx grant straight
 * into an rx buffer the receiver posted: domain 0 never holds the frame,
 * only its first twelve bytes (the addresses), copied in to decide where
 * it goes. A domU's MAC is 00:16:3e:00:HH:LL, HHLL its domain id; a
 * frame to ff:ff:ff:ff:ff:ff goes to every other domU.
 *
 * Nothing a domU writes is trusted. A ring's producer index is read once
 * and must be at most a ring ahead of what we answered (a domU that
 * breaks that rule loses its interface, and one line says so); each
 * request is copied out of the ring before any field of it is looked at;
 * the addresses are read from our own copy, once. A domU may only send
 * as itself: a frame whose source MAC is not its own is dropped
 * (anti-spoofing), or it could pose as another domU and take its replies.
 * A receiver that posted no buffer misses the frame (counted): the
 * sender never waits for a slow receiver.
 */
#include <drivers.h>
#include <events.h>
#include <gnttab.h>
#include <hypercall.h>
#include <kernel.h>
#include <public/io/netif.h>
#include <vm.h>

#define ETH_HLEN 14

struct vif {
    domid_t dom;  /* 0: a free row */
    int broken;   /* a ring's indices made no sense: we stopped serving it */
    evtchn_port_t port;
    struct netif_tx_back_ring tx;
    struct netif_rx_back_ring rx;
    grant_handle_t tx_handle, rx_handle;
    uint8_t mac[6];
    /* Frames it sent that we forwarded; frames it received; frames lost
     * on its account (spoofed, or for it with no buffer posted); its
     * requests refused as malformed. */
    uint32_t sent, received, dropped, refused;
};

static struct vif *vifs; /* a page of them, the first time a domU connects */
static uint32_t max_vifs;

static const uint8_t broadcast[6] = { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF };

static struct vif *find(domid_t dom)
{
    for (struct vif *v = vifs; v < vifs + max_vifs; v++)
        if (v->dom == dom)
            return v;
    return NULL;
}

/* v broke the ring protocol on the ring named which: we stop serving it. */
static void stop(struct vif *v, const char *which, RING_IDX prod, RING_IDX answered)
{
    printk("guestos: net: d%u's %s ring is broken (requests up to %u, answered %u): "
           "its interface is stopped\n", v->dom, which, prod, answered);
    v->broken = 1;
}

/* Takes the next rx buffer that `to` posted: 1 and our copy of its request in
 * *req, or 0 when it posted none (or its rx ring is broken). */
static int rx_request(struct vif *to, struct netif_rx_request *req)
{
    if (to->broken)
        return 0;
    RING_IDX rp = to->rx.sring->req_prod; /* once */
    ring_rmb();
    if (RING_REQUESTS_BEYOND(&to->rx, rp)) {
        stop(to, "rx", rp, to->rx.rsp_prod_pvt);
        return 0;
    }
    if (to->rx.req_cons == rp)
        return 0;
    *req = *RING_GET_REQUEST(&to->rx, to->rx.req_cons); /* out of the ring, once */
    to->rx.req_cons++;
    return 1;
}

/* Answers rx request id of to: the frame is at offset 0 of its buffer,
 * status bytes long (or a NETIF_RSP_* error). */
static void rx_respond(struct vif *to, uint16_t id, int16_t status)
{
    int notify;
    struct netif_rx_response *rsp = RING_GET_RESPONSE(&to->rx, to->rx.rsp_prod_pvt);
    *rsp = (struct netif_rx_response){ .id = id, .offset = 0, .flags = 0, .status = status };
    to->rx.rsp_prod_pvt++;
    RING_PUSH_RESPONSES_AND_CHECK_NOTIFY(&to->rx, notify);
    if (notify)
        evtchn_send(to->port);
}

static void tx_respond(struct vif *from, uint16_t id, int16_t status)
{
    int notify;
    struct netif_tx_response *rsp = RING_GET_RESPONSE(&from->tx, from->tx.rsp_prod_pvt);
    *rsp = (struct netif_tx_response){ .id = id, .status = status };
    from->tx.rsp_prod_pvt++;
    RING_PUSH_RESPONSES_AND_CHECK_NOTIFY(&from->tx, notify);
    if (notify)
        evtchn_send(from->port);
}

/*
 * Forwards the frame of tx request tx from vif from (our copy of the
 * request, checked: size 14 to NETIF_MAX_FRAME, within its page; the
 * frame's source MAC is from's own) to the vif whose MAC is dst (our
 * copy of the frame's destination). Returns the status of from's tx
 * response: NETIF_RSP_OKAY if the frame reached some domU,
 * NETIF_RSP_DROPPED if it reached none.
 *
 * The receivers: the one connected vif (v->dom != 0) whose MAC is dst,
 * all six bytes of it; for the broadcast address ff:ff:ff:ff:ff:ff,
 * every connected vif. Never from itself, whatever dst says. For each
 * receiver `to`: take one rx buffer it posted (rx_request; none: the
 * frame is not for it after all, count to->dropped), copy the frame into
 * it at offset 0 with one gnttab_copy_grants from from's tx grant
 * (tx->gref at tx->offset, tx->size bytes), and answer its rx request
 * (rx_respond) with the frame's size as the status, counting
 * to->received, or NETIF_RSP_ERROR if the copy failed. Every rx request
 * taken is answered.
 */
static int netback_forward(struct vif *from, const struct netif_tx_request *tx,
                           const uint8_t dst[6])
{
    /* LAB 5 SOLUTION BEGIN: return NETIF_RSP_DROPPED; */
    int delivered = 0;
    int all = memcmp(dst, broadcast, 6) == 0;

    for (struct vif *to = vifs; to < vifs + max_vifs; to++) {
        struct netif_rx_request req;
        if (!to->dom || to == from || (!all && memcmp(dst, to->mac, 6) != 0))
            continue;
        if (!rx_request(to, &req)) {
            to->dropped++;
            continue;
        }
        if (gnttab_copy_grants(from->dom, tx->gref, tx->offset, to->dom, req.gref, 0,
                               tx->size) != 0) {
            rx_respond(to, req.id, NETIF_RSP_ERROR);
            continue;
        }
        rx_respond(to, req.id, (int16_t)tx->size);
        to->received++;
        delivered++;
    }
    return delivered ? NETIF_RSP_OKAY : NETIF_RSP_DROPPED;
    /* LAB 5 SOLUTION END */
}

/* One tx request of v (our copy of it, out of the ring): checks it, reads
 * the frame's addresses once, and forwards it. The tx response's status. */
static int16_t transmit(struct vif *v, const struct netif_tx_request *req)
{
    uint8_t addresses[12]; /* destination, then source */

    /* A size or offset past the page would have the hypervisor's copy
     * refuse; a frame shorter than its header has no addresses to read. */
    if (req->size < ETH_HLEN || req->size > NETIF_MAX_FRAME ||
        (uint32_t)req->offset + req->size > PAGE_SIZE ||
        gnttab_copy_from(v->dom, req->gref, req->offset, addresses, sizeof addresses) != 0) {
        v->refused++;
        return NETIF_RSP_ERROR;
    }
    if (memcmp(addresses + 6, v->mac, 6) != 0) {
        v->dropped++; /* anti-spoofing: it may only send as itself */
        return NETIF_RSP_DROPPED;
    }
    int16_t status = (int16_t)netback_forward(v, req, addresses);
    v->sent += status == NETIF_RSP_OKAY;
    return status;
}

/* Takes v's tx requests, each answered before the next is taken. Each
 * pass ends at the producer index read at its start (at most a ring
 * ahead); another pass runs only if v published more meanwhile. */
static void serve(struct vif *v)
{
    int more = 1;
    while (more && !v->broken) {
        RING_IDX rp = v->tx.sring->req_prod; /* once */
        ring_rmb();
        if (RING_REQUESTS_BEYOND(&v->tx, rp)) {
            stop(v, "tx", rp, v->tx.rsp_prod_pvt);
            break;
        }
        while (v->tx.req_cons != rp) {
            /* The request, out of the ring once: the domU cannot change
             * our copy while we check it (the double-fetch class). */
            struct netif_tx_request req = *RING_GET_REQUEST(&v->tx, v->tx.req_cons);
            v->tx.req_cons++;
            tx_respond(v, req.id, transmit(v, &req));
        }
        RING_FINAL_CHECK_FOR_REQUESTS(&v->tx, more);
    }
}

static void net_event(evtchn_port_t port)
{
    for (struct vif *v = vifs; v < vifs + max_vifs; v++)
        if (v->dom && v->port == port)
            serve(v);
}

/* Maps ring ref of domU dom at a new slot: the address, or NULL. */
static void *map_ring(domid_t dom, grant_ref_t ref, grant_handle_t *handle)
{
    void *va = gnttab_slot_alloc();
    if (va && gnttab_map(dom, ref, va, 0, handle) < 0) {
        gnttab_slot_free(va);
        return NULL;
    }
    return va;
}

static void unmap_ring(void *va, grant_handle_t handle)
{
    gnttab_unmap(va, handle);
    gnttab_slot_free(va);
}

static int netback_connect(domid_t dom, const struct devpage_device *dev, uint32_t *info)
{
    struct evtchn_bind_interdomain bind = { .remote_dom = dom, .remote_port = dev->evtchn };
    grant_handle_t tx_handle, rx_handle;
    struct vif *v;
    void *tx_ring, *rx_ring = NULL;

    if (!vifs && (vifs = kpage_alloc()))
        max_vifs = PAGE_SIZE / sizeof *vifs;
    if (!(v = find(0)))
        return -HV_ENOSPC;
    if (!(tx_ring = map_ring(dom, dev->ring_ref[0], &tx_handle)) ||
        !(rx_ring = map_ring(dom, dev->ring_ref[1], &rx_handle)) ||
        HYPERVISOR_event_channel_op(EVTCHNOP_bind_interdomain, &bind) < 0) {
        if (rx_ring)
            unmap_ring(rx_ring, rx_handle);
        if (tx_ring)
            unmap_ring(tx_ring, tx_handle);
        return -HV_EINVAL;
    }
    *v = (struct vif){ .dom = dom, .port = bind.local_port, .tx_handle = tx_handle,
                       .rx_handle = rx_handle };
    BACK_RING_INIT(&v->tx, (struct netif_tx_sring *)tx_ring);
    BACK_RING_INIT(&v->rx, (struct netif_rx_sring *)rx_ring);
    net_mac_of(dom, v->mac);
    bind_handler(v->port, net_event);
    *info = 0;
    serve(v); /* frames put on the ring before we came */
    return 0;
}

static void show_vif(const struct vif *v)
{
    printk("guestos: net: d%u: port %u, mac 00:16:3e:00:%02x:%02x, %u sent, %u received, "
           "%u dropped, %u refused%s\n", v->dom, v->port, v->mac[4], v->mac[5], v->sent,
           v->received, v->dropped, v->refused, v->broken ? ", broken" : "");
}

static void netback_disconnect(domid_t dom)
{
    struct vif *v = find(dom);
    if (!dom || !v)
        return;
    show_vif(v); /* its last figures */
    struct evtchn_close close = { .port = v->port };
    HYPERVISOR_event_channel_op(EVTCHNOP_close, &close);
    bind_handler(v->port, NULL);
    unmap_ring(v->tx.sring, v->tx_handle);
    unmap_ring(v->rx.sring, v->rx_handle);
    v->dom = 0;
}

static void netback_show(void)
{
    for (struct vif *v = vifs; v < vifs + max_vifs; v++)
        if (v->dom)
            show_vif(v);
}

const struct backend netback = {
    .name = "net",
    .slot = DEVPAGE_NET,
    .connect = netback_connect,
    .disconnect = netback_disconnect,
    .show = netback_show,
};
