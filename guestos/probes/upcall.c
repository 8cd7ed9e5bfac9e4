/* LAB 4 FILE */
/*
 * upcall.c - probe=upcall (lab 4): what the hypervisor does with an
 * event, seen from the guest, one rule at a time (hv/event.c,
 * evtchn_set_pending; hv/traps.c, deliver_upcall):
 *   - an event on a masked port sets its pending bit and nothing else:
 *     no selector bit, no upcall flag, no callback;
 *   - unmasking it raises the upcall, which enters the callback with
 *     the upcall mask set by the hypervisor;
 *   - events on one port coalesce: three sends, one handler call;
 *   - with events masked (evtchn_upcall_mask) nothing is delivered,
 *     however many hypercalls return to us;
 *   - a domain that blocks is woken by its timer's event.
 * The kernel's events are on (events_init); the probe runs before any
 * process, and unmasks only around the hypercalls that should deliver.
 */
#include <events.h>
#include <hypercall.h>
#include <kernel.h>
#include <probes/probes.h>
#include <time.h>

static volatile int calls;         /* handler calls */
static volatile int mask_in_handler = -1; /* evtchn_upcall_mask seen by the handler */

static void count(evtchn_port_t port)
{
    calls++;
    mask_in_handler = HYPERVISOR_shared_info->vcpu_info[0].evtchn_upcall_mask;
}

/* A hypercall that does nothing, with events unmasked around it: the way
 * back from it is where the hypervisor delivers what is pending. */
static void let_events_in(void)
{
    volatile struct vcpu_info *vi = &HYPERVISOR_shared_info->vcpu_info[0];
    vi->evtchn_upcall_mask = 0;
    HYPERVISOR_xen_version(XENVER_version, 0);
    vi->evtchn_upcall_mask = 1;
}

/* Ports a and b: a channel to ourselves, a's handler counting. 40 ports
 * are taken first, so that a and b are in the second word of the
 * bitmaps, as any domain with more than 31 ports has some. */
static int loopback(evtchn_port_t *a, evtchn_port_t *b)
{
    struct evtchn_alloc_unbound alloc = { .dom = DOMID_SELF, .remote_dom = DOMID_SELF };
    for (int i = 0; i <= 40; i++)
        if (HYPERVISOR_event_channel_op(EVTCHNOP_alloc_unbound, &alloc) < 0)
            return -1;
    struct evtchn_bind_interdomain bind = { .remote_dom = DOMID_SELF, .remote_port = alloc.port };
    if (HYPERVISOR_event_channel_op(EVTCHNOP_bind_interdomain, &bind) < 0)
        return -1;
    *a = alloc.port;
    *b = bind.local_port;
    bind_handler(*a, count);
    return 0;
}

void probe_upcall(const char *name)
{
    volatile struct shared_info *si = HYPERVISOR_shared_info;
    volatile struct vcpu_info *vi = &si->vcpu_info[0];
    evtchn_port_t a = 0, b = 0;

    printk("guestos: probe: upcall\n");
    if (!events_enabled || loopback(&a, &b) < 0) {
        printk("guestos: probe: no event channels\n");
        HYPERVISOR_shutdown(SHUTDOWN_poweroff);
    }
    uint32_t word = a / 32, bit = 1U << (a % 32);
    printk("guestos: probe: a channel to ourselves, ports %u and %u\n", a, b);

    si->evtchn_mask[word] |= bit;
    evtchn_op_port(EVTCHNOP_send, b);
    printk("guestos: probe: masked port: pending %d, selector %d, upcall flag %d\n",
           (si->evtchn_pending[word] & bit) != 0, (vi->evtchn_pending_sel >> word) & 1,
           vi->evtchn_upcall_pending);
    let_events_in();
    printk("guestos: probe: masked port: handler calls %d\n", calls);

    evtchn_op_port(EVTCHNOP_send, b);
    evtchn_op_port(EVTCHNOP_send, b);
    evtchn_op_port(EVTCHNOP_unmask, a);
    printk("guestos: probe: unmasked: upcall flag %d\n", vi->evtchn_upcall_pending);
    let_events_in();
    printk("guestos: probe: three sends, one upcall: handler calls %d, upcall mask in the "
           "handler %d\n", calls, mask_in_handler);

    calls = 0;
    for (int i = 0; i < 3; i++)
        evtchn_op_port(EVTCHNOP_send, b); /* each returns to us with events masked */
    printk("guestos: probe: events masked: handler calls %d, port pending %d\n", calls,
           (si->evtchn_pending[word] & bit) != 0);
    let_events_in();
    printk("guestos: probe: events let in: handler calls %d\n", calls);

    uint64_t t0 = gettime();
    HYPERVISOR_set_timer_op(t0 + 5000000);
    HYPERVISOR_block(); /* events unmasked by the block; masked again below */
    vi->evtchn_upcall_mask = 1;
    printk("guestos: probe: blocked, woken by the timer after at least 5 ms: %d\n",
           gettime() - t0 >= 5000000);
    printk("guestos: probe: done\n");
    HYPERVISOR_shutdown(SHUTDOWN_poweroff);
}

/*
 * probe=clock (lab 4): gettime() against the TSC, converted here on our
 * own with the scale the hypervisor publishes. A clock that agrees with
 * itself can still run at the wrong speed (sleep measures itself with
 * it): over 100 ms of gettime() spent spinning, the TSC must count the
 * same 100 ms.
 */
void probe_clock(const char *name)
{
    volatile struct vcpu_time_info *t = &HYPERVISOR_shared_info->vcpu_info[0].time;
    uint32_t mul = t->tsc_to_system_mul;
    int8_t shift = t->tsc_shift;
    /* A clock that stands still ends the spin too: after 2^32 ticks. */
    uint64_t g0 = gettime(), c0 = rdtsc();
    while (gettime() - g0 < 100000000ULL && rdtsc() - c0 < (1ULL << 32))
        ;
    uint64_t g1 = gettime(), ticks = rdtsc() - c0;
    ticks = shift >= 0 ? ticks << shift : ticks >> -shift;
    uint64_t ns = (ticks >> 32) * mul + (((ticks & 0xFFFFFFFFU) * mul) >> 32);
    printk("guestos: probe: clock: gettime advanced %u us while the TSC counted %u us\n",
           div64(g1 - g0, 1000, NULL), div64(ns, 1000, NULL));
}
