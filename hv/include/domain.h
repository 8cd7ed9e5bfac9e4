/*
 * domain.h - a domain and its virtual CPU (domain.c, lab 1).
 *
 * struct domain is what a guest OS owns as a whole: its memory, its page
 * directory, its console, its descriptors. struct vcpu is one virtual
 * CPU of it: the registers it resumes with and what the CPU needs to run
 * its traps (its trap table, its kernel stack, its callbacks). hvlab gives
 * every domain one vCPU; keeping them apart leaves lab 4 a place for a
 * vCPU's event state and lab 6 for its scheduling state. What is loaded
 * on the real CPU now is struct cpu (sched.h).
 *
 * Labs 4-7 give domains event channels, grant tables and the control
 * interface. What grows with use (event-channel ports, grant tables) is
 * allocated when first used, outside this frame.
 */
#ifndef HV_DOMAIN_H
#define HV_DOMAIN_H

#include <frame.h>
#include <hv.h>
#include <traps.h>
/* LAB 4 BEGIN */
#include <event.h>
#include <time.h>
/* LAB 4 END */
/* LAB 5 BEGIN */
#include <grant.h>
/* LAB 5 END */

#define MAX_DOMAINS 1024
#define CONSOLE_LINE_MAX 160

struct boot_module;
struct domain;

struct vcpu {
    struct domain *domain;     /* the domain it belongs to */
    struct trap_frame regs;    /* where it resumes when next run */
    int state;                 /* VCPU_* (sched.h) */
    struct vcpu *next_runnable; /* on the run queue (sched.c) */
    /* LAB 2 BEGIN */
    struct trap_info traps[256];  /* its handlers, by vector (address 0: none) */
    int fast_trap;                /* the fast system-call vector, or -1 */
    uint32_t kernel_ss, kernel_sp; /* stack_switch: the stack for traps from ring 3 */
    uint32_t failsafe_cs, failsafe_address; /* set_callbacks */
    /* LAB 2 END */
    /* LAB 4 BEGIN */
    uint32_t event_cs, event_address; /* set_callbacks: the upcall */
    struct timer timer;           /* set_timer_op: raises VIRQ_TIMER */
    struct timer poll_timer;      /* SCHEDOP_poll's timeout */
    uint64_t run_since;           /* system time it was last switched to */
    uint64_t runtime_ns;          /* its CPU time: lab 6's virtual time */
    /* LAB 4 END */
};

struct domain {
    domid_t domid;
    uint32_t flags;            /* SIF_* from public/hvlab.h */
    char name[32];             /* the kernel's file name, for logs */
    struct vcpu *vcpu;         /* its one vCPU, in the same frame */
    struct page_list pages;    /* every frame the domain owns */
    uint32_t pgdir_mfn;        /* its page directory (what cr3 holds while it runs) */
    char console_line[CONSOLE_LINE_MAX]; /* its output, until a newline */
    uint32_t console_len;
    /* LAB 2 BEGIN */
    uint32_t nr_hypercalls, nr_bounces; /* counted for its obituary */
    uint32_t gdt_entries;         /* set_gdt: its GDT entries 0 to gdt_entries - 1 */
    uint32_t gdt_frames[FIRST_RESERVED_GDT_PAGE]; /* the guest's frames they came from */
    uint32_t gdt_copy[FIRST_RESERVED_GDT_PAGE];   /* our frames with the checked copy */
    uint32_t gdt_copy_frames;     /* how many of those are allocated */
    /* LAB 2 END */
    /* LAB 4 BEGIN */
    struct shared_info *shared_info; /* one of its own frames (domain_build) */
    uint32_t shared_info_mfn;     /* which can never be a page table */
    struct evtchn evtchn_inline[EVTCHNS_INLINE];       /* its first ports */
    struct evtchn *evtchn_frames[EVTCHN_FRAMES];       /* the rest, on demand */
    uint16_t virq_to_port[NR_VIRQS];                   /* 0: not bound */
    uint32_t nr_events_sent, nr_events_received;       /* for its obituary */
    /* LAB 4 END */
    /* LAB 5 BEGIN */
    struct grant_table grant;     /* its grants, and the grants it maps */
    /* LAB 5 END */
};

/* Every domain, by id (NULL: no such domain). */
extern struct domain *domain_table[MAX_DOMAINS];

/* Allocates an empty domain and its vCPU; NULL when no memory or no id
 * is left. */
struct domain *domain_create(domid_t domid, uint32_t flags);
/* Builds the domain from the ELF kernel in module m, giving it mem_kb of
 * memory. On bad input it logs one line and ends the run (boot_error). */
void domain_build(struct domain *d, const struct boot_module *m, uint32_t mem_kb);
/* Frees d's memory, with its obituary (and from lab 4 tells domain 0,
 * VIRQ_DOM_EXC). If d is running, the caller must not return to it. */
void domain_destroy(struct domain *d);
/* Destroys d and runs the next domain, or ends the run when none is
 * left. */
void noreturn domain_kill(struct domain *d);
/* LAB 4 BEGIN */
/* Domains 1 to nr_domus are built at boot (domus=). */
extern uint32_t nr_domus;
/* LAB 4 END */

#endif
