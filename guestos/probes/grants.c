/* LAB 5 FILE */
/*
 * grants.c - lab 5's probe of the legitimate uses of grant tables, with
 * two domains: a domU running probe=grant-peer grants domain 0 its
 * device page (the builder's grant, ref 0, writable) and one page of its
 * own read-only, and leaves a note saying which in the device page; then
 * it answers domain 0's events until domain 0 powers off. Domain 0,
 * running probe=grants, maps and copies those grants and says what it
 * saw, line by line (tests/grants.bats, grading/lab5.bats).
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
