/* LAB 3 FILE */
/*
 * vm.h - the guest kernel's memory: its page allocator and the address
 * space of each process (lab 3).
 *
 * A process sees, below GUEST_VIRT_BASE:
 *
 *   USER_BASE       the user world's text (read-only, shared by every
 *                   process) and data (a private copy), from the user
 *                   image built into the kernel (user/user.ld);
 *   brk_base..brk   its heap: bss and what sbrk() gave, zero pages
 *                   mapped on first touch;
 *   USER_STACK_TOP  its stack, growing down at most USER_STACK_MAX, zero
 *                   pages mapped on first touch.
 *
 * Above it, the kernel: the same page tables in every process, through
 * directory entries without the user bit, so ring 3 cannot touch them.
 */
#ifndef GUESTOS_VM_H
#define GUESTOS_VM_H

#include <mmu.h>
#include <stdint.h>

#define USER_BASE 0x00400000U
#define USER_TOP 0xC0000000U      /* GUEST_VIRT_BASE: the kernel above */
#define USER_STACK_TOP USER_TOP
#define USER_STACK_MAX (256 * 1024)
#define USER_HEAP_MAX (16 * 1024 * 1024) /* how far sbrk() may go */

struct proc;

/* The page allocator, over the frames the domain builder left free. */
void vm_init(void);

/* Gives p an address space with the user world in it, ready to run the
 * named program: its first instruction and stack pointer in *eip and
 * *esp. 0, or a negative error; -HV_ENOSYS when the hypervisor has no
 * mmu_update (a lab 3 branch whose exercises are not done yet): the
 * process then runs in the kernel's address space, as in lab 2. */
int vm_spawn(struct proc *p, const char *name, uint32_t *eip, uint32_t *esp);
/* Gives child a copy of parent's address space: read-only pages shared,
 * the others copied. 0, or a negative error (-HV_ENOSYS: parent runs in
 * the kernel's address space). */
int vm_fork(struct proc *parent, struct proc *child);
/* Runs on p's page directory (the kernel's own when p is NULL or has
 * none). */
void vm_switch(struct proc *p);
/* Gives back every frame of p's address space. p must not be running. */
void vm_destroy(struct proc *p);

/* A page fault at va, in p's address space (from ring 3, or from the
 * kernel touching p's memory in a system call): 0 if it is now mapped,
 * -1 if p has no business there. */
int vm_fault(struct proc *p, uint32_t va, uint32_t error);
/* Grows p's heap by increment bytes: the old end, or -1. */
uint32_t vm_sbrk(struct proc *p, int32_t increment);
/* Whether the kernel may read (or write) [va, va + n) for p. */
int vm_user_range(struct proc *p, uint32_t va, uint32_t n, int write);

/* Pages in use: by the kernel, and by processes now and at most. */
void vm_report(void);
/* probe=vmbench: cycles to create and destroy an address space. */
void vm_bench(void);

/* LAB 5 BEGIN */
/* A zeroed page of kernel memory (in the kernel's map, writable), or
 * NULL when none is left; kpage_free gives it back (writable again, if
 * its mapping was changed). For drivers' rings and buffers. */
void *kpage_alloc(void);
void kpage_free(void *va);
/* The machine frame behind kernel address va: a page of the kernel's map
 * or of the grant area (the frame mapped there); 0 if nothing is mapped.
 * What a grant or a device names. */
uint32_t virt_to_mfn(const void *va);
/* The grant area (none in a domain 0 without domUs): pages of kernel
 * address space just below the hole,
 * with page tables shared by every address space and empty entries,
 * where grants are mapped (gnttab.c). Its first address, and its size in
 * pages in *pages; 0 if vm_init could not make it. */
uint32_t vm_grant_area(uint32_t *pages);
/* LAB 5 END */

#endif
