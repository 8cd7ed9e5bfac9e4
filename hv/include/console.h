/*
 * console.h - the hypervisor's console and log, and each domain's
 * console (console.c, lab 1).
 */
#ifndef HV_CONSOLE_H
#define HV_CONSOLE_H

#include <stddef.h>
#include <stdint.h>

struct domain;

/* Log levels, chosen on the command line with loglvl=. */
enum loglevel { LOG_ERR = 1, LOG_WARN, LOG_INFO, LOG_DEBUG };
extern int hv_loglevel;
extern int hv_trace; /* the trace option (lab 2): log every hypercall and bounce */

void console_init(void);
void console_write(const char *s, size_t n);
/* Waits until every byte written has left the serial port. */
void console_drain(void);

/* Prints to the console, always. */
void printk(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/*
 * The one way to write a log line: "hv: d<N>: <subsystem>: <message>\n",
 * or "hv: <subsystem>: <message>\n" when d is NULL, if the log level
 * allows level. A request a guest got wrong is logged at LOG_ERR, which
 * every log level shows.
 */
void hvlog(enum loglevel level, const struct domain *d, const char *subsystem, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* console_io(cmd, count, buffer[, dom]): see public/hvlab.h. */
int32_t do_console_io(struct domain *d, uint32_t cmd, int32_t count, uint32_t buffer_va,
                      uint32_t dom);
/* Prints what is left of d's last console line. */
void console_flush(struct domain *d);
/* LAB 4 BEGIN */
/* Console input: the serial port's receive interrupt, for domain 0. */
void console_input_init(void);
void console_interrupt(void);
/* LAB 4 END */

#endif
