/* LAB 2 FILE */
/*
 * proc.c - processes in ring 3 (lab 2).
 *
 * In lab 2 every process shares the domain's one address space (lab 3
 * gives each its own): the programs and their stacks are in the user
 * segment, the pages the domain builder mapped for ring 3
 * (PF_HVLAB_USER); everything else of the kernel is ring 1 only. Each
 * process has a kernel stack for its system calls and traps, which the
 * kernel names to the hypervisor (stack_switch) each time it runs.
 * Scheduling is cooperative until lab 4 brings timer events: a process
 * runs until it yields, sleeps (waiting for a child), exits or is
 * killed. From lab 4 a process that runs for a whole time slice is
 * preempted, and one may sleep until a deadline or an event.
 */
#include <hypercall.h>
#include <kernel.h>
#include <mmu.h>
#include <proc.h>
#include <syscall.h>
/* LAB 3 BEGIN */
#include <vm.h>
/* LAB 3 END */
/* LAB 4 BEGIN */
#include <events.h>
#include <time.h>
/* LAB 4 END */

void user_start(int (*main)(void));
extern void enter_user_mode(void);
/* LAB 3 BEGIN */
extern void fork_return(void);
/* LAB 3 END */

static struct proc procs[NPROC];
static char kstacks[NPROC][KSTACK_SIZE] __attribute__((aligned(KSTACK_SIZE)));
/* In the user segment: ring 3 runs on these. */
static char ustacks[NPROC][USTACK_SIZE] __attribute__((section(".user.bss"), aligned(PAGE_SIZE)));
static struct context *scheduler_context;
static int next_pid = 1;
/* LAB 3 BEGIN */
static int warned_nosys;
/* LAB 3 END */
/* LAB 4 BEGIN */
#define TIME_SLICE_NS 10000000ULL /* 10 ms */
static uint64_t slice_end;     /* when the running process's time slice ends */
static int need_resched;       /* it is over: the process gives way on its way to ring 3 */
/* LAB 4 END */
struct proc *curproc;

/* An unused slot with its stacks, still UNUSED; NULL when all are taken. */
static struct proc *proc_alloc(void)
{
    for (int i = 0; i < NPROC; i++) {
        struct proc *p = &procs[i];
        if (p->state != UNUSED)
            continue;
        p->kstack = kstacks[i];
        p->ustack = ustacks[i];
        /* LAB 3 BEGIN */
        p->vm_id = (uint8_t)(i + 1);
        /* LAB 3 END */
        return p;
    }
    return NULL;
}

/* p, which runs from context c when first scheduled, becomes a runnable
 * process called name; its pid. */
static int proc_start(struct proc *p, const char *name, struct context *c)
{
    p->context = c;
    p->name = name;
    p->pid = next_pid++;
    p->exit_status = 0;
    p->state = RUNNABLE;
    return p->pid;
}

int proc_spawn(const char *name)
{
    int (*main)(void) = NULL;
    for (const struct user_program *u = user_programs; u->name; u++)
        if (strcmp(u->name, name) == 0) {
            main = u->main;
            name = u->name; /* the caller's copy may not last */
        }
    struct proc *p = proc_alloc();
    if (!main || !p)
        return -1;

    /* The user stack: user_start(main), as if called. */
    uint32_t *usp = (uint32_t *)(p->ustack + USTACK_SIZE);
    *--usp = (uint32_t)main;
    *--usp = 0; /* user_start's return address: it never returns */
    uint32_t eip = (uint32_t)user_start, esp = (uint32_t)usp;
    /* LAB 3 BEGIN */
    /* Lab 3: an address space of its own instead, with the user world
     * loaded from its image (vm.c). A hypervisor without mmu_update (the
     * lab 3 exercises not done yet) leaves it in the kernel's, as above. */
    int r = vm_spawn(p, name, &eip, &esp);
    if (r == -HV_ENOSYS) {
        if (!warned_nosys++)
            printk("guestos: no mmu_update: processes share the kernel's address space, "
                   "as in lab 2\n");
    } else if (r < 0) {
        return -1;
    }
    /* LAB 3 END */

    /* The kernel stack: what enter_user_mode irets through, under the
     * context swtch() resumes. */
    uint32_t *ksp = (uint32_t *)(p->kstack + KSTACK_SIZE);
    *--ksp = FLAT_RING3_DS;      /* ss */
    *--ksp = esp;                /* esp */
    *--ksp = 0x202;              /* eflags: interrupts on */
    *--ksp = FLAT_RING3_CS;      /* cs */
    *--ksp = eip;                /* eip */
    struct context *c = (struct context *)ksp - 1;
    memset(c, 0, sizeof *c);
    c->eip = (uint32_t)enter_user_mode;
    return proc_start(p, name, c);
}

/* LAB 3 BEGIN */
/*
 * A copy of the running process: its address space copied (vm_fork), and
 * a kernel stack that leaves for ring 3 through fork_return (swtch.S)
 * with frame, the size bytes of the system call's frame, as the child's
 * registers. The child's pid, or -1.
 */
int proc_fork(const void *frame, uint32_t size)
{
    struct proc *p = proc_alloc();
    if (!p || vm_fork(curproc, p) < 0)
        return -1;
    char *ksp = p->kstack + KSTACK_SIZE - size;
    memcpy(ksp, frame, size);
    struct context *c = (struct context *)ksp - 1;
    memset(c, 0, sizeof *c);
    c->eip = (uint32_t)fork_return;
    return proc_start(p, curproc->name, c);
}
/* LAB 3 END */

/* Gives the CPU back to the scheduler, from a process's kernel stack. */
static void to_scheduler(void)
{
    struct proc *p = curproc;
    swtch(&p->context, scheduler_context);
}

/* LAB 4 BEGIN */
/* The one timer, for whichever comes first: the end of the running
 * process's time slice, or the wake-up of a sleeper. */
static void arm_timer(void)
{
    uint64_t next = curproc && !need_resched ? slice_end : 0;
    for (int i = 0; i < NPROC; i++) {
        uint64_t t = procs[i].state == SLEEPING ? procs[i].wake_at : 0;
        if (t && (!next || t < next))
            next = t;
    }
    timer_set(next);
}

/* Whether a process sleeps: then the domain is not done, only idle. */
static int any_sleeping(void)
{
    for (int i = 0; i < NPROC; i++)
        if (procs[i].state == SLEEPING)
            return 1;
    return 0;
}
/* LAB 4 END */

void scheduler(void)
{
    for (;;) {
        int ran = 0;
        for (int i = 0; i < NPROC; i++) {
            struct proc *p = &procs[i];
            if (p->state != RUNNABLE)
                continue;
            p->state = RUNNING;
            curproc = p;
            /* Its traps and system calls from ring 3 land on its own
             * kernel stack. */
            HYPERVISOR_stack_switch(FLAT_RING1_DS, (uint32_t)(p->kstack + KSTACK_SIZE));
            /* LAB 3 BEGIN */
            vm_switch(p); /* and in its own address space */
            /* LAB 3 END */
            /* LAB 4 BEGIN */
            slice_end = gettime() + TIME_SLICE_NS;
            need_resched = 0;
            arm_timer();
            /* LAB 4 END */
            swtch(&scheduler_context, p->context);
            /* LAB 3 BEGIN */
            /* A process that ended gives its memory back now, from the
             * kernel's address space; its exit status waits for wait(). */
            if (p->state == ZOMBIE) {
                vm_switch(NULL);
                vm_destroy(p);
            }
            /* LAB 3 END */
            curproc = NULL;
            ran = 1;
        }
        /* LAB 4 BEGIN */
        /* Nothing to run until an event wakes someone: the domain sleeps
         * in the hypervisor, without a tick, until the first wake-up. */
        if (!ran && any_sleeping()) {
            arm_timer();
            events_idle();
            continue;
        }
        /* LAB 4 END */
        if (!ran)
            return;
    }
}

void proc_exit(int status)
{
    curproc->exit_status = status;
    curproc->state = ZOMBIE;
    proc_wakeup(curproc); /* its parent, if it waits */
    to_scheduler();
    for (;;) /* a zombie is never run again */
        ;
}

void proc_yield(void)
{
    curproc->state = RUNNABLE;
    to_scheduler();
}

void proc_sleep(const void *chan)
{
    curproc->chan = chan;
    curproc->state = SLEEPING;
    to_scheduler();
    curproc->chan = NULL;
}

void proc_wakeup(const void *chan)
{
    for (int i = 0; i < NPROC; i++)
        if (procs[i].state == SLEEPING && procs[i].chan == chan)
            procs[i].state = RUNNABLE;
}

int proc_wait(int pid)
{
    for (;;) {
        struct proc *child = NULL;
        for (int i = 0; i < NPROC; i++)
            if (procs[i].state != UNUSED && procs[i].pid == pid)
                child = &procs[i];
        if (!child || child == curproc)
            return -1;
        if (child->state == ZOMBIE) {
            child->state = UNUSED;
            return child->exit_status;
        }
        proc_sleep(child);
    }
}

/* LAB 4 BEGIN */
/* The scheduler arms the timer for deadline before it runs anything
 * else or idles. */
void proc_sleep_until(const void *chan, uint64_t deadline)
{
    curproc->wake_at = deadline;
    proc_sleep(chan);
    curproc->wake_at = 0;
}

void proc_timer(uint64_t now)
{
    for (int i = 0; i < NPROC; i++)
        if (procs[i].state == SLEEPING && procs[i].wake_at && procs[i].wake_at <= now)
            procs[i].state = RUNNABLE;
    if (curproc && now >= slice_end)
        need_resched = 1;
    arm_timer();
}

void proc_preempt(void)
{
    if (need_resched)
        proc_yield();
}
/* LAB 4 END */
