/*
 * domain.h - a domain: one guest OS, its memory and its saved CPU state
 * (lab 1). Labs 4-7 give it event channels, grant tables, a scheduler
 * entry and the control interface.
 */
#ifndef HV_DOMAIN_H
#define HV_DOMAIN_H

#include <frame.h>
#include <hv.h>
#include <trap.h>

#define MAX_DOMAINS 1024
#define CONSOLE_LINE_MAX 160

struct boot_module;

struct domain {
    domid_t domid;
    uint32_t flags;            /* SIF_* from public/hvlab.h */
    char name[32];             /* the kernel's file name, for logs */
    struct page_list pages;    /* every frame the domain owns */
    uint32_t pgdir_mfn;        /* its page directory (what cr3 holds) */
    struct trap_frame regs;    /* where it resumes when next run */
    char console_line[CONSOLE_LINE_MAX]; /* its output, until a newline */
    uint32_t console_len;
    /* LAB 2 BEGIN */
    struct trap_info traps[256];  /* its handlers, by vector (address 0: none) */
    int fast_trap;                /* the fast system-call vector, or -1 */
    uint32_t kernel_ss, kernel_sp; /* stack_switch: the stack for traps from ring 3 */
    uint32_t failsafe_cs, failsafe_address; /* set_callbacks */
    uint32_t nr_hypercalls, nr_bounces; /* counted for its obituary */
    uint32_t gdt_entries;         /* set_gdt: its GDT entries 0 to gdt_entries - 1 */
    uint32_t gdt_frames[FIRST_RESERVED_GDT_PAGE]; /* the guest's frames they came from */
    uint32_t gdt_copy[FIRST_RESERVED_GDT_PAGE];   /* our frames with the checked copy */
    uint32_t gdt_copy_frames;     /* how many of those are allocated */
    /* LAB 2 END */
};

/* The domain on the CPU, or NULL while the hypervisor runs alone. */
extern struct domain *current;

/* Allocates an empty domain; NULL when no memory or no id is left. */
struct domain *domain_create(domid_t domid, uint32_t flags);
/* Builds the domain from the ELF kernel in module m, giving it mem_kb of
 * memory. On bad input it logs one line and ends the run (boot_error). */
void domain_build(struct domain *d, const struct boot_module *m, uint32_t mem_kb);
/* Kills a domain: frees its memory and runs the next domain, or ends the
 * run when none is left. */
void noreturn domain_kill(struct domain *d);
/* Runs the next domain (lab 6 makes this a real scheduler). */
void noreturn schedule(void);

/* guest_access.c: copies n bytes from guest virtual address va of the
 * running domain; 0, or -HV_EFAULT if any byte is not mapped below the
 * hole. Never faults. */
int copy_from_guest(void *dst, uint32_t va, size_t n);

/* hypercall.c */
void do_hypercall(struct domain *d, struct trap_frame *tf);
/* LAB 3 BEGIN */
/* mm.c: validated page tables. */
int32_t do_mmu_update(struct domain *d, struct trap_frame *tf);
int32_t do_update_va_mapping(struct domain *d, struct trap_frame *tf);
int32_t do_mmuext_op(struct domain *d, struct trap_frame *tf);
/* Validates the page directory at pgdir_mfn as d's first cr3; 0, or -1. */
int mm_init_domain(struct domain *d, uint32_t pgdir_mfn);
/* Gives back every reference d's page tables hold, and checks that none
 * of its frames is still referenced. */
void mm_release_domain(struct domain *d);
/* LAB 3 END */
/* LAB 2 BEGIN */
/* guest_access.c: copies n bytes to guest virtual address va of the
 * running domain; 0, or -HV_EFAULT unless every byte is mapped writable
 * below the hole. Never faults. */
int copy_to_guest(uint32_t va, const void *src, size_t n);
/* traps.c: bounces the trap in tf to d's handler; 0, or -1 when d has
 * none (a frame that cannot be written kills d). */
int bounce_trap(struct domain *d, struct trap_frame *tf);
/* traps.c, segments.c: what the CPU needs to run d's traps and system
 * calls without us: its fast system-call gate and its ring-1 stack. */
void load_guest_traps(const struct domain *d);
void tss_set_ring1_stack(uint32_t ss, uint32_t esp);
/* Kills d with a register dump, saying why. */
void noreturn crash_domain(struct domain *d, const struct trap_frame *tf, const char *why);
extern int hv_trace; /* the trace option: log every hypercall and bounce */
/* descriptors.c: the set_gdt and update_descriptor hypercalls; putting
 * d's descriptors in the GDT when it runs; freeing their copy. */
int32_t do_set_gdt(struct domain *d, struct trap_frame *tf);
int32_t do_update_descriptor(struct domain *d, struct trap_frame *tf);
void load_guest_gdt(const struct domain *d);
void free_guest_gdt(struct domain *d);
/* segments.c: writes n descriptors into the guest's part of the GDT from
 * entry first on, or zeros when desc is NULL. */
void gdt_write_guest(uint32_t first, const uint64_t *desc, uint32_t n);
/* segments.c: the base and byte limit of the data segment that selector
 * names in the GDT as it is now (the running domain's entries); 0, or -1
 * if it names no present data segment. */
int gdt_data_segment(uint32_t selector, uint32_t *base, uint32_t *limit);
/* LAB 2 END */
/* Prints what is left of d's last console line. */
void console_flush(struct domain *d);

#endif
