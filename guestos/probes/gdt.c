/* LAB 2 FILE */
/*
 * gdt.c - probe=gdt: descriptors of our own (lab 2).
 *
 * We write a GDT into a page of our memory, name its frame in set_gdt
 * (start_info's mfn_list says which machine frame it is), and use what
 * the hypervisor takes: a data segment through %fs, a DPL-0 segment
 * (made DPL 1), a call gate to our own ring-1 code. Then the descriptors
 * it must refuse, each with -22 and a log line; update_descriptor; and
 * the failsafe callback: we load %gs with one of our selectors and make
 * its descriptor not present, so that the hypervisor cannot load %gs on
 * the way back from that very hypercall and sends us to
 * failsafe_callback (below) instead. Without a callback the same thing
 * kills us, and that is how the probe ends. probe=gdt-iret ends instead
 * with our stack segment's descriptor gone: the iret back to us fails,
 * and that kills us too. The hypervisor goes on either way.
 */
#include <hypercall.h>
#include <kernel.h>
#include <probes/probes.h>

/* Our GDT's entries (entry 0 is the null selector's, never used). */
enum { E_DATA = 1, E_DPL0, E_GATE, E_STACK, E_SCRATCH, NR_ENTRIES };
#define SELECTOR(entry) ((entry) << 3 | 1) /* in our GDT, RPL 1 */

static uint64_t *const gdt = (uint64_t *)probe_scratch[0]; /* fills its page */
static uint32_t words[2] = { 0x600d0001, 0x600d0002 };

/* failsafe_callback writes here: how often it ran, and the selectors. */
uint32_t failsafe_calls, failsafe_selectors[4];
uint32_t gate_target(void);
void failsafe_callback(void);

/*
 * gate_target: reached with lcall through our call gate, in ring 1 like
 * its caller, so the CPU pushed only cs and eip: lret returns.
 *
 * failsafe_callback: entered with ds, es, fs and gs null and, on the
 * stack, ds, es, fs, gs, then eip, cs, eflags (public/hvlab.h). With
 * ds null not even a variable can be written, so ds and es come first;
 * fs and gs stay null when we iret back.
 */
__asm__(".text\n"
        ".globl gate_target\n"
        "gate_target:\n"
        "    movl $0xca11ca11, %eax\n"
        "    lret\n"
        ".globl failsafe_callback\n"
        "failsafe_callback:\n"
        "    pushl %eax\n"
        "    movl $" XSTR(FLAT_RING1_DS) ", %eax\n"
        "    mov %ax, %ds\n"
        "    mov %ax, %es\n"
        "    movl 4(%esp), %eax\n"
        "    movl %eax, failsafe_selectors\n"
        "    movl 8(%esp), %eax\n"
        "    movl %eax, failsafe_selectors + 4\n"
        "    movl 12(%esp), %eax\n"
        "    movl %eax, failsafe_selectors + 8\n"
        "    movl 16(%esp), %eax\n"
        "    movl %eax, failsafe_selectors + 12\n"
        "    incl failsafe_calls\n"
        "    popl %eax\n"
        "    addl $16, %esp\n"
        "    iret\n");

/* A code or data segment (or a TSS): access byte, and flags G and D. */
uint64_t segment_descriptor(uint32_t base, uint32_t limit, uint32_t access, uint32_t flags)
{
    return (uint64_t)(limit & 0xFFFF) | (uint64_t)(base & 0xFFFFFF) << 16 |
           (uint64_t)access << 40 | (uint64_t)((limit >> 16) & 0xF) << 48 |
           (uint64_t)flags << 52 | (uint64_t)(base >> 24) << 56;
}

/* A 32-bit call gate to selector:offset that ring dpl may call. */
uint64_t call_gate_descriptor(uint32_t selector, uint32_t offset, uint32_t dpl)
{
    return (uint64_t)(offset & 0xFFFF) | (uint64_t)selector << 16 |
           (uint64_t)(PRESENT | DPL(dpl) | 0xC) << 40 | (uint64_t)(offset >> 16) << 48;
}

/* The machine address of entry of table, a descriptor table of ours that
 * fills its page: what update_descriptor names. */
uint64_t descriptor_maddr(const uint64_t *table, int entry)
{
    return entry_maddr(virt_to_mfn(table), 0) + entry * sizeof table[0];
}

/* Loads selector into fs, reads fs:0, and puts the null selector back. */
static uint32_t read_fs0(uint32_t selector)
{
    uint32_t v;
    __asm__ volatile("mov %1, %%fs\n movl %%fs:0, %0\n mov %2, %%fs"
                     : "=&r"(v) : "r"(selector), "r"(0) : "memory");
    return v;
}

/* set_gdt of our table with entry E_SCRATCH set to desc. */
static int32_t set_gdt_with(uint64_t desc)
{
    uint32_t frame = virt_to_mfn(gdt);
    gdt[E_SCRATCH] = desc;
    return HYPERVISOR_set_gdt(&frame, NR_ENTRIES);
}

/* What a guest may install, used: 0, or set_gdt's error (then we cannot
 * load a selector of ours without faulting). */
static int32_t probe_accepted(void)
{
    uint32_t ar = 0, r;

    gdt[E_DATA] = segment_descriptor((uint32_t)&words[0], 7, PRESENT | DPL(1) | S_DATA_RW,
                                     BYTES_32);
    gdt[E_DPL0] = segment_descriptor((uint32_t)&words[1], 3, PRESENT | DPL(0) | S_DATA_RW,
                                     BYTES_32);
    gdt[E_GATE] = call_gate_descriptor(FLAT_RING1_CS, (uint32_t)gate_target, 3);
    gdt[E_STACK] = segment_descriptor(0, FLAT_LIMIT, PRESENT | DPL(1) | S_DATA_RW, G_32);
    int32_t err = set_gdt_with(0);
    printk("guestos: probe: set_gdt(ring-1 data, DPL-0 data, call gate to ring-1 code, "
           "flat data) = %d\n", err);
    if (err < 0)
        return err;
    printk("guestos: probe: fs = 0x%04x: fs:0 reads 0x%08x\n", SELECTOR(E_DATA),
           read_fs0(SELECTOR(E_DATA)));
    /* lar reads a descriptor's access rights: DPL is bits 13-14. */
    __asm__ volatile("lar %1, %0" : "+r"(ar) : "r"(SELECTOR(E_DPL0)));
    printk("guestos: probe: DPL-0 data segment: lar says DPL %u; fs = 0x%04x: fs:0 reads 0x%08x\n",
           (ar >> 13) & 3, SELECTOR(E_DPL0), read_fs0(SELECTOR(E_DPL0)));
    __asm__ volatile("lcall %1, $0" : "=a"(r) : "i"(SELECTOR(E_GATE)) : "memory");
    printk("guestos: probe: lcall through the call gate to ring-1 code returned 0x%08x\n", r);
    return 0;
}

/* What the hypervisor must refuse, each with an error and a log line. */
static void probe_refused(void)
{
    uint32_t frame = virt_to_mfn(gdt), not_ours = 0, twice[2] = { frame, frame };

    printk("guestos: probe: set_gdt(flat 4 GiB data segment) = %d\n",
           set_gdt_with(segment_descriptor(0, 0xFFFFF, PRESENT | DPL(1) | S_DATA_RW, G_32)));
    printk("guestos: probe: set_gdt(segment ending at 0xe0000000) = %d\n",
           set_gdt_with(segment_descriptor(0xDFFFF000, 0x1000, PRESENT | DPL(1) | S_DATA_RW,
                                           BYTES_32)));
    printk("guestos: probe: set_gdt(conforming code segment) = %d\n",
           set_gdt_with(segment_descriptor(0, FLAT_LIMIT, PRESENT | DPL(0) | S_CODE_CONFORM,
                                           G_32)));
    printk("guestos: probe: set_gdt(expand-down data segment) = %d\n",
           set_gdt_with(segment_descriptor(0, 0xFFFF, PRESENT | DPL(1) | S_DATA_DOWN, G_32)));
    printk("guestos: probe: set_gdt(TSS) = %d\n",
           set_gdt_with(segment_descriptor((uint32_t)words, 0x67, PRESENT | DPL(0) | TSS32, 0)));
    printk("guestos: probe: set_gdt(call gate to the hypervisor's code) = %d\n",
           set_gdt_with(call_gate_descriptor(0xe008, (uint32_t)gate_target, 3)));
    printk("guestos: probe: set_gdt(call gate into the hole) = %d\n",
           set_gdt_with(call_gate_descriptor(FLAT_RING1_CS, HYPERVISOR_VIRT_START, 3)));
    gdt[E_SCRATCH] = 0;
    printk("guestos: probe: set_gdt(frame 0, not ours) = %d\n", HYPERVISOR_set_gdt(&not_ours, 1));
    printk("guestos: probe: set_gdt(our frame twice) = %d\n", HYPERVISOR_set_gdt(twice, 1024));
    printk("guestos: probe: set_gdt(%u entries) = %d\n", FIRST_RESERVED_GDT_ENTRY + 1,
           HYPERVISOR_set_gdt(&frame, FIRST_RESERVED_GDT_ENTRY + 1));
    printk("guestos: probe: set_gdt(frame list in the hole) = %d\n",
           HYPERVISOR_set_gdt((const uint32_t *)HYPERVISOR_VIRT_START, NR_ENTRIES));
}

/* update_descriptor: one entry changed in place, or refused. */
static void probe_update(void)
{
    uint64_t new_base = segment_descriptor((uint32_t)&words[1], 7, PRESENT | DPL(1) | S_DATA_RW,
                                           BYTES_32);
    int32_t r = HYPERVISOR_update_descriptor(descriptor_maddr(gdt, E_DATA), new_base);

    printk("guestos: probe: update_descriptor(new base) = %d: fs:0 reads 0x%08x\n", r,
           read_fs0(SELECTOR(E_DATA)));
    printk("guestos: probe: update_descriptor(call gate to the hypervisor's code) = %d\n",
           HYPERVISOR_update_descriptor(descriptor_maddr(gdt, E_DATA),
                                        call_gate_descriptor(0xe008, 0, 3)));
    printk("guestos: probe: update_descriptor(a frame of ours not in the GDT) = %d\n",
           HYPERVISOR_update_descriptor(entry_maddr(virt_to_mfn(words), 0), new_base));
    printk("guestos: probe: update_descriptor(not 8-byte aligned) = %d\n",
           HYPERVISOR_update_descriptor(descriptor_maddr(gdt, E_DATA) + 4, new_base));
}

/* Our descriptor for entry, not present. */
static uint64_t not_present(int entry)
{
    return gdt[entry] & ~((uint64_t)PRESENT << 40);
}

void probe_gdt(const char *probe)
{
    printk("guestos: probe: gdt\n");
    int32_t accepted = probe_accepted();
    probe_refused();
    if (accepted < 0) {
        printk("guestos: probe: without a GDT of our own, nothing more to try\n");
        HYPERVISOR_shutdown(SHUTDOWN_poweroff);
    }
    printk("guestos: probe: refused tables take nothing: fs:0 still reads 0x%08x\n",
           read_fs0(SELECTOR(E_DATA)));
    probe_update();

    /* The failsafe callback: gs holds a selector whose descriptor goes. */
    printk("guestos: probe: set_callbacks(failsafe) = %d\n",
           HYPERVISOR_set_callbacks(0, 0, FLAT_RING1_CS, (uint32_t)failsafe_callback));
    __asm__ volatile("mov %0, %%gs" : : "r"(SELECTOR(E_DATA)));
    printk("guestos: probe: update_descriptor(gs's descriptor not present) = %d\n",
           HYPERVISOR_update_descriptor(descriptor_maddr(gdt, E_DATA), not_present(E_DATA)));
    printk("guestos: probe: failsafe callback ran %u time(s): ds %04x es %04x fs %04x gs %04x\n",
           failsafe_calls, failsafe_selectors[0], failsafe_selectors[1], failsafe_selectors[2],
           failsafe_selectors[3]);

    if (strcmp(probe, "gdt-iret") == 0) {
        printk("guestos: probe: ss from our GDT, then its descriptor not present: "
               "the iret back fails\n");
        __asm__ volatile("mov %0, %%ss" : : "r"(SELECTOR(E_STACK)));
        HYPERVISOR_update_descriptor(descriptor_maddr(gdt, E_STACK), not_present(E_STACK));
    } else {
        printk("guestos: probe: once more without a failsafe callback: it kills us\n");
        HYPERVISOR_update_descriptor(descriptor_maddr(gdt, E_DATA), gdt[E_DATA]);
        HYPERVISOR_set_callbacks(0, 0, FLAT_RING1_CS, 0);
        __asm__ volatile("mov %0, %%gs" : : "r"(SELECTOR(E_DATA)));
        HYPERVISOR_update_descriptor(descriptor_maddr(gdt, E_DATA), not_present(E_DATA));
    }
    printk("guestos: probe: BUG: still running\n");
}
