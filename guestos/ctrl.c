/* LAB 4 FILE */
/*
 * ctrl.c - the control channel between domain 0 and each domU (lab 4).
 *
 * The domain builder connects every domU to domain 0 with one
 * interdomain event channel before either runs: a domU's end is its
 * start_info.ctrl_evtchn, domain 0's end for domain N is its port N. An
 * event carries no data, only "something happened", which is all a
 * round trip needs. Domain 0 echoes each event a domU sends, from its
 * upcall, whatever it is doing. A domU with an empty command line sends
 * 1000 events, each once the echo of the one before has come back, and
 * ends; domain 0 powers off once every domU has ended (VIRQ_DOM_EXC).
 * The other way round, domain 0's ping waits for a domU started with
 * ctrl=echo to answer.
 */
#include <ctrl.h>
/* LAB 5 BEGIN */
#include <devices.h>
/* LAB 5 END */
#include <events.h>
#include <hypercall.h>
#include <kernel.h>
#include <proc.h>
#include <syscall.h>
#include <time.h>

#define EXCHANGES 1000
#define ANSWER_TIMEOUT_NS (5ULL * NS_PER_SEC) /* a dead peer, not a slow one */
#define PING_TIMEOUT_NS (1ULL * NS_PER_SEC)

static uint32_t nr_domus, domus_running;
/* The port a ping waits on (0: none), and when its answer came. */
static evtchn_port_t ping_port;
static uint64_t ping_answer;
/* Ports domain 0 has pinged. Their domUs answer domain 0's events, so
 * domain 0 must never echo theirs: a late answer echoed would be answered
 * again, and the two would echo each other forever. */
static uint32_t pinged[EVTCHN_MAX_PORT / 32];

/* Whether domain 0's port for domU dom is still connected to it: a
 * domain that ended has closed its end, and ours is unbound again. */
static int domu_running(uint32_t dom)
{
    struct evtchn_status status = { .dom = DOMID_SELF, .port = dom };
    return HYPERVISOR_event_channel_op(EVTCHNOP_status, &status) == 0 &&
           status.status == EVTCHNSTAT_interdomain;
}

/* VIRQ_DOM_EXC: some domain ended. Events coalesce (two domains may end
 * before we look), so we count the running ones again rather than the
 * events. */
static void domain_ended(evtchn_port_t port)
{
    uint32_t n = 0;
    for (uint32_t dom = 1; dom <= nr_domus; dom++) {
        int running = domu_running(dom);
        n += running;
        /* LAB 5 BEGIN */
        if (!running)
            devices_domu_ended((domid_t)dom);
        /* LAB 5 END */
    }
    domus_running = n;
}

/* An event on a port without a handler of its own: from a domU, if it
 * is domain 0's port for one (port N for domain N). */
static void domu_event(evtchn_port_t port)
{
    if (port > nr_domus)
        return;
    /* LAB 5 BEGIN */
    /* A domU with devices signals its device page (devices.c answers). */
    if (devices_domu_event((domid_t)port))
        return;
    /* LAB 5 END */
    if (port == ping_port) {
        ping_answer = gettime();
        proc_wakeup(&ping_port);
    } else if (!(pinged[port / 32] & (1U << (port % 32)))) {
        evtchn_send(port);
    }
}

int ctrl_init_dom0(void)
{
    nr_domus = start_info->nr_domus;
    if (nr_domus >= EVTCHN_MAX_PORT)
        nr_domus = EVTCHN_MAX_PORT - 1;
    bind_default_handler(domu_event);
    int r = bind_virq(VIRQ_DOM_EXC, domain_ended);
    if (r < 0) {
        printk("guestos: ctrl: cannot bind VIRQ_DOM_EXC: %d\n", r);
        return r;
    }
    domain_ended((evtchn_port_t)r); /* any that ended before we listened */
    return 0;
}

void ctrl_wait_domus(void)
{
    if (domus_running)
        printk("guestos: waiting for %u of %u domUs to end first\n", domus_running, nr_domus);
    while (domus_running)
        events_idle();
    if (nr_domus)
        printk("guestos: every domU has ended (%u in all)\n", nr_domus);
}

int ctrl_ping(uint32_t dom)
{
    if (dom == 0 || dom > nr_domus || !domu_running(dom))
        return -HV_ESRCH;
    pinged[dom / 32] |= 1U << (dom % 32);
    ping_port = dom;
    ping_answer = 0;
    uint64_t sent = gettime(), deadline = sent + PING_TIMEOUT_NS;
    int r = evtchn_send(dom);
    while (r == 0 && !ping_answer && gettime() < deadline)
        proc_sleep_until(&ping_port, deadline);
    ping_port = 0;
    if (r < 0)
        return r;
    return ping_answer ? (int)(ping_answer - sent) : -ETIMEDOUT;
}

void ctrl_exchange(void)
{
    evtchn_port_t port = start_info->ctrl_evtchn;
    uint64_t start = gettime();
    uint32_t n;

    /* Events stay masked: SCHEDOP_poll wakes us on the port's pending
     * bit, and we take it ourselves, without an upcall. */
    for (n = 0; n < EXCHANGES; n++) {
        if (evtchn_send(port) < 0)
            break;
        HYPERVISOR_poll(port, gettime() + ANSWER_TIMEOUT_NS);
        if (!evtchn_take(port))
            break;
    }
    uint32_t us = div64(gettime() - start, 1000, NULL);
    if (n < EXCHANGES)
        printk("guestos: d%u: no answer from d0 after %u events\n", start_info->domid, n);
    else
        printk("guestos: d%u: %u events exchanged with d0 in %u us\n", start_info->domid, n, us);
}

static void echo_event(evtchn_port_t port)
{
    evtchn_send(port);
}

void ctrl_echo(void)
{
    bind_handler(start_info->ctrl_evtchn, echo_event);
    printk("guestos: d%u: answering d0's events on port %u\n", start_info->domid,
           start_info->ctrl_evtchn);
    for (;;)
        events_idle();
}
