/* LAB 5 FILE */
/*
 * grants.c - lab 5's probe of the legitimate uses of grant tables, with
 * two domains: a domU running probe=grant-peer grants domain 0 its
 * device page (the builder's grant, ref 0, writable) and one page of its
 * own read-only, and leaves a note saying which in the device page; then
 * it answers domain 0's events until domain 0 powers off. Domain 0,
 * running probe=grants, maps and copies those grants and says what it
 * saw, line by line (tests/grants.bats).
 *
 * probe=grade-map, in a domU beside domain 0, is the grader's
 * (grading/lab5.bats, exercise 1): maps the hypervisor must refuse,
 * what they leave behind (nothing), and what a map holds (the frame).
 */
#include <ctrl.h>
#include <gnttab.h>
#include <hypercall.h>
#include <kernel.h>
#include <probes/probes.h>
#include <traps.h>
#include <vm.h>

#define PEER 1
#define NOTE_OFFSET 2048 /* where in its device page the peer's note is */
#define NOTE_MAGIC 0x676e6174U

struct note {
    uint32_t magic;
    grant_ref_t readonly_ref; /* the read-only page's grant */
    char hello[24];
};

/* Our device page, in the kernel's map: which pfn holds devpage_mfn. */
static char *devpage(void)
{
    for (uint32_t pfn = 0; pfn < start_info->nr_pages; pfn++)
        if (pfn_to_mfn(pfn) == start_info->devpage_mfn)
            return (char *)pfn_to_virt(pfn);
    return NULL;
}

void probe_grant_peer(const char *name)
{
    char *page = devpage(), *readonly = kpage_alloc();
    struct note *note = page ? (struct note *)(page + NOTE_OFFSET) : NULL;
    int ref = readonly ? gnttab_grant(0, virt_to_mfn(readonly), 1) : -HV_ENOMEM;
    if (!note || ref < 0) {
        printk("guestos: probe: no device page, or no grant of a page: %d\n", ref);
        HYPERVISOR_shutdown(SHUTDOWN_crash);
    }
    strlcpy(readonly, "read-only, from d1", PAGE_SIZE);
    note->readonly_ref = (grant_ref_t)ref;
    strlcpy(note->hello, "hello from d1", sizeof note->hello);
    __asm__ volatile("" ::: "memory");
    note->magic = NOTE_MAGIC;
    printk("guestos: probe: granted d0 our device page (grant 0) and a read-only page "
           "(grant %d)\n", ref);
    ctrl_echo();
}

/* The peer's note, once it has written it (a few turns of the CPU). */
static int read_note(struct note *note)
{
    for (int i = 0; i < 1000; i++) {
        if (gnttab_copy_from(PEER, 0, NOTE_OFFSET, note, sizeof *note) == GNTST_okay &&
            note->magic == NOTE_MAGIC)
            return 0;
        HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
    }
    return -1;
}

void probe_grants(const char *name)
{
    static char buf[64] __attribute__((aligned(64)));
    static struct note note __attribute__((aligned(64)));
    grant_handle_t handle;
    char *slot = gnttab_slot_alloc();
    int r;

    if (!slot || read_note(&note) < 0) {
        printk("guestos: probe: no grant slot, or d1 left no note\n");
        HYPERVISOR_shutdown(SHUTDOWN_crash);
    }
    note.hello[sizeof note.hello - 1] = '\0';
    printk("guestos: probe: copy from d1's grant 0: '%s'; its read-only grant is %u\n",
           note.hello, note.readonly_ref);

    r = gnttab_map(PEER, 0, slot, 0, &handle);
    printk("guestos: probe: map(d1's grant 0, writable) = %d: frame 0x%x, reads '%s'\n", r,
           virt_to_mfn(slot), r == 0 ? slot + NOTE_OFFSET + 8 : "");
    if (r == 0) {
        strlcpy(slot + 3072, "written by d0 through a mapping", 64);
        r = gnttab_unmap(slot, handle);
        gnttab_copy_from(PEER, 0, 3072, buf, 40);
        printk("guestos: probe: unmap = %d; a copy then reads '%s'\n", r, buf);
        printk("guestos: probe: unmap again = %d\n", gnttab_unmap(slot, handle));
    }

    r = gnttab_map(PEER, note.readonly_ref, slot, 0, &handle);
    printk("guestos: probe: map(d1's read-only grant, writable) = %d\n", r);
    r = gnttab_map(PEER, note.readonly_ref, slot, 1, &handle);
    printk("guestos: probe: map(d1's read-only grant, read-only) = %d: reads '%s'\n", r,
           r == 0 ? slot : "");
    if (r == 0) {
        EXPECT_TRAP(*(volatile char *)slot = 'X');
        if (trap_recover) {
            trap_recover = 0;
            printk("guestos: probe: write to the read-only mapping: no fault\n");
        } else {
            printk("guestos: probe: write to the read-only mapping: trap %u, error 0x%x\n",
                   last_trap.vector, last_trap.error);
        }
        printk("guestos: probe: unmap = %d\n", gnttab_unmap(slot, handle));
    }

    int to = gnttab_copy_to(PEER, 0, 3500, "copied to d1", 13);
    memset(buf, 0, sizeof buf);
    int from = gnttab_copy_from(PEER, 0, 3500, buf, 13);
    printk("guestos: probe: copy to d1's grant 0 = %d, back = %d: '%s'\n", to, from, buf);
    printk("guestos: probe: copy to d1's read-only grant = %d\n",
           gnttab_copy_to(PEER, note.readonly_ref, 0, "X", 1));
    r = gnttab_copy_grants(PEER, note.readonly_ref, 0, PEER, 0, 3600, 19);
    memset(buf, 0, sizeof buf);
    gnttab_copy_from(PEER, 0, 3600, buf, 19);
    printk("guestos: probe: copy d1's read-only grant to its grant 0 = %d: '%s'\n", r, buf);
    printk("guestos: probe: copy past the page = %d\n", gnttab_copy_from(PEER, 0, 4000, buf, 200));
    gnttab_slot_free(slot);
    printk("guestos: probe: grants mapped now: %u\n", gnttab_mapped());
    HYPERVISOR_shutdown(SHUTDOWN_poweroff);
}

/* --- probe=grade-map --------------------------------------------------- */

/* The entry of our kernel's page tables that maps va (its table is ours,
 * read-only in our map). */
static uint32_t kernel_pte(const void *va)
{
    uint32_t pde = ((const uint32_t *)start_info->pt_base)[pd_index(va)];
    for (uint32_t pfn = 0; pfn < start_info->nr_pages; pfn++)
        if (pfn_to_mfn(pfn) == pte_mfn(pde))
            return ((const uint32_t *)pfn_to_virt(pfn))[pt_index(va)];
    return 0xFFFFFFFFU;
}

static int32_t pin_table(uint32_t cmd, const void *va)
{
    struct mmuext_op op = { .cmd = cmd, .arg1 = virt_to_mfn(va) };
    return HYPERVISOR_mmuext_op(&op, 1, NULL, DOMID_SELF);
}

/* Our page at va, read-only in our map (a page table's condition). */
static int32_t read_only(void *va)
{
    return HYPERVISOR_update_va_mapping((uint32_t)va, make_pte(virt_to_mfn(va), PTE_P),
                                        UVMF_INVLPG);
}

/* Our grant table's entry ref: the grant area's first page. */
static uint16_t grant_flags(grant_ref_t ref)
{
    uint32_t pages;
    return ((volatile struct grant_entry_v1 *)vm_grant_area(&pages))[ref].flags;
}

void grade_map(const char *name)
{
    domid_t self = start_info->domid;
    grant_handle_t handle;
    char *slot = gnttab_slot_alloc(), *ro = kpage_alloc(), *rw = kpage_alloc();
    if (!slot || !ro || !rw) {
        printk("guestos: probe: no slot or no page\n");
        HYPERVISOR_shutdown(SHUTDOWN_crash);
    }
    strlcpy(ro, "mine", PAGE_SIZE);
    int ro_ref = gnttab_grant(self, virt_to_mfn(ro), 1);
    int table_ref = gnttab_grant(self, pfn_to_mfn(pgdir_pfn() + 1), 1);

    grant_handle_t good;
    char *slot2 = gnttab_slot_alloc();
    printk("guestos: probe: map(our read-only grant, read-only) = %d\n",
           gnttab_map(DOMID_SELF, (grant_ref_t)ro_ref, slot2, 1, &good));
    printk("guestos: probe: map(our grant 0, made for d0) = %d\n",
           gnttab_map(DOMID_SELF, 0, slot, 0, &handle));
    printk("guestos: probe: map(our read-only grant, writable) = %d\n",
           gnttab_map(DOMID_SELF, (grant_ref_t)ro_ref, slot, 0, &handle));
    printk("guestos: probe: map(grant 512, past our table) = %d\n",
           gnttab_map(DOMID_SELF, 512, slot, 1, &handle));
    printk("guestos: probe: map(our grant of a page table) = %d\n",
           gnttab_map(DOMID_SELF, (grant_ref_t)table_ref, slot, 1, &handle));
    printk("guestos: probe: map(our read-only grant, at an address in use) = %d\n",
           gnttab_map(DOMID_SELF, (grant_ref_t)ro_ref, ro, 1, &handle));
    printk("guestos: probe: after the refused maps: slot entry 0x%08x, our page reads '%s', "
           "grant flags 0x%x\n", kernel_pte(slot), ro, grant_flags((grant_ref_t)ro_ref));
    int32_t r = gnttab_unmap(slot2, good);
    printk("guestos: probe: unmap(the read-only mapping) = %d: grant flags 0x%x\n", r,
           grant_flags((grant_ref_t)ro_ref));
    memset(ro, 0, PAGE_SIZE); /* a page table's entries: not present */
    r = read_only(ro);
    printk("guestos: probe: after the refused maps: pin the read-only grant's frame = %d\n",
           r < 0 ? r : pin_table(MMUEXT_PIN_L1_TABLE, ro));
    pin_table(MMUEXT_UNPIN_TABLE, ro);

    int rw_ref = gnttab_grant(self, virt_to_mfn(rw), 0);
    read_only(rw);
    r = gnttab_map(DOMID_SELF, (grant_ref_t)rw_ref, slot, 0, &handle);
    printk("guestos: probe: map(our writable grant) = %d: entry maps our frame %d, grant flags "
           "0x%x\n", r, pte_mfn(kernel_pte(slot)) == virt_to_mfn(rw),
           grant_flags((grant_ref_t)rw_ref));
    if (r != GNTST_okay)
        HYPERVISOR_shutdown(SHUTDOWN_poweroff);
    strlcpy(slot, "through the mapping", 32);
    printk("guestos: probe: our page reads '%s'\n", rw);
    memset(slot, 0, 32);
    printk("guestos: probe: pin the frame while it is mapped writable = %d\n",
           pin_table(MMUEXT_PIN_L1_TABLE, rw));
    r = gnttab_unmap(slot, handle);
    printk("guestos: probe: unmap = %d: slot entry 0x%08x, grant flags 0x%x\n", r,
           kernel_pte(slot), grant_flags((grant_ref_t)rw_ref));
    printk("guestos: probe: pin the frame once unmapped = %d\n",
           pin_table(MMUEXT_PIN_L1_TABLE, rw));
    pin_table(MMUEXT_UNPIN_TABLE, rw);
    HYPERVISOR_shutdown(SHUTDOWN_poweroff);
}
