/* LAB 4 FILE */
/*
 * events.c - event channels on the guest's side (lab 4).
 *
 * The hypervisor tells us about events through shared_info: a pending
 * bit per port, a selector bit per word of them, and one upcall_pending
 * flag, which sends us to hypervisor_callback (trapentry.S) with the
 * upcall masked as soon as we run with the mask clear. event_upcall()
 * then runs the handler of each pending port, and return_to_user
 * (swtch.S) unmasks on the way out. The next stop is the handlers:
 * time.c (VIRQ_TIMER), console.c (VIRQ_CONSOLE), ctrl.c (domain 0 and
 * the domUs).
 */
#include <events.h>
#include <hypercall.h>
#include <kernel.h>
#include <mmu.h>
/* LAB 5 BEGIN */
#include <vm.h>
/* LAB 5 END */

char shared_info_page[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
int events_enabled;
/* The ports with a handler of their own (virtual interrupts, a domU's
 * channel, a probe's) are few: a short table, port 0 marking a free
 * row. Any other port goes to default_handler: domain 0's control
 * channels, one per domU, with up to EVTCHN_MAX_PORT of them. */
#define NR_HANDLERS 16
static struct port_handler {
    evtchn_port_t port;
    evtchn_handler_t fn;
} handlers[NR_HANDLERS];
static evtchn_handler_t default_handler;
/* LAB 5 BEGIN */
static evtchn_handler_t *port_handlers; /* EVTCHN_MAX_PORT of them, when needed */
_Static_assert(EVTCHN_MAX_PORT * sizeof(evtchn_handler_t) <= PAGE_SIZE, "one page of handlers");
/* LAB 5 END */

static volatile struct shared_info *const shared = HYPERVISOR_shared_info;
static volatile struct vcpu_info *const vcpu = &HYPERVISOR_shared_info->vcpu_info[0];

_Static_assert(__builtin_offsetof(struct shared_info, vcpu_info[0].evtchn_upcall_pending) ==
                   VCPU_UPCALL_PENDING, "events.h: VCPU_UPCALL_PENDING");
_Static_assert(__builtin_offsetof(struct shared_info, vcpu_info[0].evtchn_upcall_mask) ==
                   VCPU_UPCALL_MASK, "events.h: VCPU_UPCALL_MASK");

extern char hypervisor_callback[]; /* trapentry.S */

static void events_disable(void)
{
    vcpu->evtchn_upcall_mask = 1;
    __asm__ volatile("" ::: "memory");
}

int events_init(void)
{
    uint32_t ma = start_info->shared_info;
    if (!ma)
        return -HV_ENOSYS;
    int r = HYPERVISOR_update_va_mapping((uint32_t)shared_info_page, ma | PTE_P | PTE_W,
                                         UVMF_INVLPG);
    if (r < 0) {
        printk("guestos: events: cannot map shared_info at 0x%08x: %d\n", ma, r);
        return r;
    }
    /* The kernel is not ready to be interrupted: events stay masked
     * except where events.h says. */
    events_disable();
    if ((r = HYPERVISOR_set_callbacks(FLAT_RING1_CS, (uint32_t)hypervisor_callback,
                                     FLAT_RING1_CS, 0)) < 0) {
        printk("guestos: events: set_callbacks refused: %d\n", r);
        return r;
    }
    events_enabled = 1;
    return 0;
}

void bind_handler(evtchn_port_t port, evtchn_handler_t fn)
{
    struct port_handler *empty = NULL;

    if (port == 0 || port >= EVTCHN_MAX_PORT)
        return;
    for (struct port_handler *h = handlers; h < handlers + NR_HANDLERS; h++) {
        if (h->port == port) {
            h->fn = fn;
            /* LAB 5 BEGIN */
            if (!fn)
                h->port = 0; /* unbound: the row is free again */
            /* LAB 5 END */
            return;
        }
        if (!empty && h->port == 0)
            empty = h;
    }
    if (empty) {
        *empty = (struct port_handler){ port, fn };
        return;
    }
    /* LAB 5 BEGIN */
    /* Domain 0's back ends bind a few ports for every domU: past the
     * short table, one handler per port, in a page of its own. */
    if (!port_handlers)
        port_handlers = kpage_alloc();
    if (port_handlers) {
        port_handlers[port] = fn;
        return;
    }
    /* LAB 5 END */
    printk("guestos: events: no room for a handler of port %u\n", port);
}

void bind_default_handler(evtchn_handler_t fn)
{
    default_handler = fn;
}

evtchn_handler_t handler_of(evtchn_port_t port)
{
    for (const struct port_handler *h = handlers; h < handlers + NR_HANDLERS; h++)
        if (h->port == port)
            return h->fn;
    /* LAB 5 BEGIN */
    if (port_handlers && port < EVTCHN_MAX_PORT && port_handlers[port])
        return port_handlers[port];
    /* LAB 5 END */
    return default_handler;
}

int bind_virq(uint32_t virq, evtchn_handler_t fn)
{
    struct evtchn_bind_virq bind = { .virq = virq, .vcpu = 0 };
    int r = HYPERVISOR_event_channel_op(EVTCHNOP_bind_virq, &bind);
    if (r < 0)
        return r;
    bind_handler(bind.port, fn);
    return (int)bind.port;
}

int evtchn_send(evtchn_port_t port)
{
    struct evtchn_send send = { .port = port };
    return HYPERVISOR_event_channel_op(EVTCHNOP_send, &send);
}

int evtchn_take(evtchn_port_t port)
{
    uint32_t bit = 1U << (port % 32);
    /* One locked instruction: the hypervisor may set another bit of the
     * word between a read and a write of ours. */
    uint32_t was = __atomic_fetch_and(&shared->evtchn_pending[port / 32], ~bit, __ATOMIC_SEQ_CST);
    return (was & bit) != 0;
}

/*
 * Runs the handler of every port that is pending and not masked,
 * clearing its pending bit first: an event that arrives while its
 * handler runs sets the bit again, and is not lost. The selector says
 * which words of evtchn_pending to look at; it is taken whole, in one
 * exchange, for the same reason.
 */
static void evtchn_do_upcall(void)
{
    /* LAB 4 SOLUTION BEGIN: return; */
    uint32_t sel = __atomic_exchange_n(&vcpu->evtchn_pending_sel, 0, __ATOMIC_SEQ_CST);
    while (sel) {
        uint32_t word = (uint32_t)__builtin_ctz(sel);
        sel &= sel - 1;
        uint32_t ready;
        while ((ready = shared->evtchn_pending[word] & ~shared->evtchn_mask[word])) {
            evtchn_port_t port = word * 32 + (uint32_t)__builtin_ctz(ready);
            evtchn_take(port);
            evtchn_handler_t fn = handler_of(port);
            if (fn)
                fn(port);
        }
    }
    /* LAB 4 SOLUTION END */
}

void event_upcall(void)
{
    /* Cleared before the ports are looked at: an event that comes while
     * we look raises it again, and return_to_user sees it. */
    vcpu->evtchn_upcall_pending = 0;
    __asm__ volatile("" ::: "memory");
    evtchn_do_upcall();
}

void events_idle(void)
{
    HYPERVISOR_block();
    events_disable();
}
