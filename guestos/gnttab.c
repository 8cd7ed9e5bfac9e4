/* LAB 5 FILE */
/*
 * gnttab.c - grant tables on the guest's side (lab 5): our own table,
 * where we grant our frames to other domains, and the grants of others
 * we map (in the grant area vm.c makes) or copy through the hypervisor.
 *
 * Our table's frames are mapped at the first pages of the grant area;
 * the rest of the area is slots for mappings. We write an entry's domid
 * and frame before its flags, so the hypervisor never sees a grant
 * half-written; the hypervisor writes GTF_reading and GTF_writing in the
 * same flags, so ending a grant is a compare-and-exchange that fails
 * while either is set (public/grant_table.h).
 */
#include <gnttab.h>
#include <hypercall.h>
#include <kernel.h>
#include <public/io/devpage.h>
#include <vm.h>

int gnttab_enabled;

/* Our table, nr_frames frames of it, at the grant area's first pages. */
static volatile struct grant_entry_v1 *table;
static uint32_t nr_frames;
/* The grant area, and which of its pages are taken (the table's frames
 * first, then the slots handed out). */
static uint32_t area, area_pages;
#define AREA_MAX_PAGES (4 * ENTRIES_PER_TABLE)
static uint32_t slot_taken[AREA_MAX_PAGES / 32];
static uint32_t nr_mapped;

/* The first reference we hand out: ref 0 is a domU's device page, given
 * by the builder (io/devpage.h), and kept free in domain 0 as well. */
#define FIRST_REF (GNTTAB_RESERVED_DEVPAGE + 1)

/* Makes our table frames frames long, mapping the new ones. 0, or a
 * negative error. */
static int grow(uint32_t frames)
{
    uint32_t list[GNTTAB_MAX_FRAMES];
    struct gnttab_setup_table op = {
        .dom = DOMID_SELF, .nr_frames = frames, .frame_list = (uint32_t)list,
    };
    int r = HYPERVISOR_grant_table_op(GNTTABOP_setup_table, &op, 1);
    if (r < 0)
        return r;
    if (op.status != GNTST_okay)
        return -HV_ENOMEM;
    for (uint32_t i = nr_frames; i < frames; i++) {
        r = HYPERVISOR_update_va_mapping(area + i * PAGE_SIZE, make_pte(list[i], PTE_P | PTE_W),
                                         UVMF_INVLPG);
        if (r < 0)
            return r;
        nr_frames = i + 1;
    }
    return 0;
}

int gnttab_init(void)
{
    area = vm_grant_area(&area_pages);
    if (!area || area_pages > AREA_MAX_PAGES) {
        if (start_info->nr_domus || !(start_info->flags & SIF_INITDOMAIN))
            printk("guestos: gnttab: no grant area to map our table in\n");
        return -HV_ENOMEM;
    }
    for (uint32_t i = 0; i < GNTTAB_MAX_FRAMES; i++)
        slot_taken[i / 32] |= 1U << (i % 32);
    table = (volatile struct grant_entry_v1 *)area;
    int r = grow(1);
    if (r < 0) {
        printk("guestos: gnttab: no grant table: %d\n", r);
        return r;
    }
    gnttab_enabled = 1;
    return 0;
}

int gnttab_grant(domid_t dom, uint32_t mfn, int readonly)
{
    if (!gnttab_enabled)
        return -HV_ENOSYS;
    for (;;) {
        for (grant_ref_t ref = FIRST_REF; ref < nr_frames * GRANT_ENTRIES_PER_FRAME; ref++) {
            if (table[ref].flags != GTF_invalid)
                continue;
            table[ref].domid = dom;
            table[ref].frame = mfn;
            __asm__ volatile("" ::: "memory"); /* the flags last */
            table[ref].flags = GTF_permit_access | (readonly ? GTF_readonly : 0);
            return (int)ref;
        }
        if (nr_frames == GNTTAB_MAX_FRAMES || grow(nr_frames + 1) < 0)
            return -HV_ENOSPC;
    }
}

/* Replaces *flags with new if it still holds *old (1); else *old is what
 * it holds (0). One locked instruction: the hypervisor may set
 * GTF_reading between our read and our write. */
static int cmpxchg_flags(volatile uint16_t *flags, uint16_t *old, uint16_t new)
{
    uint16_t seen;
    __asm__ volatile("lock cmpxchgw %2, %1"
                     : "=a"(seen), "+m"(*flags)
                     : "r"(new), "0"(*old)
                     : "memory");
    if (seen == *old)
        return 1;
    *old = seen;
    return 0;
}

int gnttab_end(grant_ref_t ref)
{
    if (!gnttab_enabled || ref >= nr_frames * GRANT_ENTRIES_PER_FRAME)
        return -HV_EINVAL;
    volatile uint16_t *flags = &table[ref].flags;
    uint16_t old = *flags;
    do {
        if (old & (GTF_reading | GTF_writing))
            return -HV_EBUSY;
    } while (!cmpxchg_flags(flags, &old, GTF_invalid));
    return 0;
}

uint32_t gnttab_in_use(void)
{
    uint32_t n = 0;
    for (grant_ref_t ref = 0; ref < nr_frames * GRANT_ENTRIES_PER_FRAME; ref++)
        n += (table[ref].flags & GTF_type_mask) == GTF_permit_access;
    return n;
}

void *gnttab_slot_alloc(void)
{
    for (uint32_t i = GNTTAB_MAX_FRAMES; i < area_pages; i++)
        if (!(slot_taken[i / 32] & (1U << (i % 32)))) {
            slot_taken[i / 32] |= 1U << (i % 32);
            return (void *)(area + i * PAGE_SIZE);
        }
    return NULL;
}

void gnttab_slot_free(void *va)
{
    uint32_t i = ((uint32_t)va - area) / PAGE_SIZE;
    if ((uint32_t)va >= area && i >= GNTTAB_MAX_FRAMES && i < area_pages)
        slot_taken[i / 32] &= ~(1U << (i % 32));
}

int gnttab_map(domid_t dom, grant_ref_t ref, void *va, int readonly, grant_handle_t *handle)
{
    struct gnttab_map_grant_ref op = {
        .host_addr = (uint32_t)va,
        .flags = GNTMAP_host_map | (readonly ? GNTMAP_readonly : 0),
        .ref = ref,
        .dom = dom,
    };
    if (HYPERVISOR_grant_table_op(GNTTABOP_map_grant_ref, &op, 1) < 0)
        return GNTST_general_error;
    if (op.status == GNTST_okay) {
        *handle = op.handle;
        nr_mapped++;
    }
    return op.status;
}

int gnttab_unmap(void *va, grant_handle_t handle)
{
    struct gnttab_unmap_grant_ref op = { .host_addr = (uint32_t)va, .handle = handle };
    if (HYPERVISOR_grant_table_op(GNTTABOP_unmap_grant_ref, &op, 1) < 0)
        return GNTST_general_error;
    if (op.status == GNTST_okay)
        nr_mapped--;
    return op.status;
}

uint32_t gnttab_mapped(void)
{
    return nr_mapped;
}

/* One copy; its status. */
static int copy_one(struct gnttab_copy *op)
{
    if (HYPERVISOR_grant_table_op(GNTTABOP_copy, op, 1) < 0)
        return GNTST_general_error;
    return op->status;
}

/* Our side of a copy: the frame behind kernel address va. */
static struct gnttab_copy_ptr own(const void *va)
{
    return (struct gnttab_copy_ptr){
        .u.gmfn = virt_to_mfn(va), .domid = DOMID_SELF,
        .offset = (uint16_t)((uint32_t)va & (PAGE_SIZE - 1)),
    };
}

int gnttab_copy_from(domid_t dom, grant_ref_t ref, uint16_t offset, void *dst, uint16_t len)
{
    struct gnttab_copy op = {
        .source = { .u.ref = ref, .domid = dom, .offset = offset },
        .dest = own(dst), .len = len, .flags = GNTCOPY_source_gref,
    };
    return copy_one(&op);
}

void gnttab_copy_op_from(struct gnttab_copy *op, domid_t dom, grant_ref_t ref, uint16_t offset,
                         void *dst, uint16_t len)
{
    *op = (struct gnttab_copy){
        .source = { .u.ref = ref, .domid = dom, .offset = offset },
        .dest = own(dst), .len = len, .flags = GNTCOPY_source_gref,
    };
}

int gnttab_copy_batch(struct gnttab_copy *ops, uint32_t n)
{
    if (n && HYPERVISOR_grant_table_op(GNTTABOP_copy, ops, n) < 0)
        return GNTST_general_error;
    return 0;
}

int gnttab_copy_to(domid_t dom, grant_ref_t ref, uint16_t offset, const void *src, uint16_t len)
{
    struct gnttab_copy op = {
        .source = own(src),
        .dest = { .u.ref = ref, .domid = dom, .offset = offset },
        .len = len, .flags = GNTCOPY_dest_gref,
    };
    return copy_one(&op);
}

int gnttab_copy_grants(domid_t src_dom, grant_ref_t src_ref, uint16_t src_off, domid_t dst_dom,
                       grant_ref_t dst_ref, uint16_t dst_off, uint16_t len)
{
    struct gnttab_copy op = {
        .source = { .u.ref = src_ref, .domid = src_dom, .offset = src_off },
        .dest = { .u.ref = dst_ref, .domid = dst_dom, .offset = dst_off },
        .len = len, .flags = GNTCOPY_source_gref | GNTCOPY_dest_gref,
    };
    return copy_one(&op);
}
