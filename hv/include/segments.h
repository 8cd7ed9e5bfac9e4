/*
 * segments.h - the hypervisor's GDT and TSS (lab 1).
 *
 * The selectors are Xen's: the hypervisor's entries sit at the top of a
 * full-size GDT (entries 7168 and up, selectors 0xe000 and up), leaving
 * the low entries free for the descriptor tables guests install in lab 2.
 * Guests see only FLAT_RING1_* and FLAT_RING3_* (public/hvlab.h).
 */
#ifndef HV_SEGMENTS_H
#define HV_SEGMENTS_H

#define HYPERVISOR_CS 0xe008
#define HYPERVISOR_DS 0xe010
#define TSS_SELECTOR 0xe038

#ifndef __ASSEMBLER__
#include <stdint.h>
/* Loads our GDT and TSS, and reloads every segment register. */
void segments_init(void);
/* LAB 2 BEGIN */
/* The stack the CPU switches to for a gate into ring 1 from ring 3 (the
 * fast system call). */
void tss_set_ring1_stack(uint32_t ss, uint32_t esp);
/* Writes n descriptors into the guest's part of the GDT from entry first
 * on, or zeros when desc is NULL. */
void gdt_write_guest(uint32_t first, const uint64_t *desc, uint32_t n);
/* The base and byte limit of the data segment that selector names in the
 * GDT as it is now (the running domain's entries); 0, or -1 if it names
 * no present data segment. */
int gdt_data_segment(uint32_t selector, uint32_t *base, uint32_t *limit);
/* LAB 2 END */
/* LAB 5 BEGIN */
/* The ports the TSS's I/O permission bitmap covers: 0 to 0x3FF, the ISA
 * devices (every port above always traps below ring 0). */
#define IO_BITMAP_PORTS 0x400
/* Opens (allow) or shuts ports first to last, both below IO_BITMAP_PORTS,
 * to guest rings 1 and 3. */
void tss_allow_io(uint32_t first, uint32_t last, int allow);
/* LAB 5 END */
#endif

#endif
