/*
 * hypercall.c - the hypercall table and the hypercalls of lab 1.
 *
 * A guest kernel makes a hypercall with "int $0x82" (see public/hvlab.h
 * for the registers). trap() sends it here; we look the number up in
 * hypercall_table and put the result in the guest's eax. Lab 1 has one
 * hypercall, console_io, just enough for a guest to print; lab 2 fills
 * the table.
 */
#include <domain.h>

struct hypercall {
    const char *name;
    int32_t (*handler)(struct domain *d, struct trap_frame *tf);
};

/*
 * Adds the bytes to d's console line and prints every complete line as
 * "(dN) text". Control characters other than tab become '?': a guest must
 * not be able to send escape sequences to the terminal of whoever reads
 * the console.
 */
static void console_append(struct domain *d, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c != '\n' && c != '\t' && (c < 0x20 || c == 0x7F))
            c = '?';
        if (c != '\n')
            d->console_line[d->console_len++] = c;
        if (c == '\n' || d->console_len == CONSOLE_LINE_MAX) {
            printk("(d%u) %.*s\n", d->domid, (int)d->console_len, d->console_line);
            d->console_len = 0;
        }
    }
}

void console_flush(struct domain *d)
{
    if (d->console_len)
        console_append(d, "\n", 1);
}

/* console_io(cmd = ebx, count = ecx, buffer = edx) */
static int32_t do_console_io(struct domain *d, struct trap_frame *tf)
{
    static char buf[CONSOLEIO_MAX]; /* one CPU, interrupts off: one user */
    uint32_t cmd = tf->ebx, count = tf->ecx, buffer = tf->edx;

    if (cmd != CONSOLEIO_write) {
        printk("hv: d%u: console_io: unknown command %u\n", d->domid, cmd);
        return -HV_EINVAL;
    }
    /* count is unsigned here, so a negative int from the guest is huge. */
    if (count > CONSOLEIO_MAX) {
        printk("hv: d%u: console_io: count %d is not in [0, %u]\n", d->domid, (int32_t)count,
               CONSOLEIO_MAX);
        return -HV_EINVAL;
    }
    if (copy_from_guest(buf, buffer, count) < 0) {
        printk("hv: d%u: console_io: buffer 0x%08x+%u is not mapped below the hole\n", d->domid,
               buffer, count);
        return -HV_EFAULT;
    }
    console_append(d, buf, count);
    return (int32_t)count;
}

static const struct hypercall hypercall_table[] = {
    [__HYPERVISOR_console_io] = { "console_io", do_console_io },
};

void do_hypercall(struct domain *d, struct trap_frame *tf)
{
    uint32_t nr = tf->eax;
    if (nr >= ARRAY_SIZE(hypercall_table) || !hypercall_table[nr].handler) {
        printk("hv: d%u: hypercall: unknown hypercall %u\n", d->domid, nr);
        tf->eax = (uint32_t)-HV_ENOSYS;
        return;
    }
    tf->eax = (uint32_t)hypercall_table[nr].handler(d, tf);
}
