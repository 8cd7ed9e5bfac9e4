/*
 * debug.h - panics, backtraces and the end of a run (debug.c, lab 1).
 */
#ifndef HV_DEBUG_H
#define HV_DEBUG_H

#include <stdint.h>

/* Prints the call chain that starts at frame pointer ebp. */
void backtrace(uint32_t ebp);
/* Name of the function containing addr and addr's offset in it, or NULL. */
const char *symbol_lookup(uint32_t addr, uint32_t *offset);

/* A hypervisor bug: log, backtrace, end the run with HV_EXIT_PANIC. */
void __attribute__((__noreturn__, format(printf, 1, 2))) panic(const char *fmt, ...);
/* Bad input at boot: one clear line, end the run with HV_EXIT_BAD_INPUT. */
void __attribute__((__noreturn__, format(printf, 1, 2))) boot_error(const char *fmt, ...);
/* Ends the run: exits QEMU (or Bochs) with status, else halts. */
void __attribute__((__noreturn__)) end_run(int status);

#endif
