/*
 * grading.c - probe=grade-NAME: what the graders boot to catch plausible
 * wrong solutions that the demonstrations let through (lab 1; lab 3 adds
 * grade-mmu). grading/labN.bats boots them.
 *
 *   grade-ptwrite  (lab 1) writes our first boot page table, which the
 *                  domain builder must have mapped read-only like the
 *                  directory: the write must kill us.
 *   grade-console  (lab 1) console_io on a buffer in the hole that our
 *                  page directory maps (the IDT), and on a page our
 *                  page table covers but does not map: both refused.
 *   grade-mmu      (lab 3) a refused request must change nothing: a
 *                  page table in our directory keeps its type when an
 *                  update of its directory entry is refused, so it still
 *                  cannot be mapped writable; a pin of a pinned table
 *                  and of a frame not ours, and an unknown command, are
 *                  refused.
 */
#include <hypercall.h>
#include <kernel.h>
#include <mmu.h>
#include <probes/probes.h>

/* Lab 1: the first boot page table (the tables follow the directory),
 * written like fault=ptwrite writes the directory. A writable page table
 * is a guest that maps any frame. */
void grade_ptwrite(const char *name)
{
    volatile uint32_t *table = (volatile uint32_t *)(start_info->pt_base + PAGE_SIZE);
    printk("guestos: probe: writing our first page table at 0x%08x\n", (uint32_t)table);
    table[0] = table[0];
    printk("guestos: probe: BUG: our page table is writable\n");
}

/* Lab 1: console_io on buffers the hypervisor must refuse to read, the
 * walk of our page tables (guest_va_to_mfn) finding an entry for each:
 * the IDT (found with sidt, which ring 1 may run), which the hypervisor
 * maps in its hole of our address space, and the page past our memory,
 * which our last page table covers (when our memory is not a multiple of
 * 4 MiB) with an entry that is not present. */
void grade_console(const char *name)
{
    struct { uint16_t limit; uint32_t base; } __attribute__((packed)) idtr;
    uint32_t past_end = GUEST_VIRT_BASE + start_info->nr_pages * PAGE_SIZE;

    __asm__ volatile("sidt %0" : "=m"(idtr));
    printk("guestos: probe: console_io(buffer on the IDT, in the hole) = %d\n",
           HYPERVISOR_console_io(CONSOLEIO_write, 16, (const char *)idtr.base));
    printk("guestos: probe: console_io(buffer past our memory, 0x%08x) = %d\n", past_end,
           HYPERVISOR_console_io(CONSOLEIO_write, 16, (const char *)past_end));
}

/* LAB 3 BEGIN */
#define REGION 0x40000000U /* the 4 MiB our page table F maps */
#define WORD 0x600d7ab1U

static int done;

static void report(const char *what, int32_t result)
{
    printk("guestos: probe: %s = %d, done %d\n", what, result, done);
}

static int32_t update(uint64_t ptr, uint64_t val)
{
    struct mmu_update req = { ptr | MMU_NORMAL_PT_UPDATE, val };
    done = -1;
    return HYPERVISOR_mmu_update(&req, 1, &done, DOMID_SELF);
}

static int32_t ext(uint32_t cmd, uint32_t arg1)
{
    struct mmuext_op op = { cmd, arg1, 0 };
    done = -1;
    return HYPERVISOR_mmuext_op(&op, 1, &done, DOMID_SELF);
}

/* Lab 3: page table F (not pinned: its directory entry is its only use)
 * maps frame G at REGION. */
void grade_mmu(const char *name)
{
    uint32_t f = start_info->first_free_pfn, g = f + 1, f_mfn = pfn_to_mfn(f);
    uint64_t dir_entry = entry_maddr(pfn_to_mfn(pgdir_pfn()), pd_index(REGION));

    memset((void *)pfn_to_virt(f), 0, PAGE_SIZE);
    ((uint32_t *)pfn_to_virt(f))[0] = make_pte(pfn_to_mfn(g), PTE_P | PTE_W | PTE_U);
    *(volatile uint32_t *)pfn_to_virt(g) = WORD;
    printk("guestos: probe: update_va_mapping(frame F read-only) = %d\n",
           HYPERVISOR_update_va_mapping(pfn_to_virt(f), make_pte(f_mfn, PTE_P), UVMF_INVLPG));
    report("mmu_update(directory entry 256 to frame F)",
           update(dir_entry, make_pte(f_mfn, PTE_P | PTE_W | PTE_U)));

    /* Refused: the entry must keep F, and F its type and count. */
    report("mmu_update(directory entry 256 to a 4 MiB page instead)",
           update(dir_entry, make_pte(f_mfn, PTE_P | PTE_W | PTE_PS)));
    printk("guestos: probe: after the refusal: 0x%08x reads 0x%08x\n", REGION,
           *(volatile uint32_t *)REGION);
    printk("guestos: probe: update_va_mapping(frame F writable, still our page table) = %d\n",
           HYPERVISOR_update_va_mapping(pfn_to_virt(f), make_pte(f_mfn, PTE_P | PTE_W),
                                        UVMF_INVLPG));

    report("mmuext_op(pin frame F as a page table)", ext(MMUEXT_PIN_L1_TABLE, f_mfn));
    report("mmuext_op(pin frame F again)", ext(MMUEXT_PIN_L1_TABLE, f_mfn));
    report("mmuext_op(pin frame 0x100, the hypervisor's)", ext(MMUEXT_PIN_L1_TABLE, 0x100));
    report("mmuext_op(unpin frame F)", ext(MMUEXT_UNPIN_TABLE, f_mfn));
    report("mmuext_op(unpin frame F again)", ext(MMUEXT_UNPIN_TABLE, f_mfn));
    report("mmuext_op(command 9)", ext(9, 0));
    report("mmu_update(directory entry 256 cleared)", update(dir_entry, 0));
    printk("guestos: probe: done\n");
    HYPERVISOR_shutdown(SHUTDOWN_poweroff);
    printk("guestos: probe: BUG: still running\n");
}
/* LAB 3 END */
