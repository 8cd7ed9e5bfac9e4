/*
 * sched.c - which vCPU runs next, and loading it onto the CPU (lab 1);
 * sched_op (lab 2); blocking, waking, the idle loop and a time slice
 * (lab 4).
 *
 * Runnable vCPUs wait on the run queue and run in turn (round robin).
 * Until lab 4 a vCPU leaves the CPU only when its domain yields or dies;
 * lab 4 adds blocking (sched_op block and poll: off the queue until an
 * event wakes it), a 10 ms time slice so that a domain that never yields
 * cannot keep the others out, and the idle loop, where the CPU halts
 * until an interrupt wakes someone. Nothing here looks at a vCPU that is
 * not runnable: the cost of a switch does not grow with the number of
 * blocked domains. Lab 6 replaces round robin with proportional share.
 *
 * What is loaded on the CPU for the running vCPU is struct cpu: its page
 * directory (cpu.cr3, which trapentry.S loads on the way out), its fast
 * system-call gate and ring-1 stack (traps.c), its GDT entries
 * (descriptors.c), from lab 5 its I/O ports (physdev.c). switch_to()
 * loads them all.
 */
#include <domain.h>
#include <guest_access.h>
#include <sched.h>
#include <x86.h>
/* LAB 2 BEGIN */
#include <descriptors.h>
/* LAB 2 END */
/* LAB 4 BEGIN */
#include <event.h>
#include <time.h>
/* LAB 4 END */
/* LAB 5 BEGIN */
#include <physdev.h>
/* LAB 5 END */

struct cpu cpu = {
    /* LAB 2 BEGIN */
    .fast_trap = -1,
    /* LAB 2 END */
};

/* trapentry.S reads cpu.cr3 at the address of cpu. */
_Static_assert(__builtin_offsetof(struct cpu, cr3) == 0, "cpu.cr3 must come first");

static struct vcpu *runq_head, *runq_tail; /* runnable, not running: first in, first out */
static uint32_t nr_vcpus;                  /* alive, runnable or not */

/* LAB 4 BEGIN */
#define SLICE_NS 10000000ULL /* 10 ms */

/* When it fires, the running vCPU has had its turn (sched_return_to_guest). */
static void slice_expired(void *unused)
{
    cpu.resched = 1;
}
static struct timer slice = { .fn = slice_expired };

/* The running vCPU's turn: a slice, if someone else is waiting. */
static void start_slice(void)
{
    if (runq_head && current)
        timer_set(&slice, now() + SLICE_NS);
    else
        timer_stop(&slice);
}
/* LAB 4 END */

/* Puts runnable v at the end of the run queue. */
static void runq_add(struct vcpu *v)
{
    v->next_runnable = NULL;
    if (runq_tail)
        runq_tail->next_runnable = v;
    else
        runq_head = v;
    runq_tail = v;
    /* LAB 4 BEGIN */
    if (!slice.active)
        start_slice();
    /* LAB 4 END */
}

static struct vcpu *runq_pop(void)
{
    struct vcpu *v = runq_head;
    if (v) {
        runq_head = v->next_runnable;
        if (!runq_head)
            runq_tail = NULL;
    }
    return v;
}

void sched_add(struct vcpu *v)
{
    v->state = VCPU_RUNNABLE;
    nr_vcpus++;
    runq_add(v);
}

void sched_remove(struct vcpu *v)
{
    for (struct vcpu **p = &runq_head; *p; p = &(*p)->next_runnable) {
        if (*p == v) {
            *p = v->next_runnable;
            break;
        }
    }
    runq_tail = NULL;
    for (struct vcpu *w = runq_head; w; w = w->next_runnable)
        runq_tail = w;
    v->state = VCPU_DEAD;
    nr_vcpus--;
    /* LAB 4 BEGIN */
    timer_stop(&v->timer);
    timer_stop(&v->poll_timer);
    /* LAB 4 END */
}

extern char trampoline_stack_top[]; /* trapentry.S */
/* The most the trampoline stack ever holds: a trap frame from
 * virtual-8086 mode (23 words) and a fault's frame below it (exit_fault). */
#define TRAMPOLINE_STACK_USED 256

/* Runs v: enter_guest loads its page directory, then its registers. */
static void noreturn switch_to(struct vcpu *v)
{
    /* Under TCG, which checks no segment limits, ring 1 can read the
     * trampoline's stack page: what the last domain's traps left there
     * must not be the next domain's to read. */
    if (cpu.vcpu != v)
        memset(trampoline_stack_top - TRAMPOLINE_STACK_USED, 0, TRAMPOLINE_STACK_USED);
    cpu.vcpu = v;
    cpu.cr3 = v->domain->pgdir_mfn << PAGE_SHIFT;
    cpu.resched = 0;
    /* LAB 2 BEGIN */
    load_guest_traps(v);
    load_guest_gdt(v->domain);
    /* LAB 2 END */
    /* LAB 5 BEGIN */
    load_guest_io_ports(v->domain);
    /* LAB 5 END */
    /* LAB 4 BEGIN */
    v->run_since = now();
    start_slice();
    time_publish(v->domain);
    deliver_upcall(v, &v->regs);
    /* LAB 4 END */
    enter_guest(&v->regs);
}

/* Nothing is runnable: halt until an interrupt (the timer, the console)
 * wakes someone. The interrupt comes in ring 0, right here
 * (trap() returns to us). */
static void wait_for_interrupt(void)
{
    __asm__ volatile("sti; hlt; cli" ::: "memory");
}

/* Picks the next vCPU and runs it; idles while none is runnable. */
static void noreturn schedule_loop(void)
{
    for (;;) {
        struct vcpu *v = runq_pop();
        if (v)
            switch_to(v);
        if (!nr_vcpus) {
            hvlog(LOG_ERR, NULL, "sched", "no domains left");
            end_run(HV_EXIT_SUCCESS);
        }
        /* Every domain waits for an event (lab 4): only an interrupt
         * can change that. */
        cpu.vcpu = NULL;
        wait_for_interrupt();
    }
}

extern char hv_stack_top[]; /* boot.S */

void schedule(void)
{
    /* Whoever calls us is done with its stack: the vCPU that ran has its
     * registers saved, or its domain is dead. So we start again at the
     * top of the stack. Otherwise a run of switches that each kill a
     * domain (switch_to -> crash_domain -> domain_kill -> schedule ...)
     * would nest one level deeper per domain, and a thousand hostile
     * domains would run the hypervisor off the end of its stack. */
    __asm__ volatile("mov %0, %%esp; xor %%ebp, %%ebp; call *%1"
                     : : "r"(hv_stack_top), "r"(schedule_loop) : "memory");
    __builtin_unreachable();
}

void sched_return_to_guest(struct trap_frame *tf)
{
    struct vcpu *v = current;

    if (cpu.resched) {
        v->regs = *tf;
        /* LAB 4 BEGIN */
        v->runtime_ns += now() - v->run_since;
        /* LAB 4 END */
        if (v->state == VCPU_RUNNABLE)
            runq_add(v);
        schedule();
    }
    /* The running domain may have a new page directory (mmuext_op). */
    cpu.cr3 = v->domain->pgdir_mfn << PAGE_SHIFT;
    /* LAB 4 BEGIN */
    deliver_upcall(v, tf);
    /* LAB 4 END */
}

/* LAB 4 BEGIN */
void sched_wake(struct vcpu *v)
{
    if (v->state == VCPU_BLOCKED || v->state == VCPU_POLLING) {
        timer_stop(&v->poll_timer);
        v->state = VCPU_RUNNABLE;
        runq_add(v);
    }
}

void sched_wake_poller(struct vcpu *v)
{
    if (v->state == VCPU_POLLING)
        sched_wake(v);
}

static void poll_timeout(void *data)
{
    sched_wake_poller(data);
}

static void timer_fired(void *data)
{
    struct vcpu *v = data;
    send_virq(v->domain, VIRQ_TIMER);
}

void sched_init_vcpu(struct vcpu *v)
{
    v->timer = (struct timer){ .fn = timer_fired, .data = v };
    v->poll_timer = (struct timer){ .fn = poll_timeout, .data = v };
}

/* SCHEDOP_block: sleeps until an upcall is pending. Events are unmasked
 * first, as on Xen: a guest blocks with them masked, so that none can
 * slip in between its last look and the block, and is woken by them. */
static int32_t sched_block(struct vcpu *v)
{
    struct vcpu_info *vi = &v->domain->shared_info->vcpu_info[0];
    vi->evtchn_upcall_mask = 0;
    if (!vi->evtchn_upcall_pending) {
        v->state = VCPU_BLOCKED;
        cpu.resched = 1;
    }
    return 0;
}

/* SCHEDOP_poll: sleeps until one of the ports is pending (any event of
 * the domain wakes it: the guest checks its ports again) or the timeout. */
static int32_t sched_poll(struct vcpu *v, uint32_t arg_va)
{
    struct domain *d = v->domain;
    struct sched_poll poll;
    evtchn_port_t ports[128];

    if (copy_from_guest(d, &poll, arg_va, sizeof poll) < 0) {
        hvlog(LOG_ERR, d, "sched_op", "poll: argument at 0x%08x is not mapped", arg_va);
        return -HV_EFAULT;
    }
    if (poll.nr_ports > ARRAY_SIZE(ports)) {
        hvlog(LOG_ERR, d, "sched_op", "poll: %u ports; at most %u", poll.nr_ports,
              (uint32_t)ARRAY_SIZE(ports));
        return -HV_EINVAL;
    }
    if (copy_from_guest(d, ports, poll.ports, poll.nr_ports * sizeof ports[0]) < 0) {
        hvlog(LOG_ERR, d, "sched_op", "poll: port list at 0x%08x is not mapped", poll.ports);
        return -HV_EFAULT;
    }
    for (uint32_t i = 0; i < poll.nr_ports; i++) {
        if (ports[i] >= EVTCHN_MAX_PORT) {
            hvlog(LOG_ERR, d, "sched_op", "poll: port %u is out of range", ports[i]);
            return -HV_EINVAL;
        }
        if (evtchn_is_pending(d, ports[i]))
            return 0;
    }
    if (poll.timeout && poll.timeout <= now())
        return 0;
    v->state = VCPU_POLLING;
    if (poll.timeout)
        timer_set(&v->poll_timer, poll.timeout);
    cpu.resched = 1;
    return 0;
}

/* Domain 0's poweroff: the others end first, each with its obituary. */
static void shut_down_others(struct domain *dom0)
{
    for (uint32_t id = 1; id < MAX_DOMAINS; id++) {
        if (domain_table[id]) {
            hvlog(LOG_ERR, domain_table[id], "domain", "shut down by d%u's poweroff", dom0->domid);
            domain_destroy(domain_table[id]);
        }
    }
}
/* LAB 4 END */

/* LAB 2 BEGIN */
int32_t do_sched_op(struct vcpu *v, uint32_t cmd, uint32_t arg_va)
{
    static const char *const reasons[] = {
        [SHUTDOWN_poweroff] = "poweroff", [SHUTDOWN_reboot] = "reboot", [SHUTDOWN_crash] = "crash",
    };
    struct domain *d = v->domain;
    struct sched_shutdown shutdown;

    switch (cmd) {
    case SCHEDOP_yield:
        cpu.resched = 1;
        return 0;
    /* LAB 4 BEGIN */
    case SCHEDOP_block:
        return sched_block(v);
    case SCHEDOP_poll:
        return sched_poll(v, arg_va);
    /* LAB 4 END */
    case SCHEDOP_shutdown:
        if (copy_from_guest(d, &shutdown, arg_va, sizeof shutdown) < 0) {
            hvlog(LOG_ERR, d, "sched_op", "shutdown reason at 0x%08x is not mapped", arg_va);
            return -HV_EFAULT;
        }
        if (shutdown.reason >= ARRAY_SIZE(reasons) || !reasons[shutdown.reason]) {
            hvlog(LOG_ERR, d, "sched_op", "unknown shutdown reason %u", shutdown.reason);
            return -HV_EINVAL;
        }
        hvlog(LOG_ERR, d, "sched_op", "shutdown: %s", reasons[shutdown.reason]);
        /* LAB 4 BEGIN */
        if ((d->flags & SIF_INITDOMAIN) && shutdown.reason == SHUTDOWN_poweroff)
            shut_down_others(d);
        /* LAB 4 END */
        domain_kill(d);
    }
    hvlog(LOG_ERR, d, "sched_op", "unknown command %u", cmd);
    return -HV_EINVAL;
}
/* LAB 2 END */
