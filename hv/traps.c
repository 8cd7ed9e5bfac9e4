/*
 * traps.c - the IDT, and what happens when a guest (or the hypervisor)
 * traps (lab 1). Lab 2 delivers guest faults to the guest's own handlers
 * (the bounce), with the hypercalls that name them: set_trap_table,
 * stack_switch, set_callbacks. In lab 1 a faulting guest is killed with
 * an explanation.
 *
 * The journey of a trap: trapentry.S (the stub, the switch to the
 * hypervisor's page directory) -> trap() here -> a hypercall
 * (hypercall.c), a bounce to the guest's handler, or the guest's end
 * (crash_domain) -> sched_return_to_guest() (sched.c) -> back out
 * through trapentry.S.
 *
 * Every gate is an interrupt gate, so the hypervisor always runs with
 * interrupts off: on one CPU that is all the locking we need.
 */
#include <domain.h>
#include <guest_access.h>
#include <hypercall.h>
#include <sched.h>
#include <segments.h>
#include <x86.h>
/* LAB 4 BEGIN */
#include <event.h>
#include <pic.h>
#include <time.h>
/* LAB 4 END */
/* LAB 5 BEGIN */
#include <physdev.h>
/* LAB 5 END */

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
}

static const char *exception_name(uint32_t vector)
{
    if (vector == HYPERCALL_VECTOR)
        return "hypercall";
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
    hvlog(LOG_ERR, d, "trap",
          "%s in virtual-8086 mode at %04x:%04x (EFLAGS.VM set by its iret): "
          "v86 mode refused, a #GP from ring 3 instead",
          exception_name(tf->vector), tf->cs & 0xFFFF, tf->eip & 0xFFFF);
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
    static const char *const group7[8] = { [2] = "lgdt", [3] = "lidt", [6] = "lmsw",
                                           [7] = "invlpg" };
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
            snprintf(name, size, "mov %s %%cr%u", b[i + 1] == 0x22 ? "to" : "from",
                     (b[i + 2] >> 3) & 7);
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
static void explain_guest_fault(struct domain *d, const struct trap_frame *tf, char *what,
                                size_t size)
{
    uint8_t code[16];
    int n = 0;
    char insn[40];

    while (n < (int)sizeof code && copy_from_guest(d, &code[n], tf->eip + (uint32_t)n, 1) == 0)
        n++;

    if (tf->vector == T_GP && (tf->error_code & 2)) {
        snprintf(what, size, "int $0x%x: no gate for ring %u at that vector",
                 tf->error_code >> 3, tf->cs & 3);
    } else if (tf->vector == T_GP && privileged_instruction(code, n, insn, sizeof insn)) {
        snprintf(what, size, "privileged instruction '%s'", insn);
    } else if (tf->vector == T_GP) {
        snprintf(what, size,
                 "general protection fault (a segment limit, e.g. an access to the hole "
                 "at 0x%08x or above, or a bad selector)",
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

    explain_guest_fault(d, tf, what, sizeof what);
    hvlog(LOG_ERR, d, "trap", "%s at eip 0x%08x in ring %u (%s, error 0x%x)", what, tf->eip,
          tf->cs & 3, exception_name(tf->vector), tf->error_code);
    snprintf(prefix, sizeof prefix, "hv: d%u:", d->domid);
    dump_registers(prefix, tf);
    hvlog(LOG_ERR, d, "trap", "%s: killing d%u", why, d->domid);
    domain_kill(d);
}

/* LAB 2 BEGIN */
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
static int int_instruction_length(struct domain *d, uint32_t eip, uint32_t vector)
{
    uint8_t code[15]; /* the longest instruction x86 allows */
    int n = 0;

    while (n < (int)sizeof code && copy_from_guest(d, &code[n], eip + (uint32_t)n, 1) == 0)
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
static const struct trap_info *handler_for(struct vcpu *v, struct trap_frame *tf,
                                           uint32_t *vector, int *software)
{
    *vector = tf->vector;
    *software = 0;
    if (tf->vector == T_GP && (tf->error_code & 3) == 2) {
        const struct trap_info *ti = &v->traps[(tf->error_code >> 3) & 0xFF];
        int length = int_instruction_length(v->domain, tf->eip, (tf->error_code >> 3) & 0xFF);
        if (ti->address && TI_DPL(ti) >= (tf->cs & 3) && length) {
            *vector = ti->vector;
            *software = length;
        }
    }
    const struct trap_info *ti = &v->traps[*vector];
    return ti->address ? ti : NULL;
}

/* Unused on a lab 2 branch until the student's build_bounce_frame()
 * uses it: no warning for it. */
static int push_on_guest_stack(struct domain *d, uint32_t ss, uint32_t *sp, const void *data,
                               uint32_t size) __attribute__((unused));

/*
 * Writes size bytes just below ss:*sp, as a push onto that stack would,
 * and moves *sp down past them; 0, or -1 when the stack cannot take
 * them. *sp is an offset into ss's segment: a stack segment of the
 * guest's own (set_gdt) may have a base, and the frame goes at base +
 * *sp, inside its limit, where the CPU would put it (taking *sp for an
 * address would write it elsewhere in the guest, or fail and kill a
 * guest that did nothing wrong). A selector that names no data segment
 * is no stack at all. (Marked unused: on a lab 2 branch nothing calls it
 * until your build_bounce_frame() does.)
 */
static int push_on_guest_stack(struct domain *d, uint32_t ss, uint32_t *sp, const void *data,
                               uint32_t size)
{
    uint32_t base, limit;
    if (gdt_data_segment(ss, &base, &limit) < 0 || *sp < size || *sp - 1 > limit)
        return -1;
    if (copy_to_guest(d, base + *sp - size, data, size) < 0)
        return -1;
    *sp -= size;
    return 0;
}

/*
 * Builds, on the guest's kernel stack, the frame the CPU would have built
 * for a trap to handler ti (public/hvlab.h, set_trap_table), and points
 * tf at the handler. below: the n words that go under the saved eip
 * (lowest address first): a page fault's cr2 and an error code, or the
 * failsafe callback's selectors. 0; a stack the frame cannot be written
 * to kills the domain.
 */
static int build_bounce_frame(struct vcpu *v, struct trap_frame *tf, const struct trap_info *ti,
                              const uint32_t *below, int n)
{
    /* LAB 2 SOLUTION BEGIN: return -1; */
    uint32_t frame[4 + 5], ss, sp;

    for (int i = 0; i < n; i++)
        frame[i] = below[i];
    frame[n++] = tf->eip;
    frame[n++] = tf->cs;
    frame[n++] = tf->eflags;
    if ((tf->cs & 3) > 1) {
        /* From ring 3 the CPU would switch stacks, so we do too; and from
         * ring 2 (a guest can make itself a DPL-2 code segment): the
         * handler runs in ring 1, and its stack must be ring 1's. */
        if (!v->kernel_ss)
            crash_domain(v->domain, tf, "a trap from ring 3, and no kernel stack (stack_switch)");
        frame[n++] = tf->esp;
        frame[n++] = tf->ss;
        ss = v->kernel_ss;
        sp = v->kernel_sp;
    } else {
        ss = tf->ss;
        sp = tf->esp;
    }
    /* The guest's stack is the guest's memory: written only through the
     * checked path, and a stack we cannot write is the guest's fault. */
    if (push_on_guest_stack(v->domain, ss, &sp, frame, n * sizeof frame[0]) < 0)
        crash_domain(v->domain, tf, "cannot write the trap frame on its kernel stack");
    tf->ss = ss;
    tf->esp = sp;
    tf->cs = ti->cs;
    tf->eip = ti->address;
    tf->eflags &= ~(EFLAGS_TF | EFLAGS_NT | EFLAGS_RF);
    return 0;
    /* LAB 2 SOLUTION END */
}

int bounce_trap(struct vcpu *v, struct trap_frame *tf)
{
    uint32_t vector, below[2];
    int software, n = 0;
    const struct trap_info *ti = handler_for(v, tf, &vector, &software);

    if (!ti)
        return -1;
    if (software) {
        tf->eip += (uint32_t)software; /* past the int $n, prefixes and all */
    } else {
        if (vector == T_PAGE_FAULT)
            below[n++] = read_cr2();
        if (EXCEPTION_HAS_ERROR_CODE(vector))
            below[n++] = tf->error_code;
    }
    if (build_bounce_frame(v, tf, ti, below, n) < 0)
        return -1;
    v->domain->nr_bounces++;
    if (hv_trace)
        hvlog(LOG_ERR, v->domain, "trace", "bounce %s (vector %u) to %04x:%08x, esp %08x",
              exception_name(vector), vector, tf->cs & 0xFFFF, tf->eip, tf->esp);
    return 0;
}

/*
 * The fast system call: v's vector becomes a trap gate (interrupts stay
 * on) into its ring-1 handler, usable from ring 3, while v runs. The gate
 * of the vCPU that ran before goes back to not present.
 */
void load_guest_traps(const struct vcpu *v)
{
    if (cpu.fast_trap >= 0)
        idt[cpu.fast_trap].type_attr = 0;
    cpu.fast_trap = v->fast_trap;
    if (cpu.fast_trap >= 0) {
        const struct trap_info *ti = &v->traps[cpu.fast_trap];
        set_gate(cpu.fast_trap, ti->address, 3);
        idt[cpu.fast_trap].selector = ti->cs;
        idt[cpu.fast_trap].type_attr |= GATE_TRAP32_BIT;
    }
    tss_set_ring1_stack(v->kernel_ss, v->kernel_sp);
}

/* Is a handler at cs:address one that runs in the guest's ring 1? A ring-0
 * selector here would hand the guest the hypervisor's privilege. */
static int guest_code(uint32_t cs, uint32_t address)
{
    return cs == FLAT_RING1_CS && address < HYPERVISOR_VIRT_START;
}

/*
 * Reads the guest's trap table at va into table (which starts as the
 * vCPU's current one), checking every entry; *fast becomes the fast
 * system-call vector. 0, or a negative error with one log line.
 */
static int32_t read_trap_table(struct domain *d, uint32_t va, struct trap_info *table, int *fast)
{
    /* LAB 2 SOLUTION BEGIN: return -HV_ENOSYS; */
    for (int n = 0;; n++, va += sizeof(struct trap_info)) {
        struct trap_info ti;
        if (n > 256) {
            hvlog(LOG_ERR, d, "set_trap_table", "more than 256 entries and no end");
            return -HV_EINVAL;
        }
        if (copy_from_guest(d, &ti, va, sizeof ti) < 0) {
            hvlog(LOG_ERR, d, "set_trap_table", "entry %d at 0x%08x is not mapped below the hole",
                  n, va);
            return -HV_EFAULT;
        }
        if (!ti.address)
            break;
        if (!guest_code(ti.cs, ti.address)) {
            hvlog(LOG_ERR, d, "set_trap_table", "vector %u: %04x:%08x is not guest ring-1 code",
                  ti.vector, ti.cs, ti.address);
            return -HV_EINVAL;
        }
        if (ti.vector >= 32 && TI_DPL(&ti) == 3) {
            /* The IDT is every domain's: a gate on a vector the hypervisor
             * uses (its hypercall gate, the PIC's interrupts) would take
             * that vector over for everyone. */
            if (ti.vector == HYPERCALL_VECTOR ||
                (ti.vector >= IRQ_BASE && ti.vector < IRQ_BASE + 16)) {
                hvlog(LOG_ERR, d, "set_trap_table",
                      "vector %u is the hypervisor's; it cannot be a fast system call", ti.vector);
                return -HV_EINVAL;
            }
            if (*fast >= 0 && *fast != ti.vector) {
                hvlog(LOG_ERR, d, "set_trap_table",
                      "vector %u: a second fast system call (%d is one)", ti.vector, *fast);
                return -HV_EINVAL;
            }
            *fast = ti.vector;
        } else if (ti.vector == *fast) {
            /* The fast system call registered again with DPL 0-2: its
             * real gate must go, or ring 3 would still reach the handler
             * straight through the IDT, past the new table. */
            *fast = -1;
        }
        table[ti.vector] = ti;
    }
    return 0;
    /* LAB 2 SOLUTION END */
}

/* Nothing of a table with a bad entry is taken. */
int32_t do_set_trap_table(struct vcpu *v, uint32_t table_va)
{
    static struct trap_info table[256]; /* one CPU: one caller at a time */
    int fast = v->fast_trap;

    if (!table_va) {
        memset(v->traps, 0, sizeof v->traps);
        v->fast_trap = -1;
        load_guest_traps(v);
        return 0;
    }
    memcpy(table, v->traps, sizeof table);
    int32_t err = read_trap_table(v->domain, table_va, table, &fast);
    if (err < 0)
        return err;
    memcpy(v->traps, table, sizeof v->traps);
    v->fast_trap = fast;
    load_guest_traps(v);
    return 0;
}

int32_t do_stack_switch(struct vcpu *v, uint32_t ss, uint32_t esp)
{
    /* Only the guest's own ring-1 stack segment: the CPU would refuse any
     * other when a ring-3 program makes a system call (a fault inside the
     * hypervisor's trap delivery), and a stack in the hole would have us
     * write trap frames over the hypervisor. */
    if (ss != FLAT_RING1_DS || esp > HYPERVISOR_VIRT_START) {
        hvlog(LOG_ERR, v->domain, "stack_switch", "%04x:%08x is not a ring-1 stack below the hole",
              ss, esp);
        return -HV_EINVAL;
    }
    v->kernel_ss = ss;
    v->kernel_sp = esp;
    tss_set_ring1_stack(v->kernel_ss, v->kernel_sp);
    return 0;
}

int32_t do_set_callbacks(struct vcpu *v, uint32_t event_cs, uint32_t event_address,
                         uint32_t failsafe_cs, uint32_t failsafe_address)
{
    /* A callback must be guest ring-1 code: a ring-0 selector or an
     * address in the hole would hand the guest the hypervisor. */
    if (!guest_code(failsafe_cs, failsafe_address) ||
        (event_address && !guest_code(event_cs, event_address))) {
        hvlog(LOG_ERR, v->domain, "set_callbacks",
              "%04x:%08x or %04x:%08x is not guest ring-1 code",
              event_cs, event_address, failsafe_cs, failsafe_address);
        return -HV_EINVAL;
    }
    v->failsafe_cs = failsafe_cs;
    v->failsafe_address = failsafe_address;
    /* LAB 4 BEGIN */
    v->event_cs = event_cs;
    v->event_address = event_address;
    /* LAB 4 END */
    return 0;
}

/*
 * Sends v to its failsafe callback from tf, whose data segments did not
 * load: the frame of a trap without an error code, with the four
 * selectors below it (public/hvlab.h), and null data segments, which
 * always load. 0, or -1 when v has no failsafe callback.
 */
static int bounce_failsafe(struct vcpu *v, struct trap_frame *tf)
{
    const struct trap_info callback = { 0, 0, (uint16_t)v->failsafe_cs, v->failsafe_address };
    const uint32_t selectors[4] = { tf->ds & 0xFFFF, tf->es & 0xFFFF, tf->fs & 0xFFFF,
                                    tf->gs & 0xFFFF };

    if (!v->failsafe_address || build_bounce_frame(v, tf, &callback, selectors, 4) < 0)
        return -1;
    tf->ds = tf->es = tf->fs = tf->gs = 0;
    return 0;
}

/* LAB 4 BEGIN */
void deliver_upcall(struct vcpu *v, struct trap_frame *tf)
{
    /* LAB 4 SOLUTION BEGIN: return; */
    struct vcpu_info *vi = &v->domain->shared_info->vcpu_info[0];
    const struct trap_info callback = { 0, 0, (uint16_t)v->event_cs, v->event_address };

    /* The guest writes these flags whenever it likes: read each once. */
    uint8_t pending = vi->evtchn_upcall_pending, masked = vi->evtchn_upcall_mask;
    if (!v->event_address || !pending || masked)
        return;
    /* Masked until the callback unmasks: a second event must not enter
     * the callback again before it has saved the first one's frame. */
    vi->evtchn_upcall_mask = 1;
    build_bounce_frame(v, tf, &callback, NULL, 0);
    /* LAB 4 SOLUTION END */
}
/* LAB 4 END */

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
static void exit_fault(struct vcpu *v, struct trap_frame *tf)
{
    const struct trap_frame *left = (const void *)(trampoline_stack_top - sizeof *left);
    uint32_t vector = tf->vector, error_code = tf->error_code;

    if (tf->eip >= (uint32_t)exit_to_guest_iret) {
        tf->eip = left->eip;
        tf->cs = left->cs;
        tf->eflags = left->eflags;
        tf->esp = left->esp;
        tf->ss = left->ss;
        crash_domain(v->domain, tf, "its cs or ss no longer loads (the iret back to it faulted)");
    }
    *tf = *left;
    tf->vector = vector;
    tf->error_code = error_code;
    hvlog(LOG_ERR, v->domain, "trap",
          "its data segments (ds %04x es %04x fs %04x gs %04x) no longer load (%s, error 0x%x)",
          tf->ds & 0xFFFF, tf->es & 0xFFFF, tf->fs & 0xFFFF, tf->gs & 0xFFFF,
          exception_name(vector), error_code);
    if (bounce_failsafe(v, tf) < 0)
        crash_domain(v->domain, tf, "no failsafe callback to take it (set_callbacks)");
}
/* LAB 2 END */

/* A device interrupt (lab 4: the timer and the console; lab 5: a line
 * bound to domain 0, physdev.c; before, all are masked). */
static void interrupt(uint32_t irq)
{
    /* LAB 4 BEGIN */
    if (irq == IRQ_TIMER || irq == IRQ_COM1)
        pic_eoi(irq);
    if (irq == IRQ_TIMER) {
        timer_interrupt();
        return;
    }
    if (irq == IRQ_COM1) {
        console_interrupt();
        return;
    }
    /* LAB 4 END */
    /* LAB 5 BEGIN */
    if (physdev_interrupt(irq))
        return;
    /* LAB 5 END */
    /* A masked line: only the PIC's spurious IRQ 7 or 15 gets here. */
    hvlog(LOG_DEBUG, NULL, "irq", "spurious interrupt %u", irq);
}

/* A trap the guest caused: it goes to the guest's own handler (lab 2),
 * or the guest dies. */
static void guest_fault(struct vcpu *v, struct trap_frame *tf)
{
    /* LAB 2 BEGIN */
    if (bounce_trap(v, tf) == 0)
        return;
    /* LAB 2 END */
    crash_domain(v->domain, tf, "no handler for it");
}

void trap(struct trap_frame *tf)
{
    /* An interrupt that came in virtual-8086 mode is served like any
     * other; what the guest gets is the #GP of leave_v86. */
    if (tf->eflags & EFLAGS_VM) {
        if (tf->vector >= IRQ_BASE && tf->vector < IRQ_BASE + 16)
            interrupt(tf->vector - IRQ_BASE);
        leave_v86(current->domain, tf);
    }
    /* LAB 2 BEGIN */
    if ((tf->cs & 3) == 0 && tf->eip >= (uint32_t)exit_to_guest &&
        tf->eip < (uint32_t)exit_to_guest_end) {
        exit_fault(current, tf);
        sched_return_to_guest(tf);
        return;
    }
    /* LAB 2 END */
    if (tf->vector >= IRQ_BASE && tf->vector < IRQ_BASE + 16) {
        interrupt(tf->vector - IRQ_BASE);
        /* In ring 0 only the idle loop takes interrupts (sched.c): back to it. */
        if (!from_guest(tf))
            return;
    } else if (!from_guest(tf)) {
        hypervisor_fault(tf);
    } else if (tf->vector == HYPERCALL_VECTOR) {
        do_hypercall(current, tf);
    } else {
        guest_fault(current, tf);
    }
    sched_return_to_guest(tf);
}
