/*
 * main.c - start_kernel(), the guest kernel's C entry (lab 1).
 *
 * We run in ring 1 on memory the domain builder prepared. start_info
 * tells us what we were given; we say so on the console. Then the
 * kernel starts, step by step (kernel_steps: each lab adds its steps),
 * and runs its processes until none is left. Lab 1 has no steps yet: its
 * boot ends with the lab's demonstration, an instruction only ring 0 may
 * execute, which the hypervisor catches, explains and kills us for
 * (fault=NAME chooses which; from lab 2, fault= still shows it).
 *
 * The probes, benchmarks and hostile attacks a test selects with
 * probe=NAME are not the kernel: they live in probes/, and run from
 * here at the stage their table says (probes/probes.c).
 */
#include <hypercall.h>
#include <kernel.h>
#include <mmu.h>
#include <probes/probes.h>
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
/* LAB 5 BEGIN */
#include <devices.h>
#include <gnttab.h>
#include <ata.h>
/* LAB 5 END */

const struct start_info *start_info;
/* The probe=NAME of the command line ("" for none). */
static char probe[24];
/* LAB 2 BEGIN */
extern char kernel_stack_top[]; /* entry.S */
/* LAB 2 END */

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

/* Our first words: what start_info says we were given. */
static void print_start_info(const struct start_info *si)
{
    /* LAB 1 SOLUTION BEGIN */
    printk("guestos: hello from ring %u: d%u has %u pages (%u KiB)%s\n", current_ring(),
           si->domid, si->nr_pages, si->nr_pages * (PAGE_SIZE / 1024),
           (si->flags & SIF_INITDOMAIN) ? ", domain 0" : "");
    printk("guestos: page directory at 0x%08x, %u page-table frames, first free pfn %u\n",
           si->pt_base, si->nr_pt_frames, si->first_free_pfn);
    printk("guestos: command line '%s'\n", si->cmd_line);
    /* LAB 1 SOLUTION END */
}

/* LAB 2 BEGIN */
/* Our own traps: the kernel stack for traps from ring 3, and the table. */
static void take_traps(void)
{
    HYPERVISOR_stack_switch(FLAT_RING1_DS, (uint32_t)kernel_stack_top);
    traps_init();
}

/* The probe of the command line, if it runs in a running kernel. */
static void run_kernel_probe(void)
{
    probe_run(probe, PROBE_KERNEL);
}

/* The first process (init=NAME, or init, or the probe's program), and
 * every process after it, until none is left. */
static void run_processes(void)
{
    char first[16] = "init";
    const struct probe *p = probe_find(probe);

    get_option(start_info->cmd_line, "init", first, sizeof first);
    const char *program = p && p->program ? p->program : first;
    if (proc_spawn(program) < 0)
        printk("guestos: cannot start %s\n", program);
    scheduler();
    printk("guestos: no processes left; powering off\n");
}
/* LAB 2 END */

/* LAB 4 BEGIN */
/*
 * Events, time, and this domain's part (lab 4). Domain 0 takes console
 * input and serves the domUs' control channels. A domU with an empty
 * command line, or ctrl=echo, does its work in the kernel and never runs
 * a process. Without events (a hypervisor before lab 4) we go on as in
 * lab 3.
 */
static void start_events(void)
{
    char ctrl[16] = "";
    if (events_init() < 0) {
        printk("guestos: no events: processes take turns only when they yield, as in lab 3\n");
        return;
    }
    /* LAB 5 BEGIN */
    gnttab_init();
    /* LAB 5 END */
    time_init();
    if (start_info->flags & SIF_INITDOMAIN) {
        console_init();
        ctrl_init_dom0();
        /* LAB 5 BEGIN */
        ata_init(); /* the disk, if there is one */
        devices_init_dom0();
        /* LAB 5 END */
        return;
    }
    if (start_info->cmd_line[0] == '\0') {
        ctrl_exchange();
        HYPERVISOR_shutdown(SHUTDOWN_poweroff);
    }
    if (get_option(start_info->cmd_line, "ctrl", ctrl, sizeof ctrl) && strcmp(ctrl, "echo") == 0)
        ctrl_echo();
    /* LAB 5 BEGIN */
    /* A domU that runs programs, or a probe of its devices, gets them
     * from domain 0 (every other probe runs as it always did). */
    const struct probe *p = probe_find(probe);
    if (!probe[0] || (p && p->stage == PROBE_DEVICES)) {
        int n = devices_connect();
        printk("guestos: d%u: %d devices connected to domain 0\n", start_info->domid, n);
    }
    /* LAB 5 END */
}
/* LAB 4 END */

/* LAB 5 BEGIN */
/* A domU that is done lets its devices go (domain 0 drains its console). */
static void stop_devices(void)
{
    if (!(start_info->flags & SIF_INITDOMAIN))
        devices_close();
}
/* LAB 5 END */

/* The kernel, in the order it starts; a NULL ends the list. */
static void (*const kernel_steps[])(void) = {
    /* LAB 2 BEGIN */
    take_traps,
    /* LAB 2 END */
    /* LAB 3 BEGIN */
    vm_init,
    /* LAB 3 END */
    /* LAB 4 BEGIN */
    start_events,
    /* LAB 4 END */
    /* LAB 2 BEGIN */
    run_kernel_probe,
    run_processes,
    /* LAB 4 BEGIN */
    ctrl_wait_domus,
    /* LAB 4 END */
    /* LAB 5 BEGIN */
    stop_devices,
    /* LAB 5 END */
    /* LAB 2 END */
    /* LAB 3 BEGIN */
    vm_report,
    /* LAB 3 END */
    NULL,
};

void start_kernel(const struct start_info *si)
{
    char fault[16] = "cli";

    start_info = si;
    if (memcmp(si->magic, START_INFO_MAGIC, sizeof START_INFO_MAGIC) != 0) {
        printk("guestos: start_info has the wrong magic; stopping\n");
        __asm__ volatile("ud2");
    }
    print_start_info(si);
    get_option(si->cmd_line, "probe", probe, sizeof probe);
    probe_run(probe, PROBE_EARLY);

    /* The lab 1 demonstrations (fault=) show the hypervisor's own
     * verdict, so they come before the kernel takes its traps over. */
    if (!get_option(si->cmd_line, "fault", fault, sizeof fault) && kernel_steps[0]) {
        for (int i = 0; kernel_steps[i]; i++)
            kernel_steps[i]();
        /* LAB 2 BEGIN */
        HYPERVISOR_shutdown(SHUTDOWN_poweroff);
        /* LAB 2 END */
    }
    fault_demo(fault);
}
