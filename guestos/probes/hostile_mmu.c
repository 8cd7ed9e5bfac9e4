/* LAB 3 FILE */
/*
 * hostile_mmu.c - the hostile guest of lab 3: attacks on the page-table
 * rules (hv/mm.c), one per boot, for the hostile suite's "page tables"
 * class. hostile.c says how an attack ends and how it is judged.
 *
 * Most run early, before the kernel's own address spaces (vm.c) take
 * our free frames: an attack names a free frame of ours where it needs
 * one (start_info's first_free_pfn). The few that fault run once the
 * kernel has its trap handlers. probes/mmu.c is lab 3's probe of the
 * legitimate uses, with the same attacks grouped for the grader.
 */
#include <hypercall.h>
#include <kernel.h>
#include <probes/probes.h>
#include <traps.h>

/* A free frame of ours. */
static uint32_t free_pfn(void)
{
    return start_info->first_free_pfn;
}

/* The entry of our boot page tables that maps pfn p, as we can read it. */
static volatile const uint32_t *boot_pte(uint32_t p)
{
    uint32_t table = pfn_to_virt(pgdir_pfn() + 1 + p / ENTRIES_PER_TABLE);
    return (volatile const uint32_t *)table + p % ENTRIES_PER_TABLE;
}

static int done;

/* One mmu_update for dom, done written where done_at says. */
static int32_t update_one(uint64_t ptr, uint64_t val, domid_t dom, int *done_at)
{
    struct mmu_update req = { ptr | MMU_NORMAL_PT_UPDATE, val };
    done = -1;
    return HYPERVISOR_mmu_update(&req, 1, done_at, dom);
}

static int32_t ext_one(uint32_t cmd, uint32_t arg1, int *done_at)
{
    struct mmuext_op op = { cmd, arg1, 0 };
    done = -1;
    return HYPERVISOR_mmuext_op(&op, 1, done_at, DOMID_SELF);
}

/* The verdict on a call that must fail: any negative error. */
static void expect_refused(const char *what, int32_t result)
{
    if (result < 0)
        attack_refused("%s = %d", what, result);
    else
        attack_bug("%s = %d: accepted", what, result);
}

/* Maps the free frame's address to frame mfn with flags. */
static int32_t map_free_to(uint32_t mfn, uint32_t flags)
{
    return HYPERVISOR_update_va_mapping(pfn_to_virt(free_pfn()), make_pte(mfn, flags), UVMF_INVLPG);
}

static void pt_map_foreign(const char *name)
{
    expect_refused("update_va_mapping(mfn 0, not ours)", map_free_to(0, PTE_P | PTE_W));
}

static void pt_map_hypervisor(const char *name)
{
    expect_refused("update_va_mapping(mfn 0x100, the hypervisor's code)",
                   map_free_to(0x100, PTE_P));
}

static void pt_map_beyond(const char *name)
{
    expect_refused("update_va_mapping(mfn 0xfffff, past the end of memory)",
                   map_free_to(0xfffff, PTE_P | PTE_W));
}

static void pt_pgdir_writable(const char *name)
{
    expect_refused("update_va_mapping(our page directory writable)",
                   HYPERVISOR_update_va_mapping(start_info->pt_base,
                                                make_pte(pfn_to_mfn(pgdir_pfn()), PTE_P | PTE_W),
                                                UVMF_INVLPG));
}

static void pt_table_writable(const char *name)
{
    expect_refused("update_va_mapping(a free page's address to our page table, writable)",
                   map_free_to(pfn_to_mfn(pgdir_pfn() + 1), PTE_P | PTE_W));
}

static void pt_update_ordinary(const char *name)
{
    expect_refused("mmu_update(ptr in an ordinary frame of ours)",
                   update_one(entry_maddr(pfn_to_mfn(free_pfn()), 0),
                              make_pte(pfn_to_mfn(free_pfn()), PTE_P),
                              DOMID_SELF, &done));
}

static void pt_update_hypervisor(const char *name)
{
    expect_refused("mmu_update(ptr in the hypervisor's frame 0x100)",
                   update_one(entry_maddr(0x100, 0), make_pte(pfn_to_mfn(free_pfn()), PTE_P),
                              DOMID_SELF, &done));
}

static void pt_pde_self(const char *name)
{
    uint32_t pd = pfn_to_mfn(pgdir_pfn());
    expect_refused("mmu_update(directory entry 257 to the directory itself)",
                   update_one(entry_maddr(pd, 257), make_pte(pd, PTE_P | PTE_W), DOMID_SELF,
                              &done));
}

static void pt_pde_4mb(const char *name)
{
    expect_refused("mmu_update(directory entry 257 a 4 MiB page)",
                   update_one(entry_maddr(pfn_to_mfn(pgdir_pfn()), 257),
                              make_pte(pfn_to_mfn(free_pfn()), PTE_P | PTE_W | PTE_PS),
                              DOMID_SELF, &done));
}

static void pt_pde_hole(const char *name)
{
    expect_refused("mmu_update(directory entry 896, in the hole)",
                   update_one(entry_maddr(pfn_to_mfn(pgdir_pfn()), pd_index(HYPERVISOR_VIRT_START)),
                              0, DOMID_SELF, &done));
}

static void pt_map_in_hole(const char *name)
{
    expect_refused("update_va_mapping(0xe0000000, in the hole)",
                   HYPERVISOR_update_va_mapping(HYPERVISOR_VIRT_START,
                                                make_pte(pfn_to_mfn(free_pfn()), PTE_P),
                                                UVMF_INVLPG));
}

static void pt_base_ordinary(const char *name)
{
    expect_refused("mmuext_op(new base pointer: a writable frame)",
                   ext_one(MMUEXT_NEW_BASEPTR, pfn_to_mfn(free_pfn()), &done));
}

static void pt_base_table(const char *name)
{
    expect_refused("mmuext_op(new base pointer: our page table)",
                   ext_one(MMUEXT_NEW_BASEPTR, pfn_to_mfn(pgdir_pfn() + 1), &done));
}

static void pt_pin_writable(const char *name)
{
    expect_refused("mmuext_op(pin a frame mapped writable as a page table)",
                   ext_one(MMUEXT_PIN_L1_TABLE, pfn_to_mfn(free_pfn()), &done));
}

static void pt_unpin_never(const char *name)
{
    expect_refused("mmuext_op(unpin our boot page table, never pinned)",
                   ext_one(MMUEXT_UNPIN_TABLE, pfn_to_mfn(pgdir_pfn() + 1), &done));
}

static void pt_other_domain(const char *name)
{
    expect_refused("mmu_update(dom 1)",
                   update_one(entry_maddr(pfn_to_mfn(pgdir_pfn() + 1), 0), 0, 1, &done));
}

static void pt_batch_negative(const char *name)
{
    struct mmu_update req = { entry_maddr(pfn_to_mfn(pgdir_pfn() + 1), 0), 0 };
    expect_refused("mmu_update(count -1)", HYPERVISOR_mmu_update(&req, -1, &done, DOMID_SELF));
}

static void pt_batch_hole(const char *name)
{
    expect_refused("mmu_update(requests in the hole)",
                   HYPERVISOR_mmu_update((const struct mmu_update *)HYPERVISOR_VIRT_START, 1, &done,
                                         DOMID_SELF));
}

/*
 * done where the hypervisor may not write it (our read-only page
 * directory, the hole): the call must fail before it does anything, not
 * apply the request and then report a failure. The request makes the
 * free frame's entry read-only; it must still be writable after.
 */
static void pt_done_unwritable(const char *name)
{
    uint32_t p = free_pfn();
    int *done_at = strcmp(name, "pt-done-hole") == 0 ? (int *)HYPERVISOR_VIRT_START
                                                     : (int *)start_info->pt_base;
    int32_t r = update_one(boot_pte_maddr(p), make_pte(pfn_to_mfn(p), PTE_P), DOMID_SELF, done_at);
    uint32_t after = *boot_pte(p);

    if (r != -HV_EFAULT)
        attack_bug("mmu_update(done at 0x%08x) = %d, not %d", (uint32_t)done_at, r, -HV_EFAULT);
    else if (!(after & PTE_W))
        attack_bug("mmu_update(done at 0x%08x) = %d, but the request was applied: entry 0x%08x",
                   (uint32_t)done_at, r, after);
    else
        attack_refused("mmu_update(done at 0x%08x) = %d, and nothing applied: entry 0x%08x",
                       (uint32_t)done_at, r, after);
}

/* The same for mmuext_op: a pin refused for its done must pin nothing,
 * so pinning the same table again works. */
static void pt_ext_done_unwritable(const char *name)
{
    uint32_t p = free_pfn(), mfn = pfn_to_mfn(p);

    memset((void *)pfn_to_virt(p), 0, PAGE_SIZE);
    if (map_free_to(mfn, PTE_P) < 0) {
        attack_bug("could not make frame %u read-only", p);
        return;
    }
    int32_t r = ext_one(MMUEXT_PIN_L1_TABLE, mfn, (int *)start_info->pt_base);
    int32_t again = ext_one(MMUEXT_PIN_L1_TABLE, mfn, &done);
    ext_one(MMUEXT_UNPIN_TABLE, mfn, &done);
    if (r != -HV_EFAULT)
        attack_bug("mmuext_op(pin, done read-only) = %d, not %d", r, -HV_EFAULT);
    else if (again != 0)
        attack_bug("mmuext_op(pin, done read-only) = %d, but it pinned: a second pin = %d", r,
                   again);
    else
        attack_refused("mmuext_op(pin, done read-only) = %d, and nothing pinned: a second pin = %d",
                       r, again);
}

/* Writing our own page tables directly: they are mapped read-only. */
static void pt_write_directory(const char *name)
{
    EXPECT_TRAP(*(volatile uint32_t *)start_info->pt_base = 0);
    if (trap_recover) {
        trap_recover = 0;
        attack_bug("our page directory took a write");
    } else {
        attack_refused("writing our page directory: vector %u, error 0x%x, cr2 0x%08x",
                       last_trap.vector, last_trap.error, last_trap.cr2);
    }
}

#define PAGE_TABLES "page tables"

const struct probe hostile_mmu_attacks[] = {
    { "pt-map-foreign", 3, PAGE_TABLES, PROBE_EARLY, pt_map_foreign, NULL },
    { "pt-map-hypervisor", 3, PAGE_TABLES, PROBE_EARLY, pt_map_hypervisor, NULL },
    { "pt-map-beyond", 3, PAGE_TABLES, PROBE_EARLY, pt_map_beyond, NULL },
    { "pt-map-in-hole", 3, PAGE_TABLES, PROBE_EARLY, pt_map_in_hole, NULL },
    { "pt-pgdir-writable", 3, PAGE_TABLES, PROBE_EARLY, pt_pgdir_writable, NULL },
    { "pt-table-writable", 3, PAGE_TABLES, PROBE_EARLY, pt_table_writable, NULL },
    { "pt-update-ordinary", 3, PAGE_TABLES, PROBE_EARLY, pt_update_ordinary, NULL },
    { "pt-update-hypervisor", 3, PAGE_TABLES, PROBE_EARLY, pt_update_hypervisor, NULL },
    { "pt-pde-self", 3, PAGE_TABLES, PROBE_EARLY, pt_pde_self, NULL },
    { "pt-pde-4mb", 3, PAGE_TABLES, PROBE_EARLY, pt_pde_4mb, NULL },
    { "pt-pde-hole", 3, PAGE_TABLES, PROBE_EARLY, pt_pde_hole, NULL },
    { "pt-base-ordinary", 3, PAGE_TABLES, PROBE_EARLY, pt_base_ordinary, NULL },
    { "pt-base-table", 3, PAGE_TABLES, PROBE_EARLY, pt_base_table, NULL },
    { "pt-pin-writable", 3, PAGE_TABLES, PROBE_EARLY, pt_pin_writable, NULL },
    { "pt-unpin-never", 3, PAGE_TABLES, PROBE_EARLY, pt_unpin_never, NULL },
    { "pt-other-domain", 3, PAGE_TABLES, PROBE_EARLY, pt_other_domain, NULL },
    { "pt-batch-negative", 3, PAGE_TABLES, PROBE_EARLY, pt_batch_negative, NULL },
    { "pt-batch-hole", 3, PAGE_TABLES, PROBE_EARLY, pt_batch_hole, NULL },
    { "pt-done-readonly", 3, PAGE_TABLES, PROBE_EARLY, pt_done_unwritable, NULL },
    { "pt-done-hole", 3, PAGE_TABLES, PROBE_EARLY, pt_done_unwritable, NULL },
    { "pt-ext-done-readonly", 3, PAGE_TABLES, PROBE_EARLY, pt_ext_done_unwritable, NULL },
    { "pt-write-directory", 3, PAGE_TABLES, PROBE_KERNEL, pt_write_directory, NULL },
    { "pt-ring3-kernel", 3, PAGE_TABLES, PROBE_KERNEL, NULL, "kernelmem" },
    { "pt-ring3-text", 3, PAGE_TABLES, PROBE_KERNEL, NULL, "textwrite" },
    { NULL, 0, NULL, PROBE_EARLY, NULL, NULL },
};
