/*
 * hypercall.h - the hypercall dispatcher (hypercall.c, lab 1).
 */
#ifndef HV_HYPERCALL_H
#define HV_HYPERCALL_H

#include <stdint.h>

struct trap_frame;
struct vcpu;

/* Runs the hypercall whose number and arguments are in v's registers tf
 * (public/hvlab.h) and puts its result in tf->eax. */
void do_hypercall(struct vcpu *v, struct trap_frame *tf);
/* LAB 4 BEGIN */
/* Called by a handler that stops early: the guest will make the same
 * hypercall again, with these arguments (in ebx, ecx, edx, esi). */
void hypercall_continue(uint32_t a0, uint32_t a1, uint32_t a2, uint32_t a3);
/* LAB 4 END */

#endif
