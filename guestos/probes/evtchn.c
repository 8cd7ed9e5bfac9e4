/* LAB 4 FILE */
/*
 * evtchn.c - probe=evtchn: event channels, legitimate and hostile
 * (lab 4).
 *
 * First what a kernel needs, each of which must work: a channel to
 * ourselves (alloc_unbound offered to ourselves, bind_interdomain to it),
 * an event sent on one end and found pending at the other, the status of
 * both ends, and a close that leaves the other end unbound. Then the
 * requests that would reach past the port table, steal a channel, take
 * another domain's VIRQ or write where we may not, one at a time: each
 * must come back with a negative error (and one log line from the
 * hypervisor), and we go on. shared_info must never become a page table:
 * the hypervisor writes it at any time. With a domU running (domus=1), a
 * port offered to it must not be ours to bind. We end with a clean
 * shutdown, after one more event on our channel.
 */
#include <events.h>
#include <hypercall.h>
#include <kernel.h>
#include <mmu.h>
#include <probes/probes.h>

static void report(const char *what, int32_t result)
{
    printk("guestos: probe: %s = %d\n", what, result);
}

/* Ports a and b, a channel to ourselves. */
static void loopback(evtchn_port_t *a, evtchn_port_t *b)
{
    struct evtchn_status status;
    report("alloc_unbound(DOMID_SELF, offered to DOMID_SELF)",
           evtchn_op_alloc_unbound(DOMID_SELF, DOMID_SELF, a));
    report("bind_interdomain(DOMID_SELF, that port)",
           evtchn_op_bind_interdomain(DOMID_SELF, *a, b));
    int32_t r = evtchn_op_status(DOMID_SELF, *a, &status);
    printk("guestos: probe: status(first end) = %d: state %u, peer port %s\n", r, status.status,
           status.u.interdomain.port == *b ? "the second end" : "wrong");
    evtchn_take(*a);
    report("send(second end)", evtchn_send(*b));
    printk("guestos: probe: first end pending: %d, second end pending: %d\n", evtchn_take(*a),
           evtchn_take(*b));
}

static void hostile_ports(evtchn_port_t a, evtchn_port_t b)
{
    evtchn_port_t port;
    struct evtchn_status status;
    report("send(port 0)", evtchn_op_port(EVTCHNOP_send, 0));
    report("send(port 1024, past the table)", evtchn_op_port(EVTCHNOP_send, EVTCHN_MAX_PORT));
    report("send(port 0xfffffff0)", evtchn_op_port(EVTCHNOP_send, 0xFFFFFFF0U));
    report("send(port 1000, never allocated)", evtchn_op_port(EVTCHNOP_send, 1000));
    report("close(port 0)", evtchn_op_port(EVTCHNOP_close, 0));
    report("unmask(port 1024)", evtchn_op_port(EVTCHNOP_unmask, EVTCHN_MAX_PORT));
    report("status(port 1024)", evtchn_op_status(DOMID_SELF, EVTCHN_MAX_PORT, &status));
    report("status(domain 999)", evtchn_op_status(999, 1, &status));
    report("bind_interdomain(our own port in use)",
           evtchn_op_bind_interdomain(DOMID_SELF, a, &port));
    report("bind_interdomain(domain 999)", evtchn_op_bind_interdomain(999, 1, &port));
    report("alloc_unbound(a port of domain 1)", evtchn_op_alloc_unbound(1, DOMID_SELF, &port));
    report("alloc_unbound(offered to domain 999)", evtchn_op_alloc_unbound(DOMID_SELF, 999, &port));
    report("close(second end)", evtchn_op_port(EVTCHNOP_close, b));
    int32_t r = evtchn_op_status(DOMID_SELF, a, &status);
    printk("guestos: probe: status(first end) after close = %d: state %u\n", r, status.status);
    report("send(first end, no peer)", evtchn_op_port(EVTCHNOP_send, a));
}

static void hostile_virqs(void)
{
    report("bind_virq(VIRQ 99)", evtchn_op_bind_virq(99, 0));
    report("bind_virq(VIRQ_TIMER on vCPU 1)", evtchn_op_bind_virq(VIRQ_TIMER, 1));
    report("bind_virq(VIRQ_TIMER, bound already)", evtchn_op_bind_virq(VIRQ_TIMER, 0));
    struct evtchn_status status;
    for (evtchn_port_t port = 1; port < 64; port++)
        if (evtchn_op_status(DOMID_SELF, port, &status) == 0 && status.status == EVTCHNSTAT_virq &&
            status.u.virq == VIRQ_TIMER)
            report("send(the VIRQ_TIMER port)", evtchn_op_port(EVTCHNOP_send, port));
}

/* Arguments the hypervisor may not read or write for us, and a poll of
 * more ports than it will look at (a is a good one). */
static void hostile_memory(evtchn_port_t a)
{
    report("event_channel_op(unknown command 99)", HYPERVISOR_event_channel_op(99, 0));
    report("event_channel_op(argument in the hole)",
           HYPERVISOR_event_channel_op(EVTCHNOP_status, (void *)HYPERVISOR_VIRT_START));
    report("event_channel_op(status into our page directory)",
           HYPERVISOR_event_channel_op(EVTCHNOP_status, (void *)start_info->pt_base));
    report("event_channel_op(unmapped argument)",
           HYPERVISOR_event_channel_op(EVTCHNOP_send, (void *)0x1000));
    struct mmuext_op pin = { MMUEXT_PIN_L1_TABLE, start_info->shared_info >> PAGE_SHIFT, 0 };
    report("mmuext_op(pin shared_info as a page table)",
           HYPERVISOR_mmuext_op(&pin, 1, NULL, DOMID_SELF));
    evtchn_port_t many[200];
    for (int i = 0; i < 200; i++)
        many[i] = a;
    struct sched_poll poll = { (uint32_t)many, 200, 1 };
    report("sched_op(poll, 200 ports)", HYPERVISOR_sched_op(SCHEDOP_poll, &poll));
    poll = (struct sched_poll){ HYPERVISOR_VIRT_START, 1, 1 };
    report("sched_op(poll, list in the hole)", HYPERVISOR_sched_op(SCHEDOP_poll, &poll));
}

/* With a domU: the port we offer it is not ours to take. */
static void hostile_offer(void)
{
    evtchn_port_t offered, port;
    if (start_info->nr_domus == 0)
        return;
    report("alloc_unbound(DOMID_SELF, offered to d1)",
           evtchn_op_alloc_unbound(DOMID_SELF, 1, &offered));
    report("bind_interdomain(the port offered to d1)",
           evtchn_op_bind_interdomain(DOMID_SELF, offered, &port));
    report("close(the port offered to d1)", evtchn_op_port(EVTCHNOP_close, offered));
}

void probe_evtchn(const char *name)
{
    evtchn_port_t a, b;
    printk("guestos: probe: evtchn\n");
    loopback(&a, &b);
    hostile_ports(a, b);
    hostile_virqs();
    hostile_memory(a);
    hostile_offer();
    report("bind_interdomain(DOMID_SELF, first end, again)",
           evtchn_op_bind_interdomain(DOMID_SELF, a, &b));
    evtchn_send(b);
    printk("guestos: probe: still alive: the channel works again: %d\n", evtchn_take(a));
    printk("guestos: probe: done\n");
    HYPERVISOR_shutdown(SHUTDOWN_poweroff);
}
