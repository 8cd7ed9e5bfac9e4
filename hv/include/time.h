/* LAB 4 FILE */
/*
 * time.h - system time, the wall clock and timers (time.c, lab 4).
 */
#ifndef HV_TIME_H
#define HV_TIME_H

#include <stdint.h>

struct domain;
struct vcpu;

/*
 * A one-shot timer: fn(data) runs once, from the timer interrupt (with
 * interrupts off, like all hypervisor code), when system time reaches
 * deadline. Timers wait on one list, sorted by deadline.
 */
struct timer {
    uint64_t deadline;    /* ns since boot */
    struct timer *next;   /* on the list, or NULL */
    int active;
    void (*fn)(void *data);
    void *data;
};

/* Calibrates the TSC against the PIT, reads the CMOS clock, starts the
 * PIT as a one-shot timer. */
void time_init(void);
/* System time: ns since the hypervisor booted. */
uint64_t now(void);
/* Arms t for deadline (re-arming it if armed), or stops it. */
void timer_set(struct timer *t, uint64_t deadline);
void timer_stop(struct timer *t);
/* The timer interrupt (IRQ 0): runs the expired timers, programs the
 * next. */
void timer_interrupt(void);
/* Has a timer expired that the interrupt has not served? Long hypercalls
 * ask, to stop early (continuations). */
int timer_due(void);
/* Writes the time fields of d's shared_info (version protocol). */
void time_publish(struct domain *d);
/* set_timer_op(deadline): see public/hvlab.h. */
int32_t do_set_timer_op(struct vcpu *v, uint64_t deadline);
/* The ns a TSC delta is (the scale guests get in vcpu_time_info). */
uint64_t tsc_to_ns(uint64_t delta);

#endif
