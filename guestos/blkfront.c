/* LAB 5 FILE */
/*
 * blkfront.c - a domU's block front end (lab 5): its virtual disk, served
 * by domain 0's back end (blkback.c) over one ring (public/io/blkif.h).
 *
 * blk_rw() copies the caller's data through pages of ours that it grants
 * to domain 0, one per segment (MAX_PAGES a request), puts the request on
 * the ring, and waits for the response: a process sleeps, the kernel before its processes
 * idles. Requests of several processes can be on the ring at once; each
 * has a slot here, its id.
 */
#include <drivers.h>
#include <events.h>
#include <gnttab.h>
#include <hypercall.h>
#include <kernel.h>
#include <proc.h>
#include <public/io/blkif.h>
#include <syscall.h>
#include <time.h>
#include <vm.h>

#define NR_SLOTS 32 /* requests in flight: at most the ring's size */
/* Pages a request of blk_rw takes at most (its data goes through pages
 * of ours, granted for the request): a small domU has few to spare. */
#define MAX_PAGES 4
/* A domain 0 that does not answer in this time is not coming back: the
 * request's pages and grants are left to it (it may still write them). */
#define ANSWER_TIMEOUT_NS (10ULL * NS_PER_SEC)
/* The benchmark's requests are all alike and quick: 2 s without an
 * answer means one was lost (a notification that never came). */
#define BENCH_TIMEOUT_NS (2ULL * NS_PER_SEC)

static struct blkif_front_ring ring;
static evtchn_port_t port;
static uint64_t sectors;
static int batching = 1;
static struct blk_stats stats;

/* The ring benchmark's requests (blk_bench): counted, not waited for one
 * by one. Their ids are NR_SLOTS and above. */
static volatile uint32_t bench_answered, bench_errors;

static struct slot {
    int busy, done;
    int16_t status;
} slots[NR_SLOTS];

static void blk_event(evtchn_port_t p)
{
    int more;
    stats.events_received++;
    do {
        RING_IDX rp = ring.sring->rsp_prod; /* once */
        ring_rmb();
        while (ring.rsp_cons != rp) {
            struct blkif_response rsp = *RING_GET_RESPONSE(&ring, ring.rsp_cons);
            ring.rsp_cons++;
            if (rsp.id >= NR_SLOTS) {
                bench_answered++;
                bench_errors += rsp.status != BLKIF_RSP_OKAY;
            }
            else if (slots[rsp.id].busy) {
                slots[rsp.id].status = rsp.status;
                slots[rsp.id].done = 1;
                proc_wakeup(&slots[rsp.id]);
            }
        }
        RING_FINAL_CHECK_FOR_RESPONSES(&ring, more);
    } while (more);
}

static int blkfront_init(struct devpage_device *dev)
{
    struct blkif_sring *sring;
    int ref = frontend_page((void **)&sring, 0);
    if (ref < 0)
        return ref;
    SHARED_RING_INIT(sring);
    FRONT_RING_INIT(&ring, sring);
    int r = frontend_port(blk_event);
    if (r < 0)
        return r;
    port = (evtchn_port_t)r;
    dev->ring_ref[0] = (grant_ref_t)ref;
    dev->evtchn = port;
    return 0;
}

static void blkfront_connected(const struct devpage_device *dev)
{
    sectors = dev->backend_state == DEVPAGE_CONNECTED ? dev->info : 0;
}

/* Waits until what *flag says is there, or the deadline (system time):
 * a process sleeps on chan, the kernel (no process yet) idles with its
 * timer set, handlers running. 0, or -ETIMEDOUT. */
static int wait_for(volatile int *flag, const void *chan, uint64_t deadline)
{
    while (!*flag) {
        if (gettime() >= deadline)
            return -ETIMEDOUT;
        if (curproc) {
            proc_sleep_until(chan, deadline);
        } else {
            HYPERVISOR_set_timer_op(deadline);
            events_idle();
        }
    }
    return 0;
}

static struct slot *slot_get(void)
{
    for (;;) {
        for (struct slot *s = slots; s < slots + NR_SLOTS; s++)
            if (!s->busy && RING_FREE_REQUESTS(&ring) > 0) {
                *s = (struct slot){ .busy = 1 };
                return s;
            }
        if (!curproc)
            return NULL; /* the kernel alone never has them all busy */
        proc_sleep(slots);
    }
}

static void slot_put(struct slot *s)
{
    s->busy = 0;
    proc_wakeup(slots);
}

/* Publishes the requests written so far, notifying domain 0 if it asked
 * (or, without batching, always). */
static void publish(void)
{
    int notify;
    RING_PUSH_REQUESTS_AND_CHECK_NOTIFY(&ring, notify);
    if (notify || !batching) {
        evtchn_send(port);
        stats.notifies_sent++;
    }
}

/* One request of at most BLKIF_MAX_SEGMENTS_PER_REQUEST pages. */
static int one_request(uint32_t disk, uint64_t sector, char *buf, uint32_t nsect, int write)
{
    void *page[BLKIF_MAX_SEGMENTS_PER_REQUEST] = { 0 };
    int gref[BLKIF_MAX_SEGMENTS_PER_REQUEST];
    uint32_t nseg = (nsect + BLKIF_SECTORS_PER_PAGE - 1) / BLKIF_SECTORS_PER_PAGE;
    struct slot *s = slot_get();
    int r = 0;

    if (!s)
        return -HV_EBUSY;
    struct blkif_request *req = RING_GET_REQUEST(&ring, ring.req_prod_pvt);
    *req = (struct blkif_request){ .operation = write ? BLKIF_OP_WRITE : BLKIF_OP_READ,
                                   .nr_segments = (uint8_t)nseg, .handle = (uint16_t)disk,
                                   .id = (uint64_t)(s - slots), .sector_number = sector };
    for (uint32_t i = 0; i < nseg; i++) {
        uint32_t n = nsect - i * BLKIF_SECTORS_PER_PAGE;
        if (n > BLKIF_SECTORS_PER_PAGE)
            n = BLKIF_SECTORS_PER_PAGE;
        gref[i] = -1;
        if (!(page[i] = kpage_alloc()) ||
            (gref[i] = gnttab_grant(0, virt_to_mfn(page[i]), write)) < 0) {
            r = -HV_ENOMEM;
            break;
        }
        if (write)
            memcpy(page[i], buf + i * PAGE_SIZE, n * BLKIF_SECTOR_SIZE);
        req->seg[i] = (struct blkif_request_segment){ .gref = (grant_ref_t)gref[i],
                                                      .first_sect = 0,
                                                      .last_sect = (uint8_t)(n - 1) };
    }
    if (r == 0) {
        ring.req_prod_pvt++;
        stats.requests++;
        publish();
        if (wait_for(&s->done, s, gettime() + ANSWER_TIMEOUT_NS) < 0)
            return -ETIMEDOUT; /* the slot, pages and grants stay domain 0's */
        r = s->status == BLKIF_RSP_OKAY ? 0 : -HV_EINVAL;
    }
    for (uint32_t i = 0; i < nseg && page[i]; i++) {
        if (gref[i] >= 0)
            gnttab_end((grant_ref_t)gref[i]);
        if (r == 0 && !write)
            memcpy(buf + i * PAGE_SIZE, page[i],
                   (nsect - i * BLKIF_SECTORS_PER_PAGE > BLKIF_SECTORS_PER_PAGE
                        ? BLKIF_SECTORS_PER_PAGE : nsect - i * BLKIF_SECTORS_PER_PAGE) *
                       BLKIF_SECTOR_SIZE);
        kpage_free(page[i]);
    }
    slot_put(s);
    return r;
}

uint32_t blk_bench(uint32_t n)
{
    void *page = kpage_alloc();
    int ref = page ? gnttab_grant(0, virt_to_mfn(page), 1) : -HV_ENOMEM;
    uint32_t sent = 0;

    if (!device_connected(DEVPAGE_BLOCK) || ref < 0)
        return 0;
    bench_answered = bench_errors = 0;
    while (bench_answered < n) {
        while (sent < n && RING_FREE_REQUESTS(&ring) > 0) {
            struct blkif_request *req = RING_GET_REQUEST(&ring, ring.req_prod_pvt);
            *req = (struct blkif_request){ .operation = BLKIF_OP_WRITE, .nr_segments = 1,
                                           .handle = 1, .id = NR_SLOTS + sent,
                                           .sector_number = 0 };
            req->seg[0] = (struct blkif_request_segment){ .gref = (grant_ref_t)ref,
                                                          .first_sect = 0, .last_sect = 7 };
            ring.req_prod_pvt++;
            stats.requests++;
            sent++;
            publish();
        }
        if (bench_answered < n) {
            uint32_t before = bench_answered;
            uint64_t deadline = gettime() + BENCH_TIMEOUT_NS;
            HYPERVISOR_set_timer_op(deadline);
            events_idle();
            if (bench_answered == before && gettime() >= deadline) {
                printk("guestos: blkfront: no answer from domain 0 after %u of %u requests\n",
                       before, n);
                return before; /* the page stays granted: domain 0 may still read it */
            }
        }
    }
    gnttab_end((grant_ref_t)ref);
    kpage_free(page);
    return n - bench_errors;
}

int blk_raw_request(const struct blkif_request *req, int16_t *status, uint64_t timeout_ns)
{
    if (!device_connected(DEVPAGE_BLOCK))
        return -HV_ENOSYS;
    struct slot *s = slot_get();
    if (!s)
        return -HV_EBUSY;
    struct blkif_request *r = RING_GET_REQUEST(&ring, ring.req_prod_pvt);
    *r = *req;
    r->id = (uint64_t)(s - slots);
    ring.req_prod_pvt++;
    stats.requests++;
    publish();
    if (wait_for(&s->done, s, gettime() + timeout_ns) < 0)
        return -ETIMEDOUT;
    *status = s->status;
    slot_put(s);
    return 0;
}

struct blkif_sring *blk_shared_ring(void)
{
    return ring.sring;
}

void blk_probe_publish(RING_IDX prod)
{
    ring.req_prod_pvt = prod;
    ring_wmb();
    ring.sring->req_prod = prod;
    evtchn_send(port);
}

uint32_t blk_probe_wait(uint32_t n, uint64_t timeout_ns)
{
    uint64_t deadline = gettime() + timeout_ns;
    uint32_t start = bench_answered;
    while (bench_answered - start < n && gettime() < deadline) {
        HYPERVISOR_set_timer_op(deadline);
        events_idle();
    }
    return bench_answered - start;
}

int blk_rw(uint32_t disk, uint64_t sector, void *buf, uint32_t nsect, int write)
{
    const uint32_t most = MAX_PAGES * BLKIF_SECTORS_PER_PAGE;
    if (!device_connected(DEVPAGE_BLOCK))
        return -HV_ENOSYS;
    while (nsect) {
        uint32_t n = nsect < most ? nsect : most;
        int r = one_request(disk, sector, buf, n, write);
        if (r < 0)
            return r;
        sector += n;
        buf = (char *)buf + n * BLKIF_SECTOR_SIZE;
        nsect -= n;
    }
    return 0;
}

uint64_t blk_sectors(void)
{
    return sectors;
}

void blk_stats(struct blk_stats *s)
{
    *s = stats;
}

void blk_batching(int on)
{
    batching = on;
}

const struct frontend blkfront = {
    .name = "block",
    .slot = DEVPAGE_BLOCK,
    .init = blkfront_init,
    .connected = blkfront_connected,
};
