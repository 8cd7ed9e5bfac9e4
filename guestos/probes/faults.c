/*
 * faults.c - lab 1's demonstrations (fault=NAME) and bad hypercall
 * arguments (probe=hypercalls).
 *
 * fault=NAME: an instruction only ring 0 may execute, or an access ring
 * 1 must not make. The hypervisor catches the fault, explains it and
 * kills us (lab 1 has no handlers of its own yet; from lab 2 the kernel
 * runs these before it takes its traps, so the verdict is still the
 * hypervisor's). probe=hypercalls: hypercalls with bad arguments, each
 * refused with an error code, and we go on.
 */
#include <hypercall.h>
#include <kernel.h>
#include <probes/probes.h>

static void do_cli(void) { __asm__ volatile("cli"); }
static void do_hlt(void) { __asm__ volatile("hlt"); }
static void do_write_cr3(void) { __asm__ volatile("mov %0, %%cr3" : : "r"(0)); }
static void do_out(void) { __asm__ volatile("outb %%al, $0x80" : : "a"(0)); }
static void do_lgdt(void)
{
    static const struct { uint16_t limit; uint32_t base; } __attribute__((packed)) gdtr;
    __asm__ volatile("lgdt %0" : : "m"(gdtr));
}
/* Not privileged instructions, but things ring 1 must not do either. */
static void do_read_hole(void) { (void)*(volatile uint32_t *)HYPERVISOR_VIRT_START; }
static void do_read_unmapped(void) { (void)*(volatile uint32_t *)0x1000; }
/* Our page directory is mapped read-only: writing it would let us map
 * any machine frame. */
static void do_write_page_directory(void) { *(volatile uint32_t *)start_info->pt_base = 0; }
/* sidt is not privileged: it tells anyone where the IDT is. Overwriting
 * an entry would hand the guest ring 0 at the next trap. */
static void do_write_idt(void)
{
    struct { uint16_t limit; uint32_t base; } __attribute__((packed)) idtr;
    __asm__ volatile("sidt %0" : "=m"(idtr));
    printk("guestos: sidt says the IDT is at 0x%08x; overwriting its first entry\n", idtr.base);
    *(volatile uint32_t *)idtr.base = 0;
}
static void do_hypercall_from_nowhere(void) { __asm__ volatile("int $0x81"); }

static const struct {
    const char *name;
    void (*run)(void);
} faults[] = {
    { "cli", do_cli },
    { "hlt", do_hlt },
    { "cr3", do_write_cr3 },
    { "out", do_out },
    { "lgdt", do_lgdt },
    { "hole", do_read_hole },
    { "unmapped", do_read_unmapped },
    { "idt", do_write_idt },
    { "ptwrite", do_write_page_directory },
    { "int", do_hypercall_from_nowhere },
};

void fault_demo(const char *name)
{
    for (size_t i = 0; i < sizeof faults / sizeof faults[0]; i++) {
        if (strcmp(name, faults[i].name) == 0) {
            printk("guestos: lab 1 demonstration: trying '%s' in ring %u\n", name, current_ring());
            faults[i].run();
            printk("guestos: BUG: '%s' did not fault\n", name);
            __asm__ volatile("ud2");
        }
    }
    printk("guestos: unknown fault=%s; trying cli\n", name);
    do_cli();
    for (;;)
        __asm__ volatile("ud2");
}

/* Bad arguments, one at a time: each must come back as an error. */
void probe_hypercalls(const char *name)
{
    static const char line[] = "0123456789";
    printk("guestos: probe: console_io(buffer in the hole) = %d\n",
           HYPERVISOR_console_io(CONSOLEIO_write, 16, (const char *)HYPERVISOR_VIRT_START));
    printk("guestos: probe: console_io(buffer running into the hole) = %d\n",
           HYPERVISOR_console_io(CONSOLEIO_write, 8, (const char *)(HYPERVISOR_VIRT_START - 4)));
    printk("guestos: probe: console_io(unmapped buffer) = %d\n",
           HYPERVISOR_console_io(CONSOLEIO_write, 8, (const char *)0x1000));
    printk("guestos: probe: console_io(count -1) = %d\n",
           HYPERVISOR_console_io(CONSOLEIO_write, -1, line));
    printk("guestos: probe: console_io(unknown command 99) = %d\n",
           HYPERVISOR_console_io(99, 1, line));
    printk("guestos: probe: hypercall 63 = %d\n", hypercall3(63, 0, 0, 0));
    printk("guestos: probe: hypercall 0xffffffff = %d\n", hypercall3(0xffffffff, 0, 0, 0));
    printk("guestos: probe: escape \033[2J and bell \a are not passed on\n");
    for (int i = 0; i < 20; i++) /* 200 characters, no newline until the end */
        HYPERVISOR_console_io(CONSOLEIO_write, 10, line);
    printk("\nguestos: probe: done\n");
}
