/*
 * debug.c - panics, backtraces and the end of a run (lab 1).
 *
 * Function names come from .hvsyms, a table of (address, name) pairs the
 * build makes from the linked hypervisor with nm (tools/mksymtab) and
 * links in a second time. A backtrace follows the chain of saved frame
 * pointers (we build with -fno-omit-frame-pointer): at 0(%ebp) the caller's
 * ebp, at 4(%ebp) the return address. boot.S and trapentry.S start the
 * chain with ebp = 0.
 */
#include <hv.h>
#include <x86.h>

struct symbol {
    uint32_t addr;
    const char *name;
};

/* tools/mksymtab: sorted by address. */
extern const uint32_t hv_nr_symbols;
extern const struct symbol hv_symbols[];

extern char hv_stack[], hv_stack_top[];

const char *symbol_lookup(uint32_t addr, uint32_t *offset)
{
    int lo = 0, hi = (int)hv_nr_symbols - 1, found = -1;
    while (lo <= hi) { /* the last symbol at or below addr */
        int mid = (lo + hi) / 2;
        if (hv_symbols[mid].addr <= addr) {
            found = mid;
            lo = mid + 1;
        } else {
            hi = mid - 1;
        }
    }
    if (found < 0)
        return NULL;
    *offset = addr - hv_symbols[found].addr;
    return hv_symbols[found].name;
}

void backtrace(uint32_t ebp)
{
    printk("hv: backtrace:\n");
    /* Follow frames only while they lie on the hypervisor stack: a corrupt
     * ebp must end the backtrace, not fault inside the panic. */
    /* LAB 1 SOLUTION BEGIN */
    for (int depth = 0; depth < 32; depth++) {
        if (ebp < (uint32_t)hv_stack || ebp > (uint32_t)hv_stack_top - 8 || (ebp & 3))
            break;
        const uint32_t *frame = (const uint32_t *)ebp;
        uint32_t ret = frame[1], offset = 0;
        /* Look up the call instruction, just before the return address:
         * a call to a noreturn function can be a function's last
         * instruction, and then ret is already the next function's. */
        const char *name = symbol_lookup(ret - 1, &offset);
        printk("hv:   [%08x] %s+0x%x\n", ret, name ? name : "?", offset + 1);
        ebp = frame[0];
    }
    /* LAB 1 SOLUTION END */
}

void panic(const char *fmt, ...)
{
    static int panicking;
    va_list ap;

    if (panicking++) /* a panic while panicking: stop at once */
        end_run(HV_EXIT_PANIC);
    printk("hv: PANIC: ");
    va_start(ap, fmt);
    char msg[256];
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    printk("%s\n", msg);
    backtrace(read_ebp());
    end_run(HV_EXIT_PANIC);
}

void boot_error(const char *fmt, ...)
{
    va_list ap;
    char msg[256];
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    printk("%s\n", msg);
    end_run(HV_EXIT_BAD_INPUT);
}

#define QEMU_DEBUG_EXIT_PORT 0xf4 /* -device isa-debug-exit,iobase=0xf4 */
#define BOCHS_SHUTDOWN_PORT 0x8900

void end_run(int status)
{
    static const char *const meaning[] = {
        [HV_EXIT_SUCCESS] = "success",
        [HV_EXIT_BAD_INPUT] = "bad input",
        [HV_EXIT_PANIC] = "panic",
    };
    __asm__ volatile("cli");
    printk("hv: run ended: status %d (%s)\n", status, meaning[status]);
    console_drain();
    /* QEMU exits at once with status 2 * status + 1. */
    outl(QEMU_DEBUG_EXIT_PORT, (uint32_t)status);
    /* Bochs quits when this port receives the word "Shutdown". */
    for (const char *s = "Shutdown"; *s; s++)
        outb(BOCHS_SHUTDOWN_PORT, (uint8_t)*s);
    printk("hv: no exit device answered; halting\n");
    halt_forever();
}
