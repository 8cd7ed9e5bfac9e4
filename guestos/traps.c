/* LAB 2 FILE */
/*
 * traps.c - the guest kernel's own trap handling (lab 2).
 *
 * The kernel hands the hypervisor a trap table (set_trap_table) that
 * sends every exception to the stubs in trapentry.S, and from there to
 * guest_trap(). A fault in the kernel is a bug: we print what happened
 * and shut the domain down with reason "crash". A caller that expects a
 * fault (the probes) arms trap_recover first: the handler then reports
 * the trap and resumes there.
 */
#include <hypercall.h>
#include <kernel.h>
#include <proc.h>
#include <syscall.h>
#include <traps.h>
/* LAB 3 BEGIN */
#include <vm.h>
/* LAB 3 END */

extern const uint32_t guest_trap_entries[32];
extern char guest_soft_int_entry[], syscall_entry[];

static const char *const trap_names[32] = {
    "divide error", "debug", "NMI", "breakpoint", "overflow", "bound range",
    "invalid opcode", "device not available", "double fault", "coprocessor overrun",
    "invalid TSS", "segment not present", "stack fault", "general protection",
    "page fault", "reserved", "x87 error", "alignment check", "machine check", "SIMD error",
};

uint32_t trap_recover;
struct guest_trap_frame last_trap;

static const char *trap_name(uint32_t vector)
{
    if (vector < 32 && trap_names[vector])
        return trap_names[vector];
    return "software interrupt";
}

void guest_trap(struct guest_trap_frame *f)
{
    /* LAB 3 BEGIN */
    /* A page of the process's heap or stack touched for the first time,
     * by the process or by us on its behalf: map it, and go on. */
    if (f->vector == T_PAGE_FAULT && curproc && vm_fault(curproc, f->cr2, f->error) == 0)
        return;
    /* LAB 3 END */
    /* A program's fault is the program's end, not the kernel's. */
    if ((f->cs & 3) == 3 && curproc) {
        printk("guestos: process %d (%s) killed: %s at eip 0x%08x (error 0x%x, cr2 0x%08x)\n",
               curproc->pid, curproc->name, trap_name(f->vector), f->eip, f->error, f->cr2);
        proc_exit(EXIT_KILLED);
    }
    if (trap_recover) {
        printk("guestos: trap: vector %u (%s) error 0x%x cr2 0x%08x at eip 0x%08x\n", f->vector,
               trap_name(f->vector), f->error, f->cr2, f->eip);
        last_trap = *f;
        f->eip = trap_recover;
        /* Where we resume: no single-stepping (TF) and no nested-task
         * return (NT) that the code we expected to trap may have set. */
        f->eflags &= ~(EFLAGS_TF | EFLAGS_NT);
        trap_recover = 0;
        return;
    }
    printk("guestos: kernel fault: vector %u (%s) error 0x%x cr2 0x%08x\n", f->vector,
           trap_name(f->vector), f->error, f->cr2);
    printk("guestos:   eip=%08x eflags=%08x eax=%08x ebx=%08x ecx=%08x edx=%08x\n", f->eip,
           f->eflags, f->eax, f->ebx, f->ecx, f->edx);
    printk("guestos:   esi=%08x edi=%08x ebp=%08x\n", f->esi, f->edi, f->ebp);
    HYPERVISOR_shutdown(SHUTDOWN_crash);
}

void traps_init(void)
{
    static struct trap_info table[32 + 3];
    int n = 0;

    for (int v = 0; v < 32; v++) {
        table[n].vector = (uint8_t)v;
        /* int3 and into may be used by anyone; the rest only by faults. */
        table[n].flags = (v == 3 || v == 4) ? 3 : 0;
        table[n].cs = FLAT_RING1_CS;
        table[n].address = guest_trap_entries[v];
        n++;
    }
    /* The fast system call: DPL 3, so the hypervisor makes it a real gate. */
    table[n].vector = SYSCALL_VECTOR;
    table[n].flags = 3;
    table[n].cs = FLAT_RING1_CS;
    table[n].address = (uint32_t)syscall_entry;
    n++;
    table[n].vector = 0x85;
    table[n].flags = 1; /* the kernel's own software interrupt */
    table[n].cs = FLAT_RING1_CS;
    table[n].address = (uint32_t)guest_soft_int_entry;
    n++;
    table[n].address = 0;
    int32_t r = HYPERVISOR_set_trap_table(table);
    if (r < 0)
        printk("guestos: set_trap_table failed: %d\n", r);
}
