/* LAB 3 FILE */
/*
 * mmu.c - probe=mmu: page tables of our own (lab 3).
 *
 * Our page directory and page tables are frames of ours that we may read
 * but not write; every change goes through the hypervisor (mmu_update,
 * update_va_mapping, mmuext_op in public/hvlab.h), which checks it
 * first. We make the changes a kernel needs, each of which must work: a
 * second mapping of a frame, a page table built from one of our free
 * frames and hooked into the directory, a batch of 16 entries, a second
 * page directory we switch to and back. Then the changes that would hand
 * us a frame that is not ours or a way to write our own page tables, one
 * at a time: each must come back with a negative error (and one log line
 * from the hypervisor), and we go on. We end with a clean shutdown, and
 * the hypervisor must take back every frame, page tables included.
 *
 * probe=mmu runs every case in one boot; probe=mmu-<class> runs one
 * class (the table at the end of this file), after the legitimate cases
 * it builds on, so that a hypervisor that dies on one hostile case loses
 * only that class.
 *
 * Frames are named by their pfn (our numbering, 0 to nr_pages - 1); the
 * builder maps pfn n at GUEST_VIRT_BASE + n * PAGE_SIZE, and start_info's
 * mfn_list says which machine frame each one is. We take the frames we
 * play with from first_free_pfn on.
 */
#include <hypercall.h>
#include <kernel.h>
#include <probes/probes.h>

#define NEW_REGION 0x40000000U /* the 4 MiB our new page table maps */
#define NR_BATCH 16            /* entries in the legitimate batch */
#define FRAME_A_WORD 0xaaaa0001U
#define ALIAS_WORD 0x0a11a5edU
#define NEW_TABLE_WORD 0x7ab1e000U
#define BATCH_WORD 0xba7c0000U

/* The frames we use, taken from first_free_pfn on by take_free(). */
static struct {
    uint32_t alias;    /* A: its address comes to map B's frame, and back */
    uint32_t target;   /* B: the frame A's address aliases */
    uint32_t table;    /* F: becomes a page table, for NEW_REGION */
    uint32_t page;     /* G: mapped at NEW_REGION through F */
    uint32_t pgdir;    /* D: a copy of our page directory */
    uint32_t batch[NR_BATCH]; /* mapped after G by one batch of 16 */
} pfn;

static uint32_t next_free_pfn;

/* Where mmu_update and mmuext_op say how many requests they applied; -1
 * before each call, so that a call which never writes it shows. */
static int done;

/* The next free frame of ours, or 0 when none is left (pfn 0 is the
 * kernel's, never free). */
static uint32_t take_free(void)
{
    if (next_free_pfn >= start_info->nr_pages)
        return 0;
    return next_free_pfn++;
}

static volatile uint32_t *word_at(uint32_t va)
{
    return (volatile uint32_t *)va;
}

/* One mmu_update of the entry at machine address ptr, for domain dom;
 * done says whether it was applied. */
static int32_t update_one(uint64_t ptr, uint64_t val, domid_t dom)
{
    struct mmu_update req = { ptr | MMU_NORMAL_PT_UPDATE, val };
    done = -1;
    return HYPERVISOR_mmu_update(&req, 1, &done, dom);
}

/* One mmuext_op for domain dom. */
static int32_t ext_one(uint32_t cmd, uint32_t arg1, domid_t dom)
{
    struct mmuext_op op = { cmd, arg1, 0 };
    done = -1;
    return HYPERVISOR_mmuext_op(&op, 1, &done, dom);
}

/* The probe's line for one case: what was asked, and the result. */
static void report(const char *what, int32_t result)
{
    printk("guestos: probe: %s = %d\n", what, result);
}

/* The same for mmu_update and mmuext_op, with how many were done. */
static void report_batch(const char *what, int32_t result)
{
    printk("guestos: probe: %s = %d, done %d\n", what, result, done);
}

/* Case 1: A's address maps B's frame; a word written through it is read
 * through B's own address. Then A's address gets its own frame, and
 * word, back. */
static void probe_alias(void)
{
    *word_at(pfn_to_virt(pfn.alias)) = FRAME_A_WORD;
    *word_at(pfn_to_virt(pfn.target)) = 0;
    report("update_va_mapping(frame A's address to frame B)",
           HYPERVISOR_update_va_mapping(pfn_to_virt(pfn.alias),
                                        make_pte(pfn_to_mfn(pfn.target), PTE_P | PTE_W),
                                        UVMF_INVLPG));
    *word_at(pfn_to_virt(pfn.alias)) = ALIAS_WORD;
    printk("guestos: probe: aliasing: frame B's own address reads 0x%08x\n",
           *word_at(pfn_to_virt(pfn.target)));
    report("update_va_mapping(frame A's address back to frame A)",
           HYPERVISOR_update_va_mapping(pfn_to_virt(pfn.alias),
                                        make_pte(pfn_to_mfn(pfn.alias), PTE_P | PTE_W),
                                        UVMF_INVLPG));
    printk("guestos: probe: frame A's address reads 0x%08x again\n",
           *word_at(pfn_to_virt(pfn.alias)));
}

/*
 * Case 2: frame F becomes the page table of NEW_REGION. A page table may
 * have no writable mapping (else we could write entries the hypervisor
 * never checked), so F's own address goes read-only before the pin.
 */
static void probe_new_table(void)
{
    uint32_t table_mfn = pfn_to_mfn(pfn.table), pgdir_mfn = pfn_to_mfn(pgdir_pfn());
    struct mmu_update batch[NR_BATCH];
    struct mmuext_op flushes[2] = { { MMUEXT_TLB_FLUSH_LOCAL, 0, 0 },
                                    { MMUEXT_INVLPG_LOCAL, NEW_REGION, 0 } };

    memset((void *)pfn_to_virt(pfn.table), 0, PAGE_SIZE);
    report("update_va_mapping(frame F read-only)",
           HYPERVISOR_update_va_mapping(pfn_to_virt(pfn.table), make_pte(table_mfn, PTE_P),
                                        UVMF_INVLPG));
    report_batch("mmuext_op(pin frame F as a page table)",
                 ext_one(MMUEXT_PIN_L1_TABLE, table_mfn, DOMID_SELF));
    report_batch("mmu_update(directory entry 256 to frame F)",
                 update_one(entry_maddr(pgdir_mfn, pd_index(NEW_REGION)),
                            make_pte(table_mfn, PTE_P | PTE_W | PTE_U), DOMID_SELF));
    report_batch("mmu_update(frame F entry 0 to frame G)",
                 update_one(entry_maddr(table_mfn, 0),
                            make_pte(pfn_to_mfn(pfn.page), PTE_P | PTE_W | PTE_U),
                            DOMID_SELF));
    *word_at(NEW_REGION) = NEW_TABLE_WORD;
    printk("guestos: probe: new page table: frame G's own address reads 0x%08x\n",
           *word_at(pfn_to_virt(pfn.page)));

    for (int i = 0; i < NR_BATCH; i++) {
        batch[i].ptr = entry_maddr(table_mfn, 1 + i) | MMU_NORMAL_PT_UPDATE;
        batch[i].val = make_pte(pfn_to_mfn(pfn.batch[i]), PTE_P | PTE_W | PTE_U);
    }
    done = -1;
    report_batch("mmu_update(16 entries of frame F)",
                 HYPERVISOR_mmu_update(batch, NR_BATCH, &done, DOMID_SELF));
    int reached = 0;
    for (int i = 0; i < NR_BATCH; i++) {
        *word_at(NEW_REGION + (1 + i) * PAGE_SIZE) = BATCH_WORD + i;
        reached += *word_at(pfn_to_virt(pfn.batch[i])) == BATCH_WORD + (uint32_t)i;
    }
    printk("guestos: probe: batch: %d of 16 new pages reach their frames\n", reached);
    done = -1;
    report_batch("mmuext_op(TLB flush, invlpg)",
                 HYPERVISOR_mmuext_op(flushes, 2, &done, DOMID_SELF));
}

/* Case 3: frame D, a copy of our page directory, pinned, becomes cr3;
 * we run on it (it maps all we use) and go back to the first. */
static void probe_new_baseptr(void)
{
    uint32_t pgdir_mfn = pfn_to_mfn(pfn.pgdir);

    memcpy((void *)pfn_to_virt(pfn.pgdir), (const void *)start_info->pt_base, PAGE_SIZE);
    report("update_va_mapping(frame D read-only)",
           HYPERVISOR_update_va_mapping(pfn_to_virt(pfn.pgdir), make_pte(pgdir_mfn, PTE_P),
                                        UVMF_INVLPG));
    report_batch("mmuext_op(pin frame D as a page directory)",
                 ext_one(MMUEXT_PIN_L2_TABLE, pgdir_mfn, DOMID_SELF));
    report_batch("mmuext_op(new base pointer: frame D)",
                 ext_one(MMUEXT_NEW_BASEPTR, pgdir_mfn, DOMID_SELF));
    printk("guestos: probe: on frame D: 0x%08x reads 0x%08x\n", NEW_REGION, *word_at(NEW_REGION));
    report_batch("mmuext_op(new base pointer: our first page directory)",
                 ext_one(MMUEXT_NEW_BASEPTR, pfn_to_mfn(pgdir_pfn()), DOMID_SELF));
}

/* h1, h2, h11, h12: frames that are not ours, and other domains. */
static void probe_ownership(void)
{
    uint32_t va = pfn_to_virt(pfn.alias);
    uint64_t entry_f1 = entry_maddr(pfn_to_mfn(pfn.table), 1);

    report("update_va_mapping(mfn 0, not ours)",
           HYPERVISOR_update_va_mapping(va, make_pte(0, PTE_P | PTE_W), UVMF_INVLPG));
    report("update_va_mapping(mfn 0xfffff, past the end of memory)",
           HYPERVISOR_update_va_mapping(va, make_pte(0xfffff, PTE_P | PTE_W), UVMF_INVLPG));
    report("update_va_mapping(mfn 0x100, the hypervisor's code)",
           HYPERVISOR_update_va_mapping(va, make_pte(0x100, PTE_P), UVMF_INVLPG));
    report_batch("mmu_update(ptr in an ordinary frame of ours)",
                 update_one(entry_maddr(pfn_to_mfn(pfn.alias), 0),
                            make_pte(pfn_to_mfn(pfn.page), PTE_P),
                            DOMID_SELF));
    report_batch("mmu_update(ptr in the hypervisor's frame 0x100)",
                 update_one(entry_maddr(0x100, 0), make_pte(pfn_to_mfn(pfn.page), PTE_P),
                            DOMID_SELF));
    report_batch("mmu_update(ptr past the end of memory)",
                 update_one(entry_maddr(0xfffff, 0), make_pte(pfn_to_mfn(pfn.page), PTE_P),
                            DOMID_SELF));
    report_batch("mmu_update(dom 1)",
                 update_one(entry_f1, make_pte(pfn_to_mfn(pfn.page), PTE_P), 1));
    report_batch("mmuext_op(dom 1)", ext_one(MMUEXT_TLB_FLUSH_LOCAL, 0, 1));
}

/* h3, h4: a writable mapping of a page table or directory, and a page
 * table that has one. */
static void probe_writable_tables(void)
{
    uint32_t pt = pgdir_pfn() + 1;

    report("update_va_mapping(our page table writable)",
           HYPERVISOR_update_va_mapping(pfn_to_virt(pt), make_pte(pfn_to_mfn(pt), PTE_P | PTE_W),
                                        UVMF_INVLPG));
    report("update_va_mapping(our page directory writable)",
           HYPERVISOR_update_va_mapping(start_info->pt_base,
                                        make_pte(pfn_to_mfn(pgdir_pfn()), PTE_P | PTE_W),
                                        UVMF_INVLPG));
    report_batch("mmu_update(frame F's own entry writable)",
                 update_one(boot_pte_maddr(pfn.table),
                            make_pte(pfn_to_mfn(pfn.table), PTE_P | PTE_W),
                            DOMID_SELF));
    report_batch("mmuext_op(pin frame A, mapped writable, as a page table)",
                 ext_one(MMUEXT_PIN_L1_TABLE, pfn_to_mfn(pfn.alias), DOMID_SELF));
}

/* h5, h6, h9: directory entries that are not page tables, and the hole. */
static void probe_directory_shapes(void)
{
    uint32_t pgdir_mfn = pfn_to_mfn(pgdir_pfn());
    uint64_t entry_257 = entry_maddr(pgdir_mfn, 257);

    report_batch("mmu_update(directory entry 257 to the directory itself)",
                 update_one(entry_257, make_pte(pgdir_mfn, PTE_P | PTE_W), DOMID_SELF));
    report_batch("mmu_update(directory entry 257 to directory D)",
                 update_one(entry_257, make_pte(pfn_to_mfn(pfn.pgdir), PTE_P | PTE_W),
                            DOMID_SELF));
    report_batch("mmu_update(directory entry 257 a 4 MiB page)",
                 update_one(entry_257, make_pte(pfn_to_mfn(pfn.page), PTE_P | PTE_W | PTE_PS),
                            DOMID_SELF));
    report_batch("mmu_update(directory entry 896, in the hole)",
                 update_one(entry_maddr(pgdir_mfn, pd_index(HYPERVISOR_VIRT_START)), 0,
                            DOMID_SELF));
    report("update_va_mapping(0xe0000000, in the hole)",
           HYPERVISOR_update_va_mapping(HYPERVISOR_VIRT_START,
                                        make_pte(pfn_to_mfn(pfn.page), PTE_P),
                                        UVMF_INVLPG));
    report("update_va_mapping(0x80000000, no page table there)",
           HYPERVISOR_update_va_mapping(0x80000000, make_pte(pfn_to_mfn(pfn.page), PTE_P),
                                        UVMF_INVLPG));
}

/* h7, h8: base pointers that are not directories, and pins. */
static void probe_pins(void)
{
    report_batch("mmuext_op(new base pointer: frame A, mapped writable)",
                 ext_one(MMUEXT_NEW_BASEPTR, pfn_to_mfn(pfn.alias), DOMID_SELF));
    report_batch("mmuext_op(new base pointer: our page table)",
                 ext_one(MMUEXT_NEW_BASEPTR, pfn_to_mfn(pgdir_pfn() + 1), DOMID_SELF));
    report_batch("mmuext_op(unpin our boot page table, never pinned)",
                 ext_one(MMUEXT_UNPIN_TABLE, pfn_to_mfn(pgdir_pfn() + 1), DOMID_SELF));
    report_batch("mmuext_op(unpin frame D)",
                 ext_one(MMUEXT_UNPIN_TABLE, pfn_to_mfn(pfn.pgdir), DOMID_SELF));
    report_batch("mmuext_op(unpin frame D again)",
                 ext_one(MMUEXT_UNPIN_TABLE, pfn_to_mfn(pfn.pgdir), DOMID_SELF));
}

/* h10: batches the hypervisor must not even start, and one it stops. */
static void probe_batches(void)
{
    static struct mmu_update req[3];
    uint32_t table_mfn = pfn_to_mfn(pfn.table), page_mfn = pfn_to_mfn(pfn.page);

    for (int i = 0; i < 3; i++) {
        req[i].ptr = entry_maddr(table_mfn, 20 + i) | MMU_NORMAL_PT_UPDATE;
        req[i].val = make_pte(i == 1 ? 0 : page_mfn, PTE_P | PTE_W);
    }
    done = -1;
    report_batch("mmu_update(count 100000)", HYPERVISOR_mmu_update(req, 100000, &done, DOMID_SELF));
    done = -1;
    report_batch("mmu_update(count -1)", HYPERVISOR_mmu_update(req, -1, &done, DOMID_SELF));
    done = -1;
    report_batch("mmu_update(requests in the hole)",
                 HYPERVISOR_mmu_update((const struct mmu_update *)HYPERVISOR_VIRT_START, 1, &done,
                                       DOMID_SELF));
    done = -1;
    report_batch("mmu_update(3 requests, the 2nd maps mfn 0)",
                 HYPERVISOR_mmu_update(req, 3, &done, DOMID_SELF));
    printk("guestos: probe: the 1st was applied: 0x%08x reads 0x%08x\n",
           NEW_REGION + 20 * PAGE_SIZE, *word_at(NEW_REGION + 20 * PAGE_SIZE));
}

/* The cases, in the order they run: each builds on the ones before it
 * (new_baseptr reads NEW_REGION, which new_table maps; the hostile cases
 * aim at frames F and D). */
enum { ALIAS, NEW_TABLE, NEW_BASEPTR, OWNERSHIP, WRITABLE_TABLES, DIRECTORY_SHAPES, PINS, BATCHES,
       NR_CASES };

static void (*const cases[NR_CASES])(void) = {
    [ALIAS] = probe_alias,
    [NEW_TABLE] = probe_new_table,
    [NEW_BASEPTR] = probe_new_baseptr,
    [OWNERSHIP] = probe_ownership,
    [WRITABLE_TABLES] = probe_writable_tables,
    [DIRECTORY_SHAPES] = probe_directory_shapes,
    [PINS] = probe_pins,
    [BATCHES] = probe_batches,
};

#define CASE(c) (1U << (c))

/* What each probe= value runs: one lab 3 grader test's class, with the
 * legitimate cases it needs first (a pinned page table F, a pinned
 * directory D). */
static const struct {
    const char *probe;
    uint32_t cases;
} classes[] = {
    { "mmu", CASE(NR_CASES) - 1 },
    { "mmu-alias", CASE(ALIAS) },
    { "mmu-table", CASE(NEW_TABLE) },
    { "mmu-own", CASE(OWNERSHIP) },
    { "mmu-writable", CASE(NEW_TABLE) | CASE(WRITABLE_TABLES) },
    { "mmu-shape", CASE(NEW_TABLE) | CASE(NEW_BASEPTR) | CASE(DIRECTORY_SHAPES) },
    { "mmu-base", CASE(NEW_TABLE) | CASE(NEW_BASEPTR) | CASE(PINS) },
    { "mmu-batch", CASE(NEW_TABLE) | CASE(BATCHES) },
};

/* The cases probe (probe=mmu or probe=mmu-<class>) runs; 0 if none. */
static uint32_t cases_of(const char *probe)
{
    for (size_t i = 0; i < sizeof classes / sizeof classes[0]; i++)
        if (strcmp(probe, classes[i].probe) == 0)
            return classes[i].cases;
    return 0;
}

void probe_mmu(const char *probe)
{
    uint32_t run = cases_of(probe);

    printk("guestos: probe: %s\n", probe);
    if (run == 0)
        printk("guestos: probe: no such class: %s\n", probe);
    next_free_pfn = start_info->first_free_pfn;
    pfn.alias = take_free();
    pfn.target = take_free();
    pfn.table = take_free();
    pfn.page = take_free();
    pfn.pgdir = take_free();
    for (int i = 0; i < NR_BATCH; i++)
        pfn.batch[i] = take_free();
    if (pfn.batch[NR_BATCH - 1] == 0) {
        printk("guestos: probe: too few free frames for the probe\n");
        HYPERVISOR_shutdown(SHUTDOWN_poweroff);
    }

    for (int c = 0; c < NR_CASES; c++)
        if (run & CASE(c))
            cases[c]();

    *word_at(pfn_to_virt(pfn.target)) = 0;
    int32_t r = HYPERVISOR_update_va_mapping(pfn_to_virt(pfn.alias),
                                             make_pte(pfn_to_mfn(pfn.target), PTE_P | PTE_W),
                                             UVMF_INVLPG);
    *word_at(pfn_to_virt(pfn.alias)) = ALIAS_WORD;
    printk("guestos: probe: still alive: update_va_mapping = %d, frame B reads 0x%08x\n", r,
           *word_at(pfn_to_virt(pfn.target)));
    printk("guestos: probe: done\n");
    HYPERVISOR_shutdown(SHUTDOWN_poweroff);
    printk("guestos: probe: BUG: still running\n");
}
