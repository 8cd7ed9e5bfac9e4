/* LAB 5 FILE */
/*
 * blkback.c - domain 0's block back end (lab 5): each domU's virtual
 * disk is its own extent of the real disk (ata.c), EXTENT_SECTORS long,
 * at sector domid * EXTENT_SECTORS: the same place in every run, so
 * what a domU wrote is there the next time. Virtual disk 1 of every domU
 * is the null disk: writes are dropped and reads give zeros, with all
 * the ring's and the grants' work and no disk behind it (the ring
 * benchmark uses it).
 *
 * A request's data moves by grant copy between the domU's granted frames
 * and a page of ours, one page per segment; the segments go to the disk
 * driver, which may reorder them (an elevator: the paper's section
 * 3.3.6), and the response goes back once every segment is done.
 * Requests are taken off the ring only while a pending slot is free; the
 * rest wait in the ring, where the domU put them.
 *
 * Nothing on the ring is trusted. The producer index is read once and
 * must be at most a ring ahead of what we answered; each request is
 * copied out of the ring before any field of it is looked at.
 */
#include <ata.h>
#include <drivers.h>
#include <events.h>
#include <gnttab.h>
#include <hypercall.h>
#include <kernel.h>
#include <public/io/blkif.h>
#include <vm.h>

#define EXTENT_SECTORS 2048 /* 1 MiB a domU */
#define NR_PENDING 32       /* requests in flight, for every domU together: a ringful */
#define PENDING_PER_PAGE (PAGE_SIZE / sizeof(struct pending))
#define VDISK_NULL 1        /* handle of the null disk */

struct vbd {
    domid_t dom;               /* 0: a free row */
    int broken;                /* the ring's indices made no sense: we stopped */
    int waiting;               /* requests wait in its ring for a free pending slot */
    evtchn_port_t port;
    struct blkif_back_ring ring;
    grant_handle_t handle;     /* of the ring's mapping */
    uint64_t first, sectors;   /* its extent of the real disk */
    uint32_t requests, errors, notifies;
};

struct pending {
    struct vbd *vbd;           /* NULL: free, or its domU has gone */
    uint64_t id;
    uint8_t operation;
    int16_t status;
    uint32_t segs_left;
    uint32_t nr_segments;
    int null_disk;             /* its segments go to the null disk */
    struct blkif_request_segment seg[BLKIF_MAX_SEGMENTS_PER_REQUEST];
    struct ata_request ata[BLKIF_MAX_SEGMENTS_PER_REQUEST];
};

/* Pages for segments' data, kept for the next segment rather than
 * given back (and zeroed again) each time: at most one per segment in
 * flight. Linked through their first word. */
static void *bounce_free;

/* The grant copies of the writes being started, made in one hypercall
 * (flush_copies) rather than one each: what lets the ring keep up with
 * memcpy. */
static struct gnttab_copy copies[GNTTAB_MAX_BATCH];
static struct ata_request *copying[GNTTAB_MAX_BATCH];
static uint32_t nr_copies;

static struct vbd *vbds; /* a page of them, the first time a domU connects */
static uint32_t max_vbds;
/* In pages of their own, the first time a domU connects: a domU's kernel
 * does not carry them. */
static struct pending *pending[NR_PENDING];

static void serve(struct vbd *v);
static struct pending *pending_alloc(void);
static int serving; /* serve() is running: see there */

static struct vbd *find(domid_t dom)
{
    for (struct vbd *v = vbds; v < vbds + max_vbds; v++)
        if (v->dom == dom)
            return v;
    return NULL;
}

static void respond(struct vbd *v, uint64_t id, uint8_t operation, int16_t status)
{
    int notify;
    struct blkif_response *rsp = RING_GET_RESPONSE(&v->ring, v->ring.rsp_prod_pvt);
    rsp->id = id;
    rsp->operation = operation;
    rsp->status = status;
    v->ring.rsp_prod_pvt++;
    v->errors += status != BLKIF_RSP_OKAY;
    RING_PUSH_RESPONSES_AND_CHECK_NOTIFY(&v->ring, notify);
    if (notify) {
        evtchn_send(v->port);
        v->notifies++;
    }
}

/* One segment is done (the disk's completion, or at once when it never
 * reached the disk); the last one answers the request. */
static void segment_done(struct ata_request *a)
{
    struct pending *p = a->arg;
    struct blkif_request_segment *s = &p->seg[a - p->ata];
    uint16_t offset = (uint16_t)(s->first_sect * BLKIF_SECTOR_SIZE);
    uint16_t len = (uint16_t)(a->count * BLKIF_SECTOR_SIZE);

    if (a->status < 0)
        p->status = BLKIF_RSP_ERROR;
    else if (p->vbd && p->operation == BLKIF_OP_READ &&
             gnttab_copy_to(p->vbd->dom, s->gref, offset, a->buf, len) < 0)
        p->status = BLKIF_RSP_ERROR;
    if (a->buf) {
        *(void **)a->buf = bounce_free;
        bounce_free = a->buf;
    }
    a->buf = NULL;
    if (--p->segs_left)
        return;
    struct vbd *v = p->vbd;
    p->vbd = NULL; /* free */
    if (v)
        respond(v, p->id, p->operation, p->status);
    /* A slot is free: the rings that waited for one go on. */
    for (struct vbd *w = vbds; w < vbds + max_vbds && !serving; w++)
        if (w->dom && w->waiting) {
            w->waiting = 0;
            serve(w);
        }
}

/* The data of a started segment is in our page: on to the disk (or,
 * for the null disk, done). */
static void to_disk(struct ata_request *a)
{
    struct pending *p = a->arg;
    if (p->null_disk) {
        if (!a->write) /* the null disk reads zeros */
            memset(a->buf, 0, a->count * BLKIF_SECTOR_SIZE);
        a->status = 0;
        segment_done(a);
        return;
    }
    ata_submit(a);
}

/* Makes the grant copies queued by start_segment, then sends each
 * segment on. */
static void flush_copies(void)
{
    uint32_t n = nr_copies;
    int r = gnttab_copy_batch(copies, n);
    nr_copies = 0;
    for (uint32_t i = 0; i < n; i++) {
        struct ata_request *a = copying[i];
        if (r < 0 || copies[i].status != GNTST_okay) {
            a->status = -HV_EFAULT;
            segment_done(a);
        } else {
            to_disk(a);
        }
    }
}

/*
 * Starts segment i of p, whose data is at lba on the real disk: a page of
 * ours to hold it, the data copied in first for a write (queued, for one
 * batch of copies: flush_copies), then the disk. Its end comes through
 * segment_done.
 */
static void start_segment(struct pending *p, uint32_t i, uint64_t lba, int null_disk)
{
    struct blkif_request_segment *s = &p->seg[i];
    struct ata_request *a = &p->ata[i];
    uint32_t count = (uint32_t)(s->last_sect - s->first_sect + 1);
    void *buf = bounce_free;

    if (buf)
        bounce_free = *(void **)buf;
    else
        buf = kpage_alloc();
    p->null_disk = null_disk;
    *a = (struct ata_request){ .lba = (uint32_t)lba, .count = count,
                               .write = p->operation == BLKIF_OP_WRITE, .buf = buf,
                               .done = segment_done, .arg = p };
    if (!a->buf) {
        a->status = -HV_ENOMEM;
        segment_done(a);
        return;
    }
    if (!a->write) {
        to_disk(a);
        return;
    }
    if (nr_copies == GNTTAB_MAX_BATCH)
        flush_copies();
    gnttab_copy_op_from(&copies[nr_copies], p->vbd->dom, s->gref,
                        (uint16_t)(s->first_sect * BLKIF_SECTOR_SIZE), a->buf,
                        (uint16_t)(count * BLKIF_SECTOR_SIZE));
    copying[nr_copies++] = a;
}

/* The size in sectors of v's virtual disk handle: its extent of the
 * real disk, or the null disk's; 0 for a disk it does not have. */
static uint64_t vdisk_sectors(const struct vbd *v, uint16_t handle)
{
    if (handle == VDISK_NULL)
        return EXTENT_SECTORS;
    return handle == 0 ? v->sectors : 0;
}

/*
 * Request req of v (our own copy of it: serve() has taken it out of the
 * ring, where the domU could still rewrite it), in pending slot p: checks
 * it and starts it. Returns 0 once its segments are started (the
 * response goes back when they are done), or the BLKIF_RSP_* status to
 * answer at once, having started nothing.
 *
 * Every segment must name sectors 0 to 7 of its page, first before last;
 * together the segments are the sectors sector_number, sector_number+1,
 * ... of the virtual disk named by handle, which must all lie inside it
 * (vdisk_sectors: 0 when v has no such disk), whatever the numbers add
 * up to. Sector s of the virtual disk is sector v->first + s of the real
 * one.
 */
static int blkback_request(struct vbd *v, const struct blkif_request *req, struct pending *p)
{
    /* LAB 5 SOLUTION BEGIN: return BLKIF_RSP_ERROR; */
    uint64_t total = 0;

    if (req->operation != BLKIF_OP_READ && req->operation != BLKIF_OP_WRITE)
        return BLKIF_RSP_EOPNOTSUPP;
    uint64_t size = vdisk_sectors(v, req->handle);
    if (req->nr_segments == 0 || req->nr_segments > BLKIF_MAX_SEGMENTS_PER_REQUEST || !size)
        return BLKIF_RSP_ERROR;
    for (uint32_t i = 0; i < req->nr_segments; i++) {
        if (req->seg[i].first_sect > req->seg[i].last_sect ||
            req->seg[i].last_sect >= BLKIF_SECTORS_PER_PAGE)
            return BLKIF_RSP_ERROR;
        total += req->seg[i].last_sect - req->seg[i].first_sect + 1U;
    }
    if (req->sector_number > size || total > size - req->sector_number)
        return BLKIF_RSP_ERROR;

    p->nr_segments = p->segs_left = req->nr_segments;
    memcpy(p->seg, req->seg, sizeof p->seg);
    uint64_t lba = v->first + req->sector_number;
    for (uint32_t i = 0; i < req->nr_segments; i++) {
        start_segment(p, i, lba, req->handle == VDISK_NULL);
        lba += req->seg[i].last_sect - req->seg[i].first_sect + 1U;
    }
    return 0;
    /* LAB 5 SOLUTION END */
}

static int pending_free(void)
{
    for (uint32_t i = 0; i < NR_PENDING; i++)
        if (!pending[i]->vbd && !pending[i]->segs_left)
            return 1;
    return 0;
}

static struct pending *pending_alloc(void)
{
    for (uint32_t i = 0; i < NR_PENDING; i++)
        if (!pending[i]->vbd && !pending[i]->segs_left)
            return pending[i];
    return NULL;
}

/* Takes v's requests off the ring while there are pending slots. A
 * request that ends at once (the null disk, a refusal) is answered from
 * inside this loop, which then goes on: segment_done calls serve() only
 * when it is not running already, so the stack never grows with the ring. */
static void serve(struct vbd *v)
{
    int more = 1;
    if (serving)
        return;
    serving = 1;
    while (more && !v->broken) {
        RING_IDX rp = v->ring.sring->req_prod; /* once */
        ring_rmb();
        if (RING_REQUESTS_BEYOND(&v->ring, rp)) {
            printk("guestos: blkback: d%u's ring is broken (requests up to %u, "
                   "answered %u): no more requests taken\n", v->dom, rp, v->ring.rsp_prod_pvt);
            v->broken = 1;
            break;
        }
        struct pending *p = NULL;
        while (v->ring.req_cons != rp && (p = pending_alloc())) {
            /* The request, out of the ring once: the domU cannot change
             * our copy while we check it (the double-fetch class). */
            struct blkif_request req = *RING_GET_REQUEST(&v->ring, v->ring.req_cons);
            v->ring.req_cons++;
            v->requests++;
            /* Field by field: the whole slot (half a kilobyte) need not
             * be cleared for each request. */
            p->vbd = v;
            p->id = req.id;
            p->operation = req.operation;
            p->status = BLKIF_RSP_OKAY;
            p->segs_left = p->nr_segments = 0;
            int status = blkback_request(v, &req, p);
            if (status) {
                p->vbd = NULL;
                p->segs_left = 0;
                respond(v, req.id, req.operation, (int16_t)status);
            }
        }
        flush_copies(); /* may free slots, and answer requests */
        if (v->ring.req_cons != rp && !pending_free()) {
            v->waiting = 1; /* no free slot: segment_done serves v again */
            break;
        }
        if (v->ring.req_cons != rp)
            continue;
        RING_FINAL_CHECK_FOR_REQUESTS(&v->ring, more);
    }
    flush_copies();
    serving = 0;
}

static void blk_event(evtchn_port_t port)
{
    for (struct vbd *v = vbds; v < vbds + max_vbds; v++)
        if (v->dom && v->port == port)
            serve(v);
}

static int blkback_connect(domid_t dom, const struct devpage_device *dev, uint32_t *info)
{
    struct evtchn_bind_interdomain bind = { .remote_dom = dom, .remote_port = dev->evtchn };
    struct vbd *v;
    void *va;

    if (!vbds && (vbds = kpage_alloc()))
        max_vbds = PAGE_SIZE / sizeof *vbds;
    for (uint32_t i = 0; i < NR_PENDING && !pending[i]; i += PENDING_PER_PAGE) {
        struct pending *page = kpage_alloc();
        if (!page)
            return -HV_ENOMEM;
        for (uint32_t j = 0; j < PENDING_PER_PAGE && i + j < NR_PENDING; j++)
            pending[i + j] = &page[j];
    }
    if (!(v = find(0)) || !(va = gnttab_slot_alloc()))
        return -HV_ENOSPC;
    if (gnttab_map(dom, dev->ring_ref[0], va, 0, &v->handle) < 0) {
        gnttab_slot_free(va);
        return -HV_EINVAL;
    }
    if (HYPERVISOR_event_channel_op(EVTCHNOP_bind_interdomain, &bind) < 0) {
        gnttab_unmap(va, v->handle);
        gnttab_slot_free(va);
        return -HV_EINVAL;
    }
    grant_handle_t handle = v->handle;
    *v = (struct vbd){ .dom = dom, .port = bind.local_port, .handle = handle };
    BACK_RING_INIT(&v->ring, (struct blkif_sring *)va);
    v->first = (uint64_t)dom * EXTENT_SECTORS;
    v->sectors = v->first + EXTENT_SECTORS <= ata_sectors ? EXTENT_SECTORS : 0;
    if (!v->sectors)
        printk("guestos: blkback: d%u: no room on the disk for its extent\n", dom);
    bind_handler(v->port, blk_event);
    *info = (uint32_t)v->sectors;
    serve(v); /* requests put on the ring before we came */
    return 0;
}

static void blkback_disconnect(domid_t dom)
{
    struct vbd *v = find(dom);
    if (!v)
        return;
    /* Requests still at the disk finish without it: their data goes
     * nowhere, their slots come back. */
    for (uint32_t i = 0; i < NR_PENDING; i++)
        if (pending[i]->vbd == v)
            pending[i]->vbd = NULL;
    struct evtchn_close close = { .port = v->port };
    HYPERVISOR_event_channel_op(EVTCHNOP_close, &close);
    bind_handler(v->port, NULL);
    gnttab_unmap(v->ring.sring, v->handle);
    gnttab_slot_free(v->ring.sring);
    v->dom = 0;
}

static void blkback_show(void)
{
    for (struct vbd *v = vbds; v < vbds + max_vbds; v++)
        if (v->dom)
            printk("guestos: block: d%u: port %u, sectors [%u, %u), ring %u/%u, "
                   "%u requests, %u refused, %u notifications%s\n",
                   v->dom, v->port, (uint32_t)v->first, (uint32_t)(v->first + v->sectors),
                   v->ring.req_cons - v->ring.rsp_prod_pvt, RING_SIZE(&v->ring), v->requests,
                   v->errors, v->notifies, v->broken ? ", broken" : "");
}

const struct backend blkback = {
    .name = "block",
    .slot = DEVPAGE_BLOCK,
    .connect = blkback_connect,
    .disconnect = blkback_disconnect,
    .show = blkback_show,
};
