/*
 * hypercall.c - the hypercall table and the hypercalls of lab 1.
 *
 * A guest kernel makes a hypercall with "int $0x82" (see public/hvlab.h
 * for the registers). trap() sends it here; we look the number up in
 * hypercall_table and put the result in the guest's eax. Lab 1 has one
 * hypercall, console_io, just enough for a guest to print; lab 2 fills
 * the table.
 */
#include <domain.h>

struct hypercall {
    const char *name;
    int32_t (*handler)(struct domain *d, struct trap_frame *tf);
};

/*
 * Adds the bytes to d's console line and prints every complete line as
 * "(dN) text". Control characters other than tab become '?': a guest must
 * not be able to send escape sequences to the terminal of whoever reads
 * the console.
 */
static void console_append(struct domain *d, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c != '\n' && c != '\t' && (c < 0x20 || c == 0x7F))
            c = '?';
        if (c != '\n')
            d->console_line[d->console_len++] = c;
        if (c == '\n' || d->console_len == CONSOLE_LINE_MAX) {
            printk("(d%u) %.*s\n", d->domid, (int)d->console_len, d->console_line);
            d->console_len = 0;
        }
    }
}

void console_flush(struct domain *d)
{
    if (d->console_len)
        console_append(d, "\n", 1);
}

/* console_io(cmd = ebx, count = ecx, buffer = edx) */
static int32_t do_console_io(struct domain *d, struct trap_frame *tf)
{
    static char buf[CONSOLEIO_MAX]; /* one CPU, interrupts off: one user */
    uint32_t cmd = tf->ebx, count = tf->ecx, buffer = tf->edx;

    if (cmd != CONSOLEIO_write) {
        printk("hv: d%u: console_io: unknown command %u\n", d->domid, cmd);
        return -HV_EINVAL;
    }
    /* count is unsigned here, so a negative int from the guest is huge. */
    if (count > CONSOLEIO_MAX) {
        printk("hv: d%u: console_io: count %d is not in [0, %u]\n", d->domid, (int32_t)count,
               CONSOLEIO_MAX);
        return -HV_EINVAL;
    }
    if (copy_from_guest(buf, buffer, count) < 0) {
        printk("hv: d%u: console_io: buffer 0x%08x+%u is not mapped below the hole\n", d->domid,
               buffer, count);
        return -HV_EFAULT;
    }
    console_append(d, buf, count);
    return (int32_t)count;
}

/* LAB 2 BEGIN */
/* Is a handler at cs:address one that runs in the guest's ring 1? A ring-0
 * selector here would hand the guest the hypervisor's privilege. */
static int guest_code(uint32_t cs, uint32_t address)
{
    return cs == FLAT_RING1_CS && address < HYPERVISOR_VIRT_START;
}

/*
 * Reads the guest's trap table at va into table (which starts as the
 * domain's current one), checking every entry; *fast becomes the fast
 * system-call vector. 0, or a negative error with one log line.
 */
static int32_t read_trap_table(struct domain *d, uint32_t va, struct trap_info *table, int *fast)
{
    /* LAB 2 SOLUTION BEGIN: return -HV_ENOSYS; */
    for (int n = 0;; n++, va += sizeof(struct trap_info)) {
        struct trap_info ti;
        if (n > 256) {
            printk("hv: d%u: set_trap_table: more than 256 entries and no end\n", d->domid);
            return -HV_EINVAL;
        }
        if (copy_from_guest(&ti, va, sizeof ti) < 0) {
            printk("hv: d%u: set_trap_table: entry %d at 0x%08x is not mapped below the hole\n",
                   d->domid, n, va);
            return -HV_EFAULT;
        }
        if (!ti.address)
            break;
        if (!guest_code(ti.cs, ti.address)) {
            printk("hv: d%u: set_trap_table: vector %u: %04x:%08x is not guest ring-1 code\n",
                   d->domid, ti.vector, ti.cs, ti.address);
            return -HV_EINVAL;
        }
        if (ti.vector >= 32 && TI_DPL(&ti) == 3) {
            /* The IDT is every domain's: a gate on a vector the hypervisor
             * uses (its hypercall gate, the PIC's interrupts) would take
             * that vector over for everyone. */
            if (ti.vector == HYPERCALL_VECTOR || (ti.vector >= IRQ_BASE && ti.vector < IRQ_BASE + 16)) {
                printk("hv: d%u: set_trap_table: vector %u is the hypervisor's; it cannot be a fast system call\n",
                       d->domid, ti.vector);
                return -HV_EINVAL;
            }
            if (*fast >= 0 && *fast != ti.vector) {
                printk("hv: d%u: set_trap_table: vector %u: a second fast system call (%d is one)\n",
                       d->domid, ti.vector, *fast);
                return -HV_EINVAL;
            }
            *fast = ti.vector;
        } else if (ti.vector == *fast) {
            /* The fast system call registered again with DPL 0-2: its
             * real gate must go, or ring 3 would still reach the handler
             * straight through the IDT, past the new table. */
            *fast = -1;
        }
        table[ti.vector] = ti;
    }
    return 0;
    /* LAB 2 SOLUTION END */
}

/* set_trap_table(table = ebx): see public/hvlab.h. Nothing of a table
 * with a bad entry is taken. */
static int32_t do_set_trap_table(struct domain *d, struct trap_frame *tf)
{
    static struct trap_info table[256]; /* one CPU: one caller at a time */
    int fast = d->fast_trap;

    if (!tf->ebx) {
        memset(d->traps, 0, sizeof d->traps);
        d->fast_trap = -1;
        load_guest_traps(d);
        return 0;
    }
    memcpy(table, d->traps, sizeof table);
    int32_t err = read_trap_table(d, tf->ebx, table, &fast);
    if (err < 0)
        return err;
    memcpy(d->traps, table, sizeof d->traps);
    d->fast_trap = fast;
    load_guest_traps(d);
    return 0;
}

/* stack_switch(ss = ebx, esp = ecx) */
static int32_t do_stack_switch(struct domain *d, struct trap_frame *tf)
{
    /* Only the guest's own ring-1 stack segment: the CPU would refuse any
     * other when a ring-3 program makes a system call (a fault inside the
     * hypervisor's trap delivery), and a stack in the hole would have us
     * write trap frames over the hypervisor. */
    if (tf->ebx != FLAT_RING1_DS || tf->ecx > HYPERVISOR_VIRT_START) {
        printk("hv: d%u: stack_switch: %04x:%08x is not a ring-1 stack below the hole\n",
               d->domid, tf->ebx, tf->ecx);
        return -HV_EINVAL;
    }
    d->kernel_ss = tf->ebx;
    d->kernel_sp = tf->ecx;
    tss_set_ring1_stack(d->kernel_ss, d->kernel_sp);
    return 0;
}

/* set_callbacks(event_cs = ebx, event = ecx, failsafe_cs = edx, failsafe = esi) */
static int32_t do_set_callbacks(struct domain *d, struct trap_frame *tf)
{
    if (!guest_code(tf->edx, tf->esi) || (tf->ecx && !guest_code(tf->ebx, tf->ecx))) {
        printk("hv: d%u: set_callbacks: %04x:%08x or %04x:%08x is not guest ring-1 code\n",
               d->domid, tf->ebx, tf->ecx, tf->edx, tf->esi);
        return -HV_EINVAL;
    }
    d->failsafe_cs = tf->edx;
    d->failsafe_address = tf->esi;
    return 0;
}

#define HVLAB_VERSION_MAJOR 1
#define HVLAB_VERSION_MINOR 0

/* xen_version(cmd = ebx, arg = ecx) */
static int32_t do_xen_version(struct domain *d, struct trap_frame *tf)
{
    static const char extra[XEN_EXTRAVERSION_LEN] = "-hvlab";
    switch (tf->ebx) {
    case XENVER_version:
        return HVLAB_VERSION_MAJOR << 16 | HVLAB_VERSION_MINOR;
    case XENVER_extraversion:
        if (copy_to_guest(tf->ecx, extra, sizeof extra) < 0) {
            printk("hv: d%u: xen_version: buffer 0x%08x+%u is not mapped writable below the hole\n",
                   d->domid, tf->ecx, XEN_EXTRAVERSION_LEN);
            return -HV_EFAULT;
        }
        return 0;
    }
    printk("hv: d%u: xen_version: unknown command %u\n", d->domid, tf->ebx);
    return -HV_EINVAL;
}

/* sched_op(cmd = ebx, arg = ecx) */
static int32_t do_sched_op(struct domain *d, struct trap_frame *tf)
{
    static const char *const reasons[] = {
        [SHUTDOWN_poweroff] = "poweroff", [SHUTDOWN_reboot] = "reboot", [SHUTDOWN_crash] = "crash",
    };
    struct sched_shutdown shutdown;

    switch (tf->ebx) {
    case SCHEDOP_yield:
        tf->eax = 0;
        d->regs = *tf;
        schedule();
    case SCHEDOP_shutdown:
        if (copy_from_guest(&shutdown, tf->ecx, sizeof shutdown) < 0) {
            printk("hv: d%u: sched_op: shutdown reason at 0x%08x is not mapped\n", d->domid, tf->ecx);
            return -HV_EFAULT;
        }
        if (shutdown.reason >= ARRAY_SIZE(reasons) || !reasons[shutdown.reason]) {
            printk("hv: d%u: sched_op: unknown shutdown reason %u\n", d->domid, shutdown.reason);
            return -HV_EINVAL;
        }
        printk("hv: d%u: sched_op: shutdown: %s\n", d->domid, reasons[shutdown.reason]);
        domain_kill(d);
    }
    printk("hv: d%u: sched_op: unknown command %u\n", d->domid, tf->ebx);
    return -HV_EINVAL;
}
/* LAB 2 END */

static const struct hypercall hypercall_table[] = {
    [__HYPERVISOR_console_io] = { "console_io", do_console_io },
    /* LAB 2 BEGIN */
    [__HYPERVISOR_set_trap_table] = { "set_trap_table", do_set_trap_table },
    [__HYPERVISOR_set_gdt] = { "set_gdt", do_set_gdt },
    [__HYPERVISOR_stack_switch] = { "stack_switch", do_stack_switch },
    [__HYPERVISOR_set_callbacks] = { "set_callbacks", do_set_callbacks },
    [__HYPERVISOR_update_descriptor] = { "update_descriptor", do_update_descriptor },
    [__HYPERVISOR_xen_version] = { "xen_version", do_xen_version },
    [__HYPERVISOR_sched_op] = { "sched_op", do_sched_op },
    /* LAB 2 END */
    /* LAB 3 BEGIN */
    [__HYPERVISOR_mmu_update] = { "mmu_update", do_mmu_update },
    [__HYPERVISOR_update_va_mapping] = { "update_va_mapping", do_update_va_mapping },
    [__HYPERVISOR_mmuext_op] = { "mmuext_op", do_mmuext_op },
    /* LAB 3 END */
};

void do_hypercall(struct domain *d, struct trap_frame *tf)
{
    uint32_t nr = tf->eax;
    if (nr >= ARRAY_SIZE(hypercall_table) || !hypercall_table[nr].handler) {
        printk("hv: d%u: hypercall: unknown hypercall %u\n", d->domid, nr);
        tf->eax = (uint32_t)-HV_ENOSYS;
        return;
    }
    /* LAB 2 BEGIN */
    uint32_t args[5] = { tf->ebx, tf->ecx, tf->edx, tf->esi, tf->edi };
    d->nr_hypercalls++;
    /* LAB 2 END */
    tf->eax = (uint32_t)hypercall_table[nr].handler(d, tf);
    /* LAB 2 BEGIN */
    if (hv_trace)
        printk("hv: d%u: trace: %s(%x, %x, %x, %x, %x) = %d\n", d->domid, hypercall_table[nr].name,
               args[0], args[1], args[2], args[3], args[4], (int32_t)tf->eax);
    /* LAB 2 END */
}
