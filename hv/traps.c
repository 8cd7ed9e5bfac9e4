/*
 * traps.c - the IDT, and what happens when a guest (or the hypervisor)
 * faults (lab 1). Lab 2 delivers guest faults to the guest's own handlers;
 * in lab 1 a faulting guest is killed with an explanation.
 *
 * Every gate is an interrupt gate, so the hypervisor always runs with
 * interrupts off: on one CPU that is all the locking we need.
 */
#include <domain.h>
#include <memory.h>
#include <segments.h>
#include <x86.h>

struct gate {
    uint16_t offset_low;
    uint16_t selector;
    uint8_t zero;
    uint8_t type_attr; /* present, DPL, type */
    uint16_t offset_high;
} __attribute__((packed));

#define GATE_INTERRUPT32 0x0E
#define GATE_PRESENT 0x80
/* LAB 2 BEGIN */
#define GATE_TRAP32_BIT 0x01 /* 0x0F: a trap gate, which leaves IF alone */
/* LAB 2 END */

/* trapentry.S knows the frame's size and where cs is in it. */
_Static_assert(sizeof(struct trap_frame) == 19 * 4, "FRAME_WORDS in trapentry.S");
_Static_assert(__builtin_offsetof(struct trap_frame, cs) == 60, "FRAME_CS in trapentry.S");
_Static_assert(__builtin_offsetof(struct trap_frame, vector) == 48, "FRAME_VECTOR in trapentry.S");
_Static_assert(__builtin_offsetof(struct trap_frame, eip) == 56, "FRAME_EIP in trapentry.S");
_Static_assert(__builtin_offsetof(struct trap_frame, eflags) == 64, "FRAME_EFLAGS in trapentry.S");
_Static_assert(EFLAGS_VM == 0x00020000, "EFLAGS_VM in trapentry.S");
/* LAB 2 BEGIN */
_Static_assert(__builtin_offsetof(struct trap_frame, gs) == 32, "FRAME_GS in trapentry.S");
/* LAB 2 END */

static struct gate idt[256] __attribute__((section(".trampoline.data"), aligned(4096)));
extern const uint32_t trap_entries[NR_EXCEPTIONS + 16];
extern char hypercall_entry[];

static const char *const exception_names[NR_EXCEPTIONS] = {
    "#DE divide error", "#DB debug", "NMI", "#BP breakpoint", "#OF overflow",
    "#BR bound range", "#UD invalid opcode", "#NM device not available",
    "#DF double fault", "coprocessor segment overrun", "#TS invalid TSS",
    "#NP segment not present", "#SS stack fault", "#GP general protection",
    "#PF page fault", "reserved (15)", "#MF x87 error", "#AC alignment check",
    "#MC machine check", "#XM SIMD error", "#VE virtualization", "#CP control protection",
};

/* dpl: the least privileged ring that may use "int $vector" on this
 * gate. Faults raised by the CPU itself ignore it. */
static void set_gate(int vector, uint32_t handler, int dpl)
{
    idt[vector].offset_low = handler & 0xFFFF;
    idt[vector].offset_high = handler >> 16;
    idt[vector].selector = HYPERVISOR_CS;
    idt[vector].zero = 0;
    idt[vector].type_attr = GATE_PRESENT | (uint8_t)(dpl << 5) | GATE_INTERRUPT32;
}

/* Moves the PIC's interrupts to IRQ_BASE (by default IRQ 0 would arrive
 * as vector 8, looking like a double fault) and masks them all: lab 1
 * needs no device interrupts. */
static void pic_init(void)
{
    outb(0x20, 0x11);           /* ICW1: initialise, ICW4 follows */
    outb(0xA0, 0x11);
    outb(0x21, IRQ_BASE);       /* ICW2: vector base */
    outb(0xA1, IRQ_BASE + 8);
    outb(0x21, 0x04);           /* ICW3: slave on IRQ 2 */
    outb(0xA1, 0x02);
    outb(0x21, 0x01);           /* ICW4: 8086 mode */
    outb(0xA1, 0x01);
    outb(0x21, 0xFF);           /* mask everything */
    outb(0xA1, 0xFF);
}

void traps_init(void)
{
    for (int v = 0; v < NR_EXCEPTIONS; v++) {
        /* int3 and into are instructions a guest may use on purpose. */
        int dpl = (v == T_BREAKPOINT || v == T_OVERFLOW) ? 3 : 0;
        set_gate(v, trap_entries[v], dpl);
    }
    for (int irq = 0; irq < 16; irq++)
        set_gate(IRQ_BASE + irq, trap_entries[NR_EXCEPTIONS + irq], 0);
    /* DPL 1: guest kernels may make hypercalls; their ring-3 programs may
     * not (an int $0x82 from ring 3 is a #GP). */
    set_gate(HYPERCALL_VECTOR, (uint32_t)hypercall_entry, 1);

    struct descriptor_pointer idtr = { sizeof idt - 1, (uint32_t)idt };
    lidt(&idtr);
    pic_init();
}

static const char *exception_name(uint32_t vector)
{
    if (vector < NR_EXCEPTIONS && exception_names[vector])
        return exception_names[vector];
    return "interrupt";
}

/*
 * Did the trap in tf come from a guest? The RPL of the saved cs says so,
 * except in virtual-8086 mode, where cs is a real-mode segment (0 looks
 * like ring 0) and EFLAGS.VM is what tells (trapentry.S).
 */
static int from_guest(const struct trap_frame *tf)
{
    return (tf->cs & 3) != 0 || (tf->eflags & EFLAGS_VM) != 0;
}

/*
 * A guest trapped in virtual-8086 mode, which real CPUs let only ring 0
 * enter but QEMU's TCG lets a guest's own iret enter, from ring 1 or 3.
 * A guest must never run there: it sets its own IOPL on the way in, its
 * traps push a frame of another shape, and its cs fools any "from ring
 * 0?" test; left in place, our own iret (ring 0) would put it back. So
 * the trap becomes what a real CPU gives for that iret: a general
 * protection fault, from ring 3 (v86 code's privilege), with VM and IOPL
 * clear and the data segments a ring-3 program has. The guest kernel
 * handles it like any fault of a program; in lab 1 it is killed.
 */
static void leave_v86(struct domain *d, struct trap_frame *tf)
{
    printk("hv: d%u: trap: %s in virtual-8086 mode at %04x:%04x (EFLAGS.VM set by its iret): "
           "v86 mode refused, a #GP from ring 3 instead\n",
           d->domid, exception_name(tf->vector), tf->cs & 0xFFFF, tf->eip & 0xFFFF);
    tf->eflags &= ~(EFLAGS_VM | EFLAGS_IOPL);
    tf->cs = (tf->cs & 0xFFFF) | 3;
    tf->ss = (tf->ss & 0xFFFF) | 3;
    tf->ds = tf->es = FLAT_RING3_DS;
    tf->fs = tf->gs = 0;
    tf->vector = T_GP;
    tf->error_code = 0;
}

/* Prints the registers of *tf, each line starting with prefix. */
static void dump_registers(const char *prefix, const struct trap_frame *tf)
{
    printk("%s eax=%08x ebx=%08x ecx=%08x edx=%08x\n", prefix, tf->eax, tf->ebx, tf->ecx, tf->edx);
    printk("%s esi=%08x edi=%08x ebp=%08x esp=%08x\n", prefix, tf->esi, tf->edi, tf->ebp,
           from_guest(tf) ? tf->esp : (uint32_t)&tf->esp);
    printk("%s eip=%08x eflags=%08x cs=%04x ss=%04x ds=%04x es=%04x\n", prefix, tf->eip,
           tf->eflags, tf->cs & 0xFFFF, from_guest(tf) ? tf->ss & 0xFFFF : HYPERVISOR_DS,
           tf->ds & 0xFFFF, tf->es & 0xFFFF);
    printk("%s cr2=%08x cr3=%08x vector=%u error=%x\n", prefix, read_cr2(), read_cr3(),
           tf->vector, tf->error_code);
}

/* A fault in ring 0 is a hypervisor bug: there is nobody to blame but us. */
static void noreturn hypervisor_fault(const struct trap_frame *tf)
{
    uint32_t offset = 0;
    const char *fn = symbol_lookup(tf->eip, &offset);
    printk("hv: PANIC: %s in the hypervisor at %08x (%s+0x%x)\n", exception_name(tf->vector),
           tf->eip, fn ? fn : "?", offset);
    dump_registers("hv:", tf);
    printk("hv:   [%08x] %s+0x%x (faulting instruction)\n", tf->eip, fn ? fn : "?", offset);
    backtrace(tf->ebp);
    end_run(HV_EXIT_PANIC);
}

/*
 * Names the privileged instruction in bytes (n of them, read from the
 * guest's eip), or returns 0 if it is not one we know. These are the
 * instructions that fault in ring 1 and that a paravirtual guest must
 * replace with a hypercall.
 */
static int privileged_instruction(const uint8_t *b, int n, char *name, size_t size)
{
    /* LAB 1 SOLUTION BEGIN: return 0; */
    static const char *const group7[8] = { [2] = "lgdt", [3] = "lidt", [6] = "lmsw", [7] = "invlpg" };
    static const char *const group6[8] = { [2] = "lldt", [3] = "ltr" };
    const char *s = NULL;
    int i = 0;

    while (i < n && i < 4 && (b[i] == 0x66 || b[i] == 0x67 || b[i] == 0xF2 || b[i] == 0xF3))
        i++; /* operand-size, address-size and rep prefixes */
    if (i >= n)
        return 0;
    switch (b[i]) {
    case 0xFA: s = "cli"; break;
    case 0xFB: s = "sti"; break;
    case 0xF4: s = "hlt"; break;
    case 0xE4: case 0xE5: case 0xEC: case 0xED: s = "in"; break;
    case 0xE6: case 0xE7: case 0xEE: case 0xEF: s = "out"; break;
    case 0x6C: case 0x6D: s = "ins"; break;
    case 0x6E: case 0x6F: s = "outs"; break;
    case 0xCF: s = "iret"; break;
    case 0x0F:
        if (i + 1 >= n)
            return 0;
        switch (b[i + 1]) {
        case 0x06: s = "clts"; break;
        case 0x08: s = "invd"; break;
        case 0x09: s = "wbinvd"; break;
        case 0x30: s = "wrmsr"; break;
        case 0x32: s = "rdmsr"; break;
        case 0x00:
        case 0x01:
            if (i + 2 < n)
                s = (b[i + 1] == 0x01 ? group7 : group6)[(b[i + 2] >> 3) & 7];
            break;
        case 0x20:
        case 0x22:
            if (i + 2 >= n)
                return 0;
            snprintf(name, size, "mov %s %%cr%u", b[i + 1] == 0x22 ? "to" : "from", (b[i + 2] >> 3) & 7);
            return 1;
        case 0x21:
        case 0x23:
            s = "mov to/from a debug register";
            break;
        }
        break;
    }
    if (!s)
        return 0;
    snprintf(name, size, "%s", s);
    return 1;
    /* LAB 1 SOLUTION END */
}

/* Writes into what a sentence saying why the guest faulted. */
static void explain_guest_fault(const struct trap_frame *tf, char *what, size_t size)
{
    uint8_t code[16];
    int n = 0;
    char insn[40];

    while (n < (int)sizeof code && copy_from_guest(&code[n], tf->eip + (uint32_t)n, 1) == 0)
        n++;

    if (tf->vector == T_GP && (tf->error_code & 2)) {
        snprintf(what, size, "int $0x%x: no gate for ring %u at that vector",
                 tf->error_code >> 3, tf->cs & 3);
    } else if (tf->vector == T_GP && privileged_instruction(code, n, insn, sizeof insn)) {
        snprintf(what, size, "privileged instruction '%s'", insn);
    } else if (tf->vector == T_GP) {
        snprintf(what, size, "general protection fault (a segment limit, e.g. an access to the hole at 0x%08x or above, or a bad selector)",
                 HYPERVISOR_VIRT_START);
    } else if (tf->vector == T_PAGE_FAULT) {
        uint32_t e = tf->error_code;
        snprintf(what, size, "page fault: %s %s page at 0x%08x", e & 2 ? "write to" : "read of",
                 !(e & 1) ? "an unmapped" : (e & 2) ? "a read-only" : "a protected", read_cr2());
    } else {
        snprintf(what, size, "%s", exception_name(tf->vector));
    }
}

/* Kills d for the trap in tf, with a register dump and why. */
void crash_domain(struct domain *d, const struct trap_frame *tf, const char *why)
{
    char what[160], prefix[16];

    explain_guest_fault(tf, what, sizeof what);
    printk("hv: d%u: trap: %s at eip 0x%08x in ring %u (%s, error 0x%x)\n", d->domid, what,
           tf->eip, tf->cs & 3, exception_name(tf->vector), tf->error_code);
    snprintf(prefix, sizeof prefix, "hv: d%u:", d->domid);
    dump_registers(prefix, tf);
    printk("hv: d%u: trap: %s: killing d%u\n", d->domid, why, d->domid);
    domain_kill(d);
}

/* LAB 2 BEGIN */
int hv_trace;

/* Exceptions for which the CPU pushes an error code. */
static int has_error_code(uint32_t vector)
{
    return vector == 8 || (vector >= 10 && vector <= 14) || vector == 17;
}

/*
 * The length of the "int $vector" at the guest's eip, prefixes included
 * (a guest may put any of them before it: 2e cd 86 is an int $0x86 three
 * bytes long), or 0 if the bytes there are not that instruction. The
 * return address is eip plus this length: with a fixed 2, a prefixed
 * int would resume inside itself, at bytes the guest chose to be read
 * as another instruction. eip is read as an address: the flat guest code
 * segments have base 0 (a based code segment of the guest's own would
 * have us read other bytes of its own memory, and give it a #GP).
 */
static int int_instruction_length(uint32_t eip, uint32_t vector)
{
    uint8_t code[15]; /* the longest instruction x86 allows */
    int n = 0;

    while (n < (int)sizeof code && copy_from_guest(&code[n], eip + (uint32_t)n, 1) == 0)
        n++;
    for (int i = 0; i + 1 < n; i++) {
        switch (code[i]) {
        case 0x26: case 0x2E: case 0x36: case 0x3E: case 0x64: case 0x65: /* segment */
        case 0x66: case 0x67: case 0xF2: case 0xF3: /* operand, address size; rep */
            continue;
        case 0xCD:
            return code[i + 1] == vector ? i + 2 : 0;
        }
        return 0;
    }
    return 0;
}

/*
 * The handler for the trap in tf: the guest's entry for the vector. An
 * "int $n" the IDT does not allow arrives as a #GP whose error code names
 * the vector; if the guest's own table allows that int from the ring it
 * came from, it is delivered as vector n, like the instruction it was,
 * and *software is the instruction's length (0 for any other trap).
 */
static const struct trap_info *handler_for(struct domain *d, struct trap_frame *tf,
                                           uint32_t *vector, int *software)
{
    *vector = tf->vector;
    *software = 0;
    if (tf->vector == T_GP && (tf->error_code & 3) == 2) {
        const struct trap_info *ti = &d->traps[(tf->error_code >> 3) & 0xFF];
        int length = int_instruction_length(tf->eip, (tf->error_code >> 3) & 0xFF);
        if (ti->address && TI_DPL(ti) >= (tf->cs & 3) && length) {
            *vector = ti->vector;
            *software = length;
        }
    }
    const struct trap_info *ti = &d->traps[*vector];
    return ti->address ? ti : NULL;
}

/*
 * Writes size bytes just below ss:*sp, as a push onto that stack would,
 * and moves *sp down past them; 0, or -1 when the stack cannot take
 * them. *sp is an offset into ss's segment: a stack segment of the
 * guest's own (set_gdt) may have a base, and the frame goes at base +
 * *sp, inside its limit, where the CPU would put it (taking *sp for an
 * address would write it elsewhere in the guest, or fail and kill a
 * guest that did nothing wrong). A selector that names no data segment
 * is no stack at all.
 */
static int push_on_guest_stack(uint32_t ss, uint32_t *sp, const void *data, uint32_t size)
{
    uint32_t base, limit;
    if (gdt_data_segment(ss, &base, &limit) < 0 || *sp < size || *sp - 1 > limit)
        return -1;
    if (copy_to_guest(base + *sp - size, data, size) < 0)
        return -1;
    *sp -= size;
    return 0;
}

/*
 * Builds, on the guest's kernel stack, the frame the CPU would have built
 * for this trap (public/hvlab.h, set_trap_table), and points tf at the
 * handler ti. software: the trap is an "int $n" this many bytes long (no
 * error code; returns after the instruction), or 0. 0, or -1 when it
 * cannot; a stack the frame cannot be written to kills d.
 */
static int build_bounce_frame(struct domain *d, struct trap_frame *tf,
                              const struct trap_info *ti, uint32_t vector, int software)
{
    /* LAB 2 SOLUTION BEGIN: return -1; */
    uint32_t frame[7], ss, sp;
    int n = 0;

    tf->eip += (uint32_t)software; /* past the int $n, prefixes and all */
    if (vector == T_PAGE_FAULT && !software)
        frame[n++] = read_cr2();
    if (has_error_code(vector) && !software)
        frame[n++] = tf->error_code;
    frame[n++] = tf->eip;
    frame[n++] = tf->cs;
    frame[n++] = tf->eflags;
    if ((tf->cs & 3) > 1) {
        /* From ring 3 the CPU would switch stacks, so we do too; and from
         * ring 2 (a guest can make itself a DPL-2 code segment): the
         * handler runs in ring 1, and its stack must be ring 1's. */
        if (!d->kernel_ss)
            crash_domain(d, tf, "a trap from ring 3, and no kernel stack (stack_switch)");
        frame[n++] = tf->esp;
        frame[n++] = tf->ss;
        ss = d->kernel_ss;
        sp = d->kernel_sp;
    } else {
        ss = tf->ss;
        sp = tf->esp;
    }
    /* The guest's stack is the guest's memory: written only through the
     * checked path, and a stack we cannot write is the guest's fault. */
    if (push_on_guest_stack(ss, &sp, frame, n * sizeof frame[0]) < 0)
        crash_domain(d, tf, "cannot write the trap frame on its kernel stack");
    tf->ss = ss;
    tf->esp = sp;
    tf->cs = ti->cs;
    tf->eip = ti->address;
    tf->eflags &= ~(EFLAGS_TF | EFLAGS_NT | EFLAGS_RF);
    return 0;
    /* LAB 2 SOLUTION END */
}

int bounce_trap(struct domain *d, struct trap_frame *tf)
{
    uint32_t vector;
    int software;
    const struct trap_info *ti = handler_for(d, tf, &vector, &software);

    if (!ti || build_bounce_frame(d, tf, ti, vector, software) < 0)
        return -1;
    d->nr_bounces++;
    if (hv_trace)
        printk("hv: d%u: trace: bounce %s (vector %u) to %04x:%08x, esp %08x\n", d->domid,
               exception_name(vector), vector, tf->cs & 0xFFFF, tf->eip, tf->esp);
    return 0;
}

/*
 * The fast system call: d's vector becomes a trap gate (interrupts stay
 * on) into its ring-1 handler, usable from ring 3, while d runs. The
 * previous domain's gate goes back to not present.
 */
void load_guest_traps(const struct domain *d)
{
    static int installed = -1;
    if (installed >= 0)
        idt[installed].type_attr = 0;
    installed = d->fast_trap;
    if (installed >= 0) {
        const struct trap_info *ti = &d->traps[installed];
        set_gate(installed, ti->address, 3);
        idt[installed].selector = ti->cs;
        idt[installed].type_attr |= GATE_TRAP32_BIT;
    }
    tss_set_ring1_stack(d->kernel_ss, d->kernel_sp);
}

/*
 * Sends d to its failsafe callback from tf, whose data segments did not
 * load: the frame a trap without an error code gets (vector 0's, say),
 * with the four selectors below it (public/hvlab.h), and null data
 * segments, which always load. 0, or -1 when d has no failsafe callback.
 */
static int bounce_failsafe(struct domain *d, struct trap_frame *tf)
{
    const struct trap_info callback = { 0, 0, (uint16_t)d->failsafe_cs, d->failsafe_address };
    const uint32_t selectors[4] = { tf->ds & 0xFFFF, tf->es & 0xFFFF, tf->fs & 0xFFFF, tf->gs & 0xFFFF };

    if (!d->failsafe_address || build_bounce_frame(d, tf, &callback, T_DIVIDE, 0) < 0)
        return -1;
    if (push_on_guest_stack(tf->ss, &tf->esp, selectors, sizeof selectors) < 0)
        crash_domain(d, tf, "cannot write the failsafe frame on its kernel stack");
    tf->ds = tf->es = tf->fs = tf->gs = 0;
    return 0;
}

/* The way back to a guest, in trapentry.S. */
extern char exit_to_guest[], exit_to_guest_iret[], exit_to_guest_end[];
extern char trampoline_stack_top[];

/*
 * A fault on the way back to d (trapentry.S, exit_to_guest): the CPU
 * refused one of d's selectors, because d changed its GDT after loading
 * it. The hypervisor is fine; d has to be told, or killed.
 *
 * tf is the fault's frame. The guest's frame is still where
 * return_to_guest copied it, at the top of the trampoline stack. If a
 * data segment faulted, nothing of it was popped yet and it is whole. If
 * the iret faulted, the CPU pushed the fault's frame over all of it below
 * eip; but by then the general and data segment registers held the
 * guest's values, and trap_common saved those in tf. Either way tf
 * becomes the guest's frame, and the guest goes on from there: at its
 * failsafe callback, or not at all.
 */
static void exit_fault(struct domain *d, struct trap_frame *tf)
{
    const struct trap_frame *left = (const void *)(trampoline_stack_top - sizeof *left);
    uint32_t vector = tf->vector, error_code = tf->error_code;

    if (tf->eip >= (uint32_t)exit_to_guest_iret) {
        tf->eip = left->eip;
        tf->cs = left->cs;
        tf->eflags = left->eflags;
        tf->esp = left->esp;
        tf->ss = left->ss;
        crash_domain(d, tf, "its cs or ss no longer loads (the iret back to it faulted)");
    }
    *tf = *left;
    tf->vector = vector;
    tf->error_code = error_code;
    printk("hv: d%u: trap: its data segments (ds %04x es %04x fs %04x gs %04x) no longer load (%s, error 0x%x)\n",
           d->domid, tf->ds & 0xFFFF, tf->es & 0xFFFF, tf->fs & 0xFFFF, tf->gs & 0xFFFF,
           exception_name(vector), error_code);
    if (bounce_failsafe(d, tf) < 0)
        crash_domain(d, tf, "no failsafe callback to take it (set_callbacks)");
}
/* LAB 2 END */

void trap(struct trap_frame *tf)
{
    if (tf->eflags & EFLAGS_VM)
        leave_v86(current, tf);
    /* LAB 2 BEGIN */
    if ((tf->cs & 3) == 0 && tf->eip >= (uint32_t)exit_to_guest && tf->eip < (uint32_t)exit_to_guest_end) {
        exit_fault(current, tf);
        return;
    }
    /* LAB 2 END */
    if ((tf->cs & 3) == 0)
        hypervisor_fault(tf);
    if (tf->vector == HYPERCALL_VECTOR) {
        do_hypercall(current, tf);
        return;
    }
    if (tf->vector >= IRQ_BASE && tf->vector < IRQ_BASE + 16) {
        /* All masked: only the PIC's spurious IRQ 7 or 15 can get here. */
        hv_log(LOG_DEBUG, "hv: irq: spurious interrupt %u\n", tf->vector - IRQ_BASE);
        return;
    }
    /* LAB 2 BEGIN */
    if (bounce_trap(current, tf) == 0)
        return;
    /* LAB 2 END */
    crash_domain(current, tf, "no handler for it");
}
