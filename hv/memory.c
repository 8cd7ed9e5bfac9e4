/*
 * memory.c - machine memory at boot (lab 1): where the RAM is, where the
 * frame table goes, and which frames are free.
 *
 * The multiboot memory map says which machine addresses are RAM. Of the
 * RAM inside the direct map, everything is free except the first MiB
 * (BIOS data, VGA memory), the hypervisor image, the boot modules and the
 * frame table itself. The modules are freed once the domains are built.
 */
#include <boot.h>
#include <frame.h>
#include <memory.h>

extern char hv_start_addr[], hv_end_addr[];

#define LOW_MEMORY_END 0x100000

static int is_ram(const struct boot_info *bi, uint32_t mfn)
{
    uint64_t a = (uint64_t)mfn << PAGE_SHIFT;
    for (int i = 0; i < bi->nr_ram; i++)
        if (a >= bi->ram[i].start && a + PAGE_SIZE <= bi->ram[i].end)
            return 1;
    return 0;
}

/* Is frame mfn inside machine range [start, end)? */
static int frame_in(uint32_t mfn, uint32_t start, uint32_t end)
{
    uint32_t a = mfn << PAGE_SHIFT;
    return a + PAGE_SIZE > start && a < end;
}

static int in_module(const struct boot_info *bi, uint32_t mfn)
{
    for (int i = 0; i < bi->nr_modules; i++)
        if (frame_in(mfn, bi->modules[i].start, bi->modules[i].end))
            return 1;
    return 0;
}

/*
 * The guest's view of the hole: one page table that maps the trampoline
 * (hv.ld) at its usual addresses. Code and tables are read-only (CR0.WP
 * makes that hold for ring 0 too); only the stack the CPU pushes trap
 * frames onto is writable. No PTE_U: ring 3 never reaches any of it.
 */
extern char trampoline_start[], trampoline_stack[], trampoline_end[];
static uint32_t trampoline_table[ENTRIES_PER_TABLE] __attribute__((aligned(PAGE_SIZE)));

static void trampoline_init(void)
{
    uint32_t va = (uint32_t)trampoline_start;
    if (pd_index(va) != pd_index((uint32_t)trampoline_end - 1))
        panic("memory: the trampoline crosses a 4 MiB boundary");
    for (; va < (uint32_t)trampoline_end; va += PAGE_SIZE) {
        uint32_t writable = va >= (uint32_t)trampoline_stack ? PTE_W : 0;
        trampoline_table[pt_index(va)] = virt_to_maddr(va) | PTE_P | writable;
    }
}

void install_hole(uint32_t *pgdir)
{
    for (uint32_t i = pd_index(HYPERVISOR_VIRT_START); i < ENTRIES_PER_TABLE; i++)
        pgdir[i] = 0;
    pgdir[pd_index(trampoline_start)] = virt_to_maddr(trampoline_table) | PTE_P | PTE_W;
}

void clear_frame(uint32_t mfn)
{
    memset(mfn_to_virt(mfn), 0, PAGE_SIZE);
}

void memory_init(const struct boot_info *bi)
{
    uint64_t top = 0;
    for (int i = 0; i < bi->nr_ram; i++)
        if (bi->ram[i].end > top)
            top = bi->ram[i].end;
    if (top > DIRECTMAP_SIZE) {
        hvlog(LOG_WARN, NULL, "memory", "%u MiB above the direct map (%u MiB) left unused",
               (uint32_t)((top - DIRECTMAP_SIZE) >> 20), DIRECTMAP_SIZE >> 20);
        top = DIRECTMAP_SIZE;
    }
    uint32_t nr_frames = (uint32_t)(top >> PAGE_SHIFT);

    /* The frame table goes after the hypervisor and the modules (the boot
     * loader put the modules after us), in RAM. */
    uint32_t hv_start = virt_to_maddr(hv_start_addr), hv_end = virt_to_maddr(hv_end_addr);
    uint32_t table = hv_end;
    for (int i = 0; i < bi->nr_modules; i++)
        if (bi->modules[i].end > table)
            table = bi->modules[i].end;
    table = (table + PAGE_SIZE - 1) & PAGE_MASK;
    uint32_t table_end = table + nr_frames * sizeof(struct page_info);
    table_end = (table_end + PAGE_SIZE - 1) & PAGE_MASK;
    for (uint32_t a = table; a < table_end; a += PAGE_SIZE)
        if (!is_ram(bi, a >> PAGE_SHIFT))
            boot_error("hv: memory: no room for the frame table (%u KiB at 0x%08x)",
                       (table_end - table) / 1024, table);

    frame_table_init(maddr_to_virt(table), nr_frames);
    uint32_t ram_frames = 0;
    /* From the top down, so that frame_alloc hands out low frames first. */
    for (uint32_t mfn = nr_frames; mfn-- > 0;) {
        if (!is_ram(bi, mfn)) {
            frame_table[mfn].owner = DOMID_IO;
            continue;
        }
        ram_frames++;
        if (frame_in(mfn, 0, LOW_MEMORY_END) || frame_in(mfn, hv_start, hv_end) ||
            frame_in(mfn, table, table_end) || in_module(bi, mfn))
            continue;
        frame_free(mfn, DOMID_XEN);
    }
    trampoline_init();
    hvlog(LOG_INFO, NULL, "memory", "%u MiB of RAM, %u KiB free, frame table %u KiB at 0x%08x",
           ram_frames >> 8, free_frames.count * 4, (table_end - table) / 1024, table);
}

void memory_release_modules(const struct boot_info *bi)
{
    uint32_t released = 0;
    for (int i = 0; i < bi->nr_modules; i++) {
        uint32_t first = bi->modules[i].start >> PAGE_SHIFT;
        uint32_t end = (bi->modules[i].end + PAGE_SIZE - 1) >> PAGE_SHIFT;
        for (uint32_t mfn = first; mfn < end && mfn < max_mfn; mfn++)
            if (frame_free(mfn, DOMID_XEN) == 0)
                released++;
    }
    hvlog(LOG_DEBUG, NULL, "memory", "boot modules released (%u KiB)", released * 4);
}
