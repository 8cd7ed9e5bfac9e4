/* LAB 4 FILE */
/*
 * ctrl.h - the control channel between domain 0 and each domU (lab 4).
 */
#ifndef GUESTOS_CTRL_H
#define GUESTOS_CTRL_H

#include <stdint.h>

/* Domain 0: echoes the domUs' events and follows which are still
 * running. 0, or an error. */
int ctrl_init_dom0(void);
/* Domain 0: waits until every domU has ended, and says so. */
void ctrl_wait_domus(void);
/* Domain 0: one round trip to domU dom, for a process: its time in ns,
 * or -HV_ESRCH (no such domU, or it has ended), -ETIMEDOUT (no answer
 * within a second). */
int ctrl_ping(uint32_t dom);

/* A domU with an empty command line: 1000 round trips with domain 0,
 * reported in one line. */
void ctrl_exchange(void);
/* A domU started with ctrl=echo: answers every event domain 0 sends
 * (ping) until domain 0 ends the run. Does not return. */
void ctrl_echo(void) __attribute__((noreturn));

#endif
