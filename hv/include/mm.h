/* LAB 3 FILE */
/*
 * mm.h - validated page tables (mm.c, lab 3).
 */
#ifndef HV_MM_H
#define HV_MM_H

#include <stdint.h>

struct domain;

/* mmu_update, update_va_mapping and mmuext_op: see public/hvlab.h. */
int32_t do_mmu_update(struct domain *d, uint32_t requests_va, uint32_t count, uint32_t done_va,
                      uint32_t foreigndom);
int32_t do_update_va_mapping(struct domain *d, uint32_t va, uint32_t val_lo, uint32_t val_hi,
                             uint32_t flags);
int32_t do_mmuext_op(struct domain *d, uint32_t ops_va, uint32_t count, uint32_t done_va,
                     uint32_t foreigndom);
/* Validates the page directory at pgdir_mfn as d's first cr3; 0, or -1. */
int mm_init_domain(struct domain *d, uint32_t pgdir_mfn);
/* Gives back every reference d's page tables hold, and checks that none
 * of its frames is still referenced. */
void mm_release_domain(struct domain *d);
/* LAB 5 BEGIN */
/* A grant mapping's counts on granter's frame mfn: those a page-table
 * entry of granter's would take (a reference, and if writable the
 * writable type). 0, or -1 (nothing taken: not granter's, or one of its
 * page tables). */
int get_grant_frame(uint32_t mfn, struct domain *granter, int writable);
void put_grant_frame(uint32_t mfn, int writable);
/* LAB 5 END */

#endif
