/*
 * console.c - the guest kernel's console (lab 1): printk formats into a
 * buffer and hands it to the hypervisor with one console_io hypercall. In
 * lab 5 domUs get a console ring to domain 0 instead.
 */
#include <hypercall.h>
#include <kernel.h>

void printk(const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (n > (int)sizeof buf - 1)
        n = sizeof buf - 1;
    HYPERVISOR_console_io(CONSOLEIO_write, n, buf);
}
