/* LAB 2 FILE */
/*
 * traps.c - probe=traps and probe=badstack: the guest's own trap
 * handling through the hypervisor (lab 2).
 *
 * probe=traps sends each exception class to our handlers (the kernel's
 * traps.c reports each one), then makes the lab 2 hypercalls with bad
 * arguments, each refused, and shuts down cleanly. probe=badstack faults
 * with the stack on our read-only page directory: the hypervisor cannot
 * write the trap frame there and must kill us, not write it anyway and
 * not fall over.
 */
#include <hypercall.h>
#include <kernel.h>
#include <probes/probes.h>
#include <traps.h>

void probe_traps(const char *name)
{
    static struct trap_info ring0_handler[2] = { { 14, 0, 0xe008, 0xc0000000 },
                                                 { 0, 0, 0, 0 } };
    static struct trap_info hole_handler[2] = { { 14, 0, FLAT_RING1_CS, 0xe0100000 },
                                                { 0, 0, 0, 0 } };
    char extra[XEN_EXTRAVERSION_LEN];
    volatile int zero = 0;

    printk("guestos: probe: traps\n");
    EXPECT_TRAP(__asm__ volatile("int3"));
    EXPECT_TRAP(__asm__ volatile("ud2"));
    EXPECT_TRAP(__asm__ volatile("xor %%edx, %%edx; divl %0" : : "r"(zero) : "eax", "edx"));
    EXPECT_TRAP((void)*(volatile uint32_t *)0x1000);
    EXPECT_TRAP(*(volatile uint32_t *)start_info->pt_base = 0);
    EXPECT_TRAP(__asm__ volatile("cli"));
    EXPECT_TRAP(__asm__ volatile("int $0x81"));
    EXPECT_TRAP(__asm__ volatile("int $0x85"));

    printk("guestos: probe: set_trap_table(ring-0 handler) = %d\n",
           HYPERVISOR_set_trap_table(ring0_handler));
    printk("guestos: probe: set_trap_table(handler in the hole) = %d\n",
           HYPERVISOR_set_trap_table(hole_handler));
    printk("guestos: probe: set_trap_table(table in the hole) = %d\n",
           HYPERVISOR_set_trap_table((const struct trap_info *)HYPERVISOR_VIRT_START));
    static struct trap_info takeover[2] = { { 0x82, 3, FLAT_RING1_CS, 0xc0000000 },
                                            { 0, 0, 0, 0 } };
    printk("guestos: probe: set_trap_table(fast system call on the hypercall vector) = %d\n",
           HYPERVISOR_set_trap_table(takeover));
    struct trap_info *endless = (struct trap_info *)probe_scratch[0]; /* 300: 2400 bytes */
    for (int i = 0; i < 300; i++)
        endless[i] =
            (struct trap_info){ (uint8_t)(i % 32), 0, FLAT_RING1_CS, (uint32_t)probe_traps };
    printk("guestos: probe: set_trap_table(300 entries, no end) = %d\n",
           HYPERVISOR_set_trap_table(endless));
    printk("guestos: probe: stack_switch(ring-0 stack) = %d\n",
           HYPERVISOR_stack_switch(0xe010, 0xc0001000));
    printk("guestos: probe: set_callbacks(ring-0 failsafe) = %d\n",
           HYPERVISOR_set_callbacks(0, 0, 0xe008, 0xc0000000));
    int32_t v = HYPERVISOR_xen_version(XENVER_version, 0);
    printk("guestos: probe: xen_version = %d.%d\n", v >> 16, v & 0xFFFF);
    printk("guestos: probe: xen_version(extraversion) = %d: '%s'\n",
           HYPERVISOR_xen_version(XENVER_extraversion, extra), extra);
    printk("guestos: probe: xen_version(extraversion into our page directory) = %d\n",
           HYPERVISOR_xen_version(XENVER_extraversion, (void *)start_info->pt_base));
    printk("guestos: probe: sched_op(yield) = %d\n", HYPERVISOR_sched_op(SCHEDOP_yield, 0));
    printk("guestos: probe: sched_op(shutdown, reason 9) = %d\n", HYPERVISOR_shutdown(9));
    printk("guestos: probe: still handled after all that: ");
    EXPECT_TRAP(__asm__ volatile("ud2"));
    printk("guestos: probe: done\n");
    HYPERVISOR_shutdown(SHUTDOWN_poweroff);
}

void probe_bad_stack(const char *name)
{
    printk("guestos: probe: faulting with the stack on our page directory\n");
    __asm__ volatile("mov %0, %%esp; ud2" : : "r"(start_info->pt_base + 0x800));
}
