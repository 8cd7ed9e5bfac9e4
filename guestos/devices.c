/* LAB 5 FILE */
/*
 * devices.c - how front ends and back ends meet (lab 5): the device page
 * protocol of public/io/devpage.h, on both sides.
 *
 * A domU fills in its device page (one entry per front end) and signals
 * its control channel; domain 0 copies the page, hands each entry to its
 * back end, writes each answer back into the page, and answers on the
 * control channel. Domain 0 never maps a device page and never reads one
 * twice: a grant copy into its own memory is its only view, and every
 * field is checked there (by the back ends). Closing is the same dance
 * with DEVPAGE_CLOSING.
 */
#include <ctrl.h>
#include <devices.h>
#include <drivers.h>
#include <events.h>
#include <gnttab.h>
#include <hypercall.h>
#include <kernel.h>
#include <time.h>
#include <vm.h>

#define ANSWER_TIMEOUT_NS (5ULL * NS_PER_SEC)

static const struct frontend *const frontends[] = { &consfront, &blkfront, &netfront };
static const struct backend *const backends[] = { &consback, &blkback, &netback };
#define NR_DRIVERS (sizeof frontends / sizeof frontends[0])
_Static_assert(sizeof backends / sizeof backends[0] == NR_DRIVERS, "one back end per front end");

/* --- A domU's side ------------------------------------------------------ */

int frontend_page(void **va, int readonly)
{
    if (!(*va = kpage_alloc()))
        return -HV_ENOMEM;
    return gnttab_grant(0, virt_to_mfn(*va), readonly);
}

int frontend_port(void (*fn)(evtchn_port_t port))
{
    struct evtchn_alloc_unbound alloc = { .dom = DOMID_SELF, .remote_dom = 0 };
    int r = HYPERVISOR_event_channel_op(EVTCHNOP_alloc_unbound, &alloc);
    if (r < 0)
        return r;
    if (fn)
        bind_handler(alloc.port, fn);
    return (int)alloc.port;
}

static volatile struct devpage *page; /* mapped at one of our grant slots */
static uint32_t connected_slots;      /* bit s: the front end of slot s is connected */

/* Sends on the control channel and waits for domain 0's answer on it:
 * whether it came. Events stay masked: we poll, as ctrl_exchange does. */
static int ask_dom0(void)
{
    evtchn_port_t port = start_info->ctrl_evtchn;
    uint64_t deadline = gettime() + ANSWER_TIMEOUT_NS;
    evtchn_take(port); /* an old echo is no answer */
    if (evtchn_send(port) < 0)
        return 0;
    while (!evtchn_take(port)) {
        if (gettime() >= deadline)
            return 0;
        HYPERVISOR_poll(port, deadline);
    }
    return 1;
}

int devices_connect(void)
{
    void *va;
    int n = 0;

    if (!gnttab_enabled || !start_info->devpage_mfn || !(va = gnttab_slot_alloc()))
        return 0;
    if (HYPERVISOR_update_va_mapping((uint32_t)va,
                                     (uint64_t)start_info->devpage_mfn << PAGE_SHIFT | PTE_P | PTE_W,
                                     UVMF_INVLPG) < 0) {
        printk("guestos: devices: cannot map our device page\n");
        return 0;
    }
    page = va;
    memset((void *)page, 0, sizeof *page);
    page->magic = DEVPAGE_MAGIC;
    for (uint32_t i = 0; i < NR_DRIVERS; i++) {
        volatile struct devpage_device *dev = &page->dev[frontends[i]->slot];
        struct devpage_device mine = { 0 };
        if (frontends[i]->init(&mine) < 0)
            continue;
        mine.frontend_state = DEVPAGE_INITIALISED;
        *dev = mine;
    }
    __asm__ volatile("" ::: "memory");
    page->state = DEVPAGE_INITIALISED;
    if (!ask_dom0()) {
        printk("guestos: devices: no answer from domain 0\n");
        return 0;
    }
    for (uint32_t i = 0; i < NR_DRIVERS; i++) {
        int slot = frontends[i]->slot;
        struct devpage_device answer = page->dev[slot];
        if (answer.frontend_state != DEVPAGE_INITIALISED)
            continue;
        frontends[i]->connected(&answer);
        if (answer.backend_state == DEVPAGE_CONNECTED) {
            connected_slots |= 1U << slot;
            n++;
        }
    }
    return n;
}

static volatile int closed;

static void close_answer(evtchn_port_t port)
{
    closed = 1;
}

void devices_close(void)
{
    if (!page || !connected_slots)
        return;
    /* Domain 0 answers once every domU with devices is done: we keep
     * serving (events let in, handlers running) until then. */
    bind_handler(start_info->ctrl_evtchn, close_answer);
    page->state = DEVPAGE_CLOSING;
    evtchn_send(start_info->ctrl_evtchn);
    while (!closed)
        events_idle();
    connected_slots = 0;
}

int device_connected(int slot)
{
    return (connected_slots >> slot) & 1;
}

/* --- Domain 0's side ---------------------------------------------------- */

/* What domain 0 knows of each domU: nothing yet, a domU without devices
 * (a lab 4 one: its events are control-channel echoes), or one whose
 * devices it serves (bit s: the back end of slot s connected). */
#define DOMU_UNSEEN 0
#define DOMU_NO_DEVICES 1
#define DOMU_DEVICES 2
static struct domu {
    uint8_t state;
    uint8_t connected;
    uint8_t closing;   /* it asked to close; its answer waits (release_closing) */
} *domus;
static uint32_t nr_domus;

void devices_init_dom0(void)
{
    nr_domus = start_info->nr_domus;
    if (nr_domus >= EVTCHN_MAX_PORT)
        nr_domus = EVTCHN_MAX_PORT - 1;
    _Static_assert(EVTCHN_MAX_PORT * sizeof *domus <= PAGE_SIZE, "a page holds every domU");
    if (!nr_domus)
        return;
    domus = kpage_alloc();
    if (!domus) {
        printk("guestos: devices: no memory to serve %u domUs\n", nr_domus);
        nr_domus = 0;
    }
}

/* Writes back field (at offset, n bytes) of domU dom's device page. */
static int write_back(domid_t dom, uint32_t offset, const void *value, uint16_t n)
{
    return gnttab_copy_to(dom, GNTTAB_RESERVED_DEVPAGE, (uint16_t)offset, value, n);
}

static void connect_all(domid_t dom, struct domu *u, const struct devpage *copy)
{
    for (uint32_t i = 0; i < NR_DRIVERS; i++) {
        const struct backend *b = backends[i];
        struct devpage_device dev = copy->dev[b->slot];
        if (dev.frontend_state != DEVPAGE_INITIALISED)
            continue;
        uint32_t answer[2] = { DEVPAGE_CLOSED, 0 }; /* backend_state, info */
        if (b->connect(dom, &dev, &answer[1]) == 0) {
            answer[0] = DEVPAGE_CONNECTED;
            u->connected |= 1U << b->slot;
        } else {
            answer[1] = 0;
        }
        write_back(dom, __builtin_offsetof(struct devpage, dev[b->slot].backend_state), answer,
                   sizeof answer);
    }
}

static void disconnect_all(domid_t dom, struct domu *u, int write_answers)
{
    for (uint32_t i = 0; i < NR_DRIVERS; i++) {
        const struct backend *b = backends[i];
        if (!(u->connected & (1U << b->slot)))
            continue;
        b->disconnect(dom);
        u->connected &= ~(1U << b->slot);
        uint32_t closed = DEVPAGE_CLOSED;
        if (write_answers)
            write_back(dom, __builtin_offsetof(struct devpage, dev[b->slot].backend_state),
                       &closed, sizeof closed);
    }
}

/*
 * A domU that is done asks to close, but its devices stay until every
 * domU with devices has asked (or ended): until then the others may still
 * need it (the demo's domUs ping each other). Then each is let go and
 * answered.
 */
static void release_closing(void)
{
    for (uint32_t dom = 1; dom <= nr_domus; dom++)
        if (domus[dom].state == DOMU_DEVICES && !domus[dom].closing)
            return;
    for (uint32_t dom = 1; dom <= nr_domus; dom++)
        if (domus[dom].state == DOMU_DEVICES && domus[dom].closing) {
            disconnect_all((domid_t)dom, &domus[dom], 1);
            domus[dom].closing = 0;
            domus[dom].state = DOMU_NO_DEVICES; /* its later events: plain echoes */
            evtchn_send(dom);
        }
}

int devices_domu_event(domid_t dom)
{
    struct devpage copy;

    if (dom == 0 || dom > nr_domus)
        return 0;
    struct domu *u = &domus[dom];
    if (u->state == DOMU_NO_DEVICES)
        return 0;
    /* The domU's page, once, into our memory: from here on the domU can
     * rewrite its page as it likes, we look only at our copy. */
    if (gnttab_copy_from(dom, GNTTAB_RESERVED_DEVPAGE, 0, &copy, sizeof copy) < 0 ||
        copy.magic != DEVPAGE_MAGIC || copy.state == DEVPAGE_UNKNOWN) {
        if (u->state == DOMU_UNSEEN)
            u->state = DOMU_NO_DEVICES;
        return u->state == DOMU_DEVICES;
    }
    u->state = DOMU_DEVICES;
    if (copy.state == DEVPAGE_INITIALISED && !u->connected && !u->closing) {
        connect_all(dom, u, &copy);
        evtchn_send(dom); /* our answer: its page says what we did */
    } else if (copy.state == DEVPAGE_CLOSING && !u->closing) {
        u->closing = 1;
        release_closing();
    }
    return 1;
}

void devices_domu_ended(domid_t dom)
{
    if (dom == 0 || dom > nr_domus || domus[dom].state != DOMU_DEVICES)
        return;
    disconnect_all(dom, &domus[dom], 0);
    domus[dom] = (struct domu){ DOMU_UNSEEN, 0, 0 };
    release_closing();
}

void devices_show(int what)
{
    if (what == DEVICES_GRANTS) {
        printk("guestos: grants: %u of ours in use, %u of others' mapped\n", gnttab_in_use(),
               gnttab_mapped());
        return;
    }
    for (uint32_t i = 0; i < NR_DRIVERS; i++)
        backends[i]->show();
}
