/* LAB 5 FILE */
/*
 * grant.h - grant tables (grant.c, lab 5).
 */
#ifndef HV_GRANT_H
#define HV_GRANT_H

#include <public/grant_table.h>
#include <stdint.h>

struct domain;

/*
 * A page-table entry the hypervisor wrote for map_grant_ref carries this
 * bit, one of the three the CPU leaves to software. Its references belong
 * to the mapping (the maptrack below), not to the page table: mm.c
 * refuses it in an entry a guest writes, refuses to let a guest change
 * such an entry, and skips it when a page table is devalidated.
 */
#define PTE_GRANT 0x200U

/*
 * How many maps of each of a granting domain's grants are in place: the
 * hypervisor sets GTF_reading (GTF_writing) in the guest's entry while
 * readers (writers) is not zero, and clears it when it drops to zero.
 * frame is the frame those maps hold, the same for all of them.
 */
struct active_grant {
    uint16_t readers, writers;
    uint32_t frame;
};
#define ACTIVE_PER_FRAME (4096 / sizeof(struct active_grant))

/*
 * One mapping a domain made (map_grant_ref), named by its handle: the
 * grant it maps, the frame, and the page-table entry that maps it (its
 * machine address). pte_maddr 0: the handle is free.
 */
struct maptrack {
    uint32_t pte_maddr;
    uint32_t frame;
    grant_ref_t ref;
    domid_t granter;
    uint16_t readonly;
};
#define MAPTRACK_PER_FRAME (4096 / sizeof(struct maptrack))
#define MAPTRACK_FRAMES 16 /* at most 4096 mappings a domain */

/*
 * A domain's grant state. The table itself is in frames of the domain
 * (frame 0 from the builder, the others from setup_table); the active
 * entries (as a granting domain) and the maptrack (as a mapping domain)
 * are hypervisor frames, each allocated when first needed.
 */
struct grant_table {
    uint32_t nr_frames;                         /* table frames so far */
    uint32_t frames[GNTTAB_MAX_FRAMES];         /* their mfns */
    struct active_grant *active[GNTTAB_MAX_FRAMES * GRANT_ENTRIES_PER_FRAME /
                                ACTIVE_PER_FRAME];
    struct maptrack *maptrack[MAPTRACK_FRAMES];
    uint32_t nr_mapped;                         /* handles in use */
};

/* grant_table_op(cmd, uops, count): see public/grant_table.h. */
int32_t do_grant_table_op(struct domain *d, uint32_t cmd, uint32_t uops_va, uint32_t count);
/* The builder's first table frame for d: mfn, one of d's own, zeroed. */
void grant_table_init(struct domain *d, uint32_t mfn);
/* The builder's grant of d's frame mfn to domain dom, entry ref. */
void grant_builder_entry(struct domain *d, grant_ref_t ref, domid_t dom, uint32_t mfn,
                         int readonly);
/* Whether mfn is one of d's grant-table frames (never a page table). */
int grant_is_table_frame(const struct domain *d, uint32_t mfn);
/* Dying d unmaps every grant it has mapped and frees its maptrack. */
void grant_release_mappings(struct domain *d);
/* Dying d's frames that other domains still map leave it (they become
 * DOMID_ORPHAN's, freed at their last unmap); its active entries are
 * freed. Called once d holds no reference of its own (mm.c). */
void grant_release_table(struct domain *d);

#endif
