/*
 * mmu.h - the guest's view of x86 paging (lab 1): page sizes, the bits of
 * a page-table entry, and how a virtual address splits into directory
 * and table indices. Two levels, 4 KiB pages, no PAE (public/hvlab.h);
 * the entries hold machine frame numbers, as the hypervisor's do.
 */
#ifndef GUESTOS_MMU_H
#define GUESTOS_MMU_H

#include <stdint.h>

#define PAGE_SHIFT 12
#define PAGE_SIZE (1U << PAGE_SHIFT)
#define PGDIR_SHIFT 22         /* a directory entry covers 4 MiB */
#define ENTRIES_PER_TABLE 1024 /* in a page directory and a page table */

#define PTE_P 0x001 /* present */
#define PTE_W 0x002 /* writable */
#define PTE_U 0x004 /* ring 3 may use it */
#define PTE_PS 0x080 /* in a directory entry: a 4 MiB page, no page table */
#define PF_ERR_PRESENT 0x1 /* page-fault error code: the page was present */

#define pd_index(va) ((uint32_t)(va) >> PGDIR_SHIFT)
#define pt_index(va) (((uint32_t)(va) >> PAGE_SHIFT) & (ENTRIES_PER_TABLE - 1))
/* The virtual address of entry pd_i, pt_i of the tables. */
#define pgaddr(pd_i, pt_i) ((uint32_t)(pd_i) << PGDIR_SHIFT | (uint32_t)(pt_i) << PAGE_SHIFT)
/* The machine frame an entry maps, and an entry that maps one. */
#define pte_mfn(pte) ((uint32_t)(pte) >> PAGE_SHIFT)
#define make_pte(mfn, flags) ((uint32_t)(mfn) << PAGE_SHIFT | (flags))
/* The machine address of entry i of the table in frame mfn: what an
 * mmu_update request names. */
#define entry_maddr(mfn, i) (((uint64_t)(mfn) << PAGE_SHIFT) + (uint32_t)(i) * sizeof(uint32_t))

#endif
