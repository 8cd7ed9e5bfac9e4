/*
 * trap.h - traps, faults and the frame they leave on the hypervisor
 * stack (lab 1).
 */
#ifndef HV_TRAP_H
#define HV_TRAP_H

#include <stdint.h>

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

#define T_DIVIDE 0
#define T_DEBUG 1
#define T_NMI 2
#define T_BREAKPOINT 3
#define T_OVERFLOW 4
#define T_GP 13
#define T_PAGE_FAULT 14
#define NR_EXCEPTIONS 32
#define IRQ_BASE 0x20 /* where we move the PIC's 16 interrupts */

/* Installs the IDT and quiets the PIC. */
void traps_init(void);
/* Called by trapentry.S for every trap, fault and hypercall. */
void trap(struct trap_frame *tf);
/* Loads the page directory at current_cr3 and the registers in *tf:
 * runs the guest (trapentry.S). */
void __attribute__((__noreturn__)) enter_guest(const struct trap_frame *tf);
/* Machine address of the running guest's page directory. */
extern uint32_t current_cr3;

#endif
