/*
 * probes.c - which probe=NAME runs what (lab 1; each lab adds rows).
 *
 * start_kernel (main.c) calls probe_run twice with the name from the
 * command line: early, before the kernel takes its own traps, and once
 * the kernel runs. The probe runs at the stage its row says. The probes
 * and benchmarks are in this folder, one file each; the attacks of the
 * hostile suite (hostile.c, hostile_mmu.c, hostile_events.c) keep their
 * rows in tables of their own, next to their code, and are found the
 * same way. At the end, the helpers the probes share: which frame is
 * behind a pfn or address, and the scratch pages for their big buffers.
 */
#include <hypercall.h>
#include <kernel.h>
#include <probes/probes.h>
#include <stdarg.h>

static const struct probe probes[] = {
    { "hypercalls", 1, NULL, PROBE_EARLY, probe_hypercalls, NULL },
    { "grade-ptwrite", 1, NULL, PROBE_EARLY, grade_ptwrite, NULL },
    { "grade-console", 1, NULL, PROBE_EARLY, grade_console, NULL },
    /* LAB 2 BEGIN */
    { "traps", 2, NULL, PROBE_KERNEL, probe_traps, NULL },
    { "gdt", 2, NULL, PROBE_KERNEL, probe_gdt, NULL },
    { "gdt-iret", 2, NULL, PROBE_KERNEL, probe_gdt, NULL },
    { "badstack", 2, NULL, PROBE_KERNEL, probe_bad_stack, NULL },
    { "bench", 2, NULL, PROBE_KERNEL, bench_hypercall, "bench" },
    /* LAB 2 END */
    /* LAB 3 BEGIN */
    { "mmubench", 3, NULL, PROBE_EARLY, bench_mmu, NULL },
    { "vmbench", 3, NULL, PROBE_KERNEL, bench_vm, NULL },
    { "mmu", 3, NULL, PROBE_EARLY, probe_mmu, NULL },
    { "mmu-alias", 3, NULL, PROBE_EARLY, probe_mmu, NULL },
    { "mmu-table", 3, NULL, PROBE_EARLY, probe_mmu, NULL },
    { "mmu-own", 3, NULL, PROBE_EARLY, probe_mmu, NULL },
    { "mmu-writable", 3, NULL, PROBE_EARLY, probe_mmu, NULL },
    { "mmu-shape", 3, NULL, PROBE_EARLY, probe_mmu, NULL },
    { "mmu-base", 3, NULL, PROBE_EARLY, probe_mmu, NULL },
    { "mmu-batch", 3, NULL, PROBE_EARLY, probe_mmu, NULL },
    { "grade-mmu", 3, NULL, PROBE_EARLY, grade_mmu, NULL },
    /* LAB 3 END */
    /* LAB 4 BEGIN */
    { "evtchn", 4, NULL, PROBE_KERNEL, probe_evtchn, NULL },
    { "upcall", 4, NULL, PROBE_KERNEL, probe_upcall, NULL },
    { "clock", 4, NULL, PROBE_KERNEL, probe_clock, NULL },
    { "eventbench", 4, NULL, PROBE_KERNEL, bench_events, NULL },
    { "longbatch", 4, NULL, PROBE_EARLY, probe_long_batch, NULL },
    /* LAB 4 END */
    /* LAB 5 BEGIN */
    { "grants", 5, NULL, PROBE_KERNEL, probe_grants, NULL },
    { "grant-peer", 5, NULL, PROBE_KERNEL, probe_grant_peer, NULL },
    { "grade-map", 5, NULL, PROBE_KERNEL, grade_map, NULL },
    { "disk", 5, NULL, PROBE_KERNEL, probe_disk, NULL },
    { "ringbench", 5, NULL, PROBE_DEVICES, bench_ring_probe, NULL },
    { "grade-blk", 5, NULL, PROBE_DEVICES, grade_blk, NULL },
    { "grade-net", 5, NULL, PROBE_DEVICES, probe_grade_net, "hello" },
    { "netbench", 5, NULL, PROBE_DEVICES, bench_net, "hello" },
    { "ping-absent", 5, NULL, PROBE_DEVICES, probe_ping_absent, "hello" },
    /* LAB 5 END */
    { NULL, 0, NULL, PROBE_EARLY, NULL, NULL },
};

/* Every table of probes, each ending with a row whose name is NULL. */
static const struct probe *const tables[] = {
    probes,
    /* LAB 2 BEGIN */
    hostile_attacks,
    /* LAB 2 END */
    /* LAB 3 BEGIN */
    hostile_mmu_attacks,
    /* LAB 3 END */
    /* LAB 4 BEGIN */
    hostile_event_attacks,
    /* LAB 4 END */
    /* LAB 5 BEGIN */
    hostile_grant_attacks,
    hostile_physdev_attacks,
    blk_attacks,
    hostile_net_attacks,
    /* LAB 5 END */
};

const struct probe *probe_find(const char *name)
{
    for (size_t t = 0; t < sizeof tables / sizeof tables[0]; t++)
        for (const struct probe *p = tables[t]; p->name; p++)
            if (strcmp(p->name, name) == 0)
                return p;
    return NULL;
}

/* The attack running now, for its verdict lines. */
static const char *attack_name = "?";

void probe_run(const char *name, enum probe_stage stage)
{
    const struct probe *p = probe_find(name);

    if (!name[0])
        return;
    if (!p) {
        if (stage == PROBE_EARLY)
            printk("guestos: no probe named %s\n", name);
        return;
    }
    /* LAB 5 BEGIN */
    if (p->stage == PROBE_DEVICES && stage == PROBE_KERNEL)
        stage = PROBE_DEVICES;
    /* LAB 5 END */
    if (p->stage != stage)
        return;
    if (p->class) {
        attack_name = p->name;
        printk("guestos: attack: %s (lab %d, %s)\n", p->name, p->lab, p->class);
    }
    if (p->run)
        p->run(name);
    /* LAB 2 BEGIN */
    /* An attack that came back has had its verdict: the run ends here.
     * (One that runs a program ends when the program does.) */
    if (p->class && p->run)
        HYPERVISOR_shutdown(SHUTDOWN_poweroff);
    /* LAB 2 END */
}

static void verdict(const char *word, const char *fmt, va_list ap)
{
    char line[160];
    vsnprintf(line, sizeof line, fmt, ap);
    printk("guestos: attack: %s: %s: %s\n", attack_name, word, line);
}

void attack_refused(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    verdict("refused", fmt, ap);
    va_end(ap);
}

void attack_bug(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    verdict("BUG", fmt, ap);
    va_end(ap);
}
/* LAB 2 BEGIN */

char probe_scratch[PROBE_SCRATCH_PAGES][PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));

/* Frames of ours: the domain builder maps pfn n at GUEST_VIRT_BASE + n
 * pages, and start_info's mfn_list says which machine frame it is. */
uint32_t pfn_to_mfn(uint32_t p)
{
    return ((const uint32_t *)start_info->mfn_list)[p];
}

/* Weak: from lab 5 the kernel's own (vm.c), which knows the grant area
 * too, takes its place. */
__attribute__((weak)) uint32_t virt_to_mfn(const void *va)
{
    return pfn_to_mfn(((uint32_t)va - GUEST_VIRT_BASE) / PAGE_SIZE);
}
/* LAB 2 END */
/* LAB 3 BEGIN */

uint32_t pfn_to_virt(uint32_t p)
{
    return GUEST_VIRT_BASE + p * PAGE_SIZE;
}

uint32_t pgdir_pfn(void)
{
    return (start_info->pt_base - GUEST_VIRT_BASE) / PAGE_SIZE;
}

uint64_t boot_pte_maddr(uint32_t p)
{
    return entry_maddr(pfn_to_mfn(pgdir_pfn() + 1 + p / ENTRIES_PER_TABLE),
                       p % ENTRIES_PER_TABLE);
}
/* LAB 3 END */

/* LAB 4 BEGIN */
/* The event-channel requests the probes make, one call each, with the
 * hypervisor's answer (event_channel.h). */
int32_t evtchn_op_alloc_unbound(domid_t dom, domid_t remote, evtchn_port_t *port)
{
    struct evtchn_alloc_unbound op = { .dom = dom, .remote_dom = remote };
    int32_t r = HYPERVISOR_event_channel_op(EVTCHNOP_alloc_unbound, &op);
    *port = op.port;
    return r;
}

int32_t evtchn_op_bind_interdomain(domid_t remote, evtchn_port_t remote_port,
                                   evtchn_port_t *port)
{
    struct evtchn_bind_interdomain op = { .remote_dom = remote, .remote_port = remote_port };
    int32_t r = HYPERVISOR_event_channel_op(EVTCHNOP_bind_interdomain, &op);
    *port = op.local_port;
    return r;
}

int32_t evtchn_op_port(int cmd, evtchn_port_t port)
{
    struct evtchn_send op = { .port = port }; /* close, send and unmask: one port */
    return HYPERVISOR_event_channel_op(cmd, &op);
}

int32_t evtchn_op_status(domid_t dom, evtchn_port_t port, struct evtchn_status *status)
{
    *status = (struct evtchn_status){ .dom = dom, .port = port };
    return HYPERVISOR_event_channel_op(EVTCHNOP_status, status);
}

int32_t evtchn_op_bind_virq(uint32_t virq, uint32_t vcpu)
{
    struct evtchn_bind_virq op = { .virq = virq, .vcpu = vcpu };
    return HYPERVISOR_event_channel_op(EVTCHNOP_bind_virq, &op);
}
/* LAB 4 END */
