/*
 * frame.h - the frame table: one entry per machine frame, saying who owns
 * it, and the lists that chain frames together (lab 1). Labs 3 and later
 * add the frame's type and reference counts here.
 *
 * Pure logic, no hardware: the allocator is unit-tested on the host.
 */
#ifndef HV_FRAME_H
#define HV_FRAME_H

#include <stdint.h>
#include <public/hvlab.h>

#define INVALID_MFN 0xFFFFFFFFU
#define DOMID_FREE 0x7FFFU /* owner of a frame in the free pool */
/* LAB 5 BEGIN */
/* Owner of a frame whose domain died while another domain had it mapped
 * through a grant (grant.c): it is freed when the last mapping goes. */
#define DOMID_ORPHAN 0x7FFEU
/* LAB 5 END */

struct page_info {
    domid_t owner;  /* DOMID_FREE, DOMID_XEN, DOMID_IO or a domain id */
    uint16_t pad;
    uint32_t next;  /* next frame on the owner's list, or INVALID_MFN */
    /* LAB 3 BEGIN */
    uint32_t count;     /* references: mappings in validated tables, pins, cr3 */
    uint32_t type_info; /* PGT_* type, PGT_pinned, and the type count */
    /* LAB 3 END */
};

/* LAB 3 BEGIN */
/*
 * A frame's type (mm.c). It changes only while the type count is zero,
 * and the count says how many uses rely on it: a page table's page
 * directory entries, a writable page's writable mappings, a pin, cr3.
 */
#define PGT_TYPE_MASK 0xE0000000U
#define PGT_none 0x00000000U
#define PGT_l1 0x20000000U       /* a page table */
#define PGT_l2 0x40000000U       /* a page directory */
#define PGT_writable 0x60000000U /* mapped writable somewhere */
#define PGT_pinned 0x10000000U
#define PGT_COUNT_MASK 0x0FFFFFFFU
/* LAB 3 END */

/* A singly linked list of frames, threaded through page_info.next. */
struct page_list {
    uint32_t head;  /* INVALID_MFN when empty */
    uint32_t count;
};

extern struct page_info *frame_table;
extern uint32_t max_mfn;              /* frames the table describes */
extern struct page_list free_frames;  /* the pool frame_alloc draws from */

/* Starts a table of nr frames, every one owned by the hypervisor. */
void frame_table_init(struct page_info *table, uint32_t nr);
/* Hands frame mfn, owned by owner, back to the free pool; 0, or -1 if
 * mfn is out of range or owned by someone else (a double free). */
int frame_free(uint32_t mfn, domid_t owner);
/* Takes a frame from the pool for owner and adds it to list (if not
 * NULL); returns its mfn, or INVALID_MFN when the pool is empty (or owner
 * is DOMID_FREE). A frame on a list must leave it through
 * frame_free_list, never frame_free alone. */
uint32_t frame_alloc(domid_t owner, struct page_list *list);
/* Frees every frame on list, which owner owns; returns how many, or -1
 * if a frame on it was not owner's (the list is then left as it was). */
int frame_free_list(struct page_list *list, domid_t owner);
/* LAB 5 BEGIN */
/* Takes frame mfn off list (its owner stays); 0, or -1 if it is not on it. */
int frame_list_remove(struct page_list *list, uint32_t mfn);
/* LAB 5 END */

#endif
