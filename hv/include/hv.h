/*
 * hv.h - what every hypervisor source file needs: the console and log
 * levels, panic, and how a run ends (lab 1).
 */
#ifndef HV_HV_H
#define HV_HV_H

#include <stddef.h>
#include <stdint.h>
#include <public/hvlab.h>
#include <lib/string.h>
#include <lib/printfmt.h>

#define noreturn __attribute__((__noreturn__))
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define DIV_ROUND_UP(n, d) (((n) + (d) - 1) / (d))

/* Log levels, chosen on the command line with loglvl=. */
enum loglevel { LOG_ERR = 1, LOG_WARN, LOG_INFO, LOG_DEBUG };
extern int hv_loglevel;

/*
 * Every hypervisor log line reads "hv: [d<N>: ]<subsystem>: <what>".
 * printk always prints; hv_log prints when the log level allows.
 */
void printk(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
#define hv_log(level, ...)                                                     \
    do {                                                                       \
        if ((level) <= hv_loglevel)                                            \
            printk(__VA_ARGS__);                                               \
    } while (0)

/* console.c */
void console_init(void);
void console_write(const char *s, size_t n);
/* Waits until every byte written has left the serial port. */
void console_drain(void);

/* debug.c: prints the call chain that starts at frame pointer ebp. */
void backtrace(uint32_t ebp);
/* Name of the function containing addr and addr's offset in it, or NULL. */
const char *symbol_lookup(uint32_t addr, uint32_t *offset);

/* A hypervisor bug: log, backtrace, end the run with HV_EXIT_PANIC. */
void noreturn panic(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Bad input at boot: one clear line, end the run with HV_EXIT_BAD_INPUT. */
void noreturn boot_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Ends the run: exits QEMU (or Bochs) with status, else halts. */
void noreturn end_run(int status);

#endif
