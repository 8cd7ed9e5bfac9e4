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
 * runs until it yields, waits, exits or is killed.
 */
#include <hypercall.h>
#include <kernel.h>
#include <proc.h>

/* The programs built into the image (user/programs.c). */
int init_main(void), hello_main(void), pingpong_main(void), syscalls_main(void),
    divzero_main(void), badop_main(void), kernelmem_main(void), privileged_main(void),
    hypercall_main(void), bench_main(void);
void user_start(int (*main)(void));
extern void enter_user_mode(void);

static const struct {
    const char *name;
    int (*main)(void);
} programs[] = {
    { "init", init_main }, { "hello", hello_main }, { "pingpong", pingpong_main },
    { "syscalls", syscalls_main }, { "divzero", divzero_main }, { "badop", badop_main },
    { "kernelmem", kernelmem_main }, { "privileged", privileged_main },
    { "hypercall", hypercall_main }, { "bench", bench_main },
};

static struct proc procs[NPROC];
static char kstacks[NPROC][KSTACK_SIZE] __attribute__((aligned(KSTACK_SIZE)));
/* In the user segment: ring 3 runs on these. */
static char ustacks[NPROC][USTACK_SIZE] __attribute__((section(".user.bss"), aligned(4096)));
static struct context *scheduler_context;
static int next_pid = 1;
struct proc *curproc;

int proc_spawn(const char *name)
{
    int (*main)(void) = NULL;
    for (size_t i = 0; i < sizeof programs / sizeof programs[0]; i++)
        if (strcmp(programs[i].name, name) == 0) {
            main = programs[i].main;
            name = programs[i].name; /* the caller's copy may not last */
        }
    struct proc *p = NULL;
    for (int i = 0; i < NPROC && !p; i++)
        if (procs[i].state == UNUSED) {
            p = &procs[i];
            p->kstack = kstacks[i];
            p->ustack = ustacks[i];
        }
    if (!main || !p)
        return -1;

    /* The user stack: user_start(main), as if called. */
    uint32_t *usp = (uint32_t *)(p->ustack + USTACK_SIZE);
    *--usp = (uint32_t)main;
    *--usp = 0; /* user_start's return address: it never returns */

    /* The kernel stack: what enter_user_mode irets through, under the
     * context swtch() resumes. */
    uint32_t *ksp = (uint32_t *)(p->kstack + KSTACK_SIZE);
    *--ksp = FLAT_RING3_DS;      /* ss */
    *--ksp = (uint32_t)usp;      /* esp */
    *--ksp = 0x202;              /* eflags: interrupts on */
    *--ksp = FLAT_RING3_CS;      /* cs */
    *--ksp = (uint32_t)user_start; /* eip */
    struct context *c = (struct context *)ksp - 1;
    memset(c, 0, sizeof *c);
    c->eip = (uint32_t)enter_user_mode;

    p->context = c;
    p->name = name;
    p->pid = next_pid++;
    p->exit_status = 0;
    p->state = RUNNABLE;
    return p->pid;
}

/* Gives the CPU back to the scheduler, from a process's kernel stack. */
static void to_scheduler(void)
{
    struct proc *p = curproc;
    swtch(&p->context, scheduler_context);
}

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
            swtch(&scheduler_context, p->context);
            curproc = NULL;
            ran = 1;
        }
        if (!ran)
            return;
    }
}

void proc_exit(int status)
{
    curproc->exit_status = status;
    curproc->state = ZOMBIE;
    to_scheduler();
    for (;;) /* a zombie is never run again */
        ;
}

void proc_yield(void)
{
    curproc->state = RUNNABLE;
    to_scheduler();
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
        proc_yield();
    }
}
