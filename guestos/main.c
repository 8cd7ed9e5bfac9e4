/*
 * main.c - start_kernel(), the guest kernel's C entry (lab 1).
 *
 * We run in ring 1 on memory the domain builder prepared. start_info
 * tells us what we were given; we say so on the console. Then comes the
 * lab's demonstration: an instruction only ring 0 may execute. The
 * hypervisor catches the fault, explains it, and kills us; the command
 * line option fault=NAME chooses which instruction (default: cli).
 * probe=hypercalls first makes hypercalls with bad arguments, to show
 * that the hypervisor refuses each with an error code and goes on.
 */
#include <hypercall.h>
#include <kernel.h>
/* LAB 2 BEGIN */
#include <proc.h>
#include <traps.h>
/* LAB 2 END */
/* LAB 3 BEGIN */
#include <vm.h>
/* LAB 3 END */
/* LAB 4 BEGIN */
#include <ctrl.h>
#include <events.h>
#include <time.h>
/* LAB 4 END */

const struct start_info *start_info;
/* LAB 2 BEGIN */
extern char kernel_stack_top[]; /* entry.S */
/* LAB 2 END */

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

/* Bad arguments, one at a time: each must come back as an error. */
static void probe_hypercalls(void)
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

/* LAB 2 BEGIN */
/*
 * probe=traps: each exception class, delivered to our own handlers by the
 * hypervisor (traps.c reports each one), then hypercalls with bad
 * arguments, each refused, and a clean shutdown.
 */
#define EXPECT_TRAP(code)                                                     \
    do {                                                                       \
        __label__ resume;                                                      \
        trap_recover = (uint32_t) && resume;                                   \
        code;                                                                  \
    resume:                                                                    \
        __asm__ volatile("" ::: "memory");                                     \
    } while (0)

static void probe_traps(void)
{
    static struct trap_info ring0_handler[2] = { { 14, 0, 0xe008, 0xc0000000 }, { 0, 0, 0, 0 } };
    static struct trap_info hole_handler[2] = { { 14, 0, FLAT_RING1_CS, 0xe0100000 }, { 0, 0, 0, 0 } };
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
    static struct trap_info takeover[2] = { { 0x82, 3, FLAT_RING1_CS, 0xc0000000 }, { 0, 0, 0, 0 } };
    printk("guestos: probe: set_trap_table(fast system call on the hypercall vector) = %d\n",
           HYPERVISOR_set_trap_table(takeover));
    static struct trap_info endless[300];
    for (int i = 0; i < 300; i++)
        endless[i] = (struct trap_info){ (uint8_t)(i % 32), 0, FLAT_RING1_CS, (uint32_t)probe_traps };
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
/* LAB 2 END */

/* LAB 2 BEGIN */
/* probe=badstack: a fault with the stack on our read-only page directory.
 * The hypervisor cannot write the trap frame there; it must kill us, not
 * write it anyway, and not fall over. */
static void probe_bad_stack(void)
{
    printk("guestos: probe: faulting with the stack on our page directory\n");
    __asm__ volatile("mov %0, %%esp; ud2" : : "r"(start_info->pt_base + 0x800));
}

/* probe=bench: cycles of a null hypercall round trip (xen_version), the
 * median of 1000; user/programs.c's bench does the system call. */
static void bench_hypercall(void)
{
    static uint32_t cycles[1000];
    for (int i = 0; i < 1000; i++) {
        uint32_t lo0, hi0, lo1, hi1;
        __asm__ volatile("rdtsc" : "=a"(lo0), "=d"(hi0));
        HYPERVISOR_xen_version(XENVER_version, 0);
        __asm__ volatile("rdtsc" : "=a"(lo1), "=d"(hi1));
        cycles[i] = lo1 - lo0;
    }
    printk("guestos: bench: null hypercall (int $0x82 round trip): median %u cycles\n",
           median(cycles, 1000));
}
/* LAB 2 END */

/* LAB 3 BEGIN */
/*
 * probe=mmubench: cycles per validated page-table update, batched 1, 16
 * and 256 to a call: each request flips one free page's entry between
 * read-only and writable, the median of 32 calls.
 */
static void bench_mmu(void)
{
    static struct mmu_update req[256];
    static uint32_t cycles[32];
    const uint32_t *mfns = (const uint32_t *)start_info->mfn_list;
    uint32_t pt_pfn = (start_info->pt_base - GUEST_VIRT_BASE) / 4096 + 1;
    uint32_t pfn = start_info->first_free_pfn + 8;
    uint64_t entry = ((uint64_t)mfns[pt_pfn] << 12) + pfn * 4;
    static const uint32_t batches[] = { 1, 16, 256 };

    for (int b = 0; b < 3; b++) {
        uint32_t n = batches[b];
        for (uint32_t i = 0; i < n; i++) {
            req[i].ptr = entry | MMU_NORMAL_PT_UPDATE;
            req[i].val = mfns[pfn] << 12 | 1 | ((i & 1) ? 0 : 2); /* P, W every other */
        }
        for (int k = 0; k < 32; k++) {
            uint32_t lo0, hi0, lo1, hi1;
            __asm__ volatile("rdtsc" : "=a"(lo0), "=d"(hi0));
            int32_t r = HYPERVISOR_mmu_update(req, (int)n, NULL, DOMID_SELF);
            __asm__ volatile("rdtsc" : "=a"(lo1), "=d"(hi1));
            if (r < 0) {
                printk("guestos: bench: mmu_update failed: %d\n", r);
                return;
            }
            cycles[k] = (lo1 - lo0) / n;
        }
        printk("guestos: bench: mmu_update, %u entries a call: median %u cycles an entry\n", n,
               median(cycles, 32));
    }
    req[0].val = mfns[pfn] << 12 | 3; /* writable again, for the page allocator */
    HYPERVISOR_mmu_update(req, 1, NULL, DOMID_SELF);
}
/* LAB 3 END */

/* The value of option name=value in the command line, copied into
 * value; 0 if absent. */
static int get_option(const char *cmdline, const char *name, char *value, size_t size)
{
    size_t len = strlen(name);
    for (const char *p = cmdline; *p;) {
        while (*p == ' ')
            p++;
        if (strncmp(p, name, len) == 0 && p[len] == '=') {
            p += len + 1;
            size_t n = 0;
            while (p[n] && p[n] != ' ')
                n++;
            if (n >= size)
                n = size - 1;
            memcpy(value, p, n);
            value[n] = '\0';
            return 1;
        }
        while (*p && *p != ' ')
            p++;
    }
    return 0;
}

/* LAB 4 BEGIN */
/*
 * Events, time, and this domain's part (lab 4). Domain 0 takes console
 * input and serves the domUs' control channels. A domU with an empty
 * command line, or ctrl=echo, does its work in the kernel and never runs
 * a process. Without events (a hypervisor before lab 4) we go on as in
 * lab 3.
 */
static void start_events(const struct start_info *si)
{
    char ctrl[16] = "";
    if (events_init() < 0) {
        printk("guestos: no events: processes take turns only when they yield, as in lab 3\n");
        return;
    }
    time_init();
    if (si->flags & SIF_INITDOMAIN) {
        console_init();
        ctrl_init_dom0();
        return;
    }
    if (si->cmd_line[0] == '\0') {
        ctrl_exchange();
        HYPERVISOR_shutdown(SHUTDOWN_poweroff);
    }
    if (get_option(si->cmd_line, "ctrl", ctrl, sizeof ctrl) && strcmp(ctrl, "echo") == 0)
        ctrl_echo();
}
/* LAB 4 END */

/* The ring we run in: the low two bits of cs. */
static uint32_t current_ring(void)
{
    uint32_t cs;
    __asm__ volatile("mov %%cs, %0" : "=r"(cs));
    return cs & 3;
}

/* Our first words: what start_info says we were given. */
static void print_start_info(const struct start_info *si)
{
    /* LAB 1 SOLUTION BEGIN */
    printk("guestos: hello from ring %u: d%u has %u pages (%u KiB)%s\n", current_ring(),
           si->domid, si->nr_pages, si->nr_pages * 4,
           (si->flags & SIF_INITDOMAIN) ? ", domain 0" : "");
    printk("guestos: page directory at 0x%08x, %u page-table frames, first free pfn %u\n",
           si->pt_base, si->nr_pt_frames, si->first_free_pfn);
    printk("guestos: command line '%s'\n", si->cmd_line);
    /* LAB 1 SOLUTION END */
}

void start_kernel(const struct start_info *si)
{
    char fault[16] = "cli";

    start_info = si;
    if (memcmp(si->magic, START_INFO_MAGIC, sizeof START_INFO_MAGIC) != 0) {
        printk("guestos: start_info has the wrong magic; stopping\n");
        __asm__ volatile("ud2");
    }
    print_start_info(si);

    char probe[16] = "";
    if (get_option(si->cmd_line, "probe", probe, sizeof probe) && strcmp(probe, "hypercalls") == 0)
        probe_hypercalls();
    /* LAB 3 BEGIN */
    if (strcmp(probe, "mmubench") == 0)
        bench_mmu();
    if (strcmp(probe, "mmu") == 0 || strncmp(probe, "mmu-", 4) == 0)
        probe_mmu(probe);
    /* LAB 3 END */
    /* LAB 2 BEGIN */
    /* The lab 1 demonstrations (fault=) still show the hypervisor's own
     * verdict, so they come before we take our traps over. */
    if (!get_option(si->cmd_line, "fault", fault, sizeof fault)) {
        HYPERVISOR_stack_switch(FLAT_RING1_DS, (uint32_t)kernel_stack_top);
        traps_init();
    /* LAB 2 END */
    /* LAB 3 BEGIN */
        vm_init();
        if (strcmp(probe, "vmbench") == 0)
            vm_bench();
    /* LAB 3 END */
    /* LAB 2 BEGIN */
        if (strcmp(probe, "traps") == 0)
            probe_traps();
        if (strncmp(probe, "gdt", 3) == 0)
            probe_gdt(probe);
        if (strcmp(probe, "bench") == 0)
            bench_hypercall();
        if (strcmp(probe, "badstack") == 0)
            probe_bad_stack();
    /* LAB 4 BEGIN */
        start_events(si);
        if (strcmp(probe, "evtchn") == 0)
            probe_evtchn();
    /* LAB 4 END */
        /* The first process: init=NAME, or init (bench for probe=bench). */
        char first[16] = "init";
        get_option(si->cmd_line, "init", first, sizeof first);
        if (proc_spawn(strcmp(probe, "bench") == 0 ? "bench" : first) < 0)
            printk("guestos: cannot start %s\n", first);
        scheduler();
    /* LAB 4 BEGIN */
        ctrl_wait_domus();
    /* LAB 4 END */
        printk("guestos: no processes left; powering off\n");
    /* LAB 2 END */
    /* LAB 3 BEGIN */
        vm_report();
    /* LAB 3 END */
    /* LAB 2 BEGIN */
        HYPERVISOR_shutdown(SHUTDOWN_poweroff);
    }
    /* LAB 2 END */

    get_option(si->cmd_line, "fault", fault, sizeof fault);
    for (size_t i = 0; i < sizeof faults / sizeof faults[0]; i++) {
        if (strcmp(fault, faults[i].name) == 0) {
            printk("guestos: lab 1 demonstration: trying '%s' in ring %u\n", fault, current_ring());
            faults[i].run();
            printk("guestos: BUG: '%s' did not fault\n", fault);
            __asm__ volatile("ud2");
        }
    }
    printk("guestos: unknown fault=%s; trying cli\n", fault);
    do_cli();
    __asm__ volatile("ud2");
}
