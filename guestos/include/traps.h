/* LAB 2 FILE */
/*
 * traps.h - the guest kernel's trap frame and handlers (lab 2).
 */
#ifndef GUESTOS_TRAPS_H
#define GUESTOS_TRAPS_H

#include <stdint.h>

/* What trapentry.S leaves on the stack, lowest address first. esp and
 * ss are there only for a trap from ring 3. */
struct guest_trap_frame {
    uint32_t edi, esi, ebp, kernel_esp, ebx, edx, ecx, eax;
    uint32_t vector, cr2, error;
    uint32_t eip, cs, eflags;
    uint32_t esp, ss;
};

/* Registers the kernel's trap table with the hypervisor. */
void traps_init(void);
/* Called by trapentry.S for every trap. */
void guest_trap(struct guest_trap_frame *f);
/* Where the next trap resumes, when a caller expects one; 0 otherwise. */
extern uint32_t trap_recover;
/* The frame of the last trap taken with trap_recover armed (probes). */
extern struct guest_trap_frame last_trap;

/* The exception vectors the kernel and the probes name. */
#define T_DEBUG 1
#define T_BREAKPOINT 3
#define T_INVALID_OP 6
#define T_INVALID_TSS 10
#define T_GP 13
#define T_PAGE_FAULT 14

/* EFLAGS bits the handler clears where it resumes. */
#define EFLAGS_TF 0x00000100 /* single-step */
#define EFLAGS_NT 0x00004000 /* nested task */

#endif
