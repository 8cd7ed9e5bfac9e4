/* LAB 5 FILE */
/*
 * netfront.c - a domU's network front end (lab 5): its Ethernet
 * interface to domain 0's bridge (netback.c) over a tx and an rx ring
 * (public/io/netif.h), and the smallest IPv4 stack that answers and
 * sends a ping.
 *
 * Frames: NR_TX halves of pages of ours, granted read-only to domain 0
 * once, carry what we send; NR_RX pages, granted writable, wait on the rx ring
 * for what domain 0 copies to us, and go back on it as soon as we have
 * looked at the frame. Both rings share one event channel, whose handler
 * (net_event) takes the tx responses and the frames received.
 *
 * Addresses: our MAC is 00:16:3e:00:HH:LL (HHLL our domain id) and our
 * IPv4 address 10.0.0.<domid>, for a domid below 255. The MAC of
 * 10.0.0.N is domU N's by the same rule, so we need no ARP: a real
 * network has no such rule, and asks (ARP) who has an address.
 *
 * The stack answers ICMP echo requests from the event handler (in the
 * kernel, events masked), and net_ping() sends echo requests and waits
 * for the reply. Every header checksum is checked: a frame that fails is
 * dropped and counted, never answered.
 */
#include <drivers.h>
#include <events.h>
#include <gnttab.h>
#include <hypercall.h>
#include <kernel.h>
#include <proc.h>
#include <public/io/netif.h>
#include <syscall.h>
#include <time.h>
#include <vm.h>

#define NR_RX 16 /* frames posted for domain 0 to fill, a page each */
#define NR_TX 4 /* frames we may have in flight, two to a page */
#define TX_BUFFER_SIZE (PAGE_SIZE / 2) /* a frame of NETIF_MAX_FRAME fits */

#define ETH_HLEN 14
#define ETHERTYPE_IPV4 0x0800
#define IP_HLEN 20
#define IPPROTO_ICMP 1
#define ICMP_HLEN 8
#define ICMP_ECHO_REPLY 0
#define ICMP_ECHO_REQUEST 8
#define PING_DATA 56 /* what ping(8) sends by default */
#define PING_TIMEOUT_NS (1ULL * NS_PER_SEC)

static struct netif_tx_front_ring tx;
static struct netif_rx_front_ring rx;
static evtchn_port_t port;
static uint8_t our_mac[6];

static struct tx_buffer {
    uint8_t *data;
    grant_ref_t gref; /* of its page */
    uint16_t offset;  /* in its page */
    int busy; /* on the tx ring: domain 0 has not answered yet */
    int16_t status; /* domain 0's answer, once it came */
} tx_buffers[NR_TX];
static uint32_t last_sent; /* the tx buffer of the last frame sent */

static struct rx_buffer {
    uint8_t *page;
    grant_ref_t gref;
    int posted; /* on the rx ring: domain 0 may fill it */
} rx_buffers[NR_RX];

static struct net_stats stats;
static net_tap_t tap;

/* The one ping in flight: whom, which, and when its reply came (0: not yet). */
static struct {
    int busy;
    uint32_t dom;
    uint16_t seq;
    uint64_t answered;
} ping;

/* --- Addresses and checksums ------------------------------------------- */

void net_mac_of(uint32_t dom, uint8_t mac[6])
{
    mac[0] = 0x00, mac[1] = 0x16, mac[2] = 0x3e, mac[3] = 0x00;
    mac[4] = (uint8_t)(dom >> 8), mac[5] = (uint8_t)dom;
}

static void ip_of(uint32_t dom, uint8_t ip[4])
{
    ip[0] = 10, ip[1] = 0, ip[2] = 0, ip[3] = (uint8_t)dom;
}

/* The Internet checksum (RFC 1071) of n bytes: the ones' complement of
 * the ones' complement sum of its 16-bit big-endian words. Over a header
 * whose checksum field is right, it is 0. */
static uint16_t checksum(const uint8_t *p, uint32_t n)
{
    uint32_t sum = 0;
    for (uint32_t i = 0; i + 1 < n; i += 2)
        sum += (uint32_t)p[i] << 8 | p[i + 1];
    if (n & 1)
        sum += (uint32_t)p[n - 1] << 8;
    while (sum >> 16)
        sum = (sum & 0xFFFF) + (sum >> 16);
    return (uint16_t)~sum;
}

static void put16(uint8_t *p, uint16_t v)
{
    p[0] = (uint8_t)(v >> 8), p[1] = (uint8_t)v;
}

static uint16_t get16(const uint8_t *p)
{
    return (uint16_t)(p[0] << 8 | p[1]);
}

/* --- The rings --------------------------------------------------------- */

/* Puts rx buffer id back on the rx ring (published by the caller). */
static void post_rx(uint16_t id)
{
    struct netif_rx_request *req = RING_GET_REQUEST(&rx, rx.req_prod_pvt);
    req->id = id;
    req->pad = 0;
    req->gref = rx_buffers[id].gref;
    rx_buffers[id].posted = 1;
    rx.req_prod_pvt++;
}

/* Publishes the requests written on ring r, with an event if domain 0
 * asked for one. */
#define PUBLISH(r)                                                                      \
    do {                                                                                \
        int notify_;                                                                    \
        RING_PUSH_REQUESTS_AND_CHECK_NOTIFY(r, notify_);                                \
        if (notify_)                                                                    \
            evtchn_send(port);                                                          \
    } while (0)

/* Takes the tx responses: their buffers are free again. */
static void tx_reap(void)
{
    RING_IDX rp = tx.sring->rsp_prod; /* once */
    ring_rmb();
    if (rp - tx.rsp_cons > RING_SIZE(&tx))
        return; /* nonsense from domain 0: take nothing */
    while (tx.rsp_cons != rp) {
        struct netif_tx_response rsp = *RING_GET_RESPONSE(&tx, tx.rsp_cons);
        tx.rsp_cons++;
        if (rsp.id < NR_TX && tx_buffers[rsp.id].busy) {
            tx_buffers[rsp.id].busy = 0;
            tx_buffers[rsp.id].status = rsp.status;
            stats.tx_answered++;
            if (rsp.status != NETIF_RSP_OKAY)
                stats.tx_failed++;
        }
    }
}

int net_send(const void *frame, uint32_t len)
{
    if (!device_connected(DEVPAGE_NET))
        return -HV_ENOSYS;
    if (len < ETH_HLEN || len > NETIF_MAX_FRAME)
        return -HV_EINVAL;
    tx_reap(); /* events may be masked: answers may wait for us here */
    struct tx_buffer *b = tx_buffers;
    while (b < tx_buffers + NR_TX && b->busy)
        b++;
    if (b == tx_buffers + NR_TX || RING_FULL(&tx))
        return -HV_EBUSY;
    memcpy(b->data, frame, len);
    b->busy = 1;
    struct netif_tx_request *req = RING_GET_REQUEST(&tx, tx.req_prod_pvt);
    *req = (struct netif_tx_request){ .gref = b->gref, .offset = b->offset, .flags = 0,
                                      .id = (uint16_t)(b - tx_buffers), .size = (uint16_t)len };
    tx.req_prod_pvt++;
    last_sent = (uint32_t)(b - tx_buffers);
    PUBLISH(&tx);
    stats.sent++;
    return 0;
}

int net_send_status(const void *frame, uint32_t len, uint64_t timeout_ns)
{
    uint64_t deadline = gettime() + timeout_ns;
    int r = net_send(frame, len);
    if (r < 0)
        return r;
    struct tx_buffer *b = &tx_buffers[last_sent];
    while (b->busy && gettime() < deadline) {
        timer_set(deadline);
        events_idle();
        tx_reap();
    }
    return b->busy ? -ETIMEDOUT : b->status;
}

/* --- The IPv4 and ICMP stack ------------------------------------------- */

/* Fills in an Ethernet, IPv4 and ICMP echo header in frame, for an echo
 * of data_len bytes (already in place after them) to domU dom. Returns
 * the frame's length. */
static uint32_t build_echo(uint8_t *frame, uint32_t dom, uint8_t type, uint16_t id,
                           uint16_t seq, uint32_t data_len)
{
    static uint16_t ip_id;
    uint8_t *ip = frame + ETH_HLEN, *icmp = ip + IP_HLEN;
    uint32_t icmp_len = ICMP_HLEN + data_len;

    net_mac_of(dom, frame);
    memcpy(frame + 6, our_mac, 6);
    put16(frame + 12, ETHERTYPE_IPV4);
    memset(ip, 0, IP_HLEN);
    ip[0] = 0x45; /* version 4, five words of header */
    put16(ip + 2, (uint16_t)(IP_HLEN + icmp_len));
    put16(ip + 4, ip_id++);
    ip[8] = 64; /* time to live */
    ip[9] = IPPROTO_ICMP;
    ip_of(start_info->domid, ip + 12);
    ip_of(dom, ip + 16);
    put16(ip + 10, checksum(ip, IP_HLEN));
    icmp[0] = type;
    icmp[1] = 0;
    put16(icmp + 2, 0);
    put16(icmp + 4, id);
    put16(icmp + 6, seq);
    put16(icmp + 2, checksum(icmp, icmp_len));
    return ETH_HLEN + IP_HLEN + icmp_len;
}

/* An ICMP message for us (its checksum checked), from domU dom. */
static void icmp_receive(const uint8_t *icmp, uint32_t len, uint32_t dom)
{
    static uint8_t reply[NETIF_MAX_FRAME]; /* the handler never runs twice at once */
    uint16_t id = get16(icmp + 4), seq = get16(icmp + 6);

    if (icmp[0] == ICMP_ECHO_REQUEST && icmp[1] == 0) {
        uint32_t data_len = len - ICMP_HLEN;
        memcpy(reply + ETH_HLEN + IP_HLEN + ICMP_HLEN, icmp + ICMP_HLEN, data_len);
        uint32_t n = build_echo(reply, dom, ICMP_ECHO_REPLY, id, seq, data_len);
        if (net_send(reply, n) == 0)
            stats.echoes_answered++;
    } else if (icmp[0] == ICMP_ECHO_REPLY && ping.busy && !ping.answered && dom == ping.dom &&
               id == start_info->domid && seq == ping.seq) {
        ping.answered = gettime();
        proc_wakeup(&ping);
    }
}

/* An IPv4 packet of len bytes (at least what the frame holds after its
 * Ethernet header). Checked field by field before anything is believed. */
static void ip_receive(const uint8_t *ip, uint32_t len)
{
    uint8_t us[4];
    if (len < IP_HLEN) {
        stats.bad++;
        return;
    }
    uint32_t hlen = (ip[0] & 15U) * 4, total = get16(ip + 2);
    if ((ip[0] >> 4) != 4 || hlen < IP_HLEN || total < hlen || total > len ||
        checksum(ip, hlen) != 0) {
        stats.bad++;
        return;
    }
    ip_of(start_info->domid, us);
    if (ip[9] != IPPROTO_ICMP || memcmp(ip + 16, us, 4) != 0 || ip[12] != 10 || ip[13] != 0 ||
        ip[14] != 0)
        return; /* not for us, or not ICMP: nothing else to answer */
    const uint8_t *icmp = ip + hlen;
    uint32_t icmp_len = total - hlen;
    if (icmp_len < ICMP_HLEN || checksum(icmp, icmp_len) != 0) {
        stats.bad++;
        return;
    }
    uint32_t from = ip[15];
    if (from == 0 || from == 255)
        return;
    icmp_receive(icmp, icmp_len, from);
}

/* A frame domain 0 gave us. */
static void frame_receive(const uint8_t *frame, uint32_t len)
{
    static const uint8_t broadcast[6] = { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF };
    stats.received++;
    if (tap)
        tap(frame, len);
    if (memcmp(frame, broadcast, 6) == 0) {
        stats.broadcast++;
    } else if (memcmp(frame, our_mac, 6) != 0) {
        stats.not_ours++; /* the bridge should never do that */
        return;
    }
    if (get16(frame + 12) == ETHERTYPE_IPV4 && start_info->domid < 255)
        ip_receive(frame + ETH_HLEN, len - ETH_HLEN);
}

/* Takes the frames received, giving each buffer back to the ring. */
static void rx_take(void)
{
    int more;
    do {
        RING_IDX rp = rx.sring->rsp_prod; /* once */
        ring_rmb();
        if (rp - rx.rsp_cons > NR_RX)
            return; /* more answers than buffers posted: nonsense, take nothing */
        while (rx.rsp_cons != rp) {
            struct netif_rx_response rsp = *RING_GET_RESPONSE(&rx, rx.rsp_cons);
            rx.rsp_cons++;
            if (rsp.id >= NR_RX || !rx_buffers[rsp.id].posted)
                continue; /* not a buffer of ours on the ring */
            rx_buffers[rsp.id].posted = 0;
            if (rsp.status >= ETH_HLEN && rsp.offset + (uint32_t)rsp.status <= PAGE_SIZE)
                frame_receive(rx_buffers[rsp.id].page + rsp.offset, (uint32_t)rsp.status);
            else if (rsp.status > 0)
                stats.bad++;
            post_rx(rsp.id);
        }
        PUBLISH(&rx);
        RING_FINAL_CHECK_FOR_RESPONSES(&rx, more);
    } while (more);
}

static void net_event(evtchn_port_t p)
{
    tx_reap();
    rx_take();
}

/* --- Ping -------------------------------------------------------------- */

/* Waits for an event on chan or the deadline: a process sleeps, the
 * kernel before its processes idles with the timer set. */
static void wait_until(const void *chan, uint64_t deadline)
{
    if (curproc) {
        proc_sleep_until(chan, deadline);
    } else {
        timer_set(deadline);
        events_idle();
    }
}

int net_ping(uint32_t dom, uint32_t seq)
{
    uint8_t frame[ETH_HLEN + IP_HLEN + ICMP_HLEN + PING_DATA];
    uint8_t *data = frame + ETH_HLEN + IP_HLEN + ICMP_HLEN;

    if (!device_connected(DEVPAGE_NET))
        return -HV_ENOSYS;
    if (dom == 0 || dom >= 255 || start_info->domid >= 255)
        return -HV_EINVAL; /* no IPv4 address by our rule */
    while (ping.busy) { /* another process's ping */
        if (!curproc)
            return -HV_EBUSY;
        proc_sleep(&ping);
    }
    ping.busy = 1;
    ping.dom = dom;
    ping.seq = (uint16_t)seq;
    ping.answered = 0;
    for (uint32_t i = 0; i < PING_DATA; i++)
        data[i] = (uint8_t)(0x10 + i);
    uint32_t n = build_echo(frame, dom, ICMP_ECHO_REQUEST, start_info->domid, ping.seq,
                            PING_DATA);
    uint64_t sent = gettime(), deadline = sent + PING_TIMEOUT_NS;
    int r = net_send(frame, n);
    while (r == 0 && !ping.answered && gettime() < deadline)
        wait_until(&ping, deadline);
    uint64_t answered = ping.answered;
    ping.busy = 0;
    proc_wakeup(&ping);
    if (r < 0)
        return r;
    return answered ? (int)(answered - sent) : -ETIMEDOUT;
}

/* --- Connecting -------------------------------------------------------- */

/* A page of ours granted to domain 0 at *va: its grant, or a negative
 * error. */
static int netfront_init(struct devpage_device *dev)
{
    void *tx_ring, *rx_ring;
    int tx_ref = frontend_page(&tx_ring, 0), rx_ref = frontend_page(&rx_ring, 0);

    if (tx_ref < 0 || rx_ref < 0)
        return -HV_ENOMEM;
    SHARED_RING_INIT((struct netif_tx_sring *)tx_ring);
    SHARED_RING_INIT((struct netif_rx_sring *)rx_ring);
    FRONT_RING_INIT(&tx, (struct netif_tx_sring *)tx_ring);
    FRONT_RING_INIT(&rx, (struct netif_rx_sring *)rx_ring);
    for (uint32_t i = 0; i < NR_TX; i += PAGE_SIZE / TX_BUFFER_SIZE) {
        void *page;
        int ref = frontend_page(&page, 1);
        if (ref < 0)
            return ref;
        for (uint32_t j = 0; j < PAGE_SIZE / TX_BUFFER_SIZE; j++)
            tx_buffers[i + j] = (struct tx_buffer){ .data = (uint8_t *)page + j * TX_BUFFER_SIZE,
                                                    .gref = (grant_ref_t)ref,
                                                    .offset = (uint16_t)(j * TX_BUFFER_SIZE) };
    }
    for (uint16_t i = 0; i < NR_RX; i++) {
        int ref = frontend_page((void **)&rx_buffers[i].page, 0);
        if (ref < 0)
            return ref;
        rx_buffers[i].gref = (grant_ref_t)ref;
        post_rx(i);
    }
    rx.sring->req_prod = rx.req_prod_pvt; /* domain 0 looks when it connects */
    int r = frontend_port(net_event);
    if (r < 0)
        return r;
    port = (evtchn_port_t)r;
    net_mac_of(start_info->domid, our_mac);
    dev->ring_ref[0] = (grant_ref_t)tx_ref;
    dev->ring_ref[1] = (grant_ref_t)rx_ref;
    dev->evtchn = port;
    return 0;
}

static void netfront_connected(const struct devpage_device *dev)
{
}

/* --- For the probes ---------------------------------------------------- */

void net_stats(struct net_stats *s)
{
    *s = stats;
}

void net_set_tap(net_tap_t fn)
{
    tap = fn;
}

void netfront_rings(struct netif_tx_front_ring **tx_ring, struct netif_rx_front_ring **rx_ring,
                    evtchn_port_t *p)
{
    *tx_ring = &tx;
    *rx_ring = &rx;
    *p = port;
}

const struct frontend netfront = {
    .name = "net",
    .slot = DEVPAGE_NET,
    .init = netfront_init,
    .connected = netfront_connected,
};
