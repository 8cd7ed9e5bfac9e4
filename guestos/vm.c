/* LAB 3 FILE */
/*
 * vm.c - the guest kernel's page allocator and the address spaces of its
 * processes (lab 3).
 *
 * We own our page tables, but we can never write one that is in use: the
 * hypervisor checks every change (hv/mm.c). So an address space is made
 * in three steps. First its directory and page tables are filled in
 * while they are still ordinary pages of ours, writable through the
 * kernel's map. Then one batched mmu_update makes them read-only in that
 * map (the hypervisor accepts no page table we could still write), and
 * one pin asks it to validate the whole tree. From then on each change is
 * one checked hypercall: update_va_mapping for a page a fault brings in,
 * mmu_update for a new page table. Teardown is the reverse: unpin (the
 * hypervisor drops every reference the tables held), one batch to make
 * the frames writable again, and every frame goes back to the free list.
 *
 * Frames are named by pfn: pfn n is mapped at GUEST_VIRT_BASE + n * 4096
 * in the kernel's map, and start_info's mfn_list gives its machine frame,
 * which is what page-table entries hold.
 */
#include <lib/elf.h>
#include <hypercall.h>
#include <kernel.h>
#include <proc.h>
#include <vm.h>

extern const char user_image[], user_image_end[]; /* user_image.S: user/user.ld's output */

static const uint32_t *mfn_list;
static uint32_t nr_pages, first_pfn;
static uint32_t *kernel_pd; /* the directory the builder made: ours */
static uint32_t kernel_pd_mfn, current_pd_mfn;

/* Free frames, linked through their first word; pfn 0 (the kernel's
 * first page) ends the list. */
static uint32_t free_head, nr_free, nr_free_at_start, least_free;

/* Who holds each frame: 0 the kernel (or nobody), or a process's vm_id,
 * with OWNER_TABLE when the frame is one of its page tables or its
 * directory, and so read-only in the kernel's map. */
static uint8_t *owner;
#define OWNER_TABLE 0x80

/* Machine frame to pfn, for the frames page-table entries name: our
 * frames' mfns, sorted. */
static struct m2p {
    uint32_t mfn, pfn;
} *m2p;

/* A bug of ours, or a hypervisor that goes back on its word: stop. */
#define panic_guest(...)                                                       \
    do {                                                                       \
        printk("guestos: BUG: " __VA_ARGS__);                                  \
        printk("\n");                                                          \
        HYPERVISOR_shutdown(SHUTDOWN_crash);                                   \
    } while (0)

/* Page-table hypercalls made so far (vm_bench divides them up). */
static uint32_t nr_hypercalls;
#define COUNTED(call) (nr_hypercalls++, (call))

static void *pfn_va(uint32_t pfn) { return (void *)(GUEST_VIRT_BASE + pfn * PAGE_SIZE); }
static uint32_t va_pfn(const void *va) { return ((uint32_t)va - GUEST_VIRT_BASE) / PAGE_SIZE; }
static uint32_t round_up(uint32_t x) { return (x + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1); }

static uint32_t mfn_to_pfn(uint32_t mfn)
{
    uint32_t lo = 0, hi = nr_pages;
    while (lo < hi) {
        uint32_t mid = (lo + hi) / 2;
        if (m2p[mid].mfn < mfn)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo == nr_pages || m2p[lo].mfn != mfn) {
        panic_guest("vm: machine frame 0x%x is not ours", mfn);
        return 0;
    }
    return m2p[lo].pfn;
}

/* The machine address of the kernel's page-table entry that maps pfn:
 * what an mmu_update names to change that mapping. */
static uint64_t kernel_pte(uint32_t pfn)
{
    uint32_t va = (uint32_t)pfn_va(pfn);
    return entry_maddr(pte_mfn(kernel_pd[pd_index(va)]), pt_index(va));
}

/* A zeroed frame for who, or 0 when none is left. */
static uint32_t page_alloc(uint8_t who)
{
    uint32_t pfn = free_head;
    if (!pfn)
        return 0;
    free_head = *(uint32_t *)pfn_va(pfn);
    if (--nr_free < least_free)
        least_free = nr_free;
    memset(pfn_va(pfn), 0, PAGE_SIZE);
    owner[pfn] = who;
    return pfn;
}

/* pfn must be writable in the kernel's map again. */
static void page_free(uint32_t pfn)
{
    owner[pfn] = 0;
    *(uint32_t *)pfn_va(pfn) = free_head;
    free_head = pfn;
    nr_free++;
}

/* LAB 5 BEGIN */
/* The grant area's first address (0: none) and its page tables: 4 MiB
 * each, 4 for a domain 0 of 4 MiB or more (its back ends map the domUs'
 * rings and buffers), 1 for a domU or a small domain 0. */
static uint32_t grant_area, grant_area_tables;

/*
 * Page tables for the grant area, made before any process exists, so
 * that every directory copies their entries (new_directory) and a grant
 * mapped there is seen by the kernel whatever process runs. Each is
 * read-only in our map, then validated as it enters the directory.
 */
static void grant_area_init(void)
{
    /* Domain 0 alone has nobody to share pages with, and a small one (lab
     * 3's 256 KiB) no page to spare. */
    if ((start_info->flags & SIF_INITDOMAIN) && !start_info->nr_domus)
        return;
    uint32_t tables = (start_info->flags & SIF_INITDOMAIN) && nr_pages >= 1024 ? 4 : 1;
    uint32_t base = HYPERVISOR_VIRT_START - tables * ENTRIES_PER_TABLE * PAGE_SIZE;
    for (uint32_t k = 0; k < tables; k++) {
        uint32_t pfn = page_alloc(OWNER_TABLE);
        struct mmu_update pde = {
            entry_maddr(kernel_pd_mfn, pd_index(base) + k),
            pfn ? make_pte(mfn_list[pfn], PTE_P | PTE_W) : 0,
        };
        if (!pfn || (kernel_pd[pd_index(base) + k] & PTE_P) ||
            HYPERVISOR_update_va_mapping((uint32_t)pfn_va(pfn), make_pte(mfn_list[pfn], PTE_P),
                                         UVMF_INVLPG) < 0 ||
            HYPERVISOR_mmu_update(&pde, 1, NULL, DOMID_SELF) < 0) {
            printk("guestos: vm: no grant area (page table %u of %u)\n", k, tables);
            return;
        }
    }
    grant_area = base;
    grant_area_tables = tables;
}

uint32_t vm_grant_area(uint32_t *pages)
{
    *pages = grant_area_tables * ENTRIES_PER_TABLE;
    return grant_area;
}

void *kpage_alloc(void)
{
    uint32_t pfn = page_alloc(0);
    return pfn ? pfn_va(pfn) : NULL;
}

void kpage_free(void *va)
{
    page_free(va_pfn(va));
}

uint32_t virt_to_mfn(const void *va)
{
    uint32_t a = (uint32_t)va;
    /* start_info's list, not our copy: the probes ask before vm_init. */
    if (a >= GUEST_VIRT_BASE && va_pfn(va) < start_info->nr_pages)
        return ((const uint32_t *)start_info->mfn_list)[va_pfn(va)];
    if (!grant_area || a < grant_area || a >= HYPERVISOR_VIRT_START)
        return 0;
    uint32_t pde = kernel_pd[pd_index(a)];
    uint32_t pte = ((const uint32_t *)pfn_va(mfn_to_pfn(pte_mfn(pde))))[pt_index(a)];
    return pte & PTE_P ? pte_mfn(pte) : 0;
}
/* LAB 5 END */

void vm_init(void)
{
    mfn_list = (const uint32_t *)start_info->mfn_list;
    nr_pages = start_info->nr_pages;
    kernel_pd = (uint32_t *)start_info->pt_base;
    kernel_pd_mfn = current_pd_mfn = mfn_list[va_pfn(kernel_pd)];

    /* Our own tables come first: the owners, then the sorted m2p. */
    uint32_t owner_bytes = (nr_pages + 3) & ~3U;
    uint32_t pages = round_up(owner_bytes + nr_pages * sizeof *m2p) / PAGE_SIZE;
    /* Too little memory even for them: writing them would run past our
     * last frame. Say so and stop, rather than fault somewhere later. */
    if (start_info->first_free_pfn + pages > nr_pages) {
        printk("guestos: vm: %u KiB is too little memory for the page allocator's tables\n",
               nr_pages * (PAGE_SIZE / 1024));
        HYPERVISOR_shutdown(SHUTDOWN_crash);
    }
    owner = pfn_va(start_info->first_free_pfn);
    m2p = (struct m2p *)(owner + owner_bytes);
    first_pfn = start_info->first_free_pfn + pages;
    if (first_pfn >= nr_pages) {
        printk("guestos: vm: no memory left for processes\n");
        first_pfn = nr_pages;
    }
    memset(owner, 0, owner_bytes);
    for (uint32_t pfn = 0; pfn < nr_pages; pfn++)
        m2p[pfn] = (struct m2p){ mfn_list[pfn], pfn };
    for (uint32_t gap = nr_pages / 2; gap > 0; gap /= 2) /* Shell sort, by mfn */
        for (uint32_t i = gap; i < nr_pages; i++)
            for (uint32_t j = i; j >= gap && m2p[j - gap].mfn > m2p[j].mfn; j -= gap) {
                struct m2p t = m2p[j];
                m2p[j] = m2p[j - gap];
                m2p[j - gap] = t;
            }
    for (uint32_t pfn = nr_pages; pfn-- > first_pfn;)
        page_free(pfn);
    /* LAB 5 BEGIN */
    grant_area_init();
    /* LAB 5 END */
    nr_free_at_start = least_free = nr_free;
}

/* The entry that maps va in p's tables (0 if none), and the frame of its
 * page table in *pt_pfn (0 if none). */
static uint32_t lookup(const struct proc *p, uint32_t va, uint32_t *pt_pfn)
{
    uint32_t pde = ((const uint32_t *)pfn_va(p->pd_pfn))[pd_index(va)];
    *pt_pfn = 0;
    if (!(pde & PTE_P))
        return 0;
    *pt_pfn = mfn_to_pfn(pte_mfn(pde));
    return ((const uint32_t *)pfn_va(*pt_pfn))[pt_index(va)];
}

/* While p's tables are still ours to write (vm_spawn): maps va to machine
 * frame mfn with flags, making the page table if need be. 0, or -1. */
static int map_unchecked(struct proc *p, uint32_t va, uint32_t mfn, uint32_t flags)
{
    uint32_t pt_pfn, *pd = pfn_va(p->pd_pfn);
    lookup(p, va, &pt_pfn);
    if (!pt_pfn) {
        if (!(pt_pfn = page_alloc(p->vm_id | OWNER_TABLE)))
            return -1;
        pd[pd_index(va)] = make_pte(mfn_list[pt_pfn], PTE_P | PTE_W | PTE_U);
    }
    ((uint32_t *)pfn_va(pt_pfn))[pt_index(va)] = make_pte(mfn, flags);
    return 0;
}

/*
 * One batch that maps every page table and the directory of process
 * vm_id read-only (writable = 0) or writable again (1) in the kernel's
 * map. The frames are found by their owner byte: a scan of our frames,
 * cheaper than the hypercalls it saves. 0, or the hypercall's error.
 */
static int remap_tables(uint8_t vm_id, int writable)
{
    static struct mmu_update req[64];
    int n = 0, done = 0;
    for (uint32_t pfn = first_pfn; pfn < nr_pages; pfn++) {
        if (owner[pfn] != (vm_id | OWNER_TABLE))
            continue;
        if (n == 64)
            return -HV_ENOMEM;
        req[n].ptr = kernel_pte(pfn) | MMU_NORMAL_PT_UPDATE;
        req[n].val = make_pte(mfn_list[pfn], PTE_P | (writable ? PTE_W : 0));
        n++;
    }
    int r = COUNTED(HYPERVISOR_mmu_update(req, n, &done, DOMID_SELF));
    if (r < 0 && done) { /* undo the part that was applied */
        for (int i = 0; i < done; i++)
            req[i].val ^= PTE_W;
        COUNTED(HYPERVISOR_mmu_update(req, done, NULL, DOMID_SELF));
    }
    return r;
}

/* Every frame of vm_id back to the free list; they must be writable in
 * the kernel's map. How many. */
static uint32_t free_all(uint8_t vm_id)
{
    uint32_t n = 0;
    for (uint32_t pfn = first_pfn; pfn < nr_pages; pfn++)
        if ((owner[pfn] & ~OWNER_TABLE) == vm_id) {
            page_free(pfn);
            n++;
        }
    return n;
}

/* Maps the pages of one loadable segment of the user image. Read-only
 * segments are shared: every process maps the image's own frames. */
static int load_segment(struct proc *p, const struct elf32_phdr *ph)
{
    uint32_t end = ph->p_vaddr + ph->p_memsz, file_end = ph->p_vaddr + ph->p_filesz;
    const char *file = user_image + ph->p_offset - ph->p_vaddr; /* va to image byte */
    int writable = ph->p_flags & ELF_PF_W;

    if (!writable && ph->p_filesz == ph->p_memsz &&
        ph->p_offset % PAGE_SIZE == ph->p_vaddr % PAGE_SIZE) {
        for (uint32_t va = ph->p_vaddr & ~(PAGE_SIZE - 1); va < end; va += PAGE_SIZE)
            if (map_unchecked(p, va, mfn_list[va_pfn(file + va)], PTE_P | PTE_U) < 0)
                return -1;
        return 0;
    }
    /* Private copies of the pages with file bytes; whole pages of bss
     * past them come on first touch, as heap. */
    for (uint32_t va = ph->p_vaddr & ~(PAGE_SIZE - 1); va < round_up(file_end); va += PAGE_SIZE) {
        uint32_t pfn = page_alloc(p->vm_id);
        if (!pfn || map_unchecked(p, va, mfn_list[pfn], PTE_P | PTE_U | (writable ? PTE_W : 0)) < 0)
            return -1;
        uint32_t from = va < ph->p_vaddr ? ph->p_vaddr : va;
        uint32_t to = va + PAGE_SIZE < file_end ? va + PAGE_SIZE : file_end;
        memcpy((char *)pfn_va(pfn) + (from - va), file + from, to - from);
    }
    if (writable && end > p->brk) {
        p->heap_start = round_up(file_end);
        p->brk_base = p->brk = end;
    }
    return 0;
}

/* A directory for p, with the kernel's half filled in: the kernel's own
 * page tables, without the user bit. The hypervisor fills in the hole
 * when it validates the directory. 0, or -1. */
static int new_directory(struct proc *p)
{
    p->heap_start = p->brk_base = p->brk = 0;
    if (!(p->pd_pfn = page_alloc(p->vm_id | OWNER_TABLE)))
        return -1;
    uint32_t *pd = pfn_va(p->pd_pfn);
    for (uint32_t i = pd_index(GUEST_VIRT_BASE); i < pd_index(HYPERVISOR_VIRT_START); i++)
        pd[i] = kernel_pd[i] & ~PTE_U;
    return 0;
}

/* p's tables, filled in: read-only in our map, then validated and pinned
 * by the hypervisor. One batch, one pin. 0, or the error. */
static int commit(struct proc *p)
{
    int r = remap_tables(p->vm_id, 0);
    if (r < 0)
        return r;
    struct mmuext_op pin = { .cmd = MMUEXT_PIN_L2_TABLE, .arg1 = mfn_list[p->pd_pfn] };
    if ((r = COUNTED(HYPERVISOR_mmuext_op(&pin, 1, NULL, DOMID_SELF))) < 0)
        remap_tables(p->vm_id, 1);
    return r;
}

/* An address space that could not be made: its frames back. error. */
static int abandon(struct proc *p, const char *name, int error)
{
    if (error == -HV_ENOMEM)
        printk("guestos: vm: no memory for %s's address space\n", name);
    free_all(p->vm_id);
    p->pd_pfn = 0;
    return error;
}

int vm_spawn(struct proc *p, const char *name, uint32_t *eip, uint32_t *esp)
{
    struct elf_image elf;
    char err[120];
    int r = -HV_ENOMEM;

    if (elf_check(user_image, (size_t)(user_image_end - user_image), USER_BASE,
                  USER_STACK_TOP - USER_STACK_MAX, &elf, err, sizeof err) < 0) {
        printk("guestos: vm: the user image is no good: %s\n", err);
        return -HV_EINVAL;
    }
    if (new_directory(p) < 0)
        goto fail;
    for (int i = 0; i < elf.header->e_phnum; i++)
        if (elf.phdrs[i].p_type == ELF_PT_LOAD && load_segment(p, &elf.phdrs[i]) < 0)
            goto fail;

    /* The first stack page: the program's name, and user_exec(name)'s
     * arguments under it, as if called. */
    uint32_t stack_pfn = page_alloc(p->vm_id);
    if (!stack_pfn || map_unchecked(p, USER_STACK_TOP - PAGE_SIZE, mfn_list[stack_pfn],
                                    PTE_P | PTE_W | PTE_U) < 0)
        goto fail;
    size_t len = strlen(name) + 1;
    uint32_t name_va = (USER_STACK_TOP - len) & ~3U;
    uint32_t *sp =
        (uint32_t *)((char *)pfn_va(stack_pfn) + (name_va - (USER_STACK_TOP - PAGE_SIZE)));
    memcpy(sp, name, len);
    *--sp = name_va;
    *--sp = 0; /* user_exec's return address: it never returns */
    if ((r = commit(p)) == 0) {
        *esp = name_va - 8;
        *eip = elf.entry;
        return 0;
    }
fail:
    return abandon(p, name, r);
}

int vm_fork(struct proc *parent, struct proc *child)
{
    const uint32_t *from = pfn_va(parent->pd_pfn);
    if (!parent->pd_pfn)
        return -HV_ENOSYS;
    if (new_directory(child) < 0)
        return abandon(child, parent->name, -HV_ENOMEM);
    child->heap_start = parent->heap_start;
    child->brk_base = parent->brk_base;
    child->brk = parent->brk;
    for (uint32_t i = 0; i < pd_index(USER_TOP); i++) {
        if (!(from[i] & PTE_P))
            continue;
        const uint32_t *pt = pfn_va(mfn_to_pfn(pte_mfn(from[i])));
        for (uint32_t j = 0; j < 1024; j++) {
            uint32_t pte = pt[j], va = pgaddr(i, j);
            if (!(pte & PTE_P))
                continue;
            if (!(pte & PTE_W)) { /* read-only: the same frame, shared */
                if (map_unchecked(child, va, pte_mfn(pte), PTE_P | PTE_U) < 0)
                    return abandon(child, parent->name, -HV_ENOMEM);
                continue;
            }
            uint32_t pfn = page_alloc(child->vm_id);
            if (!pfn || map_unchecked(child, va, mfn_list[pfn], PTE_P | PTE_W | PTE_U) < 0)
                return abandon(child, parent->name, -HV_ENOMEM);
            memcpy(pfn_va(pfn), pfn_va(mfn_to_pfn(pte_mfn(pte))), PAGE_SIZE);
        }
    }
    int r = commit(child);
    return r ? abandon(child, parent->name, r) : 0;
}

void vm_switch(struct proc *p)
{
    uint32_t mfn = p && p->pd_pfn ? mfn_list[p->pd_pfn] : kernel_pd_mfn;
    if (mfn == current_pd_mfn)
        return;
    struct mmuext_op op = { .cmd = MMUEXT_NEW_BASEPTR, .arg1 = mfn };
    if (COUNTED(HYPERVISOR_mmuext_op(&op, 1, NULL, DOMID_SELF)) < 0)
        panic_guest("vm: cannot switch to the page directory at mfn 0x%x", mfn);
    current_pd_mfn = mfn;
}

void vm_destroy(struct proc *p)
{
    if (!p->pd_pfn)
        return;
    if (current_pd_mfn == mfn_list[p->pd_pfn])
        panic_guest("vm: destroying the address space we run on");
    struct mmuext_op unpin = { .cmd = MMUEXT_UNPIN_TABLE, .arg1 = mfn_list[p->pd_pfn] };
    if (COUNTED(HYPERVISOR_mmuext_op(&unpin, 1, NULL, DOMID_SELF)) < 0 ||
        remap_tables(p->vm_id, 1) < 0)
        panic_guest("vm: the hypervisor will not give back %s's page tables", p->name);
    free_all(p->vm_id);
    p->pd_pfn = 0;
}

int vm_fault(struct proc *p, uint32_t va, uint32_t error)
{
    /* LAB 3 SOLUTION BEGIN: return -1; */
    uint32_t page = va & ~(PAGE_SIZE - 1), pt_pfn;
    int in_heap = va >= p->heap_start && va < round_up(p->brk);
    int in_stack = va >= USER_STACK_TOP - USER_STACK_MAX && va < USER_STACK_TOP;

    /* A page that is there but forbids the access, or one outside the
     * heap and the stack: not for p. */
    if (!p->pd_pfn || (error & PF_ERR_PRESENT) || !(in_heap || in_stack))
        return -1;
    if (lookup(p, page, &pt_pfn) & PTE_P)
        return -1;
    if (!pt_pfn) {
        /* A new page table: read-only in our map first, then the
         * hypervisor validates it as it enters the directory. */
        if (!(pt_pfn = page_alloc(p->vm_id | OWNER_TABLE)))
            goto oom;
        struct mmu_update pde = {
            entry_maddr(mfn_list[p->pd_pfn], pd_index(page)),
            make_pte(mfn_list[pt_pfn], PTE_P | PTE_W | PTE_U),
        };
        if (COUNTED(HYPERVISOR_update_va_mapping((uint32_t)pfn_va(pt_pfn),
                                                 make_pte(mfn_list[pt_pfn], PTE_P),
                                                 UVMF_INVLPG)) < 0 ||
            COUNTED(HYPERVISOR_mmu_update(&pde, 1, NULL, DOMID_SELF)) < 0)
            panic_guest("vm: the hypervisor refused %s a new page table", p->name);
    }
    uint32_t pfn = page_alloc(p->vm_id);
    if (!pfn)
        goto oom;
    if (COUNTED(HYPERVISOR_update_va_mapping(page, make_pte(mfn_list[pfn], PTE_P | PTE_W | PTE_U),
                                             UVMF_INVLPG)) < 0)
        panic_guest("vm: the hypervisor refused %s a zero page", p->name);
    return 0;
oom:
    printk("guestos: process %d (%s): out of memory at 0x%08x\n", p->pid, p->name, va);
    return -1;
    /* LAB 3 SOLUTION END */
}

uint32_t vm_sbrk(struct proc *p, int32_t increment)
{
    uint32_t old = p->brk;
    if (!p->pd_pfn || increment < 0 || (uint32_t)increment > p->brk_base + USER_HEAP_MAX - old)
        return (uint32_t)-1;
    p->brk += (uint32_t)increment;
    return old;
}

int vm_user_range(struct proc *p, uint32_t va, uint32_t n, int write)
{
    uint32_t need = PTE_P | PTE_U | (write ? PTE_W : 0), pt_pfn;
    if (va >= USER_TOP || n > USER_TOP - va)
        return 0;
    for (uint32_t page = va & ~(PAGE_SIZE - 1); page < va + n; page += PAGE_SIZE) {
        uint32_t pte = lookup(p, page, &pt_pfn);
        int demand = !(pte & PTE_P) && ((page >= p->heap_start && page < round_up(p->brk)) ||
                                        page >= USER_STACK_TOP - USER_STACK_MAX);
        if ((pte & need) != need && !demand)
            return 0;
    }
    return 1;
}

void vm_report(void)
{
    uint32_t kernel = va_pfn((const void *)start_info->mfn_list);
    uint32_t boot = start_info->first_free_pfn - kernel;
    uint32_t tables = first_pfn - start_info->first_free_pfn;
    uint32_t peak = nr_free_at_start - least_free;
    printk("guestos: memory: kernel image %u KiB, boot structures %u KiB, frame tables %u KiB, "
           "processes at most %u KiB; %u KiB needed of %u KiB; %u KiB in use now\n",
           kernel * 4, boot * 4, tables * 4, peak * 4, (first_pfn + peak) * 4, nr_pages * 4,
           (nr_free_at_start - nr_free) * 4);
}

void vm_bench(void)
{
    static uint32_t cycles[64];
    struct proc p = { .vm_id = NPROC + 1, .name = "bench" };
    uint32_t eip, esp, pages = 0, calls = nr_hypercalls;
    for (int i = 0; i < 64; i++) {
        uint64_t t0 = rdtsc();
        int r = vm_spawn(&p, "hello", &eip, &esp);
        pages = nr_free_at_start - nr_free;
        vm_destroy(&p);
        if (r < 0) {
            printk("guestos: bench: vm_spawn failed: %d\n", r);
            return;
        }
        cycles[i] = (uint32_t)(rdtsc() - t0);
    }
    printk("guestos: bench: a process address space (%u pages), created and destroyed: "
           "median %u cycles, %u hypercalls\n",
           pages, median(cycles, 64), (nr_hypercalls - calls) / 64);
}
