/*
 * traps.h - traps, faults and the frame they leave on the hypervisor
 * stack (traps.c and trapentry.S, lab 1), and the hypercalls that give a
 * guest its own trap handlers (lab 2).
 */
#ifndef HV_TRAPS_H
#define HV_TRAPS_H

#include <stdint.h>

struct domain;
struct vcpu;

/*
 * What trapentry.S saves, lowest address first: the general registers
 * (pushal), the data segments, the vector and error code, then what the
 * CPU pushed. esp and ss are there only when the trap came from ring 1
 * or 3 (a change of privilege); a guest always has them.
 */
struct trap_frame {
    uint32_t edi, esi, ebp, hv_esp, ebx, edx, ecx, eax;
    uint32_t gs, fs, es, ds;
    uint32_t vector, error_code;
    uint32_t eip, cs, eflags;
    uint32_t esp, ss;
};

#define T_DEBUG 1
#define T_BREAKPOINT 3
#define T_OVERFLOW 4
#define T_GP 13
#define T_PAGE_FAULT 14
#define NR_EXCEPTIONS 32
#define IRQ_BASE 0x20 /* where pic.c moves the PIC's 16 interrupts */

/* The exceptions for which the CPU pushes an error code: #DF, #TS, #NP,
 * #SS, #GP, #PF and #AC (Intel SDM vol. 3, table 6-1). trapentry.S's
 * stubs and the bounce frame both follow this. */
#define EXCEPTION_HAS_ERROR_CODE(v) \
    ((v) == 8 || ((v) >= 10 && (v) <= 14) || (v) == 17)

/* Installs the IDT. */
void traps_init(void);
/* Called by trapentry.S for every trap, fault, interrupt and hypercall. */
void trap(struct trap_frame *tf);
/* Loads the page directory at cpu.cr3 and the registers in *tf: runs the
 * guest (trapentry.S). */
void __attribute__((__noreturn__)) enter_guest(const struct trap_frame *tf);
/* Kills d with a register dump of tf, saying why. */
void __attribute__((__noreturn__)) crash_domain(struct domain *d, const struct trap_frame *tf,
                                                const char *why);
/* LAB 2 BEGIN */
/* Bounces the trap in tf to v's handler; 0, or -1 when v has none (a
 * frame that cannot be written kills its domain). */
int bounce_trap(struct vcpu *v, struct trap_frame *tf);
/* What the CPU needs to run v's traps and system calls without us: its
 * fast system-call gate and its ring-1 stack. */
void load_guest_traps(const struct vcpu *v);
/* The hypercalls of lab 2 that set v's handlers: see public/hvlab.h. */
int32_t do_set_trap_table(struct vcpu *v, uint32_t table_va);
int32_t do_stack_switch(struct vcpu *v, uint32_t ss, uint32_t esp);
int32_t do_set_callbacks(struct vcpu *v, uint32_t event_cs, uint32_t event_address,
                         uint32_t failsafe_cs, uint32_t failsafe_address);
/* LAB 2 END */
/* LAB 4 BEGIN */
/* On the way back to v (registers tf): sends it to its event callback if
 * an event is pending and it has not masked events. */
void deliver_upcall(struct vcpu *v, struct trap_frame *tf);
/* LAB 4 END */

#endif
