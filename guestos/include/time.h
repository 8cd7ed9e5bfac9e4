/* LAB 4 FILE */
/*
 * time.h - time on the guest's side (lab 4): system time, the wall
 * clock, and the domain's one timer.
 */
#ifndef GUESTOS_TIME_H
#define GUESTOS_TIME_H

#include <stdint.h>

#define NS_PER_SEC 1000000000U

/* Binds VIRQ_TIMER to the scheduler's proc_timer(). 0, or an error. */
int time_init(void);
/* System time: nanoseconds since the hypervisor booted. */
uint64_t gettime(void);
/* The time of day: seconds since 1970 (UTC) and nanoseconds. */
void wallclock(uint32_t *sec, uint32_t *nsec);
/* VIRQ_TIMER at system time deadline; 0: no timer. */
void timer_set(uint64_t deadline);
/* n / unit, with the remainder in *rem (if not NULL); UINT32_MAX when
 * the quotient does not fit 32 bits. */
uint32_t div64(uint64_t n, uint32_t unit, uint32_t *rem);

#endif
