/*
 * frame.c - the frame table and the machine-frame allocator (lab 1).
 *
 * Every machine frame has a page_info entry saying who owns it. Free
 * frames sit on one list, free_frames; a domain's frames sit on the
 * domain's own list, so that destroying a domain frees exactly its frames
 * without scanning the whole table (we want 1000 domains). Both lists are
 * threaded through page_info.next, so they cost no memory of their own.
 *
 * memory.c fills the table at boot from the multiboot memory map; the
 * domain builder (domain.c) allocates from it.
 */
#include <frame.h>
#include <stddef.h>

struct page_info *frame_table;
uint32_t max_mfn;
struct page_list free_frames = { INVALID_MFN, 0 };

void frame_table_init(struct page_info *table, uint32_t nr)
{
    frame_table = table;
    max_mfn = nr;
    free_frames.head = INVALID_MFN;
    free_frames.count = 0;
    for (uint32_t mfn = 0; mfn < nr; mfn++) {
        table[mfn].owner = DOMID_XEN;
        table[mfn].pad = 0;
        table[mfn].next = INVALID_MFN;
        /* LAB 3 BEGIN */
        table[mfn].count = 0;
        table[mfn].type_info = 0;
        /* LAB 3 END */
    }
}

static inline void list_push(struct page_list *list, uint32_t mfn)
{
    frame_table[mfn].next = list->head;
    list->head = mfn;
    list->count++;
}

int frame_free(uint32_t mfn, domid_t owner)
{
    /* LAB 1 SOLUTION BEGIN: return -1; */
    /* A frame freed twice, or by a non-owner, would end up on two lists:
     * two domains sharing memory without knowing it. */
    if (mfn >= max_mfn || owner == DOMID_FREE || frame_table[mfn].owner != owner)
        return -1;
    frame_table[mfn].owner = DOMID_FREE;
    list_push(&free_frames, mfn);
    return 0;
    /* LAB 1 SOLUTION END */
}

uint32_t frame_alloc(domid_t owner, struct page_list *list)
{
    /* LAB 1 SOLUTION BEGIN: return INVALID_MFN; */
    uint32_t mfn = free_frames.head;
    if (mfn == INVALID_MFN || owner == DOMID_FREE)
        return INVALID_MFN;
    free_frames.head = frame_table[mfn].next;
    free_frames.count--;
    frame_table[mfn].owner = owner;
    frame_table[mfn].next = INVALID_MFN;
    if (list)
        list_push(list, mfn);
    return mfn;
    /* LAB 1 SOLUTION END */
}

int frame_free_list(struct page_list *list, domid_t owner)
{
    uint32_t n = 0;
    if (owner == DOMID_FREE) /* the pool itself is not a list to free */
        return -1;
    for (uint32_t mfn = list->head; mfn != INVALID_MFN; mfn = frame_table[mfn].next, n++)
        if (mfn >= max_mfn || frame_table[mfn].owner != owner || n >= list->count)
            return -1;

    uint32_t mfn = list->head;
    while (mfn != INVALID_MFN) {
        uint32_t next = frame_table[mfn].next;
        frame_free(mfn, owner);
        mfn = next;
    }
    list->head = INVALID_MFN;
    list->count = 0;
    return (int)n;
}

/* LAB 5 BEGIN */
int frame_list_remove(struct page_list *list, uint32_t mfn)
{
    for (uint32_t *link = &list->head; *link != INVALID_MFN; link = &frame_table[*link].next)
        if (*link == mfn) {
            *link = frame_table[mfn].next;
            frame_table[mfn].next = INVALID_MFN;
            list->count--;
            return 0;
        }
    return -1;
}
/* LAB 5 END */
