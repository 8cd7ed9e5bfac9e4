/* LAB 5 FILE */
/*
 * grant.c - grant tables (lab 5): how one domain lets another use one of
 * its frames, by mapping it (map_grant_ref, unmap_grant_ref) or by
 * having the hypervisor copy to or from it (copy).
 *
 * A domain's grant table lives in its own frames, which it writes: entry
 * ref says which domain may use which frame, and how (public/
 * grant_table.h). So the hypervisor trusts nothing it reads there: it
 * reads an entry once, into its own variables, and checks them
 * (grant_frame). A mapping is a page-table entry that the hypervisor
 * writes itself, with PTE_GRANT set, into the mapping domain's tables.
 * It holds the counts such an entry would hold (mm.c): the granter can
 * neither free the frame nor make it a page table while it is mapped.
 *
 * The hypervisor's own records, in frames allocated when first needed:
 * for a granting domain, how many maps each grant has (the active
 * entries: they say when GTF_reading and GTF_writing come off the
 * guest's entry), and for a mapping domain, what each handle maps (the
 * maptrack: where its entry is, and what to give back at unmap).
 *
 * At a death (domain.c, mm.c): a dying mapper unmaps everything it
 * mapped; a dying granter's frames that others still map leave it for
 * DOMID_ORPHAN, and go back to the free pool at their last unmap.
 */
#include <domain.h>
#include <grant.h>
#include <guest_access.h>
#include <memory.h>
#include <mm.h>

/* One log line for a refusal: the domain, the operation and the rule. */
#define refuse(d, ...) hvlog(LOG_ERR, d, "grant_table_op", __VA_ARGS__)

/* The bits of a grant mapping's entry that the CPU does not change (it
 * sets accessed and dirty): what unmap compares. */
#define PTE_GRANT_BITS (PAGE_MASK | PTE_P | PTE_W | PTE_GRANT)

void grant_table_init(struct domain *d, uint32_t mfn)
{
    d->grant.nr_frames = 1;
    d->grant.frames[0] = mfn;
}

/* Entry ref of d's table, which must be within it. */
static volatile struct grant_entry_v1 *entry_of(struct domain *d, grant_ref_t ref)
{
    struct grant_entry_v1 *frame = mfn_to_virt(d->grant.frames[ref / GRANT_ENTRIES_PER_FRAME]);
    return &frame[ref % GRANT_ENTRIES_PER_FRAME];
}

void grant_builder_entry(struct domain *d, grant_ref_t ref, domid_t dom, uint32_t mfn,
                         int readonly)
{
    volatile struct grant_entry_v1 *e = entry_of(d, ref);
    e->domid = dom;
    e->frame = mfn;
    e->flags = GTF_permit_access | (readonly ? GTF_readonly : 0);
}

int grant_is_table_frame(const struct domain *d, uint32_t mfn)
{
    for (uint32_t i = 0; i < d->grant.nr_frames; i++)
        if (d->grant.frames[i] == mfn)
            return 1;
    return 0;
}

/* The active entry of d's grant ref, allocating its frame if alloc;
 * NULL when that frame is not there (or no memory is left). */
static struct active_grant *active_of(struct domain *d, grant_ref_t ref, int alloc)
{
    struct active_grant **frame = &d->grant.active[ref / ACTIVE_PER_FRAME];
    if (!*frame) {
        uint32_t mfn = alloc ? frame_alloc(DOMID_XEN, NULL) : INVALID_MFN;
        if (mfn == INVALID_MFN)
            return NULL;
        clear_frame(mfn);
        *frame = mfn_to_virt(mfn);
    }
    return &(*frame)[ref % ACTIVE_PER_FRAME];
}

/* d's mapping handle, in use or not; NULL if handle is beyond the
 * maptrack frames d has. A handle is the guest's index into our table. */
static struct maptrack *maptrack_of(struct domain *d, grant_handle_t handle)
{
    if (handle >= MAPTRACK_FRAMES * MAPTRACK_PER_FRAME)
        return NULL;
    struct maptrack *frame = d->grant.maptrack[handle / MAPTRACK_PER_FRAME];
    return frame ? &frame[handle % MAPTRACK_PER_FRAME] : NULL;
}

/* A free handle of d (allocating a maptrack frame if all are taken), or
 * -1 when d has MAPTRACK_FRAMES full or no memory is left. (Unused until
 * map_grant_ref, the lab's exercise, is written.) */
static __attribute__((unused)) int32_t maptrack_alloc(struct domain *d)
{
    for (uint32_t f = 0; f < MAPTRACK_FRAMES; f++) {
        if (!d->grant.maptrack[f]) {
            uint32_t mfn = frame_alloc(DOMID_XEN, NULL);
            if (mfn == INVALID_MFN)
                return -1;
            clear_frame(mfn);
            d->grant.maptrack[f] = mfn_to_virt(mfn);
        }
        for (uint32_t i = 0; i < MAPTRACK_PER_FRAME; i++)
            if (!d->grant.maptrack[f][i].pte_maddr)
                return (int32_t)(f * MAPTRACK_PER_FRAME + i);
    }
    return -1;
}

/* The domain d names in an operation (DOMID_SELF: itself), or NULL with
 * a log line for what. */
static struct domain *domain_named(struct domain *d, domid_t domid, const char *what)
{
    if (domid == DOMID_SELF || domid == d->domid)
        return d;
    if (domid >= MAX_DOMAINS || !domain_table[domid]) {
        refuse(d, "%s: no domain %u", what, domid);
        return NULL;
    }
    return domain_table[domid];
}

/*
 * The frame that granter's grant ref lets d use, read-only if readonly:
 * GNTST_okay and the frame in *mfn, or the refusal, with one log line
 * for what ("map" or "copy"). Map and copy both ask it.
 */
static int16_t grant_frame(struct domain *d, struct domain *granter, grant_ref_t ref,
                           int readonly, const char *what, uint32_t *mfn)
{
    /* LAB 5 SOLUTION BEGIN: return GNTST_general_error; */
    /* ref indexes the granter's table: beyond it, we would read whatever
     * follows its last frame. */
    if (ref >= granter->grant.nr_frames * GRANT_ENTRIES_PER_FRAME) {
        refuse(d, "%s: d%u's grant %u is beyond its table (%u entries)", what, granter->domid,
               ref, granter->grant.nr_frames * GRANT_ENTRIES_PER_FRAME);
        return GNTST_bad_gntref;
    }
    /* Read once: the granter writes its entry when it likes, and a check
     * of one value followed by a use of another would check nothing. */
    volatile struct grant_entry_v1 *e = entry_of(granter, ref);
    uint16_t flags = e->flags;
    domid_t grantee = e->domid;
    uint32_t frame = e->frame;

    /* A grant is for the one domain it names, and for nobody else. */
    if ((flags & GTF_type_mask) != GTF_permit_access || grantee != d->domid) {
        refuse(d, "%s: d%u's grant %u is not granted to d%u", what, granter->domid, ref,
               d->domid);
        return GNTST_permission_denied;
    }
    if ((flags & GTF_readonly) && !readonly) {
        refuse(d, "%s: d%u's grant %u is read-only", what, granter->domid, ref);
        return GNTST_permission_denied;
    }
    /* A domain grants only its own frames: another's frame (or the
     * hypervisor's) named here would be handed over by someone who never
     * had it. */
    if (frame >= max_mfn || frame_table[frame].owner != granter->domid) {
        refuse(d, "%s: d%u's grant %u names frame 0x%x, which is not d%u's", what,
               granter->domid, ref, frame, granter->domid);
        return GNTST_bad_page;
    }
    /* Nor the frames whose contents the hypervisor trusts: a page table
     * or directory (whoever writes one maps anything), shared_info and
     * the grant table itself. */
    uint32_t type = frame_table[frame].type_info & PGT_TYPE_MASK;
    if (((type == PGT_l1 || type == PGT_l2) && (frame_table[frame].type_info & PGT_COUNT_MASK)) ||
        frame == granter->shared_info_mfn || grant_is_table_frame(granter, frame)) {
        refuse(d, "%s: d%u's grant %u names frame 0x%x, a page table, shared_info or grant "
                  "table of d%u's", what, granter->domid, ref, frame, granter->domid);
        return GNTST_bad_page;
    }
    *mfn = frame;
    return GNTST_okay;
    /* LAB 5 SOLUTION END */
}

/*
 * Maps the grant op names at op->host_addr in d's current page tables:
 * GNTST_okay with op->handle and op->frame, or the refusal (one log
 * line), in which case nothing changed.
 */
static int16_t map_grant_ref(struct domain *d, struct gnttab_map_grant_ref *op)
{
    /* LAB 5 SOLUTION BEGIN: return GNTST_general_error; */
    int readonly = (op->flags & GNTMAP_readonly) != 0;
    uint32_t mfn;

    if (!(op->flags & GNTMAP_host_map)) {
        refuse(d, "map: flags 0x%x: only GNTMAP_host_map mappings", op->flags);
        return GNTST_general_error;
    }
    /* The slot: page-aligned and below the hole (the hole is ours), its
     * page table present in the directory d runs on, and its entry empty:
     * an entry we overwrote would keep the references it took. */
    if (op->host_addr >= HYPERVISOR_VIRT_START || (op->host_addr & ~PAGE_MASK)) {
        refuse(d, "map: host_addr 0x%08x is not a page below the hole", op->host_addr);
        return GNTST_bad_virt_addr;
    }
    uint32_t pde = ((uint32_t *)mfn_to_virt(d->pgdir_mfn))[pd_index(op->host_addr)];
    if (!(pde & PTE_P)) {
        refuse(d, "map: host_addr 0x%08x has no page table", op->host_addr);
        return GNTST_bad_virt_addr;
    }
    uint32_t *pte = (uint32_t *)mfn_to_virt(pte_mfn(pde)) + pt_index(op->host_addr);
    if (*pte & PTE_P) {
        refuse(d, "map: host_addr 0x%08x is mapped already", op->host_addr);
        return GNTST_bad_virt_addr;
    }
    struct domain *granter = domain_named(d, op->dom, "map");
    if (!granter)
        return GNTST_bad_domain;
    int16_t status = grant_frame(d, granter, op->ref, readonly, "map", &mfn);
    if (status != GNTST_okay)
        return status;

    struct active_grant *active = active_of(granter, op->ref, 1);
    int32_t handle = maptrack_alloc(d);
    if (!active || handle < 0) {
        refuse(d, "map: no room for another mapping (out of handles or memory)");
        return GNTST_no_device_space;
    }
    /* Every map of a grant holds the same frame: that is the frame the
     * granter's death must keep (grant_release_table). */
    if ((active->readers || active->writers) && active->frame != mfn) {
        refuse(d, "map: d%u's grant %u is mapped already, of frame 0x%x, not 0x%x",
               granter->domid, op->ref, active->frame, mfn);
        return GNTST_bad_page;
    }
    /* The counts a page-table entry takes: while we map the frame, the
     * granter can neither free it nor (mapped writable) make it a page
     * table. A frame the granter pinned as a table refuses writable. */
    if (get_grant_frame(mfn, granter, !readonly) < 0) {
        refuse(d, "map: frame 0x%x of d%u's grant %u is a page table: not writable",
               mfn, granter->domid, op->ref);
        return GNTST_bad_page;
    }
    active->frame = mfn;
    if (readonly)
        active->readers++;
    else
        active->writers++;
    entry_of(granter, op->ref)->flags |= GTF_reading | (readonly ? 0 : GTF_writing);
    *pte = mfn << PAGE_SHIFT | PTE_P | (readonly ? 0 : PTE_W) | PTE_GRANT;
    *maptrack_of(d, (grant_handle_t)handle) = (struct maptrack){
        virt_to_maddr(pte), mfn, op->ref, granter->domid, (uint16_t)readonly,
    };
    d->grant.nr_mapped++;
    op->handle = (grant_handle_t)handle;
    op->frame = mfn;
    return GNTST_okay;
    /* LAB 5 SOLUTION END */
}

/*
 * Undoes d's mapping m: its page-table entry cleared if it still holds
 * the mapping, the frame's counts given back, and the grant's active
 * entry (or, if its granter has died, the orphaned frame) let go.
 */
static void release_mapping(struct domain *d, struct maptrack *m)
{
    uint32_t table = m->pte_maddr >> PAGE_SHIFT;
    uint32_t *pte = maddr_to_virt(m->pte_maddr);
    uint32_t mapped = m->frame << PAGE_SHIFT | PTE_P | (m->readonly ? 0 : PTE_W) | PTE_GRANT;

    /* Its table may no longer be a page table (unpinned, and so the
     * guest's to write): then the entry means nothing to the CPU, and
     * the guest can never validate it again with PTE_GRANT in it. */
    if (frame_table[table].owner == d->domid &&
        (frame_table[table].type_info & PGT_TYPE_MASK) == PGT_l1 &&
        (frame_table[table].type_info & PGT_COUNT_MASK) && (*pte & PTE_GRANT_BITS) == mapped)
        *pte = 0;
    put_grant_frame(m->frame, !m->readonly);
    if (frame_table[m->frame].owner == DOMID_ORPHAN) {
        if (!frame_table[m->frame].count && frame_free(m->frame, DOMID_ORPHAN) == 0)
            hvlog(LOG_ERR, d, "grant", "frame 0x%x of dead d%u unmapped: freed", m->frame,
                  m->granter);
    } else {
        /* The frame was referenced all along, so its owner is the granter
         * that made the grant, alive, and its active entry is there. */
        struct domain *granter = domain_table[m->granter];
        struct active_grant *active = active_of(granter, m->ref, 0);
        if (m->readonly)
            active->readers--;
        else
            active->writers--;
        volatile struct grant_entry_v1 *e = entry_of(granter, m->ref);
        if (!active->writers)
            e->flags &= (uint16_t)~GTF_writing;
        if (!active->readers && !active->writers)
            e->flags &= (uint16_t)~GTF_reading;
    }
    m->pte_maddr = 0;
    d->grant.nr_mapped--;
}

static int16_t unmap_grant_ref(struct domain *d, struct gnttab_unmap_grant_ref *op)
{
    /* The handle indexes our maptrack; one not in use would have us give
     * back counts twice (and free a frame still mapped elsewhere). The
     * maptrack knows where the entry is: host_addr only names it. */
    struct maptrack *m = maptrack_of(d, op->handle);
    if (!m || !m->pte_maddr) {
        refuse(d, "unmap: handle %u is not a mapping of d%u", op->handle, d->domid);
        return GNTST_bad_handle;
    }
    release_mapping(d, m);
    return GNTST_okay;
}

static int16_t setup_table(struct domain *d, struct gnttab_setup_table *op)
{
    struct grant_table *gt = &d->grant;
    if (op->dom != DOMID_SELF && op->dom != d->domid) {
        refuse(d, "setup_table: the table of d%u: only DOMID_SELF", op->dom);
        return GNTST_permission_denied;
    }
    if (op->nr_frames < 1 || op->nr_frames > GNTTAB_MAX_FRAMES) {
        refuse(d, "setup_table: %u frames: 1 to %u", op->nr_frames, GNTTAB_MAX_FRAMES);
        return GNTST_general_error;
    }
    /* The list is checked before the table grows: frames added and not
     * reported would be lost to the guest. */
    if (copy_to_guest(d, op->frame_list, gt->frames, op->nr_frames * sizeof(uint32_t)) < 0) {
        refuse(d, "setup_table: frame_list 0x%08x is not mapped writable", op->frame_list);
        return GNTST_general_error;
    }
    while (gt->nr_frames < op->nr_frames) {
        uint32_t mfn = frame_alloc(d->domid, &d->pages);
        if (mfn == INVALID_MFN) {
            refuse(d, "setup_table: no free frame for table frame %u", gt->nr_frames);
            return GNTST_no_device_space;
        }
        clear_frame(mfn);
        gt->frames[gt->nr_frames++] = mfn;
    }
    copy_to_guest(d, op->frame_list, gt->frames, op->nr_frames * sizeof(uint32_t));
    return GNTST_okay;
}

static int16_t query_size(struct domain *d, struct gnttab_query_size *op)
{
    if (op->dom != DOMID_SELF && op->dom != d->domid) {
        refuse(d, "query_size: the table of d%u: only DOMID_SELF", op->dom);
        return GNTST_permission_denied;
    }
    op->nr_frames = d->grant.nr_frames;
    op->max_nr_frames = GNTTAB_MAX_FRAMES;
    return GNTST_okay;
}

/* One side of a copy, len bytes at p->offset: a grant (is_grant), or a
 * frame of d's own. GNTST_okay and the frame in *mfn, or the refusal. */
static int16_t copy_side(struct domain *d, const struct gnttab_copy_ptr *p, int is_grant,
                         int dest, uint16_t len, uint32_t *mfn)
{
    /* Past the page we would read or write the next frame, anyone's. */
    if ((uint32_t)p->offset + len > PAGE_SIZE) {
        refuse(d, "copy: offset %u + length %u is beyond a page", p->offset, len);
        return GNTST_bad_copy_arg;
    }
    if (is_grant) {
        struct domain *granter = domain_named(d, p->domid, "copy");
        return granter ? grant_frame(d, granter, p->u.ref, !dest, "copy", mfn) : GNTST_bad_domain;
    }
    if (p->domid != DOMID_SELF && p->domid != d->domid) {
        refuse(d, "copy: a frame of d%u without a grant: only DOMID_SELF", p->domid);
        return GNTST_permission_denied;
    }
    /* Our own frame, and as a destination never a page table: the copy
     * would write it behind mm.c's checks. */
    uint32_t frame = p->u.gmfn, type = PGT_none;
    if (frame < max_mfn && frame_table[frame].owner == d->domid &&
        (frame_table[frame].type_info & PGT_COUNT_MASK))
        type = frame_table[frame].type_info & PGT_TYPE_MASK;
    if (frame >= max_mfn || frame_table[frame].owner != d->domid ||
        (dest && (type == PGT_l1 || type == PGT_l2))) {
        refuse(d, "copy: frame 0x%x is not d%u's%s", frame, d->domid,
               dest ? ", or is one of its page tables" : "");
        return GNTST_bad_page;
    }
    *mfn = frame;
    return GNTST_okay;
}

static int16_t copy(struct domain *d, struct gnttab_copy *op)
{
    uint32_t from, to;
    int16_t status = copy_side(d, &op->source, op->flags & GNTCOPY_source_gref, 0, op->len, &from);
    if (status == GNTST_okay)
        status = copy_side(d, &op->dest, op->flags & GNTCOPY_dest_gref, 1, op->len, &to);
    if (status != GNTST_okay)
        return status;
    /* Through the direct map; the two may be one frame, and overlap. */
    const char *src = (const char *)mfn_to_virt(from) + op->source.offset;
    char *dst = (char *)mfn_to_virt(to) + op->dest.offset;
    if (from != to)
        memcpy(dst, src, op->len);
    else if (dst < src)
        for (uint32_t i = 0; i < op->len; i++)
            dst[i] = src[i];
    else
        for (uint32_t i = op->len; i-- > 0;)
            dst[i] = src[i];
    return GNTST_okay;
}

/* The size of one operation of cmd (0: no such command). */
static uint32_t op_size(uint32_t cmd)
{
    switch (cmd) {
    case GNTTABOP_map_grant_ref: return sizeof(struct gnttab_map_grant_ref);
    case GNTTABOP_unmap_grant_ref: return sizeof(struct gnttab_unmap_grant_ref);
    case GNTTABOP_setup_table: return sizeof(struct gnttab_setup_table);
    case GNTTABOP_copy: return sizeof(struct gnttab_copy);
    case GNTTABOP_query_size: return sizeof(struct gnttab_query_size);
    }
    return 0;
}

int32_t do_grant_table_op(struct domain *d, uint32_t cmd, uint32_t uops_va, uint32_t count)
{
    union grant_op {
        struct gnttab_map_grant_ref map;
        struct gnttab_unmap_grant_ref unmap;
        struct gnttab_setup_table setup;
        struct gnttab_copy copy;
        struct gnttab_query_size query;
    } op;
    /* The whole batch, copied in at once (one CPU, interrupts off: one
     * user): a look at the guest's page tables per call, not three per
     * operation, is what lets a back end's batch of copies keep up. */
    static char batch[GNTTAB_MAX_BATCH * sizeof(union grant_op)];
    uint32_t size = op_size(cmd);

    if (!size) {
        refuse(d, "unknown command %u", cmd);
        return -HV_EINVAL;
    }
    if (count > GNTTAB_MAX_BATCH) {
        refuse(d, "%u operations: at most %u a call", count, GNTTAB_MAX_BATCH);
        return -HV_EINVAL;
    }
    /* Our copy, read once; written back only if it can be: writing it
     * first proves that, so an operation that was done is never left
     * unreported (a mapping without its handle is lost). */
    if (count && (copy_from_guest(d, batch, uops_va, count * size) < 0 ||
                  copy_to_guest(d, uops_va, batch, count * size) < 0)) {
        refuse(d, "%u operations at 0x%08x are not mapped writable below the hole", count,
               uops_va);
        return -HV_EFAULT;
    }
    /* A map or unmap may change the page tables the operations live in:
     * each is written back on its own, checked before it is made. */
    int one_by_one = cmd == GNTTABOP_map_grant_ref || cmd == GNTTABOP_unmap_grant_ref;
    for (uint32_t i = 0; i < count; i++) {
        uint32_t va = uops_va + i * size;
        memcpy(&op, batch + i * size, size);
        if (one_by_one && i > 0 && copy_to_guest(d, va, &op, size) < 0) {
            refuse(d, "operation %u at 0x%08x is not mapped writable below the hole", i, va);
            return -HV_EFAULT;
        }
        switch (cmd) {
        case GNTTABOP_map_grant_ref:
            op.map.status = map_grant_ref(d, &op.map);
            break;
        case GNTTABOP_unmap_grant_ref:
            op.unmap.status = unmap_grant_ref(d, &op.unmap);
            break;
        case GNTTABOP_setup_table:
            op.setup.status = setup_table(d, &op.setup);
            break;
        case GNTTABOP_copy:
            op.copy.status = copy(d, &op.copy);
            break;
        default:
            op.query.status = query_size(d, &op.query);
            break;
        }
        if (one_by_one)
            copy_to_guest(d, va, &op, size);
        else
            memcpy(batch + i * size, &op, size);
    }
    if (count && !one_by_one)
        copy_to_guest(d, uops_va, batch, count * size);
    return 0;
}

void grant_release_mappings(struct domain *d)
{
    for (uint32_t f = 0; f < MAPTRACK_FRAMES; f++) {
        if (!d->grant.maptrack[f])
            continue;
        for (uint32_t i = 0; i < MAPTRACK_PER_FRAME; i++)
            if (d->grant.maptrack[f][i].pte_maddr)
                release_mapping(d, &d->grant.maptrack[f][i]);
        if (frame_free(virt_to_maddr(d->grant.maptrack[f]) >> PAGE_SHIFT, DOMID_XEN) < 0)
            panic("d%u: a maptrack frame is not a hypervisor frame", d->domid);
        d->grant.maptrack[f] = NULL;
    }
}

void grant_release_table(struct domain *d)
{
    for (uint32_t f = 0; f < ARRAY_SIZE(d->grant.active); f++) {
        struct active_grant *active = d->grant.active[f];
        if (!active)
            continue;
        for (uint32_t i = 0; i < ACTIVE_PER_FRAME; i++) {
            uint32_t frame = active[i].frame;
            if ((!active[i].readers && !active[i].writers) ||
                frame_table[frame].owner != d->domid)
                continue; /* not mapped, or orphaned already (two grants of it) */
            if (frame_list_remove(&d->pages, frame) < 0)
                panic("d%u: mapped frame 0x%x is not on its list", d->domid, frame);
            frame_table[frame].owner = DOMID_ORPHAN;
            hvlog(LOG_ERR, d, "grant",
                  "frame 0x%x is still mapped by another domain: it outlives d%u", frame,
                  d->domid);
        }
        if (frame_free(virt_to_maddr(active) >> PAGE_SHIFT, DOMID_XEN) < 0)
            panic("d%u: an active-grant frame is not a hypervisor frame", d->domid);
        d->grant.active[f] = NULL;
    }
}
