/*
 * hypercall.c - the hypercall dispatcher (lab 1).
 *
 * A guest kernel makes a hypercall with "int $0x82": the number in eax,
 * up to five arguments in ebx, ecx, edx, esi and edi, the result back in
 * eax (public/hvlab.h). trap() (traps.c) sends it here. do_hypercall()
 * unpacks the registers once, and dispatch() hands them, typed, to the
 * handler, which lives with its subsystem: console_io in console.c, the
 * trap calls in traps.c, sched_op in sched.c, the page-table calls in
 * mm.c. A handler never sees the registers; a guest pointer reaches it
 * as a guest virtual address (a *_va argument), which it may only read
 * or write through guest_access.c.
 *
 * Each lab adds its hypercalls as rows: a case in dispatch() and a name
 * in hypercall_names[].
 */
#include <console.h>
#include <domain.h>
#include <hypercall.h>
/* LAB 2 BEGIN */
#include <descriptors.h>
#include <sched.h>
#include <version.h>
/* LAB 2 END */
/* LAB 3 BEGIN */
#include <mm.h>
/* LAB 3 END */
/* LAB 4 BEGIN */
#include <event.h>
#include <time.h>
/* LAB 4 END */
/* LAB 5 BEGIN */
#include <grant.h>
#include <physdev.h>
/* LAB 5 END */

/* The hypercalls there are, by number: any other is refused. */
static const char *const hypercall_names[] = {
    [__HYPERVISOR_console_io] = "console_io",
    /* LAB 2 BEGIN */
    [__HYPERVISOR_set_trap_table] = "set_trap_table",
    [__HYPERVISOR_set_gdt] = "set_gdt",
    [__HYPERVISOR_stack_switch] = "stack_switch",
    [__HYPERVISOR_set_callbacks] = "set_callbacks",
    [__HYPERVISOR_update_descriptor] = "update_descriptor",
    [__HYPERVISOR_xen_version] = "xen_version",
    [__HYPERVISOR_sched_op] = "sched_op",
    /* LAB 2 END */
    /* LAB 3 BEGIN */
    [__HYPERVISOR_mmu_update] = "mmu_update",
    [__HYPERVISOR_update_va_mapping] = "update_va_mapping",
    [__HYPERVISOR_mmuext_op] = "mmuext_op",
    /* LAB 3 END */
    /* LAB 4 BEGIN */
    [__HYPERVISOR_set_timer_op] = "set_timer_op",
    [__HYPERVISOR_event_channel_op] = "event_channel_op",
    /* LAB 4 END */
    /* LAB 5 BEGIN */
    [__HYPERVISOR_grant_table_op] = "grant_table_op",
    [__HYPERVISOR_physdev_op] = "physdev_op",
    /* LAB 5 END */
};

/* Calls hypercall nr's handler with arguments a[0..4]; its result. */
static int32_t dispatch(struct vcpu *v, uint32_t nr, const uint32_t a[5])
{
    struct domain *d = v->domain;

    switch (nr) {
    case __HYPERVISOR_console_io:
        return do_console_io(d, a[0], (int32_t)a[1], a[2], a[3]);
    /* LAB 2 BEGIN */
    case __HYPERVISOR_set_trap_table:
        return do_set_trap_table(v, a[0]);
    case __HYPERVISOR_set_gdt:
        return do_set_gdt(d, a[0], a[1]);
    case __HYPERVISOR_stack_switch:
        return do_stack_switch(v, a[0], a[1]);
    case __HYPERVISOR_set_callbacks:
        return do_set_callbacks(v, a[0], a[1], a[2], a[3]);
    case __HYPERVISOR_update_descriptor:
        return do_update_descriptor(d, (uint64_t)a[1] << 32 | a[0], (uint64_t)a[3] << 32 | a[2]);
    case __HYPERVISOR_xen_version:
        return do_xen_version(d, a[0], a[1]);
    case __HYPERVISOR_sched_op:
        return do_sched_op(v, a[0], a[1]);
    /* LAB 2 END */
    /* LAB 3 BEGIN */
    case __HYPERVISOR_mmu_update:
        return do_mmu_update(d, a[0], a[1], a[2], a[3]);
    case __HYPERVISOR_update_va_mapping:
        return do_update_va_mapping(d, a[0], a[1], a[2], a[3]);
    case __HYPERVISOR_mmuext_op:
        return do_mmuext_op(d, a[0], a[1], a[2], a[3]);
    /* LAB 3 END */
    /* LAB 4 BEGIN */
    case __HYPERVISOR_set_timer_op:
        return do_set_timer_op(v, (uint64_t)a[1] << 32 | a[0]);
    case __HYPERVISOR_event_channel_op:
        return do_event_channel_op(v, a[0], a[1]);
    /* LAB 4 END */
    /* LAB 5 BEGIN */
    case __HYPERVISOR_grant_table_op:
        return do_grant_table_op(d, a[0], a[1], a[2]);
    case __HYPERVISOR_physdev_op:
        return do_physdev_op(d, a[0], a[1]);
    /* LAB 5 END */
    }
    panic("hypercall: %s (%u) has a name but no handler", hypercall_names[nr], nr);
}

/* LAB 4 BEGIN */
/* hypercall_continue's new arguments for the call being handled. */
static struct {
    int active;
    uint32_t args[4];
} continuation;

void hypercall_continue(uint32_t a0, uint32_t a1, uint32_t a2, uint32_t a3)
{
    continuation.active = 1;
    continuation.args[0] = a0;
    continuation.args[1] = a1;
    continuation.args[2] = a2;
    continuation.args[3] = a3;
}

/*
 * The guest makes the call again when it next runs: eip back over its
 * "int $0x82" (two bytes: a guest that adds prefixes only restarts in
 * the middle of its own instruction), eax the call's number, the other
 * registers the new arguments. Xen's hypercall continuations.
 */
static void continue_later(struct vcpu *v, struct trap_frame *tf, uint32_t nr)
{
    hvlog(LOG_DEBUG, v->domain, "hypercall", "%s stopped for a timer, to be made again",
          hypercall_names[nr]);
    continuation.active = 0;
    tf->eax = nr;
    tf->ebx = continuation.args[0];
    tf->ecx = continuation.args[1];
    tf->edx = continuation.args[2];
    tf->esi = continuation.args[3];
    tf->eip -= 2;
}
/* LAB 4 END */

void do_hypercall(struct vcpu *v, struct trap_frame *tf)
{
    const uint32_t args[5] = { tf->ebx, tf->ecx, tf->edx, tf->esi, tf->edi };
    uint32_t nr = tf->eax;

    if (nr >= ARRAY_SIZE(hypercall_names) || !hypercall_names[nr]) {
        hvlog(LOG_ERR, v->domain, "hypercall", "unknown hypercall %u", nr);
        tf->eax = (uint32_t)-HV_ENOSYS;
        return;
    }
    /* LAB 2 BEGIN */
    v->domain->nr_hypercalls++;
    /* LAB 2 END */
    tf->eax = (uint32_t)dispatch(v, nr, args);
    /* LAB 4 BEGIN */
    if (continuation.active)
        continue_later(v, tf, nr);
    /* LAB 4 END */
    /* LAB 2 BEGIN */
    if (hv_trace)
        hvlog(LOG_ERR, v->domain, "trace", "%s(%x, %x, %x, %x, %x) = %d", hypercall_names[nr],
              args[0], args[1], args[2], args[3], args[4], (int32_t)tf->eax);
    /* LAB 2 END */
}
