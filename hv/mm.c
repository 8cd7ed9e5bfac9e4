/* LAB 3 FILE */
/*
 * mm.c - guests' page tables, validated (lab 3).
 *
 * A guest builds and changes its own page tables, in its own frames, but
 * it can never write them: every change goes through mmu_update,
 * update_va_mapping or mmuext_op, which check it first. The frame table
 * (frame.h) gives every frame a type and two counts:
 *
 *   count      how many things refer to the frame: an entry of a validated
 *              page table or directory that maps it, a pin, cr3;
 *   type       none, page table (L1), page directory (L2) or writable, and
 *              how many uses rely on that type.
 *
 * The rules, and the attack each one stops:
 *   - an entry may map only a frame the domain owns (or it could read and
 *     write another domain's memory, or the hypervisor's);
 *   - a writable entry makes its frame "writable", and a frame is a page
 *     table or directory only while nothing maps it writable (or the guest
 *     could write a page table behind our back, and map anything);
 *   - a directory entry must point at a page table, never at a directory
 *     (no directory maps itself: a self-map would expose the directory,
 *     as a page table, to every rule above) and never a 4 MiB page;
 *   - the hole's entries are the hypervisor's: install_hole() writes them
 *     into every directory it validates, and no update touches them.
 * Types change only at count zero, so each rule holds for as long as the
 * use it protects exists. When the domain dies, every count must come
 * back to zero (mm_release_domain checks).
 *
 * TLBs: the way back to a guest always reloads cr3 (trapentry.S), which
 * flushes the guest's TLB, so the flush requests are satisfied already.
 */
#include <domain.h>
#include <guest_access.h>
#include <memory.h>
#include <mm.h>
#include <x86.h>
/* LAB 4 BEGIN */
#include <hypercall.h>
#include <time.h>
/* LAB 4 END */
/* LAB 5 BEGIN */
#include <grant.h>
/* LAB 5 END */

static int get_page_type(uint32_t mfn, uint32_t type, struct domain *d);
static void put_page_type(uint32_t mfn, struct domain *d);

/* One log line for a refusal, naming the domain, the call and the rule. */
#define refuse(d, call, ...) hvlog(LOG_ERR, d, call, __VA_ARGS__)

/* A reference to frame mfn, which d must own. 0, or -1. */
static int get_page(uint32_t mfn, struct domain *d)
{
    if (mfn >= max_mfn || frame_table[mfn].owner != d->domid)
        return -1;
    frame_table[mfn].count++;
    return 0;
}

static void put_page(uint32_t mfn)
{
    if (!frame_table[mfn].count)
        panic("mm: frame 0x%x: reference count below zero", mfn);
    frame_table[mfn].count--;
}

/* What a present page-table entry needs: a reference to its frame and,
 * if it is writable, the frame's writable type. 0, or -1 (why). */
static int get_pte_refs(uint32_t pte, struct domain *d, const char **why)
{
    uint32_t mfn = pte_mfn(pte);
    /* LAB 5 BEGIN */
    /* Only the hypervisor writes a grant mapping's entry: one a guest
     * wrote would have unmap_grant_ref drop, as the mapping's, references
     * the entry never took. */
    if (pte & PTE_GRANT) {
        *why = "carries the grant-mapping bit (0x200), which is the hypervisor's";
        return -1;
    }
    /* LAB 5 END */
    if (get_page(mfn, d) < 0) {
        *why = "maps a frame the domain does not own";
        return -1;
    }
    if ((pte & PTE_W) && get_page_type(mfn, PGT_writable, d) < 0) {
        put_page(mfn);
        *why = "maps a page table or page directory writable";
        return -1;
    }
    return 0;
}

static void put_pte_refs(uint32_t pte, struct domain *d)
{
    /* LAB 5 BEGIN */
    /* A grant mapping's references are its maptrack entry's (grant.c). */
    if (pte & PTE_GRANT)
        return;
    /* LAB 5 END */
    if (pte & PTE_W)
        put_page_type(pte_mfn(pte), d);
    put_page(pte_mfn(pte));
}

/* What a present page-directory entry needs: a page table, validated. */
static int get_pde_refs(uint32_t pde, struct domain *d, const char **why)
{
    uint32_t mfn = pte_mfn(pde);
    if (pde & PTE_PS) {
        *why = "a 4 MiB page (PS) in a page directory";
        return -1;
    }
    if (get_page(mfn, d) < 0) {
        *why = "points at a frame the domain does not own";
        return -1;
    }
    if (get_page_type(mfn, PGT_l1, d) < 0) {
        put_page(mfn);
        *why = "points at a frame that is not a valid page table";
        return -1;
    }
    return 0;
}

static void put_pde_refs(uint32_t pde, struct domain *d)
{
    put_page_type(pte_mfn(pde), d);
    put_page(pte_mfn(pde));
}

/* Entries a table of this type holds below the hole. */
static uint32_t guest_entries(uint32_t type)
{
    return type == PGT_l2 ? pd_index(HYPERVISOR_VIRT_START) : ENTRIES_PER_TABLE;
}

/* Takes, or gives back, the references of every present entry of the
 * table in mfn: validating it, or forgetting it. 0, or -1 (nothing taken). */
static int validate_table(uint32_t mfn, uint32_t type, struct domain *d)
{
    uint32_t *table = mfn_to_virt(mfn);
    const char *why = "";
    uint32_t n = guest_entries(type);

    if (type == PGT_l2)
        install_hole(table);
    for (uint32_t i = 0; i < n; i++) {
        if (!(table[i] & PTE_P))
            continue;
        int ok = type == PGT_l2 ? get_pde_refs(table[i], d, &why)
                                : get_pte_refs(table[i], d, &why);
        if (ok < 0) {
            hvlog(LOG_INFO, d, "mm", "frame 0x%x is no %s: entry %u %s", mfn,
                  type == PGT_l2 ? "page directory" : "page table", i, why);
            while (i--)
                if (table[i] & PTE_P)
                    type == PGT_l2 ? put_pde_refs(table[i], d) : put_pte_refs(table[i], d);
            return -1;
        }
    }
    return 0;
}

static void devalidate_table(uint32_t mfn, uint32_t type, struct domain *d)
{
    uint32_t *table = mfn_to_virt(mfn);
    for (uint32_t i = 0; i < guest_entries(type); i++)
        if (table[i] & PTE_P)
            type == PGT_l2 ? put_pde_refs(table[i], d) : put_pte_refs(table[i], d);
}

/*
 * One more use of frame mfn as type. A frame with no uses takes the new
 * type (a page table or directory is validated first); one in use must
 * already have it. 0, or -1.
 */
static int get_page_type(uint32_t mfn, uint32_t type, struct domain *d)
{
    struct page_info *pi = &frame_table[mfn];
    if (pi->type_info & PGT_COUNT_MASK) {
        if ((pi->type_info & PGT_TYPE_MASK) != type)
            return -1;
        pi->type_info++;
        return 0;
    }
    /* LAB 4 BEGIN */
    /* shared_info is written by the hypervisor at any time: as a page
     * table, it would let the guest map any frame. */
    if ((type == PGT_l1 || type == PGT_l2) && mfn == d->shared_info_mfn)
        return -1;
    /* LAB 4 END */
    /* LAB 5 BEGIN */
    /* Nor may the grant table, which the hypervisor writes too (GTF_reading,
     * GTF_writing) and reads as the granter's word. */
    if ((type == PGT_l1 || type == PGT_l2) && grant_is_table_frame(d, mfn))
        return -1;
    /* LAB 5 END */
    /* Claim the type before validating: a table that refers to itself
     * then meets its own claim, of another type, and is refused. */
    uint32_t old = pi->type_info;
    pi->type_info = type | 1;
    if ((type == PGT_l1 || type == PGT_l2) && validate_table(mfn, type, d) < 0) {
        pi->type_info = old;
        return -1;
    }
    return 0;
}

static void put_page_type(uint32_t mfn, struct domain *d)
{
    struct page_info *pi = &frame_table[mfn];
    if (!(pi->type_info & PGT_COUNT_MASK))
        panic("mm: frame 0x%x: type count below zero", mfn);
    if ((pi->type_info & PGT_COUNT_MASK) == 1) {
        uint32_t type = pi->type_info & PGT_TYPE_MASK;
        if (type == PGT_l1 || type == PGT_l2)
            devalidate_table(mfn, type, d);
        pi->type_info = PGT_none;
        return;
    }
    pi->type_info--;
}

/* The domain's page directory becomes mfn (cr3). 0, or -1. */
static int set_base(struct domain *d, uint32_t mfn)
{
    if (get_page(mfn, d) < 0)
        return -1;
    if (get_page_type(mfn, PGT_l2, d) < 0) {
        put_page(mfn);
        return -1;
    }
    uint32_t old = d->pgdir_mfn;
    d->pgdir_mfn = mfn; /* loaded on the way back to d (sched.c) */
    if (old) {
        put_page_type(old, d);
        put_page(old);
    }
    return 0;
}

int mm_init_domain(struct domain *d, uint32_t pgdir_mfn)
{
    d->pgdir_mfn = 0;
    return set_base(d, pgdir_mfn);
}

/*
 * Changes the entry at machine address ma, in one of d's page tables or
 * its page directory, to val: checks the new entry, takes its references,
 * writes it, gives back the old one's. 0, or a negative error (one log line).
 */
static int32_t mmu_update_entry(struct domain *d, uint32_t ma, uint32_t val, const char *call)
{
    /* LAB 3 SOLUTION BEGIN: return -HV_ENOSYS; */
    uint32_t mfn = ma >> PAGE_SHIFT, index = (ma & ~PAGE_MASK) / sizeof(uint32_t);
    const char *why = "";

    if (mfn >= max_mfn || frame_table[mfn].owner != d->domid) {
        refuse(d, call, "entry at 0x%08x: frame 0x%x is not the domain's", ma, mfn);
        return -HV_EPERM;
    }
    uint32_t type = frame_table[mfn].type_info & PGT_TYPE_MASK;
    if (!(frame_table[mfn].type_info & PGT_COUNT_MASK) || (type != PGT_l1 && type != PGT_l2)) {
        refuse(d, call, "entry at 0x%08x: frame 0x%x is not a page table or directory in use",
               ma, mfn);
        return -HV_EINVAL;
    }
    if (index >= guest_entries(type)) {
        refuse(d, call, "entry %u of page directory 0x%x is the hypervisor's (the hole)",
               index, mfn);
        return -HV_EINVAL;
    }
    if (val & PTE_P) {
        int ok = type == PGT_l2 ? get_pde_refs(val, d, &why) : get_pte_refs(val, d, &why);
        if (ok < 0) {
            refuse(d, call, "new entry 0x%08x %s", val, why);
            return -HV_EINVAL;
        }
    }
    uint32_t *table = mfn_to_virt(mfn);
    uint32_t old = table[index];
    table[index] = val;
    if (old & PTE_P)
        type == PGT_l2 ? put_pde_refs(old, d) : put_pte_refs(old, d);
    return 0;
    /* LAB 3 SOLUTION END */
}

/*
 * The shape mmu_update and mmuext_op share: count requests of size bytes
 * at requests_va, how many were applied written to done_va (if not 0),
 * and foreigndom, which must be DOMID_SELF. Each request is copied in
 * and given to one(); the first error stops the batch, and the requests
 * before it stay applied. 0, or the error.
 */
_Static_assert(sizeof(struct mmu_update) <= 16 && sizeof(struct mmuext_op) <= 16,
               "run_batch's request buffer holds either kind");

static int32_t run_batch(struct domain *d, const char *call, uint32_t va, uint32_t count,
                         uint32_t done_va, uint32_t foreigndom, uint32_t size,
                         int32_t (*one)(struct domain *d, const void *request))
{
    uint32_t request[4]; /* big enough for either kind */
    int32_t err = 0;
    uint32_t i;

    if ((domid_t)foreigndom != DOMID_SELF) {
        refuse(d, call, "domain %u: only DOMID_SELF", foreigndom);
        return -HV_EPERM;
    }
    /* LAB 4 BEGIN */
    /* The rest of a call that stopped early (below): *done holds what the
     * calls before this one did. (A guest that sets the flag itself only
     * changes what it is told.) */
    uint32_t before = 0;
    if ((count & MMU_CONTINUED) && (count & ~MMU_CONTINUED) <= MMU_MAX_BATCH) {
        count &= ~MMU_CONTINUED;
        if (done_va && copy_from_guest(d, &before, done_va, sizeof before) < 0)
            before = 0;
    }
    /* LAB 4 END */
    if (count > MMU_MAX_BATCH) {
        refuse(d, call, "%d requests: at most %u a call", (int32_t)count, MMU_MAX_BATCH);
        return -HV_EINVAL;
    }
    /* done is checked (written with 0) before any request is applied: a
     * done we could write only afterwards would have the guest told
     * -HV_EFAULT for a batch that was carried out. */
    i = 0;
    if (done_va && copy_to_guest(d, done_va, &i, sizeof i) < 0) {
        refuse(d, call, "done 0x%08x is not mapped writable below the hole", done_va);
        return -HV_EFAULT;
    }
    for (i = 0; i < count; i++) {
        /* LAB 4 BEGIN */
        /* A long batch must not keep a timer (another domain's turn, say)
         * waiting: stop here, and have the guest make the call again for
         * the rest (hypercall_continue). */
        uint32_t so_far = before + i;
        if (i > 0 && timer_due() &&
            (!done_va || copy_to_guest(d, done_va, &so_far, sizeof so_far) == 0)) {
            hypercall_continue(va + i * size, (count - i) | MMU_CONTINUED, done_va, foreigndom);
            return 0;
        }
        /* LAB 4 END */
        if (copy_from_guest(d, request, va + i * size, size) < 0) {
            refuse(d, call, "request %u at 0x%08x is not mapped below the hole", i, va + i * size);
            err = -HV_EFAULT;
        } else {
            err = one(d, request);
        }
        if (err)
            break;
    }
    /* LAB 4 BEGIN */
    i += before;
    /* LAB 4 END */
    /* The batch may have made done's page read-only or unmapped it: then
     * done is left as it was and the result still says what was done. */
    if (done_va && copy_to_guest(d, done_va, &i, sizeof i) < 0)
        refuse(d, call, "done 0x%08x no longer writable after the batch: %u applied", done_va, i);
    return err;
}

/* LAB 5 BEGIN */
/*
 * Whether the entry at ma (4-byte aligned) is in one of d's page tables
 * and maps a grant, with one log line for call if it does. Only
 * unmap_grant_ref may change such an entry: an update would drop, as the
 * entry's, references that belong to the mapping, and the granter could
 * then free or retype a frame we still map.
 */
static int maps_grant(struct domain *d, uint32_t ma, const char *call)
{
    uint32_t mfn = ma >> PAGE_SHIFT;
    if (mfn >= max_mfn || frame_table[mfn].owner != d->domid ||
        (frame_table[mfn].type_info & PGT_TYPE_MASK) != PGT_l1 ||
        !(frame_table[mfn].type_info & PGT_COUNT_MASK))
        return 0; /* not a page table of d's: mmu_update_entry refuses it */
    uint32_t pte = ((uint32_t *)mfn_to_virt(mfn))[(ma & ~PAGE_MASK) / sizeof(uint32_t)];
    if (!(pte & PTE_P) || !(pte & PTE_GRANT))
        return 0;
    refuse(d, call, "entry at 0x%08x maps a grant (frame 0x%x): use unmap_grant_ref", ma,
           pte_mfn(pte));
    return 1;
}

/* The counts a page-table entry of granter's would take on its frame mfn
 * (a reference, and the writable type if writable), for a grant mapping
 * of it. 0, or -1 (nothing taken): not granter's, or a page table. */
int get_grant_frame(uint32_t mfn, struct domain *granter, int writable)
{
    if (get_page(mfn, granter) < 0)
        return -1;
    if (writable && get_page_type(mfn, PGT_writable, granter) < 0) {
        put_page(mfn);
        return -1;
    }
    return 0;
}

void put_grant_frame(uint32_t mfn, int writable)
{
    if (writable)
        put_page_type(mfn, NULL); /* a writable type never devalidates */
    put_page(mfn);
}
/* LAB 5 END */

static int32_t mmu_update_one(struct domain *d, const void *request)
{
    const struct mmu_update *req = request;
    if ((req->ptr & 3) != MMU_NORMAL_PT_UPDATE || req->ptr >> 32 || req->val >> 32) {
        refuse(d, "mmu_update", "unknown command, or an address beyond 4 GiB");
        return -HV_EINVAL;
    }
    /* LAB 5 BEGIN */
    if (maps_grant(d, (uint32_t)req->ptr & ~3U, "mmu_update"))
        return -HV_EPERM;
    /* LAB 5 END */
    return mmu_update_entry(d, (uint32_t)req->ptr & ~3U, (uint32_t)req->val, "mmu_update");
}

int32_t do_mmu_update(struct domain *d, uint32_t requests_va, uint32_t count, uint32_t done_va,
                      uint32_t foreigndom)
{
    return run_batch(d, "mmu_update", requests_va, count, done_va, foreigndom,
                     sizeof(struct mmu_update), mmu_update_one);
}

int32_t do_update_va_mapping(struct domain *d, uint32_t va, uint32_t val_lo, uint32_t val_hi,
                             uint32_t flags)
{
    if (va >= HYPERVISOR_VIRT_START || val_hi) {
        refuse(d, "update_va_mapping", "va 0x%08x is in the hole, or the entry beyond 4 GiB", va);
        return -HV_EINVAL;
    }
    uint32_t pde = ((uint32_t *)mfn_to_virt(d->pgdir_mfn))[pd_index(va)];
    if (!(pde & PTE_P)) {
        refuse(d, "update_va_mapping", "va 0x%08x has no page table", va);
        return -HV_EINVAL;
    }
    uint32_t ma = (pte_mfn(pde) << PAGE_SHIFT) + pt_index(va) * sizeof(uint32_t);
    /* LAB 5 BEGIN */
    if (maps_grant(d, ma, "update_va_mapping"))
        return -HV_EPERM;
    /* LAB 5 END */
    return mmu_update_entry(d, ma, val_lo, "update_va_mapping");
}

/* One extended operation; 0, or a negative error (one log line). */
static int32_t mmuext_one(struct domain *d, const struct mmuext_op *op)
{
    /* LAB 3 SOLUTION BEGIN: return -HV_ENOSYS; */
    uint32_t mfn = op->arg1;
    switch (op->cmd) {
    case MMUEXT_PIN_L1_TABLE:
    case MMUEXT_PIN_L2_TABLE: {
        uint32_t type = op->cmd == MMUEXT_PIN_L1_TABLE ? PGT_l1 : PGT_l2;
        if (mfn < max_mfn && (frame_table[mfn].type_info & PGT_pinned)) {
            refuse(d, "mmuext_op", "frame 0x%x is pinned already", mfn);
            return -HV_EINVAL;
        }
        if (get_page(mfn, d) < 0) {
            refuse(d, "mmuext_op", "pin: frame 0x%x is not the domain's", mfn);
            return -HV_EPERM;
        }
        if (get_page_type(mfn, type, d) < 0) {
            put_page(mfn);
            refuse(d, "mmuext_op", "pin: frame 0x%x does not validate as a %s", mfn,
                   type == PGT_l1 ? "page table" : "page directory");
            return -HV_EINVAL;
        }
        frame_table[mfn].type_info |= PGT_pinned;
        return 0;
    }
    case MMUEXT_UNPIN_TABLE:
        if (mfn >= max_mfn || frame_table[mfn].owner != d->domid ||
            !(frame_table[mfn].type_info & PGT_pinned)) {
            refuse(d, "mmuext_op", "unpin: frame 0x%x is not a table the domain pinned", mfn);
            return -HV_EINVAL;
        }
        frame_table[mfn].type_info &= ~PGT_pinned;
        put_page_type(mfn, d);
        put_page(mfn);
        return 0;
    case MMUEXT_NEW_BASEPTR:
        if (set_base(d, mfn) < 0) {
            refuse(d, "mmuext_op",
                   "new base pointer: frame 0x%x is not a valid page directory of the domain", mfn);
            return -HV_EINVAL;
        }
        return 0;
    case MMUEXT_TLB_FLUSH_LOCAL:
    case MMUEXT_INVLPG_LOCAL:
        return 0; /* the way back to the guest reloads cr3 */
    }
    refuse(d, "mmuext_op", "unknown command %u", op->cmd);
    return -HV_EINVAL;
    /* LAB 3 SOLUTION END */
}

static int32_t mmuext_one_request(struct domain *d, const void *request)
{
    return mmuext_one(d, request);
}

int32_t do_mmuext_op(struct domain *d, uint32_t ops_va, uint32_t count, uint32_t done_va,
                     uint32_t foreigndom)
{
    return run_batch(d, "mmuext_op", ops_va, count, done_va, foreigndom,
                     sizeof(struct mmuext_op), mmuext_one_request);
}

/*
 * Gives back everything a dying domain holds: its cr3, its pins (and, by
 * devalidation, every reference its tables held). Then every count of
 * every frame it owns must be zero, or the hypervisor has lost track.
 */
void mm_release_domain(struct domain *d)
{
    if (d->pgdir_mfn) {
        put_page_type(d->pgdir_mfn, d);
        put_page(d->pgdir_mfn);
        d->pgdir_mfn = 0;
    }
    for (uint32_t mfn = d->pages.head; mfn != INVALID_MFN; mfn = frame_table[mfn].next)
        if (frame_table[mfn].type_info & PGT_pinned) {
            frame_table[mfn].type_info &= ~PGT_pinned;
            put_page_type(mfn, d);
            put_page(mfn);
        }
    /* LAB 5 BEGIN */
    /* What d holds is given back; what other domains still map through
     * its grants leaves d's list, to be freed at its last unmap. */
    grant_release_table(d);
    /* LAB 5 END */
    for (uint32_t mfn = d->pages.head; mfn != INVALID_MFN; mfn = frame_table[mfn].next)
        if (frame_table[mfn].count || frame_table[mfn].type_info)
            panic("d%u: frame 0x%x still has count %u, type 0x%08x", d->domid, mfn,
                  frame_table[mfn].count, frame_table[mfn].type_info);
    /* Said aloud, so a test can see that a hostile guest left nothing
     * behind (tests/hostile-*.bats). */
    hvlog(LOG_ERR, d, "mm", "every frame's reference and type counts are back to zero");
}
