/* LAB 5 FILE */
/*
 * grant_table.h - grant tables (lab 5): how one domain lets another use
 * one of its frames, the guest interface of hv/grant.c. Shaped like Xen's
 * public/grant_table.h, version 1: the same entry, flags, commands and
 * status codes. Simplified where Xen is crufty: 32-bit addresses (no
 * uint64_t host_addr), no version 2, no transfer (page flipping: lab 5's
 * challenge), no device-bus mappings.
 *
 * A domain's grant table is an array of struct grant_entry_v1 in frames
 * it shares with the hypervisor (setup_table gives their frame numbers;
 * the domain maps them writable and writes its entries itself). Entry
 * number ref is the grant reference: to let domain D use frame F, the
 * granting domain writes {domid = D, frame = F}, then flags =
 * GTF_permit_access (| GTF_readonly), in that order, and tells D the ref
 * (over a ring or a device page: io/devpage.h). D then either maps the
 * frame into its own page tables (map_grant_ref, later unmap_grant_ref),
 * or has the hypervisor copy bytes to or from it (copy).
 *
 * The hypervisor reads an entry once per use and checks it: permit_access
 * set, domid the caller, the frame owned by the granting domain and not
 * one of its page tables (nor its shared_info or grant-table frames),
 * read-only respected. While a grant is mapped the hypervisor holds a
 * reference (and, mapped writable, a writable type) on the frame, and
 * sets GTF_reading (| GTF_writing) in the entry: the granting domain
 * cannot free the frame, make it a page table, or take it back. A domain
 * that ends a grant (clears flags) must first check those bits, with an
 * atomic compare-and-exchange; if it clears the entry anyway, the mapping
 * still holds the frame until it is unmapped.
 *
 * Frames of the first table frame: the domain builder makes it, with one
 * entry filled in: GNTTAB_RESERVED_DEVPAGE (io/devpage.h).
 */
#ifndef HVLAB_PUBLIC_GRANT_TABLE_H
#define HVLAB_PUBLIC_GRANT_TABLE_H

#include <public/hvlab.h>

#define __HYPERVISOR_grant_table_op 20

#ifndef __ASSEMBLER__
typedef uint32_t grant_ref_t;
typedef uint32_t grant_handle_t;

struct grant_entry_v1 {
    uint16_t flags;  /* GTF_*: written by the granting domain (and the
                        hypervisor's GTF_reading / GTF_writing) */
    domid_t domid;   /* the domain allowed to use the frame */
    uint32_t frame;  /* the machine frame number granted */
};
#endif

#define GTF_invalid 0x0000U       /* the entry grants nothing */
#define GTF_permit_access 0x0001U /* domid may map or copy the frame */
#define GTF_type_mask 0x0003U
#define GTF_readonly 0x0004U      /* ... but only read it */
#define GTF_reading 0x0008U       /* set by the hypervisor while mapped */
#define GTF_writing 0x0010U       /* ... mapped writable */

#define GRANT_ENTRIES_PER_FRAME (4096 / 8)
#define GNTTAB_MAX_FRAMES 4       /* at most 2048 grants a domain */

/*
 * grant_table_op(int cmd, void *uops, unsigned int count): count
 * operations of kind cmd, an array of the command's structure at uops.
 * Returns 0 when every operation was looked at (each says in its own
 * status how it went), or -HV_EFAULT (uops not mapped, readable and
 * writable, below the hole), -HV_EINVAL (unknown cmd, count above
 * GNTTAB_MAX_BATCH). Each refused operation logs one line naming the
 * domain.
 */
#define GNTTABOP_map_grant_ref 0
#define GNTTABOP_unmap_grant_ref 1
#define GNTTABOP_setup_table 2
#define GNTTABOP_copy 5
#define GNTTABOP_query_size 6
#define GNTTAB_MAX_BATCH 64

/* Status of one operation: 0, or one of these. */
#define GNTST_okay 0
#define GNTST_general_error (-1)     /* the caller's own page tables refuse it */
#define GNTST_bad_domain (-2)        /* no such domain */
#define GNTST_bad_handle (-3)        /* not a handle of a mapping of the caller */
#define GNTST_bad_gntref (-4)        /* ref beyond the granting domain's table */
#define GNTST_bad_virt_addr (-5)     /* host_addr not a free, page-aligned slot below the hole */
#define GNTST_no_device_space (-7)   /* the hypervisor has no room for the mapping */
#define GNTST_permission_denied (-8) /* not granted to the caller, or read-only */
#define GNTST_bad_page (-9)          /* the frame is not the granter's, or a page table */
#define GNTST_bad_copy_arg (-10)     /* copy: offset and length beyond a page */

#ifndef __ASSEMBLER__
/*
 * setup_table: the frame numbers of dom's grant table (dom: DOMID_SELF),
 * growing it to nr_frames (1 to GNTTAB_MAX_FRAMES) if it has fewer. The
 * frames are the domain's own; it maps them writable.
 */
struct gnttab_setup_table {
    domid_t dom;          /* IN: DOMID_SELF */
    int16_t status;       /* OUT: GNTST_* */
    uint32_t nr_frames;   /* IN */
    uint32_t frame_list;  /* IN: guest address of nr_frames uint32_t, OUT there */
};

/* query_size: how many frames dom's (DOMID_SELF) table has, and may have. */
struct gnttab_query_size {
    domid_t dom;             /* IN: DOMID_SELF */
    int16_t status;          /* OUT */
    uint32_t nr_frames;      /* OUT */
    uint32_t max_nr_frames;  /* OUT: GNTTAB_MAX_FRAMES */
};

/*
 * map_grant_ref: maps the frame of grant ref of domain dom at host_addr
 * in the caller's current page tables: the page-table entry for
 * host_addr must exist and be empty (not present). flags:
 * GNTMAP_host_map, and GNTMAP_readonly for a read-only mapping (needed
 * when the grant is read-only). handle names the mapping for unmap. A
 * mapped grant's page-table entry is the grant's: mmu_update cannot
 * change it, only unmap_grant_ref.
 */
#define GNTMAP_host_map (1U << 1)
#define GNTMAP_readonly (1U << 2)
struct gnttab_map_grant_ref {
    uint32_t host_addr;    /* IN: page-aligned, below the hole */
    uint32_t flags;        /* IN: GNTMAP_* */
    grant_ref_t ref;       /* IN */
    domid_t dom;           /* IN: the granting domain */
    int16_t status;        /* OUT: GNTST_* */
    grant_handle_t handle; /* OUT */
    uint32_t frame;        /* OUT: the machine frame mapped */
};

/* unmap_grant_ref: undoes the mapping handle, which is at host_addr. */
struct gnttab_unmap_grant_ref {
    uint32_t host_addr;    /* IN */
    grant_handle_t handle; /* IN */
    int16_t status;        /* OUT */
    uint16_t pad;
};

/*
 * copy: len bytes from source to dest, each either a grant (flag
 * GNTCOPY_source_gref / GNTCOPY_dest_gref: u.ref of domain domid, which
 * granted it to the caller, writable for dest) or a frame of the caller's
 * own (u.gmfn, domid DOMID_SELF; for dest, not a page table). offset + len
 * must stay within the page on each side. Data moves without mapping.
 */
#define GNTCOPY_source_gref (1U << 0)
#define GNTCOPY_dest_gref (1U << 1)
struct gnttab_copy_ptr {
    union {
        grant_ref_t ref;
        uint32_t gmfn;
    } u;
    domid_t domid;
    uint16_t offset;
};
struct gnttab_copy {
    struct gnttab_copy_ptr source, dest; /* IN */
    uint16_t len;                        /* IN */
    uint16_t flags;                      /* IN: GNTCOPY_* */
    int16_t status;                      /* OUT */
    uint16_t pad;
};
#endif /* __ASSEMBLER__ */

#endif
