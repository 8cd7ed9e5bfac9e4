/*
 * printfmt.h - printf-style formatting shared by the hypervisor and the
 * guest OS (lab 1). Each side supplies its own output function; this file
 * only turns a format and arguments into characters.
 */
#ifndef LIB_PRINTFMT_H
#define LIB_PRINTFMT_H

#include <stdarg.h>
#include <stddef.h>

/*
 * Formats fmt with ap, calling putch(c, arg) for every character.
 * Knows %d %i %u %x %X %p %s %c %%, a width (N or *), a %s precision
 * (.N or .*), the '0' and '-' flags, and the 'l' length modifier (a no-op
 * on 32-bit x86). %p is always 0x and eight digits. Returns the characters made.
 */
int vformat(void (*putch)(int c, void *arg), void *arg, const char *fmt, va_list ap);

/* Formats into a buffer of its own (at most PRINT_LINE_MAX - 1 characters
 * are kept) and hands the result to write in one call; returns write's
 * answer. For consoles that take whole strings: a hypercall, a system call. */
#define PRINT_LINE_MAX 512
int vprint_to(int (*write)(const char *s, int n), const char *fmt, va_list ap);

/* Like snprintf: returns the length the whole result would have had. */
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int snprintf(char *buf, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
