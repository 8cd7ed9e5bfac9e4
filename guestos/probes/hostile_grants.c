/* LAB 5 FILE */
/*
 * hostile_grants.c - the hostile guest of lab 5: attacks on the grant
 * tables (hv/grant.c, and the rules hv/mm.c keeps for grant mappings),
 * one per boot, for the hostile suite's "grants" class. hostile.c says
 * how an attack ends and how it is judged.
 *
 * Most come from a domU (tests/hostile-grants.bats: domus=1, its command
 * line probe=NAME) beside a domain 0 that does its normal work. Having
 * no one else's grant to abuse, the attacker mostly grants frames to
 * itself, which the hypervisor treats like any grant: it may map and
 * copy its own grants, by the same rules. Two attacks are about deaths:
 * a mapper that dies with its mappings (gr-mapper-dies), and a domU that
 * dies while domain 0 maps its grants (gr-domu-killed in domain 0, with
 * the domU running probe=grant-victim).
 */
#include <events.h>
#include <gnttab.h>
#include <hypercall.h>
#include <kernel.h>
#include <probes/probes.h>
#include <traps.h>
#include <vm.h>

#define SELF (start_info->domid)

/* The verdict on a status (or result) that must be expected. */
static void expect(const char *what, int32_t result, int32_t expected)
{
    if (result == expected)
        attack_refused("%s = %d", what, result);
    else
        attack_bug("%s = %d, not %d", what, result, expected);
}

/* A page of ours granted to ourselves (read-only if readonly): its grant
 * reference, its address in *page. Ends the attack if there is none. */
static grant_ref_t self_grant(int readonly, char **page)
{
    *page = kpage_alloc();
    int ref = *page ? gnttab_grant(SELF, virt_to_mfn(*page), readonly) : -HV_ENOMEM;
    if (ref < 0) {
        attack_bug("could not grant ourselves a page: %d", ref);
        HYPERVISOR_shutdown(SHUTDOWN_poweroff);
    }
    return (grant_ref_t)ref;
}

/* Our grant table's entry ref, as the attacker writes it behind
 * gnttab.c's back: the table is the grant area's first page. */
static volatile struct grant_entry_v1 *raw_entry(grant_ref_t ref)
{
    uint32_t pages;
    return (volatile struct grant_entry_v1 *)vm_grant_area(&pages) + ref;
}

/* The machine address of the page-table entry that maps our kernel
 * address va (in the grant area): what an mmu_update names. */
static uint64_t pte_maddr(const void *va)
{
    uint32_t pde = ((const uint32_t *)start_info->pt_base)[pd_index(va)];
    return entry_maddr(pte_mfn(pde), pt_index(va));
}

static int32_t pin(uint32_t cmd, uint32_t mfn)
{
    struct mmuext_op op = { .cmd = cmd, .arg1 = mfn };
    return HYPERVISOR_mmuext_op(&op, 1, NULL, DOMID_SELF);
}

/* Makes our page at va read-only (or writable again) in our own map. */
static int32_t protect(void *va, int writable)
{
    return HYPERVISOR_update_va_mapping((uint32_t)va,
                                        make_pte(virt_to_mfn(va), PTE_P | (writable ? PTE_W : 0)),
                                        UVMF_INVLPG);
}

/* One copy, as the attacker fills it in: its status. */
static int32_t copy_op(struct gnttab_copy op)
{
    HYPERVISOR_grant_table_op(GNTTABOP_copy, &op, 1);
    return op.status;
}

/* Dies the way the hypervisor kills for: a trap with no handler (ours
 * taken away first: the kernel would take the trap itself). */
static void die(void)
{
    HYPERVISOR_set_trap_table(NULL);
    __asm__ volatile("ud2");
}

/* --- Grants that are not there, not ours, or not as asked ------------- */

static void gr_ref_range(const char *name)
{
    grant_handle_t handle;
    char buf[8];
    void *slot = gnttab_slot_alloc();
    expect("map(d0's grant 512, past its table)", gnttab_map(0, 512, slot, 1, &handle),
           GNTST_bad_gntref);
    expect("map(d0's grant 0xffffffff)", gnttab_map(0, 0xFFFFFFFFU, slot, 1, &handle),
           GNTST_bad_gntref);
    expect("copy_from(our own grant 0x80000000)",
           gnttab_copy_from(DOMID_SELF, 0x80000000U, 0, buf, sizeof buf), GNTST_bad_gntref);
    expect("map(a grant of domain 999)", gnttab_map(999, 1, slot, 1, &handle), GNTST_bad_domain);
    uint32_t frames[GNTTAB_MAX_FRAMES + 1];
    struct gnttab_setup_table setup = { .dom = DOMID_SELF, .nr_frames = GNTTAB_MAX_FRAMES + 1,
                                        .frame_list = (uint32_t)frames };
    HYPERVISOR_grant_table_op(GNTTABOP_setup_table, &setup, 1);
    expect("setup_table(5 frames)", setup.status, GNTST_general_error);
    setup = (struct gnttab_setup_table){ .dom = 0, .nr_frames = 1, .frame_list = (uint32_t)frames };
    HYPERVISOR_grant_table_op(GNTTABOP_setup_table, &setup, 1);
    expect("setup_table(d0's table)", setup.status, GNTST_permission_denied);
}

/* Our device page's grant is domain 0's (the builder made it): not ours
 * to map or copy, though the frame is ours. */
static void gr_not_granted(const char *name)
{
    grant_handle_t handle;
    char buf[8];
    void *slot = gnttab_slot_alloc();
    expect("map(our grant 0, made for d0)", gnttab_map(DOMID_SELF, 0, slot, 0, &handle),
           GNTST_permission_denied);
    expect("copy_from(our grant 0, made for d0)",
           gnttab_copy_from(DOMID_SELF, 0, 0, buf, sizeof buf), GNTST_permission_denied);
    expect("map(d0's grant 1, never made)", gnttab_map(0, 1, slot, 0, &handle),
           GNTST_permission_denied);
    expect("copy without a grant from a frame of d0's",
           copy_op((struct gnttab_copy){
               .source = { .u.gmfn = 0x100, .domid = 0 },
               .dest = { .u.gmfn = virt_to_mfn(buf), .domid = DOMID_SELF,
                         .offset = (uint16_t)((uint32_t)buf & 0xFFF) },
               .len = 1 }),
           GNTST_permission_denied);
}

static void gr_readonly_writable(const char *name)
{
    grant_handle_t handle;
    char *page, *slot = gnttab_slot_alloc();
    grant_ref_t ref = self_grant(1, &page);
    strlcpy(page, "read-only", PAGE_SIZE);
    expect("map(our read-only grant, writable)", gnttab_map(DOMID_SELF, ref, slot, 0, &handle),
           GNTST_permission_denied);
    expect("copy_to(our read-only grant)", gnttab_copy_to(DOMID_SELF, ref, 0, "X", 1),
           GNTST_permission_denied);
    if (gnttab_map(DOMID_SELF, ref, slot, 1, &handle) != GNTST_okay) {
        attack_bug("could not map our read-only grant read-only");
        return;
    }
    EXPECT_TRAP(*(volatile char *)slot = 'X');
    if (trap_recover) {
        trap_recover = 0;
        attack_bug("a write through the read-only mapping went through");
    } else {
        attack_refused("a write through the read-only mapping: trap %u, error 0x%x",
                       last_trap.vector, last_trap.error);
    }
    expect("unmap", gnttab_unmap(slot, handle), GNTST_okay);
    expect("the page still reads 'read-only': strcmp", strcmp(page, "read-only"), 0);
}

/* Frames we do not own, granted as if we did: the hypervisor's, and one
 * past the end of memory. */
static void gr_foreign_frame(const char *name)
{
    grant_handle_t handle;
    char buf[8];
    void *slot = gnttab_slot_alloc();
    int ref = gnttab_grant(SELF, 0x100, 1);
    expect("map(our grant of frame 0x100, the hypervisor's)",
           gnttab_map(DOMID_SELF, (grant_ref_t)ref, slot, 1, &handle), GNTST_bad_page);
    expect("copy_from(our grant of frame 0x100)",
           gnttab_copy_from(DOMID_SELF, (grant_ref_t)ref, 0, buf, sizeof buf), GNTST_bad_page);
    ref = gnttab_grant(SELF, 0xFFFFF, 0);
    expect("map(our grant of frame 0xfffff, past memory)",
           gnttab_map(DOMID_SELF, (grant_ref_t)ref, slot, 0, &handle), GNTST_bad_page);
    expect("copy to frame 0x100 as our own",
           copy_op((struct gnttab_copy){
               .source = { .u.gmfn = virt_to_mfn(buf), .domid = DOMID_SELF,
                           .offset = (uint16_t)((uint32_t)buf & 0xFFF) },
               .dest = { .u.gmfn = 0x100, .domid = DOMID_SELF },
               .len = 1 }),
           GNTST_bad_page);
}

/*
 * Our page directory and a boot page table, our shared_info and our grant
 * table, granted: never mapped or copied. And a frame mapped writable
 * through a grant cannot become a page table until it is unmapped.
 */
static void gr_page_table(const char *name)
{
    grant_handle_t handle;
    char buf[8], *page, *slot = gnttab_slot_alloc();
    uint32_t pgdir = virt_to_mfn((void *)start_info->pt_base);
    uint32_t table = pfn_to_mfn(pgdir_pfn() + 1);
    int ref = gnttab_grant(SELF, pgdir, 1);
    expect("map(our grant of our page directory, read-only)",
           gnttab_map(DOMID_SELF, (grant_ref_t)ref, slot, 1, &handle), GNTST_bad_page);
    ref = gnttab_grant(SELF, table, 1);
    expect("map(our grant of a page table, read-only)",
           gnttab_map(DOMID_SELF, (grant_ref_t)ref, slot, 1, &handle), GNTST_bad_page);
    expect("copy_from(our grant of a page table)",
           gnttab_copy_from(DOMID_SELF, (grant_ref_t)ref, 0, buf, sizeof buf), GNTST_bad_page);
    ref = gnttab_grant(SELF, start_info->shared_info >> PAGE_SHIFT, 0);
    expect("map(our grant of shared_info)",
           gnttab_map(DOMID_SELF, (grant_ref_t)ref, slot, 0, &handle), GNTST_bad_page);
    ref = gnttab_grant(SELF, virt_to_mfn((void *)raw_entry(0)), 0);
    expect("map(our grant of our grant table)",
           gnttab_map(DOMID_SELF, (grant_ref_t)ref, slot, 0, &handle), GNTST_bad_page);
    expect("pin our grant table as a page table",
           pin(MMUEXT_PIN_L1_TABLE, virt_to_mfn((void *)raw_entry(0))), -HV_EINVAL);

    grant_ref_t r = self_grant(0, &page);
    if (protect(page, 0) < 0 || gnttab_map(DOMID_SELF, r, slot, 0, &handle) != GNTST_okay) {
        attack_bug("could not map our own grant writable");
        return;
    }
    expect("pin a frame mapped writable through a grant", pin(MMUEXT_PIN_L1_TABLE, virt_to_mfn(page)),
           -HV_EINVAL);
    expect("unmap", gnttab_unmap(slot, handle), GNTST_okay);
    expect("pin it once unmapped", pin(MMUEXT_PIN_L1_TABLE, virt_to_mfn(page)), 0);
    expect("map(our grant of a pinned page table, read-only)",
           gnttab_map(DOMID_SELF, r, slot, 1, &handle), GNTST_bad_page);
    pin(MMUEXT_UNPIN_TABLE, virt_to_mfn(page));
    protect(page, 1);
}

static void gr_unmap_twice(const char *name)
{
    grant_handle_t handle;
    char *page, *slot = gnttab_slot_alloc();
    grant_ref_t ref = self_grant(0, &page);
    if (gnttab_map(DOMID_SELF, ref, slot, 0, &handle) != GNTST_okay) {
        attack_bug("could not map our own grant");
        return;
    }
    expect("unmap", gnttab_unmap(slot, handle), GNTST_okay);
    expect("unmap again", gnttab_unmap(slot, handle), GNTST_bad_handle);
    expect("unmap(handle 4096, past every maptrack frame)", gnttab_unmap(slot, 4096),
           GNTST_bad_handle);
    expect("unmap(handle 0xffffffff)", gnttab_unmap(slot, 0xFFFFFFFFU), GNTST_bad_handle);
    expect("unmap(handle 7, never given)", gnttab_unmap(slot, 7), GNTST_bad_handle);
}

/*
 * A grant ended while it is mapped: gnttab_end refuses (the hypervisor's
 * GTF_writing). Cleared behind gnttab.c's back, the entry grants nothing
 * more, but the mapping still holds the frame: it cannot become a page
 * table until the mapping goes.
 */
static void gr_end_mapped(const char *name)
{
    grant_handle_t handle, again;
    char *page, *slot = gnttab_slot_alloc();
    grant_ref_t ref = self_grant(0, &page);
    if (gnttab_map(DOMID_SELF, ref, slot, 0, &handle) != GNTST_okay) {
        attack_bug("could not map our own grant");
        return;
    }
    expect("gnttab_end(the grant, mapped)", gnttab_end(ref), -HV_EBUSY);
    raw_entry(ref)->flags = GTF_invalid;
    expect("map(the grant, its entry cleared)", gnttab_map(DOMID_SELF, ref, slot + PAGE_SIZE, 0, &again),
           GNTST_permission_denied);
    protect(page, 0);
    expect("pin the frame, its entry cleared but still mapped",
           pin(MMUEXT_PIN_L1_TABLE, virt_to_mfn(page)), -HV_EINVAL);
    strlcpy(slot, "still mapped", 16);
    expect("the mapping still writes the frame: strcmp", strcmp(page, "still mapped"), 0);
    memset(slot, 0, 16); /* a page table's entries: not present */
    expect("unmap", gnttab_unmap(slot, handle), GNTST_okay);
    expect("pin it once unmapped", pin(MMUEXT_PIN_L1_TABLE, virt_to_mfn(page)), 0);
    pin(MMUEXT_UNPIN_TABLE, virt_to_mfn(page));
    protect(page, 1);
}

/* A grant mapping's page-table entry is the hypervisor's: no mmu_update
 * or update_va_mapping may change it, nor write one of our own. */
static void gr_mmu_update(const char *name)
{
    grant_handle_t handle;
    char *page, *slot = gnttab_slot_alloc();
    grant_ref_t ref = self_grant(0, &page);
    uint32_t mfn = virt_to_mfn(page);
    if (gnttab_map(DOMID_SELF, ref, slot, 0, &handle) != GNTST_okay) {
        attack_bug("could not map our own grant");
        return;
    }
    struct mmu_update req = { pte_maddr(slot) | MMU_NORMAL_PT_UPDATE, 0 };
    expect("mmu_update(the grant's entry, cleared)", HYPERVISOR_mmu_update(&req, 1, NULL, DOMID_SELF),
           -HV_EPERM);
    expect("update_va_mapping(the grant's address, another frame)",
           HYPERVISOR_update_va_mapping((uint32_t)slot, make_pte(mfn, PTE_P), UVMF_INVLPG),
           -HV_EPERM);
    char *next = slot + PAGE_SIZE;
    expect("update_va_mapping(an entry of ours with the grant bit)",
           HYPERVISOR_update_va_mapping((uint32_t)next, make_pte(mfn, PTE_P | 0x200), UVMF_INVLPG),
           -HV_EINVAL);
    expect("unmap", gnttab_unmap(slot, handle), GNTST_okay);
    expect("update_va_mapping(the address, once unmapped)",
           HYPERVISOR_update_va_mapping((uint32_t)slot, make_pte(mfn, PTE_P), UVMF_INVLPG), 0);
    HYPERVISOR_update_va_mapping((uint32_t)slot, 0, UVMF_INVLPG);
}

static void gr_copy_beyond(const char *name)
{
    static char buf[64] __attribute__((aligned(64)));
    char *page;
    grant_ref_t ref = self_grant(0, &page);
    expect("copy_from(offset 4000, 200 bytes)", gnttab_copy_from(DOMID_SELF, ref, 4000, buf, 200),
           GNTST_bad_copy_arg);
    expect("copy_to(offset 0xffff, 0xffff bytes)",
           gnttab_copy_to(DOMID_SELF, ref, 0xFFFF, buf, 0xFFFF), GNTST_bad_copy_arg);
    expect("copy_from into our page's last 8 bytes, 16 bytes",
           gnttab_copy_from(DOMID_SELF, ref, 0, page + PAGE_SIZE - 8, 16), GNTST_bad_copy_arg);
    struct gnttab_copy op = {
        .source = { .u.ref = ref, .domid = DOMID_SELF },
        .dest = { .u.gmfn = virt_to_mfn((void *)start_info->pt_base), .domid = DOMID_SELF },
        .len = 4, .flags = GNTCOPY_source_gref,
    };
    HYPERVISOR_grant_table_op(GNTTABOP_copy, &op, 1);
    expect("copy into our page directory", op.status, GNTST_bad_page);
    expect("grant_table_op(65 copies)", HYPERVISOR_grant_table_op(GNTTABOP_copy, &op, 65), -HV_EINVAL);
    expect("grant_table_op(command 99)", HYPERVISOR_grant_table_op(99, &op, 1), -HV_EINVAL);
    expect("grant_table_op(operations in the hole)",
           HYPERVISOR_grant_table_op(GNTTABOP_copy, (void *)HYPERVISOR_VIRT_START, 1), -HV_EFAULT);
}

/* --- Deaths ------------------------------------------------------------ */

/* We die by ud2 with two grants of ours mapped (one read-only) and one
 * of them pinned twice: the hypervisor must unmap them all. */
static void gr_mapper_dies(const char *name)
{
    grant_handle_t handle;
    char *page, *slot = gnttab_slot_alloc(), *slot2 = gnttab_slot_alloc();
    grant_ref_t ref = self_grant(0, &page), ro = self_grant(1, &page);
    if (gnttab_map(DOMID_SELF, ref, slot, 0, &handle) != GNTST_okay ||
        gnttab_map(DOMID_SELF, ro, slot2, 1, &handle) != GNTST_okay ||
        gnttab_map(DOMID_SELF, ref, slot2 + PAGE_SIZE, 1, &handle) != GNTST_okay) {
        attack_bug("could not map our own grants");
        return;
    }
    die();
    attack_bug("ud2 without a handler did not kill us");
}

#define NOTE_OFFSET 2048

/* Domain 0's victim: grants it a read-only page (its ref at NOTE_OFFSET
 * in the device page, which domain 0 may map already), then dies by ud2
 * at domain 0's first event. */
static void grant_victim(const char *name)
{
    char *page = kpage_alloc(), *devpage = NULL;
    for (uint32_t pfn = 0; pfn < start_info->nr_pages; pfn++)
        if (pfn_to_mfn(pfn) == start_info->devpage_mfn)
            devpage = (char *)pfn_to_virt(pfn);
    int ref = page ? gnttab_grant(0, virt_to_mfn(page), 1) : -1;
    if (!devpage || ref < 0) {
        printk("guestos: probe: grant-victim: nothing to grant\n");
        HYPERVISOR_shutdown(SHUTDOWN_crash);
    }
    strlcpy(page, "victim's read-only page", PAGE_SIZE);
    strlcpy(devpage + NOTE_OFFSET + 4, "victim's device page", 32);
    __asm__ volatile("" ::: "memory");
    *(volatile uint32_t *)(devpage + NOTE_OFFSET) = (uint32_t)ref | 0x80000000U;
    evtchn_take(start_info->ctrl_evtchn);
    HYPERVISOR_poll(start_info->ctrl_evtchn, 0);
    printk("guestos: probe: grant-victim: d0 has our grants mapped; dying\n");
    die();
}

/* Domain 0 maps its domU's device page and read-only grant, has the domU
 * die, and goes on: the mappings still hold the frames, and unmapping
 * them gives them back to the free pool. */
static void gr_domu_killed(const char *name)
{
    static uint32_t word __attribute__((aligned(4)));
    grant_handle_t dev, ro;
    char *slot = gnttab_slot_alloc(), *slot2 = gnttab_slot_alloc();
    struct evtchn_status status;
    int i;

    for (i = 0; i < 1000; i++) {
        if (gnttab_copy_from(1, 0, NOTE_OFFSET, &word, 4) == GNTST_okay && (word >> 31))
            break;
        HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
    }
    if (i == 1000 || gnttab_map(1, 0, slot, 0, &dev) != GNTST_okay ||
        gnttab_map(1, word & 0xFFFF, slot2, 1, &ro) != GNTST_okay) {
        attack_bug("could not map d1's grants");
        return;
    }
    evtchn_send(1); /* domain 0's port for d1 */
    for (i = 0; i < 100000; i++) {
        if (evtchn_op_status(DOMID_SELF, 1, &status) == 0 &&
            status.status != EVTCHNSTAT_interdomain)
            break;
        HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
    }
    if (i == 100000) {
        attack_bug("d1 did not die");
        return;
    }
    attack_refused("d1 died with its grants mapped; they still read '%s' and '%s'",
                   slot + NOTE_OFFSET + 4, slot2);
    strlcpy(slot, "d0 still writes here", 32);
    expect("unmap(d1's device page)", gnttab_unmap(slot, dev), GNTST_okay);
    expect("unmap(d1's read-only page)", gnttab_unmap(slot2, ro), GNTST_okay);
    expect("map(d1's grant 0, d1 gone)", gnttab_map(1, 0, slot, 0, &dev), GNTST_bad_domain);
}

#define GRANTS "grants"

const struct probe hostile_grant_attacks[] = {
    { "gr-ref-range", 5, GRANTS, PROBE_KERNEL, gr_ref_range, NULL },
    { "gr-not-granted", 5, GRANTS, PROBE_KERNEL, gr_not_granted, NULL },
    { "gr-readonly-writable", 5, GRANTS, PROBE_KERNEL, gr_readonly_writable, NULL },
    { "gr-foreign-frame", 5, GRANTS, PROBE_KERNEL, gr_foreign_frame, NULL },
    { "gr-page-table", 5, GRANTS, PROBE_KERNEL, gr_page_table, NULL },
    { "gr-unmap-twice", 5, GRANTS, PROBE_KERNEL, gr_unmap_twice, NULL },
    { "gr-end-mapped", 5, GRANTS, PROBE_KERNEL, gr_end_mapped, NULL },
    { "gr-mmu-update", 5, GRANTS, PROBE_KERNEL, gr_mmu_update, NULL },
    { "gr-copy-beyond", 5, GRANTS, PROBE_KERNEL, gr_copy_beyond, NULL },
    { "gr-mapper-dies", 5, GRANTS, PROBE_KERNEL, gr_mapper_dies, NULL },
    { "gr-domu-killed", 5, GRANTS, PROBE_KERNEL, gr_domu_killed, NULL },
    { "grant-victim", 5, NULL, PROBE_KERNEL, grant_victim, NULL },
    { NULL, 0, NULL, PROBE_EARLY, NULL, NULL },
};
