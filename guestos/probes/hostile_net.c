/* LAB 5 FILE */
/*
 * hostile_net.c - the hostile guest of lab 5 against domain 0's network
 * bridge (netback.c), for the hostile suite's "rings" class
 * (tests/hostile-rings.bats). hostile.c says how an attack ends and how
 * it is judged.
 *
 * The attacker is domU 1 (probe=NAME), with its devices connected like
 * any domU's; domU 2 runs the demo beside it (init=demo: its disk, then
 * three pings of d1). The attacker writes on its own rings what a broken
 * or hostile front end would (netfront_rings gives them), reads domain
 * 0's answers, and then keeps its devices until d2 is done
 * (devices_close), answering d2's pings if domain 0 still serves it.
 */
#include <devices.h>
#include <drivers.h>
#include <events.h>
#include <gnttab.h>
#include <hypercall.h>
#include <kernel.h>
#include <probes/probes.h>
#include <time.h>

#define MS (NS_PER_SEC / 1000)
#define RINGS "rings"

static struct netif_tx_front_ring *tx;
static struct netif_rx_front_ring *rx;
static evtchn_port_t port;

/* Lets events in for ns: handlers run, frames are answered. */
static void idle_for(uint64_t ns)
{
    uint64_t deadline = gettime() + ns;
    while (gettime() < deadline) {
        timer_set(deadline);
        events_idle();
    }
}

/* Frames with a source MAC that is not ours: d2's, a domid's high byte
 * (domid 257), broadcast's. Domain 0 must drop each (the frame's tx
 * response says NETIF_RSP_DROPPED), and never deliver it. */
static void net_spoof(const char *name)
{
    static const uint8_t all[6] = { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF };
    static const char *const as[] = { "d2's", "domid 257's", "the broadcast" };
    uint8_t frame[60] = { 0 }, d2[6];

    net_mac_of(2, d2);
    for (int i = 0; i < 3; i++) {
        memcpy(frame, i == 1 ? all : d2, 6);
        if (i == 0)
            net_mac_of(2, frame + 6);
        else if (i == 1)
            net_mac_of(257, frame + 6);
        else
            memcpy(frame + 6, all, 6);
        frame[12] = 0x88, frame[13] = 0xB5;
        /* d0 may be busy with d2's disk and its own programs for a while. */
        int r = net_send_status(frame, sizeof frame, 10ULL * NS_PER_SEC);
        if (r == NETIF_RSP_DROPPED)
            attack_refused("a frame with %s source MAC: dropped by d0", as[i]);
        else
            attack_bug("a frame with %s source MAC: answered %d, not dropped", as[i], r);
    }
}

/* Tx requests no frame can satisfy. Domain 0 must answer each with
 * NETIF_RSP_ERROR, and go on serving us. */
static void net_bad_request(const char *name)
{
    static const struct {
        const char *what;
        uint16_t offset, size;
        int foreign; /* a grant reference that is not ours */
    } bad[] = {
        { "size 13, shorter than a header", 0, 13, 0 },
        { "size 1515, past NETIF_MAX_FRAME", 0, 1515, 0 },
        { "offset 4000 size 200, past the page", 4000, 200, 0 },
        { "offset 0xffff size 14", 0xFFFF, 14, 0 },
        { "grant reference 4000, not ours", 0, 60, 1 },
    };
    const uint32_t n = sizeof bad / sizeof bad[0];
    uint8_t *page = (uint8_t *)probe_scratch[0];
    int gref = gnttab_grant(0, virt_to_mfn(page), 1);

    if (gref < 0) {
        attack_bug("cannot grant our page: %d", gref);
        return;
    }
    net_mac_of(2, page);
    net_mac_of(1, page + 6);
    RING_IDX first = tx->req_prod_pvt;
    for (uint32_t i = 0; i < n; i++) {
        struct netif_tx_request *req = RING_GET_REQUEST(tx, tx->req_prod_pvt);
        *req = (struct netif_tx_request){ .gref = bad[i].foreign ? 4000 : (grant_ref_t)gref,
                                          .offset = bad[i].offset, .id = (uint16_t)(1000 + i),
                                          .size = bad[i].size };
        tx->req_prod_pvt++;
    }
    int notify;
    RING_PUSH_REQUESTS_AND_CHECK_NOTIFY(tx, notify);
    if (notify)
        evtchn_send(port);
    /* Events stay masked: our answers wait in the ring for us to read. */
    uint64_t deadline = gettime() + 1000 * MS;
    while (tx->sring->rsp_prod - first < n && gettime() < deadline)
        HYPERVISOR_poll(port, deadline);
    for (uint32_t i = 0; i < n; i++) {
        struct netif_tx_response rsp = *RING_GET_RESPONSE(tx, first + i);
        if (tx->sring->rsp_prod - first > i && rsp.id == 1000 + i &&
            rsp.status == NETIF_RSP_ERROR)
            attack_refused("tx request with %s: NETIF_RSP_ERROR", bad[i].what);
        else
            attack_bug("tx request with %s: no error response", bad[i].what);
    }
    idle_for(10 * MS); /* netfront takes the responses (their ids are not its) */
    gnttab_end((grant_ref_t)gref);
}

/* A tx producer index a thousand requests ahead of anything answered:
 * domain 0 must take none of them, stop our interface with one line, and
 * serve everyone else as before. */
static void net_ring_index(const char *name)
{
    RING_IDX rsp_before = tx->sring->rsp_prod;
    tx->sring->req_prod = tx->req_prod_pvt + 1000;
    evtchn_send(port);
    idle_for(100 * MS);
    if (tx->sring->rsp_prod == rsp_before)
        attack_refused("tx req_prod %u requests ahead: d0 answered none of them", 1000);
    else
        attack_bug("tx req_prod 1000 requests ahead: d0 answered %u",
                   tx->sring->rsp_prod - rsp_before);
}

/* Runs attack, as d1, then keeps our devices until d2 is done. */
static void run(const char *name, void (*attack)(const char *))
{
    if (start_info->domid != 1 || !device_connected(DEVPAGE_NET)) {
        attack_bug("run me as d1 of domus=2 (attack --from 1 --victim init=demo)");
        return;
    }
    netfront_rings(&tx, &rx, &port);
    attack(name);
    devices_close();
}

static void attack_spoof(const char *name)
{
    run(name, net_spoof);
}

static void attack_bad_request(const char *name)
{
    run(name, net_bad_request);
}

static void attack_ring_index(const char *name)
{
    run(name, net_ring_index);
}

const struct probe hostile_net_attacks[] = {
    { "net-spoof", 5, RINGS, PROBE_DEVICES, attack_spoof, NULL },
    { "net-bad-request", 5, RINGS, PROBE_DEVICES, attack_bad_request, NULL },
    { "net-ring-index", 5, RINGS, PROBE_DEVICES, attack_ring_index, NULL },
    { NULL, 0, NULL, PROBE_EARLY, NULL, NULL },
};
