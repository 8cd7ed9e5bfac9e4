/*
 * domain.c - creating, building and killing domains (lab 1). Which
 * domain runs is sched.c's business.
 *
 * The domain builder turns an ELF kernel from a boot module into a
 * domain that is ready to run: it checks the image, gives the domain its
 * memory, copies the kernel in, builds the initial page tables, fills
 * start_info, and sets the registers for the first entry into ring 1.
 * public/hvlab.h documents the layout the guest finds.
 */
#include <boot.h>
#include <domain.h>
#include <lib/elf.h>
#include <memory.h>
#include <sched.h>
#include <x86.h>
/* LAB 2 BEGIN */
#include <descriptors.h>
/* LAB 2 END */
/* LAB 3 BEGIN */
#include <mm.h>
/* LAB 3 END */
/* LAB 4 BEGIN */
#include <event.h>
#include <time.h>
/* LAB 4 END */
/* LAB 5 BEGIN */
#include <grant.h>
#include <public/io/devpage.h>
/* LAB 5 END */

struct domain *domain_table[MAX_DOMAINS];
/* LAB 4 BEGIN */
uint32_t nr_domus;
/* LAB 4 END */

/*
 * A domain and its vCPU share one frame: all the hypervisor memory a
 * domain costs until it asks for more (a GDT copy in lab 2; event-channel
 * ports and grant tables, allocated on first use, in labs 4 and 5). 1000
 * domains are planned, so this stays small: Xen in 2003 kept 20 KiB per
 * domain, and domain_create() prints ours.
 */
struct domain_frame {
    struct domain domain;
    struct vcpu vcpu;
};
_Static_assert(sizeof(struct domain_frame) <= PAGE_SIZE,
               "a domain and its vCPU must fit in one frame");

#define GUEST_AREA_PAGES ((HYPERVISOR_VIRT_START - GUEST_VIRT_BASE) / PAGE_SIZE)
#define MFNS_PER_FRAME (PAGE_SIZE / sizeof(uint32_t))
#define MAX_MFN_LIST_FRAMES (GUEST_AREA_PAGES / MFNS_PER_FRAME)

struct domain *domain_create(domid_t domid, uint32_t flags)
{
    if (domid >= MAX_DOMAINS || domain_table[domid])
        return NULL;
    uint32_t mfn = frame_alloc(DOMID_XEN, NULL);
    if (mfn == INVALID_MFN)
        return NULL;
    clear_frame(mfn);
    struct domain_frame *frame = mfn_to_virt(mfn);
    struct domain *d = &frame->domain;
    d->domid = domid;
    d->flags = flags;
    d->pages.head = INVALID_MFN;
    d->pages.count = 0;
    d->vcpu = &frame->vcpu;
    d->vcpu->domain = d;
    /* LAB 2 BEGIN */
    d->vcpu->fast_trap = -1;
    /* LAB 2 END */
    /* LAB 4 BEGIN */
    sched_init_vcpu(d->vcpu);
    /* LAB 4 END */
    domain_table[domid] = d;
    sched_add(d->vcpu);
    hvlog(LOG_INFO, d, "domain",
          "created: %u bytes of hypervisor memory (struct domain %u, struct vcpu %u)",
          PAGE_SIZE, (uint32_t)sizeof(struct domain), (uint32_t)sizeof(struct vcpu));
    return d;
}

/* Where the builder puts things, in the domain's pseudo-physical frames
 * (the order public/hvlab.h promises the guest). */
struct layout {
    uint32_t nr_pages;
    uint32_t mfn_list_pfn, mfn_list_frames;
    uint32_t start_info_pfn;
    uint32_t pgdir_pfn, pt_pfn, nr_pt;
    uint32_t stack_pfn;
    uint32_t first_free_pfn;
    /* LAB 4 BEGIN */
    uint32_t shared_info_pfn;
    /* LAB 4 END */
    /* LAB 5 BEGIN */
    uint32_t grant_table_pfn;
    uint32_t devpage_pfn; /* a domU's; 0 in domain 0 */
    /* LAB 5 END */
    uint32_t mfn_list_mfns[MAX_MFN_LIST_FRAMES]; /* where the mfn_list lives */
};

static uint32_t pfn_to_va(uint32_t pfn)
{
    return GUEST_VIRT_BASE + pfn * PAGE_SIZE;
}

static uint32_t pfn_to_mfn(const struct layout *l, uint32_t pfn)
{
    const uint32_t *list = mfn_to_virt(l->mfn_list_mfns[pfn / MFNS_PER_FRAME]);
    return list[pfn % MFNS_PER_FRAME];
}

/* The guest's view of frame pfn, through the hypervisor's direct map. */
static void *pfn_to_hv(const struct layout *l, uint32_t pfn)
{
    return mfn_to_virt(pfn_to_mfn(l, pfn));
}

static void plan_layout(struct layout *l, uint32_t nr_pages, const struct elf_image *elf)
{
    l->nr_pages = nr_pages;
    l->mfn_list_pfn = DIV_ROUND_UP(elf->virt_end - GUEST_VIRT_BASE, PAGE_SIZE);
    l->mfn_list_frames = DIV_ROUND_UP(nr_pages, MFNS_PER_FRAME);
    l->start_info_pfn = l->mfn_list_pfn + l->mfn_list_frames;
    l->pgdir_pfn = l->start_info_pfn + 1;
    l->pt_pfn = l->pgdir_pfn + 1;
    l->nr_pt = DIV_ROUND_UP(nr_pages, ENTRIES_PER_TABLE);
    l->stack_pfn = l->pt_pfn + l->nr_pt;
    l->first_free_pfn = l->stack_pfn + 1;
    /* LAB 4 BEGIN */
    l->shared_info_pfn = l->first_free_pfn++;
    /* LAB 4 END */
}

/*
 * Numbers the domain's frames: pfn n is the n-th frame on its page list.
 * Writes that numbering into the mfn_list, which lives in the domain's
 * own frames mfn_list_pfn onwards, so first find which frames those are.
 */
static void write_mfn_list(struct domain *d, struct layout *l)
{
    uint32_t pfn = 0, mfn;
    for (mfn = d->pages.head; mfn != INVALID_MFN; mfn = frame_table[mfn].next, pfn++)
        if (pfn >= l->mfn_list_pfn && pfn < l->mfn_list_pfn + l->mfn_list_frames)
            l->mfn_list_mfns[pfn - l->mfn_list_pfn] = mfn;
    pfn = 0;
    for (mfn = d->pages.head; mfn != INVALID_MFN; mfn = frame_table[mfn].next, pfn++) {
        uint32_t *list = mfn_to_virt(l->mfn_list_mfns[pfn / MFNS_PER_FRAME]);
        list[pfn % MFNS_PER_FRAME] = mfn;
    }
}

/* Copies the file part of each loadable segment; the rest (bss) stays
 * zero because every frame was cleared when it was allocated. */
static void load_segments(const struct layout *l, const struct elf_image *elf, const char *image)
{
    for (int i = 0; i < elf->header->e_phnum; i++) {
        const struct elf32_phdr *ph = &elf->phdrs[i];
        if (ph->p_type != ELF_PT_LOAD)
            continue;
        for (uint32_t done = 0; done < ph->p_filesz;) {
            uint32_t va = ph->p_vaddr + done;
            uint32_t offset = va & ~PAGE_MASK;
            uint32_t chunk = PAGE_SIZE - offset;
            if (chunk > ph->p_filesz - done)
                chunk = ph->p_filesz - done;
            char *dst = pfn_to_hv(l, (va - GUEST_VIRT_BASE) / PAGE_SIZE);
            memcpy(dst + offset, image + ph->p_offset + done, chunk);
            done += chunk;
        }
    }
}

/*
 * The initial page tables: all of the domain's memory mapped at
 * GUEST_VIRT_BASE, for ring 1 only (no PTE_U), and the hole filled in by
 * the hypervisor (install_hole). The directory and the
 * tables are mapped read-only: a guest that could write its page tables
 * could map any machine frame, the hypervisor's included.
 */
static void build_page_tables(const struct layout *l)
{
    uint32_t *pgdir = pfn_to_hv(l, l->pgdir_pfn);
    install_hole(pgdir);
    /* LAB 1 SOLUTION BEGIN */
    for (uint32_t k = 0; k < l->nr_pt; k++)
        pgdir[pd_index(GUEST_VIRT_BASE) + k] =
            (pfn_to_mfn(l, l->pt_pfn + k) << PAGE_SHIFT) | PTE_P | PTE_W;

    for (uint32_t pfn = 0; pfn < l->nr_pages; pfn++) {
        uint32_t *table = pfn_to_hv(l, l->pt_pfn + pfn / ENTRIES_PER_TABLE);
        int is_page_table = pfn >= l->pgdir_pfn && pfn < l->pt_pfn + l->nr_pt;
        uint32_t flags = is_page_table ? PTE_P : PTE_P | PTE_W;
        table[pfn % ENTRIES_PER_TABLE] = (pfn_to_mfn(l, pfn) << PAGE_SHIFT) | flags;
    }
    /* LAB 1 SOLUTION END */
}

/* LAB 2 BEGIN */
/* The pages of segments marked PF_HVLAB_USER become usable from ring 3;
 * so must their directory entries be, as the CPU checks both levels. */
static void map_user_segments(const struct layout *l, const struct elf_image *elf)
{
    uint32_t *pgdir = pfn_to_hv(l, l->pgdir_pfn);
    for (int i = 0; i < elf->header->e_phnum; i++) {
        const struct elf32_phdr *ph = &elf->phdrs[i];
        if (ph->p_type != ELF_PT_LOAD || !(ph->p_flags & PF_HVLAB_USER) || !ph->p_memsz)
            continue;
        uint32_t first = (ph->p_vaddr - GUEST_VIRT_BASE) / PAGE_SIZE;
        uint32_t last = (ph->p_vaddr + ph->p_memsz - 1 - GUEST_VIRT_BASE) / PAGE_SIZE;
        for (uint32_t pfn = first; pfn <= last; pfn++) {
            uint32_t *table = pfn_to_hv(l, l->pt_pfn + pfn / ENTRIES_PER_TABLE);
            table[pfn % ENTRIES_PER_TABLE] |= PTE_U;
            pgdir[pd_index(pfn_to_va(pfn))] |= PTE_U;
        }
    }
}
/* LAB 2 END */

static void fill_start_info(const struct domain *d, const struct layout *l, const char *cmdline)
{
    struct start_info *si = pfn_to_hv(l, l->start_info_pfn);
    strlcpy(si->magic, START_INFO_MAGIC, sizeof si->magic);
    si->nr_pages = l->nr_pages;
    si->shared_info = 0;
    si->flags = d->flags;
    si->pt_base = pfn_to_va(l->pgdir_pfn);
    si->nr_pt_frames = 1 + l->nr_pt;
    si->mfn_list = pfn_to_va(l->mfn_list_pfn);
    si->first_free_pfn = l->first_free_pfn;
    si->domid = d->domid;
    strlcpy(si->cmd_line, cmdline, sizeof si->cmd_line);
}

/* The registers of the domain's first instruction (public/hvlab.h). */
static void set_initial_registers(struct domain *d, const struct layout *l, uint32_t entry)
{
    struct trap_frame *regs = &d->vcpu->regs;

    memset(regs, 0, sizeof *regs);
    regs->eip = entry;
    regs->cs = FLAT_RING1_CS;
    regs->ss = regs->ds = regs->es = regs->fs = regs->gs = FLAT_RING1_DS;
    regs->eflags = EFLAGS_FIXED | EFLAGS_IF; /* IOPL 0: no I/O ports */
    regs->esp = pfn_to_va(l->stack_pfn + 1);
    regs->esi = pfn_to_va(l->start_info_pfn);
    d->pgdir_mfn = pfn_to_mfn(l, l->pgdir_pfn);
}

/* LAB 4 BEGIN */
/*
 * Gives d its shared_info: one of its own frames, which the hypervisor
 * writes whenever it likes, so it can never become a page table (mm.c).
 * Events start masked: the guest unmasks once its callback is set.
 */
static void init_shared_info(struct domain *d, const struct layout *l)
{
    d->shared_info = pfn_to_hv(l, l->shared_info_pfn);
    d->shared_info_mfn = pfn_to_mfn(l, l->shared_info_pfn);
    d->shared_info->vcpu_info[0].evtchn_upcall_mask = 1;
    time_publish(d);

    struct start_info *si = pfn_to_hv(l, l->start_info_pfn);
    si->shared_info = d->shared_info_mfn << PAGE_SHIFT;
    si->nr_domus = d->domid == 0 ? nr_domus : 0;
    if (d->domid != 0) {
        int port = evtchn_bind_ctrl(domain_table[0], d);
        if (port < 0)
            boot_error("hv: d%u: build: no event channel to d0 (out of memory)", d->domid);
        si->ctrl_evtchn = (uint32_t)port;
    }
}
/* LAB 4 END */

/* LAB 5 BEGIN */
/* After shared_info, a domU's grant table's first frame and its device
 * page (public/hvlab.h). Domain 0's table starts empty: setup_table gives
 * it frames when it first grants, and a small domain 0 keeps the page. */
static void plan_grant_pages(struct layout *l, const struct domain *d)
{
    l->grant_table_pfn = d->domid != 0 ? l->first_free_pfn++ : 0;
    l->devpage_pfn = d->domid != 0 ? l->first_free_pfn++ : 0;
}

/*
 * Gives d its grant table, one of its own frames, which can never become
 * a page table (mm.c); a domU's device page, zeroed, is granted to
 * domain 0 writable (io/devpage.h), before the domU's first instruction.
 */
static void init_grant_table(struct domain *d, const struct layout *l)
{
    struct start_info *si = pfn_to_hv(l, l->start_info_pfn);
    if (l->grant_table_pfn)
        grant_table_init(d, pfn_to_mfn(l, l->grant_table_pfn));
    si->devpage_mfn = 0;
    if (l->devpage_pfn) {
        si->devpage_mfn = pfn_to_mfn(l, l->devpage_pfn);
        grant_builder_entry(d, GNTTAB_RESERVED_DEVPAGE, 0, si->devpage_mfn, 0);
    }
    si->nr_domus = nr_domus; /* a domU's peers too (public/hvlab.h) */
}
/* LAB 5 END */

void domain_build(struct domain *d, const struct boot_module *m, uint32_t mem_kb)
{
    static struct layout l; /* too big for the stack; one build at a time */
    struct elf_image elf;
    char err[160];

    /* The module's string is "path args...": the name is the path's last
     * component, the guest's command line is the rest. */
    const char *args = strchr(m->string, ' ');
    size_t path_len = args ? (size_t)(args - m->string) : strlen(m->string);
    const char *name = m->string;
    for (size_t i = 0; i < path_len; i++)
        if (m->string[i] == '/')
            name = &m->string[i + 1];
    size_t name_len = (size_t)(m->string + path_len - name);
    if (name_len >= sizeof d->name)
        name_len = sizeof d->name - 1;
    memcpy(d->name, name, name_len);
    d->name[name_len] = '\0';
    while (args && *args == ' ')
        args++;

    uint32_t nr_pages = mem_kb / (PAGE_SIZE / 1024);
    if (nr_pages > GUEST_AREA_PAGES)
        boot_error("hv: d%u: build: %u KiB of memory is more than the guest area holds (%u KiB)",
                   d->domid, mem_kb, GUEST_AREA_PAGES * (PAGE_SIZE / 1024));
    if (elf_check(maddr_to_virt(m->start), m->end - m->start, GUEST_VIRT_BASE,
                  HYPERVISOR_VIRT_START, &elf, err, sizeof err) < 0)
        boot_error("hv: d%u: build: %s: %s", d->domid, d->name, err);

    plan_layout(&l, nr_pages, &elf);
    /* LAB 5 BEGIN */
    plan_grant_pages(&l, d);
    /* LAB 5 END */
    if (l.first_free_pfn > nr_pages)
        boot_error("hv: d%u: build: %u KiB is too little memory: "
                   "%s and its boot structures need %u KiB",
                   d->domid, mem_kb, d->name, l.first_free_pfn * (PAGE_SIZE / 1024));
    if (free_frames.count < nr_pages)
        boot_error("hv: d%u: build: not enough free memory: %u KiB asked, %u KiB free", d->domid,
                   mem_kb, free_frames.count * (PAGE_SIZE / 1024));

    for (uint32_t i = 0; i < nr_pages; i++)
        clear_frame(frame_alloc(d->domid, &d->pages));
    write_mfn_list(d, &l);
    load_segments(&l, &elf, maddr_to_virt(m->start));
    build_page_tables(&l);
    /* LAB 2 BEGIN */
    map_user_segments(&l, &elf);
    /* LAB 2 END */
    fill_start_info(d, &l, args ? args : "");
    set_initial_registers(d, &l, elf.entry);
    /* LAB 4 BEGIN */
    init_shared_info(d, &l);
    /* LAB 4 END */
    /* LAB 5 BEGIN */
    init_grant_table(d, &l);
    /* LAB 5 END */
    /* LAB 3 BEGIN */
    /* From now on the frame table knows the tables for what they are:
     * the directory and its page tables validated, every page the guest
     * maps writable typed writable. */
    if (mm_init_domain(d, d->pgdir_mfn) < 0)
        panic("d%u: build: the page tables we built do not validate", d->domid);
    /* LAB 3 END */

    hvlog(LOG_INFO, d, "build",
          "%s: %u KiB, kernel [0x%08x, 0x%08x), entry 0x%08x, start_info 0x%08x",
          d->name, mem_kb, elf.virt_start, elf.virt_end, elf.entry, pfn_to_va(l.start_info_pfn));
}


void domain_destroy(struct domain *d)
{
    domid_t domid = d->domid;
    /* LAB 2 BEGIN */
    hvlog(LOG_ERR, d, "domain", "%u hypercalls, %u traps bounced to it", d->nr_hypercalls,
          d->nr_bounces);
    free_guest_gdt(d);
    /* LAB 2 END */
    /* LAB 4 BEGIN */
    if (current == d->vcpu)
        d->vcpu->runtime_ns += now() - d->vcpu->run_since;
    hvlog(LOG_ERR, d, "domain", "ran %u ms; events: %u sent, %u received",
          (uint32_t)(d->vcpu->runtime_ns >> 20) * 1049 / 1000, d->nr_events_sent,
          d->nr_events_received);
    event_release_domain(d);
    /* LAB 4 END */
    /* LAB 5 BEGIN */
    grant_release_mappings(d);
    /* LAB 5 END */

    console_flush(d);
    sched_remove(d->vcpu);
    /* The hypervisor runs on its own page directory, never on d's, so d's
     * page tables can become free frames at once. */
    if (current == d->vcpu)
        current = NULL;
    /* LAB 3 BEGIN */
    mm_release_domain(d);
    /* LAB 3 END */
    int freed = frame_free_list(&d->pages, domid);
    if (freed < 0)
        panic("d%u: its page list holds a frame it does not own", domid);
    domain_table[domid] = NULL;
    if (frame_free(virt_to_maddr(d) >> PAGE_SHIFT, DOMID_XEN) < 0) /* and its vCPU */
        panic("d%u: struct domain is not a hypervisor frame", domid);
    const struct domain gone = { .domid = domid }; /* d is free memory now */
    hvlog(LOG_ERR, &gone, "domain", "destroyed, %d frames returned (%u KiB free)", freed,
          free_frames.count * (PAGE_SIZE / 1024));
    /* LAB 4 BEGIN */
    if (domid != 0)
        send_virq(domain_table[0], VIRQ_DOM_EXC);
    /* LAB 4 END */
}

void domain_kill(struct domain *d)
{
    domain_destroy(d);
    schedule();
}
