/*
 * kernel.h - what the guest kernel's files share (lab 1).
 */
#ifndef GUESTOS_KERNEL_H
#define GUESTOS_KERNEL_H

#include <lib/median.h>
#include <lib/rdtsc.h>
#include <lib/printfmt.h>
#include <lib/string.h>
#include <public/hvlab.h>

/* console.c: printf to the hypervisor console, one hypercall a call. */
void printk(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* LAB 4 BEGIN */
/* Domain 0 takes console input (VIRQ_CONSOLE). 0, or an error. */
int console_init(void);
/* The next line typed, with its newline, at most size (at least 1)
 * bytes; sleeps until there is one. Its length. */
int console_read(char *buf, uint32_t size);
/* LAB 4 END */

/* The start_info page the hypervisor gave us (main.c). */
extern const struct start_info *start_info;

/* The ring we run in: the low two bits of cs. */
static inline uint32_t current_ring(void)
{
    uint32_t cs;
    __asm__ volatile("mov %%cs, %0" : "=r"(cs));
    return cs & 3;
}

#endif
