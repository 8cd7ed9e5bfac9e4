/* LAB 2 FILE */
/*
 * proc.h - the guest kernel's processes (lab 2).
 */
#ifndef GUESTOS_PROC_H
#define GUESTOS_PROC_H

#include <stdint.h>

/* At most four at once: init or the shell, a program, and the two it may
 * start. Each costs 6 KiB of every domain's kernel image (the stacks
 * below), which must fit 256 KiB. */
#define NPROC 4
#define KSTACK_SIZE 4096
/* A program's frames and one printf line (PRINT_LINE_MAX) fit. From lab 3
 * each process has a stack of its own (vm.c); these serve only a
 * hypervisor without mmu_update, and their pages are in every domain's
 * kernel image, which must fit 256 KiB. */
#define USTACK_SIZE 2048

enum proc_state { UNUSED, RUNNABLE, RUNNING, SLEEPING, ZOMBIE };

/* What swtch() saves: the callee-saved registers and the stack. */
struct context {
    uint32_t edi, esi, ebx, ebp, eip;
};

struct proc {
    enum proc_state state;
    int pid;
    const char *name;
    int exit_status;
    struct context *context; /* on its kernel stack, while not running */
    char *kstack;            /* its kernel stack (ring 1) */
    char *ustack;            /* its user stack (ring 3) */
    const void *chan;        /* while SLEEPING: what it waits for */
    /* LAB 3 BEGIN */
    /* Its address space (vm.c); pd_pfn 0: none, it runs in the kernel's. */
    uint8_t vm_id;           /* its frames' owner mark: slot + 1 */
    uint32_t pd_pfn;         /* its page directory */
    uint32_t heap_start;     /* the first page of the heap (bss and sbrk) */
    uint32_t brk_base, brk;  /* where the heap began, and where it ends now */
    /* LAB 3 END */
    /* LAB 4 BEGIN */
    uint64_t wake_at;        /* while SLEEPING: system time to wake at, or 0 */
    /* LAB 4 END */
};


/* The process on the CPU, or NULL in the scheduler. */
extern struct proc *curproc;

/* Starts the named program in a new process; its pid, or -1. */
int proc_spawn(const char *name);
/* Runs processes until none is left. */
void scheduler(void);
/* The running process ends with status; does not return. */
void proc_exit(int status) __attribute__((noreturn));
/* LAB 3 BEGIN */
/* A copy of the running process that resumes from the system call whose
 * frame is given, returning 0 there; the child's pid, or -1. */
int proc_fork(const void *frame, uint32_t size);
/* LAB 3 END */
/* Lets another process run. */
void proc_yield(void);
/* Sleeps until proc_wakeup(chan); the caller then looks again at what it
 * waits for (another process may have taken it first). */
void proc_sleep(const void *chan);
/* Makes every process sleeping on chan runnable. */
void proc_wakeup(const void *chan);
/* Waits for process pid to end; its status, or -1 if there is no such child. */
int proc_wait(int pid);
/* LAB 4 BEGIN */
/* proc_sleep(chan), but woken at system time deadline at the latest. */
void proc_sleep_until(const void *chan, uint64_t deadline);
/* The timer fired at now (time.c): sleepers due wake up, and the running
 * process's time slice may be over. */
void proc_timer(uint64_t now);
/* On the way out to ring 3 (swtch.S): the running process gives way if
 * its time slice is over. */
void proc_preempt(void);
/* LAB 4 END */

/* swtch.S */
void swtch(struct context **old, struct context *new);

#endif
