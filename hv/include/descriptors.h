/* LAB 2 FILE */
/*
 * descriptors.h - a guest's own GDT entries (descriptors.c, lab 2).
 */
#ifndef HV_DESCRIPTORS_H
#define HV_DESCRIPTORS_H

#include <stdint.h>

struct domain;

/* set_gdt(frame_list, entries) and update_descriptor(ma, desc): see
 * public/hvlab.h. */
int32_t do_set_gdt(struct domain *d, uint32_t frame_list_va, uint32_t entries);
int32_t do_update_descriptor(struct domain *d, uint64_t ma, uint64_t desc);
/* Puts d's checked descriptors into the GDT (d is about to run). */
void load_guest_gdt(const struct domain *d);
/* Frees the hypervisor's copy of d's descriptors (d is dying). */
void free_guest_gdt(struct domain *d);

#endif
