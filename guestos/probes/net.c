/* LAB 5 FILE */
/*
 * net.c - probes of the network between domains (lab 5), run in every
 * domU (their command line probe=NAME), with domain 0's bridge
 * (netback.c) between them:
 *
 *   grade-net  (domus=3, grading/lab5.bats) d1 sends frames tagged by
 *              kind: one to d2, some to addresses that are nearly d2's
 *              (another domid's high byte, the locally administered bit,
 *              the low byte's high bit), a broadcast, and one that claims
 *              d2's source address. Every domU counts the tagged frames
 *              the bridge hands it, for it or not (net_set_tap), and says
 *              so in one line: d2 must see the unicast and the broadcast,
 *              d3 the broadcast only, d1 nothing, nobody a near miss or
 *              the spoofed frame.
 *   netbench   (domus=2, make bench) d1 pings d2 PINGS times: the median
 *              domU-to-domU round trip, in microseconds.
 *   ping-absent  (domus=2, tests/net.bats) d1 pings a domU that does not
 *              exist, then d2.
 *
 * Both first ping every other domU until it answers: a domU that is not
 * connected yet loses what is sent to it. They then let the kernel go on
 * (program "hello"); its devices_close() keeps each domU answering until
 * all are done.
 */
#include <drivers.h>
#include <events.h>
#include <kernel.h>
#include <probes/probes.h>
#include <time.h>

#define MS (NS_PER_SEC / 1000)
#define PINGS 20
#define ETHERTYPE_TEST 0x88B5 /* IEEE 802 local experimental */
#define TAG "hvlab-grade-net "
#define TAG_LEN 16

/* Lets events in until deadline: handlers run, frames are answered. */
static void idle_until(uint64_t deadline)
{
    while (gettime() < deadline) {
        timer_set(deadline);
        events_idle();
    }
}

/* Pings domU dom until it answers, or the deadline: whether it did. */
static int reach(uint32_t dom, uint64_t deadline)
{
    for (uint32_t seq = 1; seq == 1 || gettime() < deadline; seq++)
        if (net_ping(dom, seq) >= 0)
            return 1;
    printk("guestos: probe: net: d%u: no answer from d%u\n", start_info->domid, dom);
    return 0;
}

/* Every other domU, within 4 s in all: a bridge that loses every frame
 * fails here, and soon. */
static int reach_all(void)
{
    uint64_t deadline = gettime() + 4ULL * NS_PER_SEC;
    int all = 1;
    for (uint32_t dom = 1; dom <= start_info->nr_domus; dom++)
        if (dom != start_info->domid)
            all &= reach(dom, deadline);
    return all;
}

/* Sends a tagged frame of kind to dst, from src, waiting a little while
 * every tx buffer is in flight. */
static void send_tagged(const uint8_t dst[6], const uint8_t src[6], char kind)
{
    uint8_t frame[60] = { 0 };
    memcpy(frame, dst, 6);
    memcpy(frame + 6, src, 6);
    frame[12] = ETHERTYPE_TEST >> 8, frame[13] = ETHERTYPE_TEST & 0xFF;
    memcpy(frame + 14, TAG, TAG_LEN);
    frame[14 + TAG_LEN] = (uint8_t)kind;
    for (int tries = 0; net_send(frame, sizeof frame) == -HV_EBUSY && tries < 100; tries++)
        idle_until(gettime() + MS);
}

/* Tagged frames the bridge gave us, by kind. */
static volatile uint32_t unicast, broadcast, near_miss, spoofed, ended;

static void count_tagged(const uint8_t *frame, uint32_t len)
{
    if (len < 14 + TAG_LEN + 1 || frame[12] != (ETHERTYPE_TEST >> 8) ||
        frame[13] != (ETHERTYPE_TEST & 0xFF) || memcmp(frame + 14, TAG, TAG_LEN) != 0)
        return;
    switch (frame[14 + TAG_LEN]) {
    case 'u': unicast++; break;
    case 'b': broadcast++; break;
    case 'n': near_miss++; break;
    case 's': spoofed++; break;
    case 'e': ended++; break;
    }
}

/* d1's part of grade-net. */
static void send_all_kinds(void)
{
    static const uint8_t all[6] = { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF };
    uint8_t us[6], d2[6], d3[6], near[6];

    net_mac_of(1, us);
    net_mac_of(2, d2);
    net_mac_of(3, d3);
    send_tagged(d2, us, 'u');
    net_mac_of(0x0102, near); /* domid 258: d2's low byte */
    send_tagged(near, us, 'n');
    memcpy(near, d2, 6);
    near[0] |= 0x02; /* locally administered: not the bridge's rule */
    send_tagged(near, us, 'n');
    net_mac_of(0x82, near); /* domid 130: d2 with the low byte's high bit */
    send_tagged(near, us, 'n');
    send_tagged(all, us, 'b');
    send_tagged(d3, d2, 's'); /* d2's source address, from d1 */
    send_tagged(all, us, 'e');
}

void probe_grade_net(const char *name)
{
    net_set_tap(count_tagged);
    int reached = reach_all();
    if (start_info->domid == 1) {
        send_all_kinds();
        idle_until(gettime() + 200 * MS);
    } else {
        uint64_t deadline = gettime() + 5ULL * NS_PER_SEC;
        while (!ended && gettime() < deadline)
            idle_until(gettime() + 10 * MS);
    }
    net_set_tap(NULL);
    printk("guestos: probe: grade-net: d%u: %s; tagged frames received: %u unicast, "
           "%u broadcast, %u near-miss, %u spoofed\n", start_info->domid,
           reached ? "every domU answers" : "NOT every domU answers", unicast, broadcast,
           near_miss, spoofed);
}

void bench_net(const char *name)
{
    uint32_t samples[PINGS], n = 0;

    if (start_info->domid != 1 || !reach(2, gettime() + 4ULL * NS_PER_SEC))
        return;
    for (uint32_t seq = 1; seq <= PINGS; seq++) {
        int ns = net_ping(2, 100 + seq);
        if (ns >= 0)
            samples[n++] = (uint32_t)ns;
    }
    if (n < PINGS) {
        printk("guestos: bench: net: only %u of %u pings answered\n", n, PINGS);
        return;
    }
    printk("guestos: bench: domU-to-domU ping round trip d1 -> d2 -> d1: median %u us "
           "(%u pings)\n", median(samples, n) / 1000, n);
}

/* probe=ping-absent (domus=2): d1 pings a domU that does not exist (no
 * answer: the bridge has nobody to give it to), then d2, which answers. */
void probe_ping_absent(const char *name)
{
    uint32_t absent = start_info->nr_domus + 1;
    if (start_info->domid != 1)
        return;
    int r = net_ping(absent, 1);
    printk("guestos: probe: net: d1: ping d%u, which does not exist: %d\n", absent, r);
    printk("guestos: probe: net: d1: then d2 %s\n", reach(2, gettime() + 4ULL * NS_PER_SEC) ? "answers" : "DOES NOT answer");
}
