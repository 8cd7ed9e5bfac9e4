/*
 * hv.h - what every hypervisor source file needs (lab 1): the shared
 * interface, lib/'s string and printf functions, a few macros, and the
 * two headers every file uses: printing (console.h) and panics (debug.h).
 *
 * The rule for headers in hv/include: each one declares the functions of
 * the .c file of the same name (traps.h for traps.c, sched.h for
 * sched.c, ...). x86.h (instructions), directmap.h (addresses) and this
 * file declare no functions of their own.
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

#include <console.h>
#include <debug.h>

#endif
