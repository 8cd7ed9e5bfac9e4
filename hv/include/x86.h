/*
 * x86.h - the i386 instructions and bit layouts the hypervisor uses
 * (lab 1). Each wrapper is one instruction; the names follow the
 * Intel manual so that you can look them up there.
 */
#ifndef HV_X86_H
#define HV_X86_H

#include <stdint.h>

#define PAGE_SIZE 4096U
#define PAGE_SHIFT 12
#define PAGE_MASK (~(PAGE_SIZE - 1))
#define PGDIR_SHIFT 22         /* each directory entry covers 4 MiB */
#define ENTRIES_PER_TABLE 1024 /* in a page directory and a page table */

/* Page-directory and page-table entry bits (Intel SDM vol. 3, 4.3). */
#define PTE_P 0x001   /* present */
#define PTE_W 0x002   /* writable */
#define PTE_U 0x004   /* user (ring 3) may access */
#define PTE_PS 0x080  /* in a directory entry: a 4 MiB page */

#define pd_index(va) (((uint32_t)(va) >> PGDIR_SHIFT) & 0x3FF)
#define pt_index(va) (((uint32_t)(va) >> PAGE_SHIFT) & 0x3FF)
#define pte_mfn(pte) ((uint32_t)(pte) >> PAGE_SHIFT)

/* EFLAGS bits. */
#define EFLAGS_IF 0x00000200
#define EFLAGS_IOPL 0x00003000
#define EFLAGS_FIXED 0x00000002 /* bit 1 always reads as one */
#define EFLAGS_VM 0x00020000 /* virtual-8086 mode: never a guest's (traps.c) */
/* LAB 2 BEGIN */
#define EFLAGS_TF 0x00000100 /* single-step */
#define EFLAGS_NT 0x00004000 /* nested task */
#define EFLAGS_RF 0x00010000 /* resume: no debug fault on the next instruction */
/* LAB 2 END */

static inline void outb(uint16_t port, uint8_t v)
{
    __asm__ volatile("outb %0, %1" : : "a"(v), "Nd"(port));
}

static inline void outl(uint16_t port, uint32_t v)
{
    __asm__ volatile("outl %0, %1" : : "a"(v), "Nd"(port));
}

static inline uint8_t inb(uint16_t port)
{
    uint8_t v;
    __asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
    return v;
}

static inline uint32_t read_cr2(void)
{
    uint32_t v;
    __asm__ volatile("mov %%cr2, %0" : "=r"(v));
    return v;
}

static inline uint32_t read_cr3(void)
{
    uint32_t v;
    __asm__ volatile("mov %%cr3, %0" : "=r"(v));
    return v;
}

/* Loading cr3 also flushes every non-global TLB entry. */
static inline void write_cr3(uint32_t v)
{
    __asm__ volatile("mov %0, %%cr3" : : "r"(v) : "memory");
}

static inline uint32_t read_ebp(void)
{
    uint32_t v;
    __asm__ volatile("mov %%ebp, %0" : "=r"(v));
    return v;
}

struct descriptor_pointer {
    uint16_t limit;
    uint32_t base;
} __attribute__((packed));

static inline void lgdt(const struct descriptor_pointer *p)
{
    __asm__ volatile("lgdt %0" : : "m"(*p));
}

static inline void lidt(const struct descriptor_pointer *p)
{
    __asm__ volatile("lidt %0" : : "m"(*p));
}

static inline void ltr(uint16_t selector)
{
    __asm__ volatile("ltr %0" : : "r"(selector));
}

/* Stops the CPU for good: interrupts off, then halt forever. */
static inline __attribute__((__noreturn__)) void halt_forever(void)
{
    for (;;)
        __asm__ volatile("cli; hlt");
}

#endif
