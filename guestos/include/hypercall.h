/*
 * hypercall.h - the guest's side of the hypercall ABI (lab 1): int $0x82
 * with the number in eax and arguments in ebx, ecx, edx, esi, edi
 * (public/hvlab.h). One inline function per hypercall, named as in Xen.
 */
#ifndef GUESTOS_HYPERCALL_H
#define GUESTOS_HYPERCALL_H

#include <public/hvlab.h>
/* LAB 4 BEGIN */
#include <public/event_channel.h>
/* LAB 4 END */
/* LAB 5 BEGIN */
#include <public/grant_table.h>
#include <public/physdev.h>
/* LAB 5 END */

static inline int32_t hypercall3(uint32_t nr, uint32_t a1, uint32_t a2, uint32_t a3)
{
    int32_t ret;
    __asm__ volatile("int $0x82"
                     : "=a"(ret), "+b"(a1), "+c"(a2), "+d"(a3)
                     : "a"(nr)
                     : "memory");
    return ret;
}

/* Writes count bytes to the console; returns count or a negative error. */
static inline int32_t HYPERVISOR_console_io(int cmd, int count, const char *buffer)
{
    return hypercall3(__HYPERVISOR_console_io, (uint32_t)cmd, (uint32_t)count,
                      (uint32_t)buffer);
}

/* LAB 2 BEGIN */
static inline int32_t hypercall2(uint32_t nr, uint32_t a1, uint32_t a2)
{
    return hypercall3(nr, a1, a2, 0);
}

static inline int32_t hypercall4(uint32_t nr, uint32_t a1, uint32_t a2, uint32_t a3, uint32_t a4)
{
    int32_t ret;
    __asm__ volatile("int $0x82"
                     : "=a"(ret), "+b"(a1), "+c"(a2), "+d"(a3), "+S"(a4)
                     : "a"(nr)
                     : "memory");
    return ret;
}

static inline int32_t HYPERVISOR_set_trap_table(const struct trap_info *table)
{
    return hypercall3(__HYPERVISOR_set_trap_table, (uint32_t)table, 0, 0);
}

static inline int32_t HYPERVISOR_stack_switch(uint32_t ss, uint32_t esp)
{
    return hypercall2(__HYPERVISOR_stack_switch, ss, esp);
}

static inline int32_t HYPERVISOR_set_callbacks(uint32_t event_cs, uint32_t event,
                                               uint32_t failsafe_cs, uint32_t failsafe)
{
    return hypercall4(__HYPERVISOR_set_callbacks, event_cs, event, failsafe_cs, failsafe);
}

static inline int32_t HYPERVISOR_xen_version(int cmd, void *arg)
{
    return hypercall2(__HYPERVISOR_xen_version, (uint32_t)cmd, (uint32_t)arg);
}

static inline int32_t HYPERVISOR_sched_op(int cmd, void *arg)
{
    return hypercall2(__HYPERVISOR_sched_op, (uint32_t)cmd, (uint32_t)arg);
}

/* Ends this domain; returns only if the hypervisor refused. */
static inline int32_t HYPERVISOR_shutdown(uint32_t reason)
{
    struct sched_shutdown s = { reason };
    return HYPERVISOR_sched_op(SCHEDOP_shutdown, &s);
}

static inline int32_t HYPERVISOR_set_gdt(const uint32_t *frame_list, int entries)
{
    return hypercall2(__HYPERVISOR_set_gdt, (uint32_t)frame_list, (uint32_t)entries);
}

/* ma: the machine address of the GDT entry; desc: what it becomes. */
static inline int32_t HYPERVISOR_update_descriptor(uint64_t ma, uint64_t desc)
{
    return hypercall4(__HYPERVISOR_update_descriptor, (uint32_t)ma, (uint32_t)(ma >> 32),
                      (uint32_t)desc, (uint32_t)(desc >> 32));
}
/* LAB 2 END */

/* LAB 3 BEGIN */
/* Applies count page-table updates in order; *done (if done is not NULL)
 * says how many were. 0, or the first refusal's negative error. */
static inline int32_t HYPERVISOR_mmu_update(const struct mmu_update *req, int count, int *done,
                                            domid_t dom)
{
    return hypercall4(__HYPERVISOR_mmu_update, (uint32_t)req, (uint32_t)count, (uint32_t)done,
                      dom);
}

/* The entry that maps va becomes val, then the TLB is flushed as flags
 * (UVMF_*) say. Registers as for update_descriptor: val's low half, then
 * its high half. */
static inline int32_t HYPERVISOR_update_va_mapping(uint32_t va, uint64_t val, uint32_t flags)
{
    return hypercall4(__HYPERVISOR_update_va_mapping, va, (uint32_t)val, (uint32_t)(val >> 32),
                      flags);
}

/* Runs count MMUEXT_* operations in order; *done as for mmu_update. */
static inline int32_t HYPERVISOR_mmuext_op(const struct mmuext_op *op, int count, int *done,
                                           domid_t dom)
{
    return hypercall4(__HYPERVISOR_mmuext_op, (uint32_t)op, (uint32_t)count, (uint32_t)done, dom);
}
/* LAB 3 END */

/* LAB 4 BEGIN */
/* Runs event-channel command cmd (EVTCHNOP_*) on the structure at arg;
 * 0, or a negative error (public/event_channel.h). */
static inline int32_t HYPERVISOR_event_channel_op(int cmd, void *arg)
{
    return hypercall2(__HYPERVISOR_event_channel_op, (uint32_t)cmd, (uint32_t)arg);
}

/* VIRQ_TIMER fires once system time reaches deadline (ns); 0 cancels. */
static inline int32_t HYPERVISOR_set_timer_op(uint64_t deadline)
{
    return hypercall2(__HYPERVISOR_set_timer_op, (uint32_t)deadline, (uint32_t)(deadline >> 32));
}

/* Sleeps until an event is pending, unmasking events first: call it with
 * events masked, and the upcall runs as it returns. */
static inline int32_t HYPERVISOR_block(void)
{
    return HYPERVISOR_sched_op(SCHEDOP_block, 0);
}

/* Sleeps until port is pending or system time reaches timeout (0: no
 * timeout), without the upcall: the caller looks at the pending bit. */
static inline int32_t HYPERVISOR_poll(evtchn_port_t port, uint64_t timeout)
{
    struct sched_poll poll = { (uint32_t)&port, 1, timeout };
    return HYPERVISOR_sched_op(SCHEDOP_poll, &poll);
}
/* LAB 4 END */
/* LAB 5 BEGIN */

/* Domain 0 writes count bytes as domain dom's console output. */
static inline int32_t HYPERVISOR_console_io_for(int count, const char *buffer, domid_t dom)
{
    return hypercall4(__HYPERVISOR_console_io, CONSOLEIO_write_for, (uint32_t)count,
                      (uint32_t)buffer, dom);
}
/* LAB 5 END */

/* LAB 5 BEGIN */
/* Runs count grant-table operations of kind cmd (GNTTABOP_*) from the
 * array at uops; each says in its status how it went. 0, or a negative
 * error for the call as a whole (public/grant_table.h). */
static inline int32_t HYPERVISOR_grant_table_op(int cmd, void *uops, uint32_t count)
{
    return hypercall3(__HYPERVISOR_grant_table_op, (uint32_t)cmd, (uint32_t)uops, count);
}
/* LAB 5 END */

/* LAB 5 BEGIN */
/* Runs physdev command cmd (PHYSDEVOP_*) on the structure at arg; 0, or a
 * negative error (public/physdev.h). */
static inline int32_t HYPERVISOR_physdev_op(int cmd, void *arg)
{
    return hypercall2(__HYPERVISOR_physdev_op, (uint32_t)cmd, (uint32_t)arg);
}
/* LAB 5 END */

#endif
