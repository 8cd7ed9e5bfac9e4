/* LAB 5 FILE */
/*
 * gnttab.h - grant tables on the guest's side (lab 5): granting our
 * frames to another domain, and using the frames others grant us (by
 * mapping them, or by having the hypervisor copy). See
 * public/grant_table.h for the rules the hypervisor checks.
 */
#ifndef GUESTOS_GNTTAB_H
#define GUESTOS_GNTTAB_H

#include <public/grant_table.h>

/* Maps our grant table (setup_table). 0, or a negative error
 * (-HV_ENOSYS: a hypervisor without grant tables). */
int gnttab_init(void);
/* Whether gnttab_init succeeded. */
extern int gnttab_enabled;

/* Grants domain dom access to our frame mfn (read-only if readonly): the
 * grant reference, or a negative error (-HV_ENOSPC: the table is full). */
int gnttab_grant(domid_t dom, uint32_t mfn, int readonly);
/* Ends grant ref: 0, or -HV_EBUSY while dom has it mapped (the
 * hypervisor's GTF_reading / GTF_writing; the grant stays). */
int gnttab_end(grant_ref_t ref);
/* The grants in use in our table (the shell's "grants"). */
uint32_t gnttab_in_use(void);

/* A free page of kernel address space to map a grant at (its page-table
 * entry exists and is empty), or NULL; given back with gnttab_slot_free. */
void *gnttab_slot_alloc(void);
void gnttab_slot_free(void *va);
/* Maps grant ref of domain dom at va (a slot): 0 and the handle in
 * *handle, or the GNTST_* status (negative). */
int gnttab_map(domid_t dom, grant_ref_t ref, void *va, int readonly, grant_handle_t *handle);
/* Undoes gnttab_map: 0, or the GNTST_* status. */
int gnttab_unmap(void *va, grant_handle_t handle);
/* Mappings we hold now (the shell's "grants"). */
uint32_t gnttab_mapped(void);

/* Copies, through the hypervisor (grant copy); each returns 0 or the
 * GNTST_* status. Our own side is kernel memory that must not cross a
 * page boundary. */
int gnttab_copy_from(domid_t dom, grant_ref_t ref, uint16_t offset, void *dst, uint16_t len);
int gnttab_copy_to(domid_t dom, grant_ref_t ref, uint16_t offset, const void *src, uint16_t len);
/* Many copies in one hypercall: gnttab_copy_op_from fills in op as
 * gnttab_copy_from would, gnttab_copy_batch makes n (at most
 * GNTTAB_MAX_BATCH) of them: 0 and each op's status in it, or
 * GNTST_general_error when the call itself failed. */
void gnttab_copy_op_from(struct gnttab_copy *op, domid_t dom, grant_ref_t ref, uint16_t offset,
                         void *dst, uint16_t len);
int gnttab_copy_batch(struct gnttab_copy *ops, uint32_t n);
/* From one foreign grant to another (netback's bridge). */
int gnttab_copy_grants(domid_t src_dom, grant_ref_t src_ref, uint16_t src_off, domid_t dst_dom,
                       grant_ref_t dst_ref, uint16_t dst_off, uint16_t len);

#endif
