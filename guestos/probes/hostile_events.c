/* LAB 4 FILE */
/*
 * hostile_events.c - the hostile guest of lab 4: attacks on the event
 * channels, the event callback, the timer and the scheduler's blocking
 * (hv/event.c, hv/traps.c, hv/time.c, hv/sched.c), one per boot, for the
 * hostile suite's "events" class. hostile.c says how an attack ends and
 * how it is judged.
 *
 * Most attacks come from a domU: tests/hostile-events.bats boots one
 * (domus=1) whose command line is probe=NAME, beside a domain 0 that does
 * its normal work (ctrl.c: it echoes the domU's events, runs init, and
 * powers off once every domU has ended). Whatever the attacker does,
 * domain 0 must go on. Some take domain 0's part instead (the domU then
 * answers with ctrl=echo, or plays the victim: ev-block-forever).
 *
 * A domU's ports when its kernel runs: its end of the control channel
 * (start_info.ctrl_evtchn, which domain 0 knows as its port N for domain
 * N), then VIRQ_TIMER's (time.c). probes/evtchn.c is lab 4's probe of the
 * legitimate uses, with some of the same attacks in one boot.
 */
#include <events.h>
#include <hypercall.h>
#include <kernel.h>
#include <probes/probes.h>
#include <time.h>

#define MS (NS_PER_SEC / 1000)

/* The verdict on a call that must fail with expected. */
static void expect_error(const char *what, int32_t result, int32_t expected)
{
    if (result == expected)
        attack_refused("%s = %d", what, result);
    else
        attack_bug("%s = %d, not %d", what, result, expected);
}

static int32_t poll_list(uint32_t ports, uint32_t nr_ports)
{
    struct sched_poll poll = { ports, nr_ports, 1 };
    return HYPERVISOR_sched_op(SCHEDOP_poll, &poll);
}

/* Our port bound to virq, or 0. */
static evtchn_port_t virq_port(uint32_t virq)
{
    struct evtchn_status status;
    for (evtchn_port_t port = 1; port < 64; port++)
        if (evtchn_op_status(DOMID_SELF, port, &status) == 0 && status.status == EVTCHNSTAT_virq &&
            status.u.virq == virq)
            return port;
    return 0;
}

/* Waits, events masked, until port is pending (taking the event: 1) or
 * timeout_ns have passed (0). Any event of ours ends a poll, so poll
 * again until it is this one. */
static int wait_for(evtchn_port_t port, uint64_t timeout_ns)
{
    uint64_t deadline = gettime() + timeout_ns;
    while (!evtchn_take(port)) {
        if (gettime() >= deadline)
            return 0;
        HYPERVISOR_poll(port, deadline);
    }
    return 1;
}

/* A round trip with domain 0 on our control channel: whether it echoed. */
static int round_trip(void)
{
    evtchn_port_t port = start_info->ctrl_evtchn;
    evtchn_take(port);
    return evtchn_send(port) == 0 && wait_for(port, 5ULL * NS_PER_SEC);
}

/* --- Ports: out of range, not ours, closed, taken -------------------- */

static void ev_port_range(const char *name)
{
    evtchn_port_t port;
    struct evtchn_status status;
    expect_error("send(port 0)", evtchn_op_port(EVTCHNOP_send, 0), -HV_EINVAL);
    expect_error("send(port 1024, past the table)", evtchn_op_port(EVTCHNOP_send, EVTCHN_MAX_PORT),
                 -HV_EINVAL);
    expect_error("send(port 0xfffffff0)", evtchn_op_port(EVTCHNOP_send, 0xFFFFFFF0U), -HV_EINVAL);
    expect_error("close(port 1024)", evtchn_op_port(EVTCHNOP_close, EVTCHN_MAX_PORT), -HV_EINVAL);
    expect_error("close(port 0x80000000)", evtchn_op_port(EVTCHNOP_close, 0x80000000U), -HV_EINVAL);
    expect_error("unmask(port 1024)", evtchn_op_port(EVTCHNOP_unmask, EVTCHN_MAX_PORT), -HV_EINVAL);
    expect_error("status(port 1024)", evtchn_op_status(DOMID_SELF, EVTCHN_MAX_PORT, &status),
                 -HV_EINVAL);
    expect_error("bind_interdomain(d0 port 0xffffffff)",
                 evtchn_op_bind_interdomain(0, 0xFFFFFFFFU, &port), -HV_EINVAL);
}

/* Ports that are not allocated in our table: one of its first 64
 * (inline in struct domain), one in a frame never allocated. */
static void ev_port_not_owned(const char *name)
{
    expect_error("send(port 40, not allocated)", evtchn_op_port(EVTCHNOP_send, 40), -HV_EINVAL);
    expect_error("close(port 40, not allocated)", evtchn_op_port(EVTCHNOP_close, 40), -HV_EINVAL);
    expect_error("send(port 1000, in a frame never allocated)", evtchn_op_port(EVTCHNOP_send, 1000),
                 -HV_EINVAL);
    expect_error("close(port 1000, in a frame never allocated)",
                 evtchn_op_port(EVTCHNOP_close, 1000), -HV_EINVAL);
}

static void ev_port_closed(const char *name)
{
    evtchn_port_t port, other;
    struct evtchn_status status;
    if (evtchn_op_alloc_unbound(DOMID_SELF, DOMID_SELF, &port) < 0 ||
        evtchn_op_port(EVTCHNOP_close, port) < 0) {
        attack_bug("could not make and close a port of our own");
        return;
    }
    expect_error("close(a port closed already)", evtchn_op_port(EVTCHNOP_close, port), -HV_EINVAL);
    expect_error("send(a closed port)", evtchn_op_port(EVTCHNOP_send, port), -HV_EINVAL);
    expect_error("bind_interdomain(our closed port)",
                 evtchn_op_bind_interdomain(DOMID_SELF, port, &other), -HV_EINVAL);
    int32_t r = evtchn_op_status(DOMID_SELF, port, &status);
    if (r != 0 || status.status != EVTCHNSTAT_closed)
        attack_bug("status(the closed port) = %d, state %u", r, status.status);
    else
        attack_refused("status(the closed port) = 0: closed");
}

/* Binding to a port that has its peer already: domain 0's end of our
 * control channel, and the first end of a channel to ourselves. */
static void ev_bind_twice(const char *name)
{
    evtchn_port_t a, b, again;
    expect_error("bind_interdomain(d0's end of our control channel)",
                 evtchn_op_bind_interdomain(0, start_info->domid, &again), -HV_EINVAL);
    if (evtchn_op_alloc_unbound(DOMID_SELF, DOMID_SELF, &a) < 0 ||
        evtchn_op_bind_interdomain(DOMID_SELF, a, &b) < 0) {
        attack_bug("could not make a channel to ourselves");
        return;
    }
    expect_error("bind_interdomain(a port bound already)",
                 evtchn_op_bind_interdomain(DOMID_SELF, a, &again), -HV_EINVAL);
}

/* A port we offer to domain 0 is domain 0's to bind, not ours. */
static void ev_bind_reserved(const char *name)
{
    evtchn_port_t offered, port;
    if (evtchn_op_alloc_unbound(DOMID_SELF, 0, &offered) < 0) {
        attack_bug("could not offer a port to d0");
        return;
    }
    expect_error("bind_interdomain(our port offered to d0)",
                 evtchn_op_bind_interdomain(DOMID_SELF, offered, &port), -HV_EPERM);
}

static void ev_status_foreign(const char *name)
{
    struct evtchn_status status;
    expect_error("status(d0's port for us)", evtchn_op_status(0, start_info->domid, &status),
                 -HV_EPERM);
    expect_error("status(d0's port 1023)", evtchn_op_status(0, EVTCHN_MAX_PORT - 1, &status),
                 -HV_EPERM);
}

static void ev_alloc_foreign(const char *name)
{
    evtchn_port_t port;
    expect_error("alloc_unbound(a port of d0, offered to us)",
                 evtchn_op_alloc_unbound(0, start_info->domid, &port), -HV_EPERM);
    expect_error("alloc_unbound(a port of d0, offered to d0)", evtchn_op_alloc_unbound(0, 0, &port),
                 -HV_EPERM);
}

/*
 * Every port we may have, offered to domain 0, until the hypervisor says
 * there is none left. It pays for them (frames of port slots, allocated
 * as we go) and must take them all back when we end.
 */
static void ev_port_exhaust(const char *name)
{
    evtchn_port_t port = 0;
    struct evtchn_status status;
    uint32_t n = 0;
    int32_t r;

    while ((r = evtchn_op_alloc_unbound(DOMID_SELF, 0, &port)) == 0 && n < EVTCHN_MAX_PORT)
        n++;
    if (r != -HV_ENOSPC)
        attack_bug("alloc_unbound after %u ports = %d, not %d", n, r, -HV_ENOSPC);
    else if (evtchn_op_status(DOMID_SELF, EVTCHN_MAX_PORT - 1, &status) < 0 ||
             status.status != EVTCHNSTAT_unbound)
        attack_bug("alloc_unbound = %d after %u ports, but port 1023 is not one of them", r, n);
    else
        attack_refused("alloc_unbound after %u more ports = %d: ports 1 to 1023 all in use", n, r);
}

/* --- Closing a port while the peer uses it ---------------------------- */

/*
 * A domU closes its end of the control channel while domain 0 answers on
 * it: domain 0's port becomes unbound, its echo is lost, and it goes on
 * (it sees us end through VIRQ_DOM_EXC, and powers off).
 */
static void ev_close_while_used(const char *name)
{
    evtchn_port_t port = start_info->ctrl_evtchn;
    struct evtchn_status status;
    if (!round_trip()) {
        attack_bug("d0 does not answer on port %u", port);
        return;
    }
    evtchn_send(port); /* d0 answers this one after our close */
    int32_t closed = evtchn_op_port(EVTCHNOP_close, port);
    HYPERVISOR_sched_op(SCHEDOP_yield, 0);
    int32_t sent = evtchn_op_port(EVTCHNOP_send, port),
            r = evtchn_op_status(DOMID_SELF, port, &status);
    if (closed != 0 || sent != -HV_EINVAL || r != 0 || status.status != EVTCHNSTAT_closed)
        attack_bug("close = %d, then send = %d, status = %d (state %u)", closed, sent, r,
                   status.status);
    else
        attack_refused("closed our control port while d0 answers on it: then send = %d, "
                       "status: closed", sent);
}

/*
 * Domain 0 closes its port while the domU (ctrl=echo) answers on it: the
 * domU's port becomes unbound, offered to us, and its answers are lost.
 */
static void ev_close_peer_busy(const char *name)
{
    evtchn_port_t port = 1; /* our port for d1 */
    struct evtchn_status status;
    if (evtchn_op_status(DOMID_SELF, port, &status) < 0 ||
        status.status != EVTCHNSTAT_interdomain) {
        attack_bug("port %u is not our channel to d1", port);
        return;
    }
    evtchn_port_t peer = status.u.interdomain.port;
    evtchn_take(port);
    if (evtchn_send(port) < 0 || !wait_for(port, 5ULL * NS_PER_SEC)) {
        attack_bug("d1 does not answer on port %u", port);
        return;
    }
    for (int i = 0; i < 3; i++)
        evtchn_send(port); /* answered after our close */
    int32_t closed = evtchn_op_port(EVTCHNOP_close, port);
    HYPERVISOR_sched_op(SCHEDOP_yield, 0);
    int32_t sent = evtchn_op_port(EVTCHNOP_send, port), r = evtchn_op_status(1, peer, &status);
    if (closed != 0 || sent != -HV_EINVAL || r != 0 || status.status != EVTCHNSTAT_unbound ||
        status.u.unbound.dom != 0)
        attack_bug("close = %d, then send = %d, status of d1's port %u = %d (state %u, d%u)",
                   closed, sent, peer, r, status.status, status.u.unbound.dom);
    else
        attack_refused("closed our port while d1 answers on it: then send = %d, d1's port %u "
                       "unbound, offered to d0", sent, peer);
}

/* --- Virtual interrupts ------------------------------------------------ */

static void ev_virq_twice(const char *name)
{
    if (!virq_port(VIRQ_TIMER)) {
        attack_bug("our kernel has no VIRQ_TIMER port");
        return;
    }
    expect_error("bind_virq(VIRQ_TIMER, bound already)", evtchn_op_bind_virq(VIRQ_TIMER, 0),
                 -HV_EBUSY);
}

static void ev_virq_console(const char *name)
{
    expect_error("bind_virq(VIRQ_CONSOLE, d0's)", evtchn_op_bind_virq(VIRQ_CONSOLE, 0), -HV_EPERM);
}

static void ev_virq_dom_exc(const char *name)
{
    expect_error("bind_virq(VIRQ_DOM_EXC, d0's)", evtchn_op_bind_virq(VIRQ_DOM_EXC, 0), -HV_EPERM);
}

/* --- An event storm ---------------------------------------------------- */

#define STORM 100000

/*
 * 100000 sends on our control channel without yielding, events masked.
 * Domain 0 answers each time it runs, once for all the sends since (its
 * pending bit coalesces them): that it answers at all means that it ran
 * while we never let go of the CPU, that is, the time slice took it from
 * us. Its own work (init's programs) goes on beside.
 */
static void ev_storm(const char *name)
{
    evtchn_port_t port = start_info->ctrl_evtchn;
    uint32_t answers = 0, failed = 0;

    evtchn_take(port);
    for (uint32_t i = 0; i < STORM; i++) {
        failed += evtchn_send(port) != 0;
        answers += evtchn_take(port);
    }
    if (failed)
        attack_bug("%u of %u sends failed", failed, STORM);
    else if (answers == 0)
        attack_bug("%u sends, and d0 never ran meanwhile: we were not preempted", STORM);
    else
        attack_refused("%u sends; d0 answered %u times meanwhile: the events coalesced, and we "
                       "were preempted", STORM, answers);
}

/* --- The event callback ------------------------------------------------ */

extern char hypervisor_callback[]; /* trapentry.S */
static volatile int echoes;

static void count_echo(evtchn_port_t port)
{
    echoes++;
}

/* After a refused set_callbacks: our own callback still takes events
 * (an echo from domain 0, through an upcall into events.c). */
static void callback_still_ours(void)
{
    bind_handler(start_info->ctrl_evtchn, count_echo);
    evtchn_send(start_info->ctrl_evtchn);
    for (int i = 0; i < 5 && !echoes; i++)
        events_idle();
    if (echoes)
        attack_refused("our own callback still takes d0's answer");
    else
        attack_bug("no upcall for d0's answer");
}

static void ev_callback_hole(const char *name)
{
    expect_error("set_callbacks(event callback at 0xe0000000, in the hole)",
                 HYPERVISOR_set_callbacks(FLAT_RING1_CS, HYPERVISOR_VIRT_START, FLAT_RING1_CS, 0),
                 -HV_EINVAL);
    callback_still_ours();
}

static void ev_callback_ring0(const char *name)
{
    expect_error("set_callbacks(event callback with ring-0 selector 0xe008)",
                 HYPERVISOR_set_callbacks(0xe008, (uint32_t)hypervisor_callback, FLAT_RING1_CS, 0),
                 -HV_EINVAL);
    callback_still_ours();
}

/*
 * An upcall whose frame cannot be written: an event pending on a channel
 * to ourselves, then, with esp at the top of our read-only page directory,
 * events unmasked and a hypercall, on whose way back the hypervisor must
 * build the callback's frame on that stack. It cannot: we are killed.
 */
static void ev_upcall_stack_readonly(const char *name)
{
    evtchn_port_t a, b;
    if (evtchn_op_alloc_unbound(DOMID_SELF, DOMID_SELF, &a) < 0 ||
        evtchn_op_bind_interdomain(DOMID_SELF, a, &b) < 0 || evtchn_op_port(EVTCHNOP_send, b) < 0) {
        attack_bug("could not make an event pending");
        return;
    }
    uint32_t stack = start_info->pt_base + PAGE_SIZE;
    __asm__ volatile("movl %%esp, %%esi\n\t"
                     "movl %0, %%esp\n\t"
                     "movb $0, %1\n\t"
                     "movl $" XSTR(__HYPERVISOR_xen_version) ", %%eax\n\t"
                     "xorl %%ebx, %%ebx\n\t"
                     "xorl %%ecx, %%ecx\n\t"
                     "int $0x82\n\t"
                     "movl %%esi, %%esp"
                     :
                     : "r"(stack), "m"(HYPERVISOR_shared_info->vcpu_info[0].evtchn_upcall_mask)
                     : "eax", "ebx", "ecx", "esi", "memory");
    attack_bug("the upcall went through with esp on our read-only page directory");
}

/* --- Timers ------------------------------------------------------------ */

/* A deadline in the past fires at once. */
static void ev_timer_past(const char *name)
{
    evtchn_port_t port = virq_port(VIRQ_TIMER);
    if (!port) {
        attack_bug("our kernel has no VIRQ_TIMER port");
        return;
    }
    evtchn_take(port);
    int32_t r = HYPERVISOR_set_timer_op(1);
    if (r != 0)
        attack_bug("set_timer_op(1) = %d", r);
    else if (!wait_for(port, 1ULL * NS_PER_SEC))
        attack_bug("set_timer_op(1, in the past): VIRQ_TIMER did not fire");
    else
        attack_refused("set_timer_op(1, in the past) = 0: VIRQ_TIMER fired at once");
}

/* A deadline that never comes: nothing fires, and we end with the timer
 * still set. */
static void ev_timer_far(const char *name)
{
    evtchn_port_t port = virq_port(VIRQ_TIMER);
    if (!port) {
        attack_bug("our kernel has no VIRQ_TIMER port");
        return;
    }
    evtchn_take(port);
    int32_t r = HYPERVISOR_set_timer_op(0xFFFFFFFFFFFFFFFFULL);
    if (r != 0)
        attack_bug("set_timer_op(0xffffffffffffffff) = %d", r);
    else if (wait_for(port, 20 * MS))
        attack_bug("set_timer_op(0xffffffffffffffff): VIRQ_TIMER fired");
    else
        attack_refused("set_timer_op(0xffffffffffffffff) = 0: no VIRQ_TIMER in 20 ms; we end "
                       "with it set");
}

/* --- Blocking forever -------------------------------------------------- */

/*
 * Two parts, by domain. The domU masks every port, cancels its timer,
 * tells domain 0, and blocks: nothing will ever wake it. Domain 0 waits
 * for its word, lets it block, and powers off: its poweroff must end the
 * blocked domain, and the run.
 */
static void ev_block_forever(const char *name)
{
    volatile struct shared_info *si = HYPERVISOR_shared_info;
    if (start_info->domid != 0) {
        for (int i = 0; i < 32; i++)
            si->evtchn_mask[i] = 0xFFFFFFFF;
        HYPERVISOR_set_timer_op(0);
        si->vcpu_info[0].evtchn_pending_sel = 0;
        si->vcpu_info[0].evtchn_upcall_pending = 0;
        printk("guestos: d%u: blocking with every port masked and no timer\n", start_info->domid);
        evtchn_send(start_info->ctrl_evtchn);
        HYPERVISOR_block();
        attack_bug("a domain blocked with every port masked was woken");
        for (;;)
            HYPERVISOR_block();
    }
    if (!wait_for(1, 5ULL * NS_PER_SEC)) {
        attack_bug("no word from d1");
        return;
    }
    HYPERVISOR_sched_op(SCHEDOP_yield, 0); /* d1 blocks, if it has not yet */
    attack_refused("d1 blocks forever; our poweroff must end it");
}

/* --- A domU killed while domain 0 talks to it -------------------------- */

/*
 * Early, before our kernel takes its traps: three events to domain 0,
 * which answers them after we are gone, then an illegal instruction with
 * no handler. The hypervisor kills us; domain 0 learns it from
 * VIRQ_DOM_EXC, its answers go nowhere, and it powers off.
 */
static void ev_domu_killed(const char *name)
{
    for (int i = 0; i < 3; i++)
        evtchn_send(start_info->ctrl_evtchn);
    __asm__ volatile("ud2");
    attack_bug("ud2 without a handler did not kill us");
}

/* --- Bad arguments ----------------------------------------------------- */

static void ev_poll_bad_list(const char *name)
{
    evtchn_port_t ports[2] = { EVTCHN_MAX_PORT, start_info->ctrl_evtchn };
    expect_error("sched_op(poll, its argument in the hole)",
                 HYPERVISOR_sched_op(SCHEDOP_poll, (void *)HYPERVISOR_VIRT_START), -HV_EFAULT);
    expect_error("sched_op(poll, list in the hole)", poll_list(HYPERVISOR_VIRT_START, 1),
                 -HV_EFAULT);
    expect_error("sched_op(poll, list at 0xdffffffc, into the hole)",
                 poll_list(HYPERVISOR_VIRT_START - 4, 2), -HV_EFAULT);
    expect_error("sched_op(poll, list unmapped)", poll_list(0x1000, 1), -HV_EFAULT);
    expect_error("sched_op(poll, port 1024)", poll_list((uint32_t)ports, 2), -HV_EINVAL);
    ports[0] = 0xFFFFFFFF;
    expect_error("sched_op(poll, port 0xffffffff)", poll_list((uint32_t)ports, 1), -HV_EINVAL);
}

static void ev_poll_too_many(const char *name)
{
    static evtchn_port_t ports[129];
    for (int i = 0; i < 129; i++)
        ports[i] = start_info->ctrl_evtchn;
    expect_error("sched_op(poll, 129 ports)", poll_list((uint32_t)ports, 129), -HV_EINVAL);
    expect_error("sched_op(poll, 0x40000001 ports: 4 bytes if multiplied in 32 bits)",
                 poll_list((uint32_t)ports, 0x40000001), -HV_EINVAL);
    expect_error("sched_op(poll, 0xffffffff ports)", poll_list((uint32_t)ports, 0xFFFFFFFF),
                 -HV_EINVAL);
}

static void ev_arg_hole(const char *name)
{
    static const struct { int cmd; const char *what;
    } cmds[] = {
        {EVTCHNOP_alloc_unbound, "alloc_unbound"},
        {EVTCHNOP_bind_interdomain, "bind_interdomain"},
        {EVTCHNOP_bind_virq, "bind_virq"},
        {EVTCHNOP_close, "close"},
        {EVTCHNOP_send, "send"},
        {EVTCHNOP_status, "status"},
        {EVTCHNOP_unmask, "unmask"},
    };
    char what[64];
    for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++) {
        snprintf(what, sizeof what, "event_channel_op(%s, argument in the hole)", cmds[i].what);
        expect_error(what, HYPERVISOR_event_channel_op(cmds[i].cmd, (void *)HYPERVISOR_VIRT_START),
                     -HV_EFAULT);
    }
    expect_error("event_channel_op(status, argument at 0xdffffff8, into the hole)",
                 HYPERVISOR_event_channel_op(EVTCHNOP_status, (void *)(HYPERVISOR_VIRT_START - 8)),
                 -HV_EFAULT);
    expect_error("event_channel_op(alloc_unbound, argument at 0xfffffff8)",
                 HYPERVISOR_event_channel_op(EVTCHNOP_alloc_unbound, (void *)0xFFFFFFF8),
                 -HV_EFAULT);
}

/*
 * Early, with a free frame of ours: requests the hypervisor could read
 * but not answer (the page read-only). Each must fail before it does
 * anything: the port a refused alloc_unbound would have taken is the one
 * the next good one gets, and VIRQ_TIMER, which a refused bind_virq would
 * have bound, can be bound after.
 */
static void ev_arg_readonly(const char *name)
{
    uint32_t pfn = start_info->first_free_pfn, va = pfn_to_virt(pfn), mfn = pfn_to_mfn(pfn);
    struct evtchn_alloc_unbound *alloc = (void *)va;
    struct evtchn_bind_virq *bind = (void *)(va + 64);
    evtchn_port_t first, port;

    if (evtchn_op_alloc_unbound(DOMID_SELF, 0, &first) < 0 ||
        evtchn_op_port(EVTCHNOP_close, first) < 0) {
        attack_bug("could not make and close a port of our own");
        return;
    }
    *alloc = (struct evtchn_alloc_unbound){ .dom = DOMID_SELF, .remote_dom = 0 };
    *bind = (struct evtchn_bind_virq){ .virq = VIRQ_TIMER, .vcpu = 0 };
    if (HYPERVISOR_update_va_mapping(va, make_pte(mfn, PTE_P), UVMF_INVLPG) < 0) {
        attack_bug("could not make frame %u read-only", pfn);
        return;
    }
    int32_t r1 = HYPERVISOR_event_channel_op(EVTCHNOP_alloc_unbound, alloc);
    int32_t r2 = HYPERVISOR_event_channel_op(EVTCHNOP_bind_virq, bind);
    HYPERVISOR_update_va_mapping(va, make_pte(mfn, PTE_P | PTE_W), UVMF_INVLPG);
    expect_error("alloc_unbound(argument read-only)", r1, -HV_EFAULT);
    expect_error("bind_virq(VIRQ_TIMER, argument read-only)", r2, -HV_EFAULT);
    int32_t r = evtchn_op_alloc_unbound(DOMID_SELF, 0, &port);
    if (r != 0 || port != first)
        attack_bug("the next alloc_unbound = %d: port %u, not %u: the refused one took a port", r,
                   port, first);
    else
        attack_refused("the next alloc_unbound gets port %u: the refused one took none", port);
    r = evtchn_op_bind_virq(VIRQ_TIMER, 0);
    if (r != 0)
        attack_bug("bind_virq(VIRQ_TIMER) after = %d: the refused one bound it", r);
    else
        attack_refused("bind_virq(VIRQ_TIMER) after = 0: the refused one bound nothing");
}

#define EVENTS "events"

const struct probe hostile_event_attacks[] = {
    { "ev-port-range", 4, EVENTS, PROBE_KERNEL, ev_port_range, NULL },
    { "ev-port-not-owned", 4, EVENTS, PROBE_KERNEL, ev_port_not_owned, NULL },
    { "ev-port-closed", 4, EVENTS, PROBE_KERNEL, ev_port_closed, NULL },
    { "ev-bind-twice", 4, EVENTS, PROBE_KERNEL, ev_bind_twice, NULL },
    { "ev-bind-reserved", 4, EVENTS, PROBE_KERNEL, ev_bind_reserved, NULL },
    { "ev-status-foreign", 4, EVENTS, PROBE_KERNEL, ev_status_foreign, NULL },
    { "ev-alloc-foreign", 4, EVENTS, PROBE_KERNEL, ev_alloc_foreign, NULL },
    { "ev-port-exhaust", 4, EVENTS, PROBE_KERNEL, ev_port_exhaust, NULL },
    { "ev-close-while-used", 4, EVENTS, PROBE_KERNEL, ev_close_while_used, NULL },
    { "ev-close-peer-busy", 4, EVENTS, PROBE_KERNEL, ev_close_peer_busy, NULL },
    { "ev-virq-twice", 4, EVENTS, PROBE_KERNEL, ev_virq_twice, NULL },
    { "ev-virq-console", 4, EVENTS, PROBE_KERNEL, ev_virq_console, NULL },
    { "ev-virq-dom-exc", 4, EVENTS, PROBE_KERNEL, ev_virq_dom_exc, NULL },
    { "ev-storm", 4, EVENTS, PROBE_KERNEL, ev_storm, NULL },
    { "ev-callback-hole", 4, EVENTS, PROBE_KERNEL, ev_callback_hole, NULL },
    { "ev-callback-ring0", 4, EVENTS, PROBE_KERNEL, ev_callback_ring0, NULL },
    { "ev-upcall-stack-ro", 4, EVENTS, PROBE_KERNEL, ev_upcall_stack_readonly, NULL },
    { "ev-timer-past", 4, EVENTS, PROBE_KERNEL, ev_timer_past, NULL },
    { "ev-timer-far", 4, EVENTS, PROBE_KERNEL, ev_timer_far, NULL },
    { "ev-block-forever", 4, EVENTS, PROBE_KERNEL, ev_block_forever, NULL },
    { "ev-domu-killed", 4, EVENTS, PROBE_EARLY, ev_domu_killed, NULL },
    { "ev-poll-bad-list", 4, EVENTS, PROBE_KERNEL, ev_poll_bad_list, NULL },
    { "ev-poll-too-many", 4, EVENTS, PROBE_KERNEL, ev_poll_too_many, NULL },
    { "ev-arg-hole", 4, EVENTS, PROBE_KERNEL, ev_arg_hole, NULL },
    { "ev-arg-readonly", 4, EVENTS, PROBE_EARLY, ev_arg_readonly, NULL },
    { NULL, 0, NULL, PROBE_EARLY, NULL, NULL },
};
