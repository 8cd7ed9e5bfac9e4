/*
 * hypercall.h - the hypercall dispatcher (hypercall.c, lab 1).
 */
#ifndef HV_HYPERCALL_H
#define HV_HYPERCALL_H

struct trap_frame;
struct vcpu;

/* Runs the hypercall whose number and arguments are in v's registers tf
 * (public/hvlab.h) and puts its result in tf->eax. */
void do_hypercall(struct vcpu *v, struct trap_frame *tf);

#endif
