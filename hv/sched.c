/*
 * sched.c - which vCPU runs next, and loading it onto the CPU (lab 1);
 * the sched_op hypercall (lab 2).
 *
 * Labs 1-3 run one domain at a time, round robin over the domain table,
 * switching only when a domain yields or dies. Lab 4 adds a timer that
 * preempts; lab 6 replaces this with a proportional-share scheduler whose
 * cost does not grow with the number of domains.
 *
 * What is loaded on the CPU for the running vCPU is struct cpu: its page
 * directory (cpu.cr3, which trapentry.S loads on the way out), its fast
 * system-call gate and ring-1 stack (traps.c), its GDT entries
 * (descriptors.c). switch_to() loads them all; nothing else changes them
 * behind its back.
 */
#include <domain.h>
#include <guest_access.h>
#include <sched.h>
#include <x86.h>
/* LAB 2 BEGIN */
#include <descriptors.h>
/* LAB 2 END */

struct cpu cpu = {
    /* LAB 2 BEGIN */
    .fast_trap = -1,
    /* LAB 2 END */
};

/* trapentry.S reads cpu.cr3 at the address of cpu. */
_Static_assert(__builtin_offsetof(struct cpu, cr3) == 0, "cpu.cr3 must come first");

/* Runs v: enter_guest loads its page directory, then its registers. */
static void noreturn switch_to(struct vcpu *v)
{
    cpu.vcpu = v;
    cpu.cr3 = v->domain->pgdir_mfn << PAGE_SHIFT;
    cpu.resched = 0;
    /* LAB 2 BEGIN */
    load_guest_traps(v);
    load_guest_gdt(v->domain);
    /* LAB 2 END */
    enter_guest(&v->regs);
}

void schedule(void)
{
    /* Round robin over the table. Scanning every slot is fine while one
     * domain runs; lab 6 replaces this with a run queue whose cost does
     * not grow with the number of domains. */
    static uint32_t next;
    for (uint32_t n = 0; n < MAX_DOMAINS; n++) {
        uint32_t id = (next + n) % MAX_DOMAINS;
        if (domain_table[id]) {
            next = id + 1;
            switch_to(domain_table[id]->vcpu);
        }
    }
    hvlog(LOG_ERR, NULL, "sched", "no domains left");
    end_run(HV_EXIT_SUCCESS);
}

void sched_return_to_guest(struct trap_frame *tf)
{
    if (cpu.resched) {
        current->regs = *tf;
        schedule();
    }
    /* The running domain may have a new page directory (mmuext_op). */
    cpu.cr3 = current->domain->pgdir_mfn << PAGE_SHIFT;
}

/* LAB 2 BEGIN */
int32_t do_sched_op(struct vcpu *v, uint32_t cmd, uint32_t arg_va)
{
    static const char *const reasons[] = {
        [SHUTDOWN_poweroff] = "poweroff", [SHUTDOWN_reboot] = "reboot", [SHUTDOWN_crash] = "crash",
    };
    struct domain *d = v->domain;
    struct sched_shutdown shutdown;

    switch (cmd) {
    case SCHEDOP_yield:
        cpu.resched = 1;
        return 0;
    case SCHEDOP_shutdown:
        if (copy_from_guest(d, &shutdown, arg_va, sizeof shutdown) < 0) {
            hvlog(LOG_ERR, d, "sched_op", "shutdown reason at 0x%08x is not mapped", arg_va);
            return -HV_EFAULT;
        }
        if (shutdown.reason >= ARRAY_SIZE(reasons) || !reasons[shutdown.reason]) {
            hvlog(LOG_ERR, d, "sched_op", "unknown shutdown reason %u", shutdown.reason);
            return -HV_EINVAL;
        }
        hvlog(LOG_ERR, d, "sched_op", "shutdown: %s", reasons[shutdown.reason]);
        domain_kill(d);
    }
    hvlog(LOG_ERR, d, "sched_op", "unknown command %u", cmd);
    return -HV_EINVAL;
}
/* LAB 2 END */
