/*
 * console.c - the guest kernel's console (lab 1): printk formats into a
 * buffer and hands it to the hypervisor with one console_io hypercall. In
 * lab 5 domUs get a console ring to domain 0 instead.
 */
#include <hypercall.h>
#include <kernel.h>

static int console_write(const char *s, int n)
{
    return HYPERVISOR_console_io(CONSOLEIO_write, n, s);
}

void printk(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vprint_to(console_write, fmt, ap);
    va_end(ap);
}
