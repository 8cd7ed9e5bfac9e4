/* LAB 2 FILE */
/*
 * hostile.c - the hostile guest of lab 2: one attack on the hypervisor
 * per boot (probe=NAME), from ring 1 or from a ring-3 program, in the
 * classes of the hostile suite (tests/hostile-*.bats): traps,
 * descriptors, hypercall arguments, privileged instructions, modes.
 * Lab 3 adds page tables (hostile_mmu.c); later labs add theirs.
 *
 * Each attack ends in one of three ways. The hypervisor refuses it (an
 * error code, or a fault delivered to our own handlers) and we say so,
 * "guestos: attack: NAME: refused: ...", and shut down. It kills us,
 * and its own log says why ("killing d0"). Or it lets the attack
 * through, and we say "BUG". The suite reads the verdict from the log,
 * and checks that the hypervisor ended the run normally with every
 * frame back.
 *
 * Attacks in ring 1 run once the kernel has its traps: a fault we expect
 * goes to our handler (EXPECT_TRAP, probes.h), which resumes after it.
 * Some attacks take over a vector with a handler of their own for a
 * moment (set_trap_table), and put the kernel's table back after.
 */
#include <hypercall.h>
#include <kernel.h>
#include <probes/probes.h>
#include <traps.h>

#define EFLAGS_VM 0x00020000

extern char kernel_stack_top[];          /* entry.S */
extern const uint32_t guest_trap_entries[32]; /* trapentry.S */

/* A stack of its own for a trap from an outer ring during an attack (a
 * trap from ring 2 or 3 lands on the stack stack_switch names; the
 * kernel's is in use, by us): the last of the probes' scratch pages. */
static char *const attack_stack = probe_scratch[2];
#define ATTACK_STACK_TOP ((uint32_t)attack_stack + PAGE_SIZE)

/* One vector handled by handler (ring 1) until the kernel's table is
 * back; dpl: the least privileged ring that may "int $vector". */
static void take_vector(uint8_t vector, uint8_t dpl, void (*handler)(void))
{
    struct trap_info table[2] = { { vector, dpl, FLAT_RING1_CS, (uint32_t)handler },
                                  { 0, 0, 0, 0 } };
    if (HYPERVISOR_set_trap_table(table) < 0)
        attack_bug("set_trap_table of our own handler for vector %u refused", vector);
}

/* The kernel's own traps again. */
static void restore_traps(void)
{
    traps_init();
    HYPERVISOR_stack_switch(FLAT_RING1_DS, (uint32_t)kernel_stack_top);
}

/* After EXPECT_TRAP: the verdict on code that must trap with vector
 * (or with other, when the emulator decides which: -1 for none). */
static void expect_trap(const char *what, uint32_t vector, int other)
{
    if (trap_recover) {
        trap_recover = 0;
        attack_bug("%s did not trap", what);
    } else if (last_trap.vector != vector && (int)last_trap.vector != other) {
        attack_bug("%s: vector %u, not %u", what, last_trap.vector, vector);
    } else {
        attack_refused("%s: vector %u, error 0x%x, at eip 0x%08x, delivered to our handler", what,
                       last_trap.vector, last_trap.error, last_trap.eip);
    }
}

/* The verdict on a hypercall that must fail with expected. */
static void expect_error(const char *what, int32_t result, int32_t expected)
{
    if (result == expected)
        attack_refused("%s = %d", what, result);
    else
        attack_bug("%s = %d, not %d", what, result, expected);
}

/* --- Privileged instructions: each a #GP in ring 1 ------------------- */

/* insn: the instruction (asm, with eax free to use); shown: its name. */
#define PRIVILEGED(fn, insn, shown)                                            \
    static void fn(const char *name)                                           \
    {                                                                          \
        uint32_t eax = 0;                                                      \
        EXPECT_TRAP(__asm__ volatile(insn : "+a"(eax) : : "ecx", "edx", "memory")); \
        expect_trap(shown, T_GP, -1);                                          \
    }

PRIVILEGED(priv_cli, "cli", "cli")
PRIVILEGED(priv_sti, "sti", "sti")
PRIVILEGED(priv_hlt, "hlt", "hlt")
PRIVILEGED(priv_cr0, "mov %%eax, %%cr0", "mov to cr0")
PRIVILEGED(priv_cr3, "mov %%eax, %%cr3", "mov to cr3")
PRIVILEGED(priv_cr4, "mov %%cr4, %%eax", "mov from cr4")
PRIVILEGED(priv_dr7, "mov %%eax, %%dr7", "mov to dr7")
PRIVILEGED(priv_lgdt, "lgdt (%%esp)", "lgdt")
PRIVILEGED(priv_lidt, "lidt (%%esp)", "lidt")
PRIVILEGED(priv_lldt, "lldt %%ax", "lldt")
PRIVILEGED(priv_ltr, "ltr %%ax", "ltr")
PRIVILEGED(priv_lmsw, "lmsw %%ax", "lmsw")
PRIVILEGED(priv_clts, "clts", "clts")
PRIVILEGED(priv_invd, "invd", "invd")
PRIVILEGED(priv_wbinvd, "wbinvd", "wbinvd")
PRIVILEGED(priv_invlpg, "invlpg (%%esp)", "invlpg")
PRIVILEGED(priv_rdmsr, "rdmsr", "rdmsr")
PRIVILEGED(priv_wrmsr, "wrmsr", "wrmsr")
PRIVILEGED(priv_in, "inb $0x60, %%al", "in")
PRIVILEGED(priv_out, "outb %%al, $0x80", "out")
PRIVILEGED(priv_sysenter, "sysenter", "sysenter")

/* popf in ring 1 cannot raise IOPL (nor clear IF): the CPU ignores those
 * bits below ring 0, without a fault. IOPL 3 would open every I/O port. */
static void priv_popf_iopl(const char *name)
{
    uint32_t eflags;
    __asm__ volatile("pushf; orl $0x3000, (%%esp); popf; pushf; popl %0" : "=r"(eflags) : : "cc");
    if (eflags & 0x3000)
        attack_bug("popf set IOPL %u", (eflags >> 12) & 3);
    else
        attack_refused("popf of IOPL 3: eflags 0x%08x, IOPL still 0", eflags);
}

/* sidt and sgdt are not privileged: they tell us where the IDT and GDT
 * are (public/hvlab.h says why that is harmless). Writing there is not. */
static void priv_write_idt(const char *name)
{
    struct { uint16_t limit; uint32_t base; } __attribute__((packed)) idtr;
    __asm__ volatile("sidt %0" : "=m"(idtr));
    EXPECT_TRAP(*(volatile uint32_t *)idtr.base = 0);
    /* A page fault under TCG (the hole is unmapped); a segment limit on
     * hardware and Bochs (#GP). */
    expect_trap("writing the IDT found with sidt", T_PAGE_FAULT, T_GP);
}

static void priv_write_gdt(const char *name)
{
    struct { uint16_t limit; uint32_t base; } __attribute__((packed)) gdtr;
    __asm__ volatile("sgdt %0" : "=m"(gdtr));
    EXPECT_TRAP(*(volatile uint32_t *)(gdtr.base + 0xe008) = 0);
    expect_trap("writing the GDT found with sgdt", T_PAGE_FAULT, T_GP);
}

static void priv_read_hole(const char *name)
{
    EXPECT_TRAP((void)*(volatile uint32_t *)(HYPERVISOR_VIRT_START + 0x100000));
    expect_trap("reading the hypervisor's memory", T_PAGE_FAULT, T_GP);
}

/* --- Traps ------------------------------------------------------------ */

/* A handler of ours for the fast system call, which counts. */
uint32_t fast_gate_calls;
void fast_gate_handler(void);
__asm__(".text\n"
        "fast_gate_handler:\n"
        "    incl fast_gate_calls\n"
        "    iret\n");

/*
 * The fast system call is a real gate in the IDT while we run. Made
 * with DPL 3, then registered again with DPL 0 (trap-fast-dpl0) or
 * removed with the whole table (trap-fast-clear), it must be gone: an
 * int $0x80 must come to the hypervisor, which gives us a #GP, and not
 * straight to the handler. (From ring 1 here; the gate is the same one
 * ring 3 would use.)
 */
static void trap_fast_gate(const char *name)
{
    EXPECT_TRAP(take_vector(0x80, 3, fast_gate_handler);
                __asm__ volatile("int $0x80" ::: "memory"));
    if (!trap_recover || fast_gate_calls != 1) {
        attack_bug("the fast system call did not reach its handler: %u", fast_gate_calls);
        return;
    }
    trap_recover = 0;
    if (strcmp(name, "trap-fast-clear") == 0) {
        const struct trap_info gp[2] = { { T_GP, 0, FLAT_RING1_CS, guest_trap_entries[T_GP] },
                                         { 0, 0, 0, 0 } };
        HYPERVISOR_set_trap_table(NULL);
        HYPERVISOR_set_trap_table(gp);
    } else {
        take_vector(0x80, 0, fast_gate_handler);
    }
    EXPECT_TRAP(__asm__ volatile("int $0x80" ::: "memory"));
    restore_traps();
    if (fast_gate_calls != 1)
        attack_bug("int $0x80 still went straight to the old handler (%u calls)", fast_gate_calls);
    else
        expect_trap("int $0x80 after the gate was closed", T_GP, -1);
}

/* int $0x85 behind a prefix (cs, 2e): three bytes, and the return
 * address must be after all three, not inside the instruction. */
extern char int_prefix_end[];
static void trap_int_prefix(const char *name)
{
    EXPECT_TRAP(__asm__ volatile(".byte 0x2e; int $0x85\n"
                                 ".globl int_prefix_end\n"
                                 "int_prefix_end:" ::: "memory"));
    if (trap_recover) {
        trap_recover = 0;
        attack_bug("int $0x85 did not reach our handler");
    } else if (last_trap.eip != (uint32_t)int_prefix_end) {
        attack_bug("2e cd 85 returns to 0x%08x, not 0x%08x after it", last_trap.eip,
                   (uint32_t)int_prefix_end);
    } else {
        attack_refused("2e cd 85 (vector %u) returns to 0x%08x, after the whole instruction",
                       last_trap.vector, last_trap.eip);
    }
}

/* The same with 14 prefixes: 16 bytes, longer than any instruction may
 * be; the CPU itself refuses it with a #GP. */
static void trap_int_too_long(const char *name)
{
    EXPECT_TRAP(__asm__ volatile(".fill 14, 1, 0x3e; int $0x85" ::: "memory"));
    expect_trap("int $0x85 behind 14 prefixes", T_GP, -1);
}

/* int1 (icebp, f1) raises #DB through the IDT whatever the gate's DPL:
 * it arrives in ring 0 from us, and must come back to us. (QEMU 7.2's
 * TCG raises #UD for it instead; Bochs and hardware #DB.) */
static void trap_icebp(const char *name)
{
    EXPECT_TRAP(__asm__ volatile(".byte 0xf1" ::: "memory"));
    expect_trap("icebp", T_DEBUG, T_INVALID_OP);
}

/*
 * Single-stepping (EFLAGS.TF) over a hypercall, and over mov ss / pop ss
 * just before one (Xen's XSA-260 class): the debug trap the CPU holds
 * back for one instruction after a stack-segment load is taken at the
 * first instruction of the hypervisor's entry, in ring 0. The hypervisor
 * must go on, and we must get our #DB traps in our own code only. A
 * handler of ours counts them without stopping the stepping.
 */
uint32_t step_count, step_eips[32];
void step_handler(void);
__asm__(".text\n"
        "step_handler:\n"
        "    pushl %eax\n"
        "    pushl %ebx\n"
        "    movl step_count, %eax\n"
        "    cmpl $32, %eax\n"
        "    jae 1f\n"
        "    movl 8(%esp), %ebx\n" /* the trap's eip */
        "    movl %ebx, step_eips(,%eax,4)\n"
        "1:  incl step_count\n"
        "    popl %ebx\n"
        "    popl %eax\n"
        "    iret\n");
uint32_t breakpoints;
void breakpoint_handler(void);
__asm__(".text\n"
        "breakpoint_handler:\n"
        "    incl breakpoints\n"
        "    iret\n");

/* The stepping: TF on, two nops, what is tried, two nops, TF off. */
#define STEPPED(fn, code)                                                      \
    extern char fn##_start[], fn##_end[];                                      \
    static void fn(void)                                                       \
    {                                                                          \
        uint32_t nr = __HYPERVISOR_xen_version;                                \
        __asm__ volatile("pushf; orl $0x100, (%%esp); popf\n"                  \
                         ".globl " #fn "_start\n" #fn "_start:\n"              \
                         "nop; nop\n" code "\nnop; nop\n"                      \
                         "pushf; andl $~0x100, (%%esp); popf\n"                \
                         ".globl " #fn "_end\n" #fn "_end:\n"                  \
                         : "+a"(nr) : "b"(XENVER_version) : "ecx", "edx", "memory", "cc"); \
    }

STEPPED(step_hypercall, "int $0x82")
STEPPED(step_movss_hypercall, "movl %%ss, %%ecx; movl %%ecx, %%ss; int $0x82")
STEPPED(step_popss_hypercall, "pushl %%ss; popl %%ss; int $0x82")
STEPPED(step_movss_int3, "movl %%ss, %%ecx; movl %%ecx, %%ss; int3")

static const struct {
    const char *name;
    void (*run)(void);
    const char *start, *end;
} stepped[] = {
    { "trap-step-hypercall", step_hypercall, step_hypercall_start, step_hypercall_end },
    { "trap-step-movss", step_movss_hypercall, step_movss_hypercall_start,
      step_movss_hypercall_end },
    { "trap-step-popss", step_popss_hypercall, step_popss_hypercall_start,
      step_popss_hypercall_end },
    { "trap-step-movss-int3", step_movss_int3, step_movss_int3_start, step_movss_int3_end },
};

static void trap_single_step(const char *name)
{
    char where[96] = "";
    size_t len = 0;

    for (size_t i = 0; i < sizeof stepped / sizeof stepped[0]; i++) {
        if (strcmp(name, stepped[i].name) != 0)
            continue;
        take_vector(T_DEBUG, 0, step_handler);
        take_vector(T_BREAKPOINT, 3, breakpoint_handler);
        stepped[i].run();
        restore_traps();
        uint32_t start = (uint32_t)stepped[i].start, end = (uint32_t)stepped[i].end;
        for (uint32_t k = 0; k < step_count && k < 32; k++) {
            if (step_eips[k] < start || step_eips[k] > end) {
                attack_bug("#DB at eip 0x%08x, outside the stepped code [0x%08x, 0x%08x]",
                           step_eips[k], start, end);
                return;
            }
            len += (size_t)snprintf(where + len, sizeof where - len, " +%u", step_eips[k] - start);
            if (len >= sizeof where)
                break;
        }
        if (step_count == 0)
            attack_bug("no #DB at all while stepping");
        else
            attack_refused("%u #DB traps, all in our code, at%s; %u breakpoint(s)", step_count,
                           where, breakpoints);
    }
}

/*
 * A stack segment of our own with a base (set_gdt): a trap in ring 1
 * with ss:esp on it has its frame at base + esp, as the CPU would put
 * it, not at esp (unmapped here: the domain would die for nothing). Our
 * handler runs on that stack, reads its frame through ss, steps over
 * the ud2 and returns. The descriptor table and the based area are
 * scratch pages (probes.h).
 */
static uint64_t *const attack_gdt = (uint64_t *)probe_scratch[0]; /* fills its page */
static char *const based_area = probe_scratch[1];
uint32_t based_saved_esp, based_handled;
void based_ud_handler(void);
void based_stack_ud2(uint32_t selector);
__asm__(".text\n"
        "based_ud_handler:\n"
        "    incl based_handled\n"
        "    addl $2, (%esp)\n" /* past the ud2 */
        "    iret\n"
        "based_stack_ud2:\n"
        "    pushl %ebp\n"
        "    movl %esp, %ebp\n"
        "    movl %esp, based_saved_esp\n"
        "    movl 8(%ebp), %eax\n"
        "    movl %eax, %ss\n"
        "    movl $0xff0, %esp\n"
        "    ud2\n"
        "    movl $" XSTR(FLAT_RING1_DS) ", %eax\n"
        "    movl %eax, %ss\n"
        "    movl based_saved_esp, %esp\n"
        "    popl %ebp\n"
        "    ret\n");

/* set_gdt of attack_gdt's first entries. */
static int32_t set_attack_gdt(int entries)
{
    uint32_t frame = virt_to_mfn(attack_gdt);
    return HYPERVISOR_set_gdt(&frame, entries);
}

static void trap_based_stack(const char *name)
{
    attack_gdt[1] = segment_descriptor((uint32_t)based_area, 0xfff, PRESENT | DPL(1) | S_DATA_RW,
                                       BYTES_32);
    if (set_attack_gdt(2) < 0) {
        attack_bug("set_gdt of a based ring-1 data segment refused");
        return;
    }
    take_vector(T_INVALID_OP, 0, based_ud_handler);
    based_stack_ud2(1 << 3 | 1);
    restore_traps();
    if (based_handled != 1)
        attack_bug("the #UD handler ran %u times", based_handled);
    else
        attack_refused("#UD on ss base 0x%08x, esp 0xff0: the frame at base + esp, our handler ran",
                       (uint32_t)based_area);
}

/* A stack pointer in the hole: the hypervisor cannot write the trap
 * frame there (and must not): it kills us. */
static void trap_stack_in_hole(const char *name)
{
    __asm__ volatile("movl $0xe0001000, %%esp; ud2" ::: "memory");
    attack_bug("still running with esp in the hole");
}

/* iret, ljmp and lcall to the hypervisor's selectors: each a #GP, the
 * CPU's own check of the selectors' privilege. */
uint32_t saved_esp; /* the stack pointer to go back to after an iret that faults */
static void trap_iret_ring0(const char *name)
{
    EXPECT_TRAP(__asm__ volatile("movl %%esp, saved_esp\n"
                                 "pushf; pushl $0xe008; pushl $0xc0000000; iret" ::: "memory"));
    __asm__ volatile("movl saved_esp, %%esp" ::: "memory");
    expect_trap("iret to the hypervisor's code selector 0xe008", T_GP, -1);
}

static void trap_ljmp_ring0(const char *name)
{
    EXPECT_TRAP(__asm__ volatile("ljmp $0xe008, $0xc0000000" ::: "memory"));
    expect_trap("ljmp to the hypervisor's code selector 0xe008", T_GP, -1);
}

static void trap_lcall_tss(const char *name)
{
    EXPECT_TRAP(__asm__ volatile("lcall $0xe038, $0" ::: "memory"));
    expect_trap("lcall to the hypervisor's TSS 0xe038 (a task switch)", T_GP, -1);
}

/* iret with NT set: a return to the task in the TSS's back link, which
 * is none: an invalid TSS fault. */
static void trap_iret_nt(const char *name)
{
    EXPECT_TRAP(__asm__ volatile("movl %%esp, saved_esp\n"
                                 "pushf; orl $0x4000, (%%esp); popf\n"
                                 "pushf; pushl %%cs; pushl $1f; iret\n1:" ::: "memory", "cc"));
    __asm__ volatile("movl saved_esp, %%esp" ::: "memory");
    expect_trap("iret with NT set (a task return)", T_INVALID_TSS, T_GP);
}

/* --- Modes ------------------------------------------------------------- */

/*
 * iret with EFLAGS.VM set, from ring 1: a real CPU ignores VM outside
 * ring 0 (and faults on the null cs); QEMU's TCG enters virtual-8086
 * mode, whose first fault the hypervisor must turn into a #GP for us.
 * Our #GP handler takes the frame and goes back to the caller.
 */
uint32_t v86_saved_esp, v86_trap[4]; /* error, eip, cs, eflags */
void v86_iret(uint32_t cs);
void v86_gp_handler(void);
__asm__(".text\n"
        "v86_iret:\n"
        "    pushl %ebp\n"
        "    movl %esp, %ebp\n"
        "    pushl %ebx\n"
        "    pushl %esi\n"
        "    pushl %edi\n"
        "    movl %esp, v86_saved_esp\n"
        "    movl 8(%ebp), %eax\n"
        "    pushl $0\n"          /* gs */
        "    pushl $0\n"          /* fs */
        "    pushl $0\n"          /* ds */
        "    pushl $0\n"          /* es */
        "    pushl $0\n"          /* ss */
        "    pushl $0x0ff0\n"     /* esp */
        "    pushl $0x00020002\n" /* eflags: VM */
        "    pushl %eax\n"        /* cs */
        "    pushl $0\n"          /* eip */
        "    iret\n"
        "v86_gp_handler:\n"
        "    movl $" XSTR(FLAT_RING1_DS) ", %eax\n"
        "    movl %eax, %ds\n"
        "    movl %eax, %es\n"
        "    movl 0(%esp), %eax\n"
        "    movl %eax, v86_trap\n"
        "    movl 4(%esp), %eax\n"
        "    movl %eax, v86_trap + 4\n"
        "    movl 8(%esp), %eax\n"
        "    movl %eax, v86_trap + 8\n"
        "    movl 12(%esp), %eax\n"
        "    movl %eax, v86_trap + 12\n"
        "    movl v86_saved_esp, %esp\n"
        "    popl %edi\n"
        "    popl %esi\n"
        "    popl %ebx\n"
        "    popl %ebp\n"
        "    ret\n");

static void mode_v86_ring1(const char *name)
{
    uint32_t cs = strcmp(name, "mode-v86-ring1-cs3") == 0 ? 3 : 0;

    take_vector(T_GP, 0, v86_gp_handler);
    HYPERVISOR_stack_switch(FLAT_RING1_DS, ATTACK_STACK_TOP);
    v86_iret(cs);
    restore_traps();
    if (v86_trap[3] & EFLAGS_VM)
        attack_bug("a #GP with EFLAGS.VM still set: 0x%08x", v86_trap[3]);
    else
        attack_refused("iret with VM to %04x:0000 ended in a #GP (error 0x%x) from cs %04x, "
                       "eflags 0x%08x: no v86 mode",
                       cs, v86_trap[0], v86_trap[2] & 0xFFFF, v86_trap[3]);
}

/*
 * Ring 2: a code segment of DPL 2 of our own, entered with iret. A trap
 * there must reach our ring-1 handler on the ring-1 stack, as from ring
 * 3 (the CPU would switch stacks). Our handler resumes the ring-2 code,
 * which comes back to ring 1 through a call gate.
 */
enum { E_CODE2 = 1, E_DATA2, E_GATE2, NR_RING2_ENTRIES };
uint32_t ring2_saved_esp;
/* The stack ring 2 runs on: a scratch page (probes.h), the one the
 * based-stack attack uses, not this one. */
static char *const ring2_stack = probe_scratch[1];
void ring2_ud2(uint32_t ring2_esp);
extern char ring2_resume[], ring2_return[];
__asm__(".text\n"
        "ring2_ud2:\n"
        "    pushl %ebp\n"
        "    movl %esp, %ebp\n"
        "    pushl %ebx\n"
        "    pushl %esi\n"
        "    pushl %edi\n"
        "    movl %esp, ring2_saved_esp\n"
        "    movl 8(%ebp), %eax\n"
        /* ds and es that ring 2 may keep (DPL 3), for our handler */
        "    movl $" XSTR(FLAT_RING3_DS) ", %ecx\n"
        "    movl %ecx, %ds\n"
        "    movl %ecx, %es\n"
        "    pushl $0x12\n"       /* ss: E_DATA2, RPL 2 */
        "    pushl %eax\n"        /* esp */
        "    pushf\n"
        "    pushl $0x0a\n"       /* cs: E_CODE2, RPL 2 */
        "    pushl $1f\n"
        "    iret\n"
        "1:  ud2\n"
        ".globl ring2_resume\n"
        "ring2_resume:\n"
        "    lcall $0x1a, $0\n"   /* E_GATE2: back to ring 1 */
        ".globl ring2_return\n"
        "ring2_return:\n"
        "    movl $" XSTR(FLAT_RING1_DS) ", %eax\n"
        "    movl %eax, %ds\n"
        "    movl %eax, %es\n"
        "    movl %eax, %ss\n"
        "    movl ring2_saved_esp, %esp\n"
        "    popl %edi\n"
        "    popl %esi\n"
        "    popl %ebx\n"
        "    popl %ebp\n"
        "    ret\n");

static void mode_ring2(const char *name)
{
    attack_gdt[E_CODE2] = segment_descriptor(0, FLAT_LIMIT, PRESENT | DPL(2) | S_CODE, G_32);
    attack_gdt[E_DATA2] = segment_descriptor(0, FLAT_LIMIT, PRESENT | DPL(2) | S_DATA_RW, G_32);
    attack_gdt[E_GATE2] = call_gate_descriptor(FLAT_RING1_CS, (uint32_t)ring2_return, 2);
    if (set_attack_gdt(NR_RING2_ENTRIES) < 0) {
        attack_bug("set_gdt of ring-2 segments refused");
        return;
    }
    HYPERVISOR_stack_switch(FLAT_RING1_DS, ATTACK_STACK_TOP);
    trap_recover = (uint32_t)ring2_resume;
    ring2_ud2((uint32_t)ring2_stack + PAGE_SIZE);
    restore_traps();
    if (trap_recover) {
        trap_recover = 0;
        attack_bug("ud2 in ring 2 did not reach our handler");
    } else if (last_trap.vector != T_INVALID_OP || (last_trap.cs & 3) != 2) {
        attack_bug("vector %u from cs %04x, not #UD from ring 2", last_trap.vector, last_trap.cs);
    } else {
        attack_refused("#UD from ring 2 (cs %04x, ss %04x) reached our ring-1 handler "
                       "on the ring-1 stack",
                       last_trap.cs, last_trap.ss);
    }
}

/* --- Descriptors: each refused by set_gdt with -22 --------------------- */

static void refuse_descriptor(const char *what, uint64_t desc)
{
    attack_gdt[1] = desc;
    expect_error(what, set_attack_gdt(2), -HV_EINVAL);
}

static void desc_flat_4g(const char *name)
{
    refuse_descriptor("set_gdt(flat 4 GiB data segment)",
                      segment_descriptor(0, 0xFFFFF, PRESENT | DPL(1) | S_DATA_RW, G_32));
}

static void desc_into_hole(const char *name)
{
    refuse_descriptor("set_gdt(segment ending at 0xe0000000)",
                      segment_descriptor(0xDFFFF000, 0x1000, PRESENT | DPL(1) | S_DATA_RW,
                                         BYTES_32));
}

static void desc_conforming(const char *name)
{
    refuse_descriptor("set_gdt(conforming code segment)",
                      segment_descriptor(0, FLAT_LIMIT, PRESENT | DPL(0) | S_CODE_CONFORM, G_32));
}

static void desc_expand_down(const char *name)
{
    refuse_descriptor("set_gdt(expand-down data segment)",
                      segment_descriptor(0, 0xFFFF, PRESENT | DPL(1) | S_DATA_DOWN, G_32));
}

static void desc_tss(const char *name)
{
    refuse_descriptor("set_gdt(TSS)",
                      segment_descriptor((uint32_t)based_area, 0x67, PRESENT | DPL(0) | TSS32, 0));
}

static void desc_ldt(const char *name)
{
    refuse_descriptor("set_gdt(LDT)",
                      segment_descriptor((uint32_t)based_area, 0xfff, PRESENT | DPL(1) | LDT, 0));
}

static void desc_gate_ring0(const char *name)
{
    refuse_descriptor("set_gdt(call gate to the hypervisor's code)",
                      call_gate_descriptor(0xe008, (uint32_t)based_area, 3));
}

static void desc_gate_hole(const char *name)
{
    refuse_descriptor("set_gdt(call gate into the hole)",
                      call_gate_descriptor(FLAT_RING1_CS, HYPERVISOR_VIRT_START, 3));
}

/* A 16-bit stack segment: the iret back to it would restore only sp,
 * leaving the hypervisor's stack address in esp's top half. */
static void desc_stack16(const char *name)
{
    refuse_descriptor("set_gdt(16-bit data segment, a 16-bit stack)",
                      segment_descriptor((uint32_t)based_area, 0xfff, PRESENT | DPL(1) | S_DATA_RW,
                                         BYTES_16));
}

static void desc_not_ours(const char *name)
{
    uint32_t frame = 0;
    expect_error("set_gdt(frame 0, not ours)", HYPERVISOR_set_gdt(&frame, 1), -HV_EINVAL);
}

static void desc_update_gate(const char *name)
{
    attack_gdt[1] = segment_descriptor((uint32_t)based_area, 0xfff, PRESENT | DPL(1) | S_DATA_RW,
                                       BYTES_32);
    if (set_attack_gdt(2) < 0) {
        attack_bug("set_gdt of a plain data segment refused");
        return;
    }
    uint64_t ma = descriptor_maddr(attack_gdt, 1);
    expect_error("update_descriptor(call gate to the hypervisor's code)",
                 HYPERVISOR_update_descriptor(ma, call_gate_descriptor(0xe008, 0, 3)), -HV_EINVAL);
}

/* --- Hypercall arguments ------------------------------------------------ */

static void arg_console_hole(const char *name)
{
    expect_error("console_io(buffer in the hole)",
                 HYPERVISOR_console_io(CONSOLEIO_write, 16, (const char *)HYPERVISOR_VIRT_START),
                 -HV_EFAULT);
}

static void arg_console_count(const char *name)
{
    expect_error("console_io(count -1)", HYPERVISOR_console_io(CONSOLEIO_write, -1, "x"),
                 -HV_EINVAL);
}

static void arg_hypercall_number(const char *name)
{
    expect_error("hypercall 0xffffffff", hypercall3(0xffffffff, 0, 0, 0), -HV_ENOSYS);
}

static void arg_trap_table_hole(const char *name)
{
    expect_error("set_trap_table(table in the hole)",
                 HYPERVISOR_set_trap_table((const struct trap_info *)HYPERVISOR_VIRT_START),
                 -HV_EFAULT);
}

static void arg_trap_ring0(const char *name)
{
    static const struct trap_info table[2] = { { 14, 0, 0xe008, 0xc0000000 }, { 0, 0, 0, 0 } };
    expect_error("set_trap_table(ring-0 handler)", HYPERVISOR_set_trap_table(table), -HV_EINVAL);
}

static void arg_trap_hypercall_vector(const char *name)
{
    static const struct trap_info table[2] = { { 0x82, 3, FLAT_RING1_CS, 0xc0000000 },
                                               { 0, 0, 0, 0 } };
    expect_error("set_trap_table(fast system call on the hypercall vector)",
                 HYPERVISOR_set_trap_table(table), -HV_EINVAL);
}

static void arg_stack_ring0(const char *name)
{
    expect_error("stack_switch(ring-0 stack)", HYPERVISOR_stack_switch(0xe010, 0xc0001000),
                 -HV_EINVAL);
}

static void arg_stack_hole(const char *name)
{
    expect_error("stack_switch(stack in the hole)",
                 HYPERVISOR_stack_switch(FLAT_RING1_DS, HYPERVISOR_VIRT_START + 0x1000),
                 -HV_EINVAL);
}

static void arg_failsafe_ring0(const char *name)
{
    expect_error("set_callbacks(ring-0 failsafe)",
                 HYPERVISOR_set_callbacks(0, 0, 0xe008, 0xc0000000), -HV_EINVAL);
}

static void arg_version_readonly(const char *name)
{
    expect_error("xen_version(extraversion into our page directory)",
                 HYPERVISOR_xen_version(XENVER_extraversion, (void *)start_info->pt_base),
                 -HV_EFAULT);
}

static void arg_shutdown_reason(const char *name)
{
    expect_error("sched_op(shutdown, reason 9)", HYPERVISOR_shutdown(9), -HV_EINVAL);
}

static void arg_gdt_list_hole(const char *name)
{
    expect_error("set_gdt(frame list in the hole)",
                 HYPERVISOR_set_gdt((const uint32_t *)HYPERVISOR_VIRT_START, 2), -HV_EFAULT);
}

static void arg_gdt_entries(const char *name)
{
    uint32_t frame = virt_to_mfn(attack_gdt);
    expect_error("set_gdt(-1 entries)", HYPERVISOR_set_gdt(&frame, -1), -HV_EINVAL);
}

#define TRAPS "traps"
#define DESCRIPTORS "descriptors"
#define ARGUMENTS "hypercall arguments"
#define PRIVILEGED_INSNS "privileged instructions"
#define MODES "modes"

const struct probe hostile_attacks[] = {
    { "priv-cli", 2, PRIVILEGED_INSNS, PROBE_KERNEL, priv_cli, NULL },
    { "priv-sti", 2, PRIVILEGED_INSNS, PROBE_KERNEL, priv_sti, NULL },
    { "priv-hlt", 2, PRIVILEGED_INSNS, PROBE_KERNEL, priv_hlt, NULL },
    { "priv-cr0", 2, PRIVILEGED_INSNS, PROBE_KERNEL, priv_cr0, NULL },
    { "priv-cr3", 2, PRIVILEGED_INSNS, PROBE_KERNEL, priv_cr3, NULL },
    { "priv-cr4", 2, PRIVILEGED_INSNS, PROBE_KERNEL, priv_cr4, NULL },
    { "priv-dr7", 2, PRIVILEGED_INSNS, PROBE_KERNEL, priv_dr7, NULL },
    { "priv-lgdt", 2, PRIVILEGED_INSNS, PROBE_KERNEL, priv_lgdt, NULL },
    { "priv-lidt", 2, PRIVILEGED_INSNS, PROBE_KERNEL, priv_lidt, NULL },
    { "priv-lldt", 2, PRIVILEGED_INSNS, PROBE_KERNEL, priv_lldt, NULL },
    { "priv-ltr", 2, PRIVILEGED_INSNS, PROBE_KERNEL, priv_ltr, NULL },
    { "priv-lmsw", 2, PRIVILEGED_INSNS, PROBE_KERNEL, priv_lmsw, NULL },
    { "priv-clts", 2, PRIVILEGED_INSNS, PROBE_KERNEL, priv_clts, NULL },
    { "priv-invd", 2, PRIVILEGED_INSNS, PROBE_KERNEL, priv_invd, NULL },
    { "priv-wbinvd", 2, PRIVILEGED_INSNS, PROBE_KERNEL, priv_wbinvd, NULL },
    { "priv-invlpg", 2, PRIVILEGED_INSNS, PROBE_KERNEL, priv_invlpg, NULL },
    { "priv-rdmsr", 2, PRIVILEGED_INSNS, PROBE_KERNEL, priv_rdmsr, NULL },
    { "priv-wrmsr", 2, PRIVILEGED_INSNS, PROBE_KERNEL, priv_wrmsr, NULL },
    { "priv-in", 2, PRIVILEGED_INSNS, PROBE_KERNEL, priv_in, NULL },
    { "priv-out", 2, PRIVILEGED_INSNS, PROBE_KERNEL, priv_out, NULL },
    { "priv-sysenter", 2, PRIVILEGED_INSNS, PROBE_KERNEL, priv_sysenter, NULL },
    { "priv-popf-iopl", 2, PRIVILEGED_INSNS, PROBE_KERNEL, priv_popf_iopl, NULL },
    { "priv-write-idt", 2, PRIVILEGED_INSNS, PROBE_KERNEL, priv_write_idt, NULL },
    { "priv-write-gdt", 2, PRIVILEGED_INSNS, PROBE_KERNEL, priv_write_gdt, NULL },
    { "priv-read-hole", 2, PRIVILEGED_INSNS, PROBE_KERNEL, priv_read_hole, NULL },
    { "priv-ring3-cli", 2, PRIVILEGED_INSNS, PROBE_KERNEL, NULL, "privileged" },
    { "priv-ring3-hypercall", 2, PRIVILEGED_INSNS, PROBE_KERNEL, NULL, "hypercall" },
    { "trap-fast-dpl0", 2, TRAPS, PROBE_KERNEL, trap_fast_gate, NULL },
    { "trap-fast-clear", 2, TRAPS, PROBE_KERNEL, trap_fast_gate, NULL },
    { "trap-int-prefix", 2, TRAPS, PROBE_KERNEL, trap_int_prefix, NULL },
    { "trap-int-too-long", 2, TRAPS, PROBE_KERNEL, trap_int_too_long, NULL },
    { "trap-icebp", 2, TRAPS, PROBE_KERNEL, trap_icebp, NULL },
    { "trap-step-hypercall", 2, TRAPS, PROBE_KERNEL, trap_single_step, NULL },
    { "trap-step-movss", 2, TRAPS, PROBE_KERNEL, trap_single_step, NULL },
    { "trap-step-popss", 2, TRAPS, PROBE_KERNEL, trap_single_step, NULL },
    { "trap-step-movss-int3", 2, TRAPS, PROBE_KERNEL, trap_single_step, NULL },
    { "trap-based-stack", 2, TRAPS, PROBE_KERNEL, trap_based_stack, NULL },
    { "trap-stack-in-hole", 2, TRAPS, PROBE_KERNEL, trap_stack_in_hole, NULL },
    { "trap-stack-readonly", 2, TRAPS, PROBE_KERNEL, probe_bad_stack, NULL },
    { "trap-iret-ring0", 2, TRAPS, PROBE_KERNEL, trap_iret_ring0, NULL },
    { "trap-ljmp-ring0", 2, TRAPS, PROBE_KERNEL, trap_ljmp_ring0, NULL },
    { "trap-lcall-tss", 2, TRAPS, PROBE_KERNEL, trap_lcall_tss, NULL },
    { "trap-iret-nt", 2, TRAPS, PROBE_KERNEL, trap_iret_nt, NULL },
    { "trap-no-failsafe", 2, TRAPS, PROBE_KERNEL, probe_gdt, NULL },
    { "mode-v86-ring1-cs0", 2, MODES, PROBE_KERNEL, mode_v86_ring1, NULL },
    { "mode-v86-ring1-cs3", 2, MODES, PROBE_KERNEL, mode_v86_ring1, NULL },
    { "mode-v86-ring3-cs0", 2, MODES, PROBE_KERNEL, NULL, "v86cs0" },
    { "mode-v86-ring3-cs3", 2, MODES, PROBE_KERNEL, NULL, "v86cs3" },
    { "mode-ring2", 2, MODES, PROBE_KERNEL, mode_ring2, NULL },
    { "desc-flat-4g", 2, DESCRIPTORS, PROBE_KERNEL, desc_flat_4g, NULL },
    { "desc-into-hole", 2, DESCRIPTORS, PROBE_KERNEL, desc_into_hole, NULL },
    { "desc-conforming", 2, DESCRIPTORS, PROBE_KERNEL, desc_conforming, NULL },
    { "desc-expand-down", 2, DESCRIPTORS, PROBE_KERNEL, desc_expand_down, NULL },
    { "desc-tss", 2, DESCRIPTORS, PROBE_KERNEL, desc_tss, NULL },
    { "desc-ldt", 2, DESCRIPTORS, PROBE_KERNEL, desc_ldt, NULL },
    { "desc-gate-ring0", 2, DESCRIPTORS, PROBE_KERNEL, desc_gate_ring0, NULL },
    { "desc-gate-hole", 2, DESCRIPTORS, PROBE_KERNEL, desc_gate_hole, NULL },
    { "desc-stack16", 2, DESCRIPTORS, PROBE_KERNEL, desc_stack16, NULL },
    { "desc-not-ours", 2, DESCRIPTORS, PROBE_KERNEL, desc_not_ours, NULL },
    { "desc-update-gate", 2, DESCRIPTORS, PROBE_KERNEL, desc_update_gate, NULL },
    { "arg-console-hole", 2, ARGUMENTS, PROBE_KERNEL, arg_console_hole, NULL },
    { "arg-console-count", 2, ARGUMENTS, PROBE_KERNEL, arg_console_count, NULL },
    { "arg-hypercall-nr", 2, ARGUMENTS, PROBE_KERNEL, arg_hypercall_number, NULL },
    { "arg-traps-hole", 2, ARGUMENTS, PROBE_KERNEL, arg_trap_table_hole, NULL },
    { "arg-traps-ring0", 2, ARGUMENTS, PROBE_KERNEL, arg_trap_ring0, NULL },
    { "arg-traps-0x82", 2, ARGUMENTS, PROBE_KERNEL, arg_trap_hypercall_vector, NULL },
    { "arg-stack-ring0", 2, ARGUMENTS, PROBE_KERNEL, arg_stack_ring0, NULL },
    { "arg-stack-hole", 2, ARGUMENTS, PROBE_KERNEL, arg_stack_hole, NULL },
    { "arg-failsafe-ring0", 2, ARGUMENTS, PROBE_KERNEL, arg_failsafe_ring0, NULL },
    { "arg-version-ro", 2, ARGUMENTS, PROBE_KERNEL, arg_version_readonly, NULL },
    { "arg-shutdown-reason", 2, ARGUMENTS, PROBE_KERNEL, arg_shutdown_reason, NULL },
    { "arg-gdt-list-hole", 2, ARGUMENTS, PROBE_KERNEL, arg_gdt_list_hole, NULL },
    { "arg-gdt-entries", 2, ARGUMENTS, PROBE_KERNEL, arg_gdt_entries, NULL },
    { NULL, 0, NULL, PROBE_EARLY, NULL, NULL },
};
