/* LAB 4 FILE */
/*
 * events.h - event channels on the guest's side (lab 4): the shared_info
 * page, the handler of each port, and the guest's own "interrupts off",
 * which is the upcall mask in vcpu_info.
 *
 * The kernel runs with events masked. They are let in while a ring-3
 * process runs and in the idle loop (events_idle) only; an upcall may
 * also land on the first instructions of a system call or trap from
 * ring 3, before they mask events. So a handler never interrupts kernel
 * code halfway: it runs where the kernel holds nothing, and the kernel
 * needs no locks against it. A handler only records work (a process to
 * wake, a time slice that is over); the way out to ring 3
 * (return_to_user, swtch.S) does the rest.
 */
#ifndef GUESTOS_EVENTS_H
#define GUESTOS_EVENTS_H

/* Where the upcall flags are in the shared_info page, for the assembly
 * that masks and unmasks (vcpu_info[0] comes first; events.c checks). */
#define VCPU_UPCALL_PENDING 0
#define VCPU_UPCALL_MASK 1

#ifndef __ASSEMBLER__
#include <public/event_channel.h>

/* The page shared_info is mapped at: a page of the kernel's own, so that
 * a hypervisor without lab 4 leaves it a harmless page of zeros (no event
 * ever pending). */
extern char shared_info_page[];
#define HYPERVISOR_shared_info ((volatile struct shared_info *)shared_info_page)

typedef void (*evtchn_handler_t)(evtchn_port_t port);

/* Maps shared_info and registers the upcall, events masked. 0, or
 * -HV_ENOSYS when the hypervisor has no events (before lab 4): the kernel
 * then runs as in lab 3, its processes taking turns only when they yield. */
int events_init(void);
/* Whether events_init succeeded. */
extern int events_enabled;
/* Calls fn, with events masked, for each event on port (a few ports:
 * the table is short). */
void bind_handler(evtchn_port_t port, evtchn_handler_t fn);
/* Calls fn for each event on a port without a handler of its own (domain
 * 0's control channels, one per domU). */
void bind_default_handler(evtchn_handler_t fn);
/* The handler that takes port's events (bind_handler's, else the
 * default), or NULL: what the upcall runs for it. */
evtchn_handler_t handler_of(evtchn_port_t port);
/* A new port for virtual interrupt virq, with handler fn: the port, or a
 * negative error. */
int bind_virq(uint32_t virq, evtchn_handler_t fn);
/* Signals the other end of port. 0, or a negative error. */
int evtchn_send(evtchn_port_t port);
/* Whether port has an event waiting, which is then taken (its pending
 * bit cleared): for a caller that polls instead of taking upcalls. */
int evtchn_take(evtchn_port_t port);
/* Sleeps until an event arrives, then runs its upcall; events masked
 * again on return. For the idle loop. */
void events_idle(void);

/* The upcall, from trapentry.S: runs the handler of each pending port. */
void event_upcall(void);
#endif

#endif
