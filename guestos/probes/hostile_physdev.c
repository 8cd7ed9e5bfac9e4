/* LAB 5 FILE */
/*
 * hostile_physdev.c - the hostile guest of lab 5: attacks on domain 0's
 * devices (hv/physdev.c, the pirq ports of hv/event.c), one per boot,
 * for the hostile suite's "devices" class (tests/hostile-devices.bats).
 * hostile.c says how an attack ends and how it is judged.
 *
 * A domU tries the disk's ports, which are open while domain 0 runs and
 * must be shut whenever anybody else does (a #GP, delivered to its own
 * handler), and domain 0's interrupt line. Domain 0 tries the ports next
 * to its own (every one must still trap), the hypervisor's own lines,
 * a line bound twice, and the eoi of lines that are not its own.
 */
#include <events.h>
#include <hypercall.h>
#include <kernel.h>
#include <probes/probes.h>
#include <traps.h>

#define DEVICES "devices"
#define COUNT(a) ((int)(sizeof(a) / sizeof((a)[0])))

/* The verdict on a call that must fail with expected. */
static void expect_error(const char *what, int32_t result, int32_t expected)
{
    if (result == expected)
        attack_refused("%s = %d", what, result);
    else
        attack_bug("%s = %d, not %d", what, result, expected);
}

/* One in or out: its port, its size in bytes (1, 2 or 4), in or out. */
struct port_access {
    uint16_t port;
    uint8_t size;
    uint8_t write;
    const char *what;
};

/* Makes access a in ring 1: 1 if it trapped with a #GP, 0 if it did
 * not trap, -1 if another trap came. The instruction is inline, in this
 * function: the handler resumes here with the registers of the trap. */
static int access_traps(const struct port_access *a)
{
    uint32_t v = 0;
    switch (a->size * 2 + a->write) {
    case 2: EXPECT_TRAP(__asm__ volatile("inb %%dx, %%al" : "+a"(v) : "d"(a->port) : "memory")); break;
    case 3: EXPECT_TRAP(__asm__ volatile("outb %%al, %%dx" : : "a"(v), "d"(a->port) : "memory")); break;
    case 4: EXPECT_TRAP(__asm__ volatile("inw %%dx, %%ax" : "+a"(v) : "d"(a->port) : "memory")); break;
    case 5: EXPECT_TRAP(__asm__ volatile("outw %%ax, %%dx" : : "a"(v), "d"(a->port) : "memory")); break;
    case 8: EXPECT_TRAP(__asm__ volatile("inl %%dx, %%eax" : "+a"(v) : "d"(a->port) : "memory")); break;
    default: EXPECT_TRAP(__asm__ volatile("outl %%eax, %%dx" : : "a"(v), "d"(a->port) : "memory")); break;
    }
    if (trap_recover) {
        trap_recover = 0;
        return 0;
    }
    return last_trap.vector == T_GP ? 1 : -1;
}

/* The verdict on accesses that must each trap with a #GP, tried rounds
 * times, with a yield between rounds (the other domains, domain 0 with
 * its ports open among them, run in between). */
static void expect_shut(const struct port_access *accesses, int n, int rounds)
{
    for (int i = 0; i < n; i++) {
        const struct port_access *a = &accesses[i];
        int gp = 0, other = 0;
        for (int r = 0; r < rounds; r++) {
            int t = access_traps(a);
            gp += t == 1;
            other += t < 0;
            if (rounds > 1)
                HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
        }
        if (gp == rounds)
            attack_refused("%s %u-byte %s port 0x%x (%s): #GP, %d of %d times",
                           a->write ? "out" : "in", a->size, a->write ? "to" : "from", a->port,
                           a->what, gp, rounds);
        else
            attack_bug("%s %u-byte port 0x%x (%s): %d of %d tries trapped with #GP, %d with "
                       "another trap", a->write ? "out to" : "in from", a->size, a->port, a->what,
                       gp, rounds, other);
    }
}

/* --- A domU and the disk -------------------------------------------- */

static const struct port_access disk_ports[] = {
    { 0x1F0, 2, 0, "the disk's data" },
    { 0x1F0, 2, 1, "the disk's data" },
    { 0x1F2, 1, 1, "the disk's sector count" },
    { 0x1F7, 1, 0, "the disk's status" },
    { 0x1F7, 1, 1, "the disk's command" },
    { 0x3F6, 1, 0, "the disk's alternate status" },
    { 0x3F6, 1, 1, "the disk's device control" },
    { 0x1F4, 4, 0, "the disk's LBA and device registers" },
};

/* A domU uses domain 0's disk ports, again and again between turns of
 * domain 0 (whose ports are open while it runs). */
static void pd_domu_ports(const char *name)
{
    expect_shut(disk_ports, COUNT(disk_ports), 10);
}

/* A domU binds the disk's line, and says it serviced it. */
static void pd_domu_pirq(const char *name)
{
    struct evtchn_bind_pirq bind = { .pirq = PHYSDEV_IDE_IRQ };
    expect_error("bind_pirq(IRQ 14, the disk's)", HYPERVISOR_event_channel_op(EVTCHNOP_bind_pirq, &bind),
                 -HV_EPERM);
    bind = (struct evtchn_bind_pirq){ .pirq = 0 };
    expect_error("bind_pirq(IRQ 0, the timer's)", HYPERVISOR_event_channel_op(EVTCHNOP_bind_pirq, &bind),
                 -HV_EPERM);
    struct physdev_eoi eoi = { .irq = PHYSDEV_IDE_IRQ };
    expect_error("eoi(IRQ 14)", HYPERVISOR_physdev_op(PHYSDEVOP_eoi, &eoi), -HV_EINVAL);
}

/* --- Domain 0 and what is not its own ------------------------------- */

static const struct port_access dom0_shut[] = {
    { 0x1EF, 1, 0, "just below the disk's" },
    { 0x1F8, 1, 0, "just above the disk's" },
    { 0x1F7, 2, 0, "at the disk's last, reaching 0x1F8" },
    { 0x3F5, 1, 1, "just below the control register" },
    { 0x3F7, 1, 0, "just above the control register" },
    { 0x3F6, 2, 0, "at the control register, reaching 0x3F7" },
    { 0x3F8, 1, 1, "COM1, the hypervisor's console" },
    { 0x170, 1, 0, "the secondary IDE channel" },
    { 0x20, 1, 1, "the PIC" },
    { 0x43, 1, 1, "the PIT" },
    { 0xF4, 4, 1, "QEMU's debug exit" },
    { 0xCF8, 4, 0, "PCI configuration, past the bitmap" },
    { 0xFFFF, 1, 0, "the last port" },
};

/* Domain 0 reads its own ports (they must be open: the driver needs
 * them), then tries every port around and beyond them. */
static void pd_dom0_ports(const char *name)
{
    static const struct port_access own[] = {
        { 0x1F7, 1, 0, "the disk's status" },
        { 0x3F6, 1, 0, "the disk's alternate status" },
    };
    for (int i = 0; i < COUNT(own); i++)
        if (access_traps(&own[i]) != 0)
            attack_bug("in from port 0x%x (%s) trapped in domain 0", own[i].port, own[i].what);
    expect_shut(dom0_shut, COUNT(dom0_shut), 1);
}

static int32_t bind_pirq(uint32_t pirq, uint32_t flags, evtchn_port_t *port)
{
    struct evtchn_bind_pirq bind = { .pirq = pirq, .flags = flags };
    int32_t r = HYPERVISOR_event_channel_op(EVTCHNOP_bind_pirq, &bind);
    *port = bind.port;
    return r;
}

static int32_t eoi(uint32_t irq)
{
    struct physdev_eoi eoi = { .irq = irq };
    return HYPERVISOR_physdev_op(PHYSDEVOP_eoi, &eoi);
}

/* Domain 0 binds the hypervisor's own lines, and lines there are not. */
static void pd_bind_hv_irq(const char *name)
{
    evtchn_port_t port;
    expect_error("bind_pirq(IRQ 0, the timer's)", bind_pirq(0, 0, &port), -HV_EPERM);
    expect_error("bind_pirq(IRQ 4, COM1's)", bind_pirq(4, 0, &port), -HV_EPERM);
    expect_error("bind_pirq(IRQ 2, the second PIC's)", bind_pirq(2, 0, &port), -HV_EPERM);
    expect_error("bind_pirq(IRQ 15)", bind_pirq(15, 0, &port), -HV_EPERM);
    expect_error("bind_pirq(IRQ 16)", bind_pirq(16, 0, &port), -HV_EINVAL);
    expect_error("bind_pirq(IRQ 0xffffffff)", bind_pirq(0xFFFFFFFF, 0, &port), -HV_EINVAL);
    expect_error("bind_pirq(IRQ 14, flags 1)", bind_pirq(PHYSDEV_IDE_IRQ, 1, &port), -HV_EINVAL);
}

/* Domain 0 (booted without a disk: its driver bound nothing) binds the
 * disk's line twice, sends on it, closes it and binds it again. */
static void pd_bind_twice(const char *name)
{
    evtchn_port_t port, again;
    struct evtchn_status status;

    if (bind_pirq(PHYSDEV_IDE_IRQ, 0, &port) < 0) {
        attack_bug("bind_pirq(IRQ 14) refused to domain 0 (boot this attack without a disk)");
        return;
    }
    if (evtchn_op_status(DOMID_SELF, port, &status) < 0 || status.status != EVTCHNSTAT_pirq ||
        status.u.pirq != PHYSDEV_IDE_IRQ)
        attack_bug("status(port %u) is %u (IRQ %u), not pirq 14", port, status.status,
                   status.u.pirq);
    expect_error("bind_pirq(IRQ 14, bound already)", bind_pirq(PHYSDEV_IDE_IRQ, 0, &again),
                 -HV_EBUSY);
    expect_error("send(the line's port)", evtchn_op_port(EVTCHNOP_send, port), -HV_EINVAL);
    expect_error("eoi(IRQ 14, bound)", eoi(PHYSDEV_IDE_IRQ), 0);
    expect_error("close(the line's port)", evtchn_op_port(EVTCHNOP_close, port), 0);
    expect_error("eoi(IRQ 14, closed)", eoi(PHYSDEV_IDE_IRQ), -HV_EINVAL);
    expect_error("bind_pirq(IRQ 14, free again)", bind_pirq(PHYSDEV_IDE_IRQ, 0, &again), 0);
}

/* Domain 0 says it serviced lines that are not bound to it. */
static void pd_eoi_unbound(const char *name)
{
    expect_error("eoi(IRQ 14, not bound)", eoi(PHYSDEV_IDE_IRQ), -HV_EINVAL);
    expect_error("eoi(IRQ 0, the timer's)", eoi(0), -HV_EINVAL);
    expect_error("eoi(IRQ 4, COM1's)", eoi(4), -HV_EINVAL);
    expect_error("eoi(IRQ 0x80000000)", eoi(0x80000000), -HV_EINVAL);
    expect_error("physdev_op(99)", HYPERVISOR_physdev_op(99, NULL), -HV_EINVAL);
    expect_error("eoi(argument in the hole)",
                 HYPERVISOR_physdev_op(PHYSDEVOP_eoi, (void *)HYPERVISOR_VIRT_START), -HV_EFAULT);
}

/* console_io(CONSOLEIO_write_for): domain 0's console back end writes
 * as a domU. A domU may not write as another, and nobody may name a
 * domain id beyond the table, or a buffer in the hole. */
static void pd_console_for(const char *name)
{
    static const char line[] = "not mine\n";
    int32_t r;
    r = hypercall4(__HYPERVISOR_console_io, CONSOLEIO_write_for, sizeof line - 1,
                   (uint32_t)line, start_info->domid == 0 ? 1 : 0);
    if (start_info->domid != 0) {
        expect_error("console_io(write_for, as d0)", r, -HV_EPERM);
        return;
    }
    expect_error("console_io(write_for, as d1)", r, (int32_t)sizeof line - 1);
    expect_error("console_io(write_for, as domain 70000)",
                 hypercall4(__HYPERVISOR_console_io, CONSOLEIO_write_for, 1, (uint32_t)line, 70000),
                 -HV_ESRCH);
    expect_error("console_io(write_for, a buffer in the hole)",
                 hypercall4(__HYPERVISOR_console_io, CONSOLEIO_write_for, 8,
                            HYPERVISOR_VIRT_START, 1), -HV_EFAULT);
    expect_error("console_io(write_for, 5000 bytes)",
                 hypercall4(__HYPERVISOR_console_io, CONSOLEIO_write_for, 5000, (uint32_t)line, 1),
                 -HV_EINVAL);
}

const struct probe hostile_physdev_attacks[] = {
    { "pd-domu-ports", 5, DEVICES, PROBE_KERNEL, pd_domu_ports, NULL },
    { "pd-domu-pirq", 5, DEVICES, PROBE_KERNEL, pd_domu_pirq, NULL },
    { "pd-dom0-ports", 5, DEVICES, PROBE_KERNEL, pd_dom0_ports, NULL },
    { "pd-bind-hv-irq", 5, DEVICES, PROBE_KERNEL, pd_bind_hv_irq, NULL },
    { "pd-bind-twice", 5, DEVICES, PROBE_KERNEL, pd_bind_twice, NULL },
    { "pd-eoi-unbound", 5, DEVICES, PROBE_KERNEL, pd_eoi_unbound, NULL },
    { "pd-console-for", 5, DEVICES, PROBE_KERNEL, pd_console_for, NULL },
    { NULL, 0, NULL, PROBE_EARLY, NULL, NULL },
};
