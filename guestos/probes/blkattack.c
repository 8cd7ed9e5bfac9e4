/* LAB 5 FILE */
/*
 * blkattack.c - the block back end under attack (lab 5), from a domU:
 *   probe=grade-blk   the grader's probe of blkback_request: requests
 *                     inside the virtual disk are served, every kind of
 *                     request outside it or malformed is answered with
 *                     an error, and nothing stops answering;
 *   blk-*             the hostile suite's "rings" class: a front end
 *                     that breaks the ring's rules (hostile.c says how
 *                     an attack ends and is judged).
 * The requests are put on the ring as they are (blk_raw_request), with
 * pages of ours granted to domain 0.
 */
#include <drivers.h>
#include <events.h>
#include <gnttab.h>
#include <hypercall.h>
#include <kernel.h>
#include <probes/probes.h>
#include <public/io/blkif.h>
#include <syscall.h>
#include <time.h>
#include <vm.h>

#define TIMEOUT_NS (2ULL * NS_PER_SEC)
#define EXTENT 2048 /* blkback.c's EXTENT_SECTORS: where domU N+1's disk begins */

static void *page;
static int gref = -1;

/* A page of ours, granted writable to domain 0, for every request. */
static int grant_page(void)
{
    if (gref >= 0)
        return 0;
    if (!(page = kpage_alloc()) || (gref = gnttab_grant(0, virt_to_mfn(page), 0)) < 0) {
        printk("guestos: probe: blk: no page to grant\n");
        return -1;
    }
    return 0;
}

/* One request: op at sector, segments nseg of [first, last] on our page. */
static int16_t request(uint8_t op, uint64_t sector, uint8_t nseg, uint8_t first, uint8_t last,
                       uint16_t handle)
{
    struct blkif_request req = { .operation = op, .nr_segments = nseg, .handle = handle,
                                 .sector_number = sector };
    int16_t status;
    for (int i = 0; i < BLKIF_MAX_SEGMENTS_PER_REQUEST; i++)
        req.seg[i] = (struct blkif_request_segment){ .gref = (grant_ref_t)gref,
                                                     .first_sect = first, .last_sect = last };
    int r = blk_raw_request(&req, &status, TIMEOUT_NS);
    return r < 0 ? (int16_t)r : status;
}

static void report(const char *what, int16_t status)
{
    printk("guestos: probe: blk: %s: status %d\n", what, status);
}

void grade_blk(const char *name)
{
    uint64_t size = blk_sectors();
    if (!device_connected(DEVPAGE_BLOCK) || grant_page() < 0) {
        printk("guestos: probe: blk: no block device\n");
        return;
    }
    printk("guestos: probe: blk: a virtual disk of %u sectors\n", (uint32_t)size);
    memset(page, 0x5a, PAGE_SIZE);
    report("write sector 0", request(BLKIF_OP_WRITE, 0, 1, 0, 0, 0));
    report("write the last sector", request(BLKIF_OP_WRITE, size - 1, 1, 0, 0, 0));
    report("write 8 sectors ending at the last", request(BLKIF_OP_WRITE, size - 8, 1, 0, 7, 0));
    report("read 11 pages from sector 0", request(BLKIF_OP_READ, 0, 11, 0, 7, 0));
    report("read sector 0 from the null disk", request(BLKIF_OP_READ, 0, 1, 0, 0, 1));
    report("write past the end", request(BLKIF_OP_WRITE, size, 1, 0, 0, 0));
    report("write across the end", request(BLKIF_OP_WRITE, size - 4, 1, 0, 7, 0));
    report("write across the end, two segments", request(BLKIF_OP_WRITE, size - 12, 2, 0, 7, 0));
    report("write at sector 2^64-4, 8 sectors", request(BLKIF_OP_WRITE, ~3ULL, 1, 0, 7, 0));
    report("write at sector 2^32", request(BLKIF_OP_WRITE, 1ULL << 32, 1, 0, 0, 0));
    /* What the disk program of the next domU (d + 1) would take for the
     * header of its first run, at its first sector. */
    uint32_t header[3] = { 0x6b736964U, start_info->domid + 1U, 7 };
    memcpy(page, header, sizeof header);
    report("write into the next domU's disk", request(BLKIF_OP_WRITE, EXTENT, 1, 0, 0, 0));
    memset(page, 0x5a, PAGE_SIZE);
    report("a segment's last sector 8", request(BLKIF_OP_READ, 0, 1, 0, 8, 0));
    report("a segment's last sector 255", request(BLKIF_OP_READ, 0, 1, 0, 255, 0));
    report("a segment's first sector after its last", request(BLKIF_OP_READ, 0, 1, 5, 2, 0));
    report("no segments", request(BLKIF_OP_READ, 0, 0, 0, 7, 0));
    report("12 segments", request(BLKIF_OP_READ, 0, 12, 0, 7, 0));
    report("200 segments", request(BLKIF_OP_READ, 0, 200, 0, 7, 0));
    report("operation 9", request(9, 0, 1, 0, 7, 0));
    report("virtual disk 7", request(BLKIF_OP_READ, 0, 1, 0, 7, 7));
    memset(page, 0, PAGE_SIZE);
    int16_t s = request(BLKIF_OP_READ, size - 1, 1, 0, 0, 0);
    report("still served: read the last sector", s);
    printk("guestos: probe: blk: the last sector holds what we wrote: %d\n",
           s == 0 && ((uint8_t *)page)[0] == 0x5a && ((uint8_t *)page)[511] == 0x5a);
}

/* --- The hostile suite's attacks (class "rings") ----------------------- */

/* Whether domain 0 still serves us: one read, answered in time. */
static int served(void)
{
    return request(BLKIF_OP_READ, 0, 1, 0, 7, 0) == BLKIF_RSP_OKAY;
}

/* Every kind of request outside our disk, or malformed. */
static void blk_outside(const char *name)
{
    uint64_t size = blk_sectors();
    if (grant_page() < 0 || !size)
        return;
    int16_t s[] = {
        request(BLKIF_OP_WRITE, size, 1, 0, 0, 0),
        request(BLKIF_OP_WRITE, EXTENT, 1, 0, 7, 0),
        request(BLKIF_OP_WRITE, ~3ULL, 1, 0, 7, 0),
        request(BLKIF_OP_WRITE, size - 4, 11, 0, 7, 0),
        request(BLKIF_OP_READ, 0, 1, 0, 255, 0),
        request(BLKIF_OP_READ, 0, 255, 0, 7, 0),
    };
    for (uint32_t i = 0; i < sizeof s / sizeof s[0]; i++)
        if (s[i] != BLKIF_RSP_ERROR) {
            attack_bug("request %u answered with %d, not an error", i, s[i]);
            return;
        }
    if (served())
        attack_refused("6 requests outside our disk answered with errors; still served");
    else
        attack_bug("domain 0 stopped serving a well-behaved request");
}

/* A producer index far beyond the ring: domain 0 must not read slots
 * that are not requests, nor loop on them; it stops serving us. */
static void blk_ring_indices(const char *name)
{
    if (grant_page() < 0)
        return;
    struct blkif_sring *sring = blk_shared_ring();
    blk_probe_publish(sring->req_prod + 100000);
    blk_probe_wait(1, NS_PER_SEC / 10);
    blk_probe_publish(0x7fffffff);
    int16_t s = request(BLKIF_OP_READ, 0, 1, 0, 7, 0);
    if (s == -ETIMEDOUT)
        attack_refused("garbage producer indices: domain 0 stopped serving our ring");
    else
        attack_bug("a request on a broken ring was answered: %d", s);
}

/* Requests rewritten while domain 0 may be reading them: it must act on
 * one consistent copy of each (read once: the double-fetch class). */
static void blk_rewrite(const char *name)
{
    if (grant_page() < 0)
        return;
    struct blkif_sring *sring = blk_shared_ring();
    uint32_t size = ring_size_for(sizeof sring->ring[0]);
    uint32_t answers = 0;
    for (uint32_t round = 0; round < 8; round++) {
        /* Requests that are fine as published, then flipped between
         * fine and hostile for 30 ms: domain 0 runs on our event when
         * our time slice ends, in the middle of the flipping. */
        for (uint32_t i = 0; i < size / 2; i++) {
            struct blkif_request *req = &sring->ring[(sring->req_prod + i) % size].req;
            *req = (struct blkif_request){ .operation = BLKIF_OP_WRITE, .nr_segments = 1,
                                           .id = 1000 + i, .sector_number = i };
            req->seg[0] = (struct blkif_request_segment){ .gref = (grant_ref_t)gref,
                                                          .last_sect = 0 };
        }
        RING_IDX first = sring->req_prod;
        blk_probe_publish(first + size / 2);
        uint64_t until = gettime() + 30000000ULL;
        for (uint32_t flip = 0; gettime() < until; flip++)
            for (uint32_t i = 0; i < size / 2; i++) {
                struct blkif_request *req = &sring->ring[(first + i) % size].req;
                req->nr_segments = flip & 1 ? 200 : 1;
                req->seg[0].last_sect = flip & 1 ? 255 : 0;
                req->sector_number = flip & 1 ? EXTENT * 3 : i;
            }
        for (uint32_t i = 0; i < size / 2; i++) { /* leave them fine */
            struct blkif_request *req = &sring->ring[(first + i) % size].req;
            req->nr_segments = 1;
            req->seg[0].last_sect = 0;
            req->sector_number = i;
        }
        answers += blk_probe_wait(size / 2, 2 * NS_PER_SEC);
    }
    if (served())
        attack_refused("%u rewritten requests answered one by one; still served", answers);
    else
        attack_bug("domain 0 stopped serving us after %u answers", answers);
}

/* A front end that never takes its responses, and fills the ring again
 * and again: domain 0 answers within the ring and holds nothing for us. */
static void blk_no_consume(const char *name)
{
    if (grant_page() < 0)
        return;
    struct blkif_sring *sring = blk_shared_ring();
    uint32_t size = ring_size_for(sizeof sring->ring[0]);
    for (uint32_t round = 0; round < 20; round++) {
        for (uint32_t i = 0; i < size; i++) {
            struct blkif_request *req = &sring->ring[(sring->req_prod + i) % size].req;
            *req = (struct blkif_request){ .operation = BLKIF_OP_READ, .nr_segments = 1,
                                           .id = 5000 + i, .sector_number = i };
            req->seg[0] = (struct blkif_request_segment){ .gref = (grant_ref_t)gref,
                                                          .last_sect = 7 };
        }
        /* Only as far as domain 0 has answered: more would be a broken
         * ring (blk-ring-indices). */
        blk_probe_publish(sring->rsp_prod + size);
        HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
    }
    attack_refused("20 ringfuls never consumed; domain 0 answered what it could and went on");
}

/* Dies, with requests in flight and every ring mapped by domain 0: a
 * fault it has no handler for. */
static void blk_killed(const char *name)
{
    if (grant_page() < 0)
        return;
    struct blkif_sring *sring = blk_shared_ring();
    uint32_t size = ring_size_for(sizeof sring->ring[0]);
    for (uint32_t i = 0; i < size; i++) {
        struct blkif_request *req = &sring->ring[(sring->req_prod + i) % size].req;
        *req = (struct blkif_request){ .operation = BLKIF_OP_WRITE, .nr_segments = 1,
                                       .id = 7000 + i, .sector_number = i };
        req->seg[0] = (struct blkif_request_segment){ .gref = (grant_ref_t)gref, .last_sect = 7 };
    }
    blk_probe_publish(sring->req_prod + size);
    printk("guestos: attack: %s: dying with %u requests on the ring\n", name, size);
    HYPERVISOR_set_trap_table(NULL); /* no handler: the hypervisor kills us */
    __asm__ volatile("ud2");
}

const struct probe blk_attacks[] = {
    { "blk-outside", 5, "rings", PROBE_DEVICES, blk_outside, NULL },
    { "blk-ring-indices", 5, "rings", PROBE_DEVICES, blk_ring_indices, NULL },
    { "blk-rewrite", 5, "rings", PROBE_DEVICES, blk_rewrite, NULL },
    { "blk-no-consume", 5, "rings", PROBE_DEVICES, blk_no_consume, NULL },
    { "blk-killed", 5, "rings", PROBE_DEVICES, blk_killed, NULL },
    { NULL, 0, NULL, PROBE_EARLY, NULL, NULL },
};
