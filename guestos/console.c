/*
 * console.c - the guest kernel's console (lab 1): printk formats into a
 * buffer and hands it to the hypervisor with one console_io hypercall. In
 * lab 5 domUs get a console ring to domain 0 instead. From lab 4, domain
 * 0 also reads what is typed on the console, a line at a time.
 */
#include <hypercall.h>
#include <kernel.h>
/* LAB 5 BEGIN */
#include <drivers.h>
/* LAB 5 END */
/* LAB 4 BEGIN */
#include <events.h>
#include <proc.h>
/* LAB 4 END */

static int console_write(const char *s, int n)
{
    /* LAB 5 BEGIN */
    if (consfront_write(s, n) == n)
        return n;
    /* LAB 5 END */
    return HYPERVISOR_console_io(CONSOLEIO_write, n, s);
}

void printk(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vprint_to(console_write, fmt, ap);
    va_end(ap);
}
/* LAB 4 BEGIN */

/*
 * Console input (lab 4). VIRQ_CONSOLE says that characters arrived; the
 * handler takes them all (CONSOLEIO_read), echoes them, since the
 * terminal does not, and keeps them here until console_read() takes a
 * whole line. A line longer than the buffer is cut: what does not fit is
 * dropped, but its newline is kept, so a reader is never stuck.
 */
static char input[256];
static uint32_t input_len, input_lines;

/* One character typed; the characters to echo go to *echo. */
static void console_input(char c, char **echo)
{
    if (c == '\r') /* a terminal's Enter */
        c = '\n';
    if (c == '\b' || c == 0x7F) { /* backspace: within the line being typed */
        if (input_len > 0 && input[input_len - 1] != '\n')
            input_len--;
        return;
    }
    if (input_len == sizeof input || (c != '\n' && input_len == sizeof input - 1))
        return;
    input[input_len++] = c;
    input_lines += c == '\n';
    *(*echo)++ = c;
}

static void console_event(evtchn_port_t port)
{
    char buf[64], echo[64];
    int n;
    while ((n = HYPERVISOR_console_io(CONSOLEIO_read, sizeof buf, buf)) > 0) {
        char *e = echo;
        for (int i = 0; i < n; i++)
            console_input(buf[i], &e);
        console_write(echo, (int)(e - echo));
    }
    if (input_lines)
        proc_wakeup(input);
}

int console_init(void)
{
    int r = bind_virq(VIRQ_CONSOLE, console_event);
    if (r < 0) {
        printk("guestos: console: cannot bind VIRQ_CONSOLE: %d\n", r);
        return r;
    }
    console_event((evtchn_port_t)r); /* what was typed before we listened */
    return 0;
}

int console_read(char *buf, uint32_t size)
{
    uint32_t n = 0;
    while (!input_lines)
        proc_sleep(input);
    while (n < size && n < input_len && (n == 0 || buf[n - 1] != '\n')) {
        buf[n] = input[n];
        n++;
    }
    input_lines -= buf[n - 1] == '\n';
    for (uint32_t i = n; i < input_len; i++)
        input[i - n] = input[i];
    input_len -= n;
    return (int)n;
}
/* LAB 4 END */
