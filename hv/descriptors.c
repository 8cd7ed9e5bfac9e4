/* LAB 2 FILE */
/*
 * descriptors.c - the guest's own GDT entries: the set_gdt and
 * update_descriptor hypercalls, and the check every descriptor passes
 * (lab 2).
 *
 * A descriptor is a promise about privilege that the CPU keeps: a code
 * segment with DPL 0, a call gate into the hypervisor's code, a TSS the
 * guest filled in would each be ring 0 for the guest. So a guest cannot
 * run lgdt (it is privileged); it writes its descriptors into frames of
 * its own memory and names the frames in set_gdt. We read them through
 * the direct map, check each one (check_descriptor), and keep the
 * checked copy in frames of ours (d->gdt_copy). When the domain is
 * switched to, load_guest_gdt puts the copy into the real GDT
 * (segments.c), in the entries below the hypervisor's own.
 * update_descriptor changes one entry of the copy, checked the same way.
 *
 * Xen does not copy: it makes the guest's frames the GDT and gives them
 * a frame type that keeps the guest from writing them. Frame types come
 * in lab 3; public/hvlab.h says what the copy means for the guest.
 */
#include <descriptors.h>
#include <directmap.h>
#include <domain.h>
#include <guest_access.h>
#include <sched.h>
#include <segments.h>

#define DESCRIPTORS_PER_FRAME (PAGE_SIZE / sizeof(uint64_t))

/* A descriptor's high word (Intel SDM vol. 3, 3.4.5 and 5.8.3); the low
 * word holds limit and base bits, or a gate's selector and offset. */
#define DESC_TYPE(hi) (((hi) >> 8) & 0xF)
#define DESC_S 0x00001000 /* a code or data segment; clear: a system descriptor */
#define DESC_DPL(hi) (((hi) >> 13) & 3)
#define DESC_DPL_1 0x00002000
#define DESC_P 0x00008000 /* present */
#define DESC_G 0x00800000 /* the limit counts 4 KiB pages */
#define DESC_B 0x00400000 /* data: a 32-bit segment (esp, not sp, for a stack) */
/* Type bits of code and data segments, and the one system type we take. */
#define TYPE_ACCESSED 0x1
#define TYPE_WRITABLE 0x2 /* data: writable */
#define TYPE_CONFORMING_OR_DOWN 0x4 /* code: conforming; data: expand-down */
#define TYPE_CODE 0x8
#define TYPE_CALL_GATE32 0xC

/*
 * Checks a descriptor the guest wants in its GDT, and makes the fixes
 * that are safe: DPL 0 becomes 1, and code and data segments get their
 * accessed bit. Returns 1 if *desc, fixed, may go into the GDT, or 0 with
 * *why saying what is wrong.
 */
static int check_descriptor(uint64_t *desc, const char **why)
{
    /* LAB 2 SOLUTION BEGIN: return 0; */
    uint32_t lo = (uint32_t)*desc, hi = (uint32_t)(*desc >> 32);
    uint32_t type = DESC_TYPE(hi);

    /* The CPU loads no segment and takes no gate that is not present
     * (#NP), so the rest of the descriptor does not matter. */
    if (!(hi & DESC_P))
        return 1;

    /* With ring compression, ring 0 is the hypervisor's alone. A DPL-0
     * code segment behind a call gate would run the guest's code in ring
     * 0; a DPL-0 data segment the guest meant for its kernel, which is
     * ring 1. (A gate's DPL says which rings may call through it: DPL 0
     * would mean the hypervisor alone, which never does.) */
    if (DESC_DPL(hi) == 0)
        hi |= DESC_DPL_1;

    if (!(hi & DESC_S)) {
        /* A TSS or a task gate is a task switch away: the CPU would load
         * every register, cr3 and cs included, from memory the guest
         * wrote. An LDT is a descriptor table nobody checked. Interrupt
         * and trap gates mean nothing in the GDT. Only call gates are of
         * use, and they are checked below. */
        if (type != TYPE_CALL_GATE32) {
            *why = "system descriptor (TSS, LDT, task, interrupt or trap gate) refused";
            return 0;
        }
        uint32_t selector = lo >> 16, index = selector >> 3;
        uint32_t offset = (hi & 0xFFFF0000) | (lo & 0xFFFF);
        /* A call gate runs its target at the DPL of the target's code
         * segment: a gate to HYPERVISOR_CS would be a door into ring 0 at
         * an address of the guest's choosing, the classic escape. So the
         * target must be guest code: a flat guest code segment, or an
         * entry of the guest's own, where every code segment passed this
         * check (DPL 1 or more, not conforming) whatever the entry holds
         * later. Not the LDT (bit 2): hvlab guests have none. */
        int guest_code = !(selector & 4) &&
                         ((index > 0 && index < FIRST_RESERVED_GDT_ENTRY) ||
                          index == FLAT_RING1_CS >> 3 || index == FLAT_RING3_CS >> 3);
        if (!guest_code) {
            *why = "call gate to a selector that is not guest code refused";
            return 0;
        }
        /* The target segment's limit stops an offset in the hole on
         * hardware, but QEMU's TCG checks no limits. */
        if (offset >= HYPERVISOR_VIRT_START) {
            *why = "call gate into the hole refused";
            return 0;
        }
    } else if (type & TYPE_CONFORMING_OR_DOWN) {
        /* Conforming code runs at the privilege of whoever jumps to it,
         * and the CPU skips the DPL check when a readable one is loaded
         * into a data segment register, or left in one by an iret to an
         * outer ring: its DPL, which this check relies on, protects
         * nothing. An expand-down data segment covers the offsets above
         * its limit, so the limit check below would be turned around. No
         * guest OS needs either kind; refusing them keeps the rules few. */
        *why = (type & TYPE_CODE) ? "conforming code segment refused"
                                  : "expand-down data segment refused";
        return 0;
    } else {
        uint32_t base = (lo >> 16) | ((hi & 0xFF) << 16) | (hi & 0xFF000000);
        uint32_t limit = (lo & 0xFFFF) | (hi & 0x000F0000);
        if (hi & DESC_G)
            limit = (limit << PAGE_SHIFT) | (PAGE_SIZE - 1);
        /* Paging cannot keep ring 1 out of the hole (ring 1 is
         * "supervisor"); the segment limit does, so the segment's last
         * byte must be below it. In 64 bits: past 4 GiB, addresses wrap
         * around through the hole to 0. */
        if ((uint64_t)base + limit >= HYPERVISOR_VIRT_START) {
            *why = "segment reaching into the hole refused";
            return 0;
        }
        /* A writable data segment can be a stack segment, and a 16-bit
         * one (B flag clear) leaks: an iret to a 16-bit ss loads only
         * the low half of esp, and the top half keeps what it held in
         * ring 0, the address of the hypervisor's trampoline stack (the
         * "espfix" problem). Refusing them costs guests nothing they
         * use; public/hvlab.h says so. */
        if (!(type & TYPE_CODE) && (type & TYPE_WRITABLE) && !(hi & DESC_B)) {
            *why = "16-bit writable data segment (a 16-bit stack) refused";
            return 0;
        }
        /* The CPU sets the accessed bit on the first load, a write, and
         * the GDT is read-only while a guest runs: set it now. */
        hi |= TYPE_ACCESSED << 8;
    }
    *desc = (uint64_t)hi << 32 | lo;
    return 1;
    /* LAB 2 SOLUTION END */
}

/* One log line for a refused descriptor, as the guest gave it. */
static void log_refused(const struct domain *d, const char *call, uint32_t entry, uint64_t desc,
                        const char *why)
{
    hvlog(LOG_ERR, d, call, "entry %u = %08x%08x: %s", entry, (uint32_t)(desc >> 32),
          (uint32_t)desc, why);
}

/* Entry i of d's checked copy. */
static uint64_t *copy_entry(const struct domain *d, uint32_t i)
{
    uint64_t *copy = mfn_to_virt(d->gdt_copy[i / DESCRIPTORS_PER_FRAME]);
    return &copy[i % DESCRIPTORS_PER_FRAME];
}

/* Makes sure d has copy frames for nr frames of descriptors; 0, or
 * -HV_ENOMEM. They stay until d dies (free_guest_gdt). */
static int32_t grow_copy(struct domain *d, uint32_t nr)
{
    while (d->gdt_copy_frames < nr) {
        uint32_t mfn = frame_alloc(DOMID_XEN, NULL);
        if (mfn == INVALID_MFN)
            return -HV_ENOMEM;
        d->gdt_copy[d->gdt_copy_frames++] = mfn;
    }
    return 0;
}

/* Nothing of a table with a bad frame or entry is taken. */
int32_t do_set_gdt(struct domain *d, uint32_t frame_list_va, uint32_t entries)
{
    static uint64_t checked[FIRST_RESERVED_GDT_ENTRY]; /* one CPU: one caller at a time */
    uint32_t frames[FIRST_RESERVED_GDT_PAGE];

    /* entries is unsigned here, so a negative int from the guest is huge. */
    if (entries > FIRST_RESERVED_GDT_ENTRY) {
        hvlog(LOG_ERR, d, "set_gdt", "%d entries is not in [0, %u]", (int32_t)entries,
              FIRST_RESERVED_GDT_ENTRY);
        return -HV_EINVAL;
    }
    uint32_t nr_frames = DIV_ROUND_UP(entries, DESCRIPTORS_PER_FRAME);
    if (copy_from_guest(d, frames, frame_list_va, nr_frames * sizeof frames[0]) < 0) {
        hvlog(LOG_ERR, d, "set_gdt", "frame list 0x%08x+%u is not mapped below the hole",
              frame_list_va, nr_frames * (uint32_t)sizeof frames[0]);
        return -HV_EFAULT;
    }
    for (uint32_t f = 0; f < nr_frames; f++) {
        /* Another domain's frame, or the hypervisor's, read as
         * descriptors, would leak what it holds to this guest (bases,
         * limits and types it can probe with lar and lsl). */
        if (frames[f] >= max_mfn || frame_table[frames[f]].owner != d->domid) {
            hvlog(LOG_ERR, d, "set_gdt", "frame %u: mfn 0x%x is not d%u's", f, frames[f], d->domid);
            return -HV_EINVAL;
        }
        /* Named twice, a frame would make update_descriptor's machine
         * address mean two entries. */
        for (uint32_t g = 0; g < f; g++) {
            if (frames[g] == frames[f]) {
                hvlog(LOG_ERR, d, "set_gdt", "frame %u: mfn 0x%x is frame %u too", f, frames[f], g);
                return -HV_EINVAL;
            }
        }
    }
    for (uint32_t i = 0; i < entries; i++) {
        const uint64_t *table = mfn_to_virt(frames[i / DESCRIPTORS_PER_FRAME]);
        const char *why = "refused";
        checked[i] = table[i % DESCRIPTORS_PER_FRAME];
        if (!check_descriptor(&checked[i], &why)) {
            log_refused(d, "set_gdt", i, table[i % DESCRIPTORS_PER_FRAME], why);
            return -HV_EINVAL;
        }
    }
    if (grow_copy(d, nr_frames) < 0) {
        hvlog(LOG_ERR, d, "set_gdt", "no free frame for the hypervisor's copy");
        return -HV_ENOMEM;
    }
    for (uint32_t i = 0; i < entries; i++)
        *copy_entry(d, i) = checked[i];
    memcpy(d->gdt_frames, frames, nr_frames * sizeof frames[0]);
    d->gdt_entries = entries;
    load_guest_gdt(d);
    return 0;
}

int32_t do_update_descriptor(struct domain *d, uint64_t ma, uint64_t desc)
{
    const uint64_t asked = desc;
    uint32_t entry = FIRST_RESERVED_GDT_ENTRY; /* none */
    const char *why = "refused";

    /* The frame's owner is checked again: frames change hands in later
     * labs, and a guest may name only frames of its own. */
    for (uint32_t f = 0; f < DIV_ROUND_UP(d->gdt_entries, DESCRIPTORS_PER_FRAME); f++)
        if (d->gdt_frames[f] == ma >> PAGE_SHIFT && frame_table[d->gdt_frames[f]].owner == d->domid)
            entry = f * DESCRIPTORS_PER_FRAME + (uint32_t)(ma % PAGE_SIZE) / sizeof desc;
    if (ma % sizeof desc || entry >= d->gdt_entries) {
        hvlog(LOG_ERR, d, "update_descriptor",
              "machine address 0x%08x%08x is not an entry of its GDT (set_gdt)",
              (uint32_t)(ma >> 32), (uint32_t)ma);
        return -HV_EINVAL;
    }
    if (!check_descriptor(&desc, &why)) {
        log_refused(d, "update_descriptor", entry, asked, why);
        return -HV_EINVAL;
    }
    *copy_entry(d, entry) = desc;
    gdt_write_guest(entry, &desc, 1); /* the caller runs: its entries are loaded */
    return 0;
}

void load_guest_gdt(const struct domain *d)
{
    for (uint32_t first = 0; first < d->gdt_entries; first += DESCRIPTORS_PER_FRAME) {
        uint32_t n = d->gdt_entries - first;
        if (n > DESCRIPTORS_PER_FRAME)
            n = DESCRIPTORS_PER_FRAME;
        gdt_write_guest(first, mfn_to_virt(d->gdt_copy[first / DESCRIPTORS_PER_FRAME]), n);
    }
    /* A selector past d's last entry must fault, not find a descriptor
     * that the domain before it installed. */
    if (cpu.gdt_entries > d->gdt_entries)
        gdt_write_guest(d->gdt_entries, NULL, cpu.gdt_entries - d->gdt_entries);
    cpu.gdt_entries = d->gdt_entries;
}

void free_guest_gdt(struct domain *d)
{
    for (uint32_t f = 0; f < d->gdt_copy_frames; f++)
        if (frame_free(d->gdt_copy[f], DOMID_XEN) < 0)
            panic("d%u: a GDT copy frame is not a hypervisor frame", d->domid);
    d->gdt_copy_frames = 0;
    d->gdt_entries = 0;
}
