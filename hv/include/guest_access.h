/*
 * guest_access.h - reading and writing a guest's memory through its own
 * page tables (guest_access.c, lab 1; writes from lab 2).
 *
 * The domain is named explicitly: the memory read is d's, whichever
 * domain the hypervisor was entered from.
 */
#ifndef HV_GUEST_ACCESS_H
#define HV_GUEST_ACCESS_H

#include <stddef.h>
#include <stdint.h>

struct domain;

/* Copies n bytes from d's virtual address va; 0, or -HV_EFAULT if any
 * byte is not mapped below the hole. Never faults. */
int copy_from_guest(struct domain *d, void *dst, uint32_t va, size_t n);
/* LAB 2 BEGIN */
/* Copies n bytes to d's virtual address va; 0, or -HV_EFAULT (nothing
 * written) unless every byte is mapped writable below the hole. Never
 * faults. */
int copy_to_guest(struct domain *d, uint32_t va, const void *src, size_t n);
/* LAB 2 END */

#endif
