/*
 * sched.h - which vCPU runs, and what is loaded on the CPU for it
 * (sched.c, lab 1; sched_op from lab 2).
 */
#ifndef HV_SCHED_H
#define HV_SCHED_H

#include <stdint.h>

struct domain;
struct trap_frame;
struct vcpu;

/*
 * What is loaded on the (one) CPU now. switch_to() fills it in; the code
 * that loads each part keeps its field: traps.c the fast system-call
 * gate, descriptors.c the guest's GDT entries, physdev.c the I/O
 * bitmap. Nothing else has a copy.
 */
struct cpu {
    uint32_t cr3;            /* the page directory the way back to a guest loads
                              * (machine address; trapentry.S reads it: keep first) */
    struct vcpu *vcpu;       /* the vCPU running, or NULL while the hypervisor runs alone */
    int resched;             /* set by a hypercall: run another vCPU before returning */
    /* LAB 2 BEGIN */
    int fast_trap;           /* the IDT vector open as a guest's fast system call, or -1 */
    uint32_t gdt_entries;    /* guest descriptors in the GDT */
    /* LAB 2 END */
    /* LAB 5 BEGIN */
    int io_ports_open;       /* the TSS opens domain 0's device ports (physdev.c) */
    /* LAB 5 END */
};

extern struct cpu cpu;
/* The vCPU running: Xen's name. */
#define current (cpu.vcpu)

/* struct vcpu's state. */
enum {
    VCPU_RUNNABLE,  /* running, or on the run queue */
    VCPU_DEAD,      /* its domain is being destroyed */
    /* LAB 4 BEGIN */
    VCPU_BLOCKED,   /* SCHEDOP_block: until an upcall is pending */
    VCPU_POLLING,   /* SCHEDOP_poll: until an event or the timeout */
    /* LAB 4 END */
};

/* A new vCPU joins the run queue; a dying one leaves the scheduler. */
void sched_add(struct vcpu *v);
void sched_remove(struct vcpu *v);
/* Runs the next vCPU; ends the run when no domain is left. */
void __attribute__((__noreturn__)) schedule(void);
/* Before trap() returns to the guest whose registers are tf: loads its
 * address space, or runs another vCPU if one was asked for. */
void sched_return_to_guest(struct trap_frame *tf);
/* LAB 2 BEGIN */
/* sched_op(cmd, arg): see public/hvlab.h. */
int32_t do_sched_op(struct vcpu *v, uint32_t cmd, uint32_t arg_va);
/* LAB 2 END */
/* LAB 4 BEGIN */
/* An upcall is pending for v: it runs again if it blocked. */
void sched_wake(struct vcpu *v);
/* An event arrived for v: it runs again if it polls. */
void sched_wake_poller(struct vcpu *v);
/* Sets up v's timers. */
void sched_init_vcpu(struct vcpu *v);
/* LAB 4 END */

#endif
