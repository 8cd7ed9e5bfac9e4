/*
 * segments.c - the GDT and the TSS (lab 1).
 *
 * Ring compression: the hypervisor runs in ring 0, guest kernels in ring
 * 1, guest programs in ring 3. Paging cannot keep ring 1 out of the
 * hypervisor hole (the MMU only knows "supervisor" rings 0-2 and "user"
 * ring 3), so the guest segments do it: every guest segment ends at
 * HYPERVISOR_VIRT_START - 1, and any access above it faults (#GP).
 *
 * What the TSS is for here: esp0, the stack the CPU switches to when
 * a guest traps into ring 0: the trampoline's stack. Guests run with IOPL
 * 0, so a guest touching an I/O port faults, unless the TSS's I/O
 * permission bitmap lets it (lab 5: domain 0 and its disk's ports).
 *
 * The GDT and TSS live in the trampoline: the CPU reads them while the
 * guest's page tables are loaded, where they are mapped read-only. So every
 * descriptor is made with its "accessed" bit already set: otherwise the
 * CPU would set it, a write to a read-only page, on the first load.
 */
#include <hv.h>
#include <segments.h>
#include <x86.h>

#define GDT_ENTRIES ((TSS_SELECTOR >> 3) + 1)

/* Descriptor access bytes: present, ring, code or data type. */
#define SEG_PRESENT 0x80
#define SEG_DPL(r) ((r) << 5)
#define SEG_CODE 0x1B       /* code segment, execute/read, accessed */
#define SEG_DATA 0x13       /* data segment, read/write, accessed */
#define SEG_TSS32 0x09      /* available 32-bit TSS (a system segment) */
#define SEG_FLAGS_4K32 0xC  /* 4 KiB granularity, 32-bit */

struct tss {
    uint32_t link, esp0, ss0, esp1, ss1, esp2, ss2;
    uint32_t cr3, eip, eflags, eax, ecx, edx, ebx, esp, ebp, esi, edi;
    uint32_t es, cs, ss, ds, fs, gs, ldt;
    uint16_t trap, iomap_base;
    /* LAB 5 BEGIN */
    uint8_t io_bitmap[IO_BITMAP_PORTS / 8]; /* bit p set: port p traps below ring 0 */
    uint8_t io_bitmap_end;                  /* 0xFF: the CPU reads two bytes at a time */
    /* LAB 5 END */
};

#define TRAMPOLINE_DATA __attribute__((section(".trampoline.data"), aligned(4096)))
static uint64_t gdt[GDT_ENTRIES] TRAMPOLINE_DATA;
static struct tss tss TRAMPOLINE_DATA;
extern char trampoline_stack_top[];

/* Builds a descriptor; limit is in units of 4 KiB when flags say so. */
static uint64_t descriptor(uint32_t base, uint32_t limit, uint8_t access, uint8_t flags)
{
    uint64_t d = 0;
    d |= limit & 0xFFFF;
    d |= (uint64_t)(base & 0xFFFFFF) << 16;
    d |= (uint64_t)access << 40;
    d |= (uint64_t)((limit >> 16) & 0xF) << 48;
    d |= (uint64_t)(flags & 0xF) << 52;
    d |= (uint64_t)(base >> 24) << 56;
    return d;
}

/* A 32-bit segment for ring dpl from 0 to limit, in 4 KiB pages. */
static uint64_t flat_segment(uint32_t limit, int dpl, uint8_t type)
{
    return descriptor(0, limit, SEG_PRESENT | SEG_DPL(dpl) | type, SEG_FLAGS_4K32);
}

/* LAB 2 BEGIN */
void tss_set_ring1_stack(uint32_t ss, uint32_t esp)
{
    tss.ss1 = ss;
    tss.esp1 = esp;
}

/* The guest's part of the GDT ends where the hypervisor's entries begin. */
_Static_assert((HYPERVISOR_CS >> 3) >= FIRST_RESERVED_GDT_ENTRY, "guest GDT entries overlap ours");

void gdt_write_guest(uint32_t first, const uint64_t *desc, uint32_t n)
{
    if (first > FIRST_RESERVED_GDT_ENTRY || n > FIRST_RESERVED_GDT_ENTRY - first)
        panic("segments: guest GDT entries %u to %u reach the hypervisor's", first, first + n - 1);
    if (desc)
        memcpy(&gdt[first], desc, n * sizeof gdt[0]);
    else
        memset(&gdt[first], 0, n * sizeof gdt[0]);
}

int gdt_data_segment(uint32_t selector, uint32_t *base, uint32_t *limit)
{
    uint32_t index = (selector & 0xFFFF) >> 3;
    if (!index || (selector & 4) || index >= GDT_ENTRIES)
        return -1; /* null, in an LDT (guests have none), or past the GDT */
    uint32_t lo = (uint32_t)gdt[index], hi = (uint32_t)(gdt[index] >> 32);
    /* Present, a code or data segment (S), and not code. */
    if ((hi & 0x9800) != 0x9000)
        return -1;
    *base = (lo >> 16) | ((hi & 0xFF) << 16) | (hi & 0xFF000000);
    *limit = (lo & 0xFFFF) | (hi & 0x000F0000);
    if (hi & 0x00800000) /* G: the limit counts 4 KiB pages */
        *limit = (*limit << PAGE_SHIFT) | (PAGE_SIZE - 1);
    return 0;
}
/* LAB 2 END */

/* LAB 5 BEGIN */
/*
 * The I/O permission bitmap. With IOPL 0, an in or out below ring 0 is
 * let through only if the bits of every port it touches are clear (a
 * 16-bit in at 0x1F7 touches 0x1F8 too). The TSS ends with the bitmap
 * and its 0xFF byte, and a port whose bits lie past the TSS's limit
 * always traps: ports from IO_BITMAP_PORTS up need no bits to stay shut.
 */
void tss_allow_io(uint32_t first, uint32_t last, int allow)
{
    if (first > last || last >= IO_BITMAP_PORTS)
        panic("segments: ports 0x%x to 0x%x are not all in the I/O bitmap", first, last);
    for (uint32_t port = first; port <= last; port++) {
        uint8_t bit = (uint8_t)(1U << (port % 8));
        if (allow)
            tss.io_bitmap[port / 8] &= (uint8_t)~bit;
        else
            tss.io_bitmap[port / 8] |= bit;
    }
}
/* LAB 5 END */

void segments_init(void)
{
    const uint32_t flat_4g = 0xFFFFF;
    const uint32_t below_hole = (HYPERVISOR_VIRT_START >> PAGE_SHIFT) - 1;

    gdt[HYPERVISOR_CS >> 3] = flat_segment(flat_4g, 0, SEG_CODE);
    gdt[HYPERVISOR_DS >> 3] = flat_segment(flat_4g, 0, SEG_DATA);
    gdt[FLAT_RING1_CS >> 3] = flat_segment(below_hole, 1, SEG_CODE);
    gdt[FLAT_RING1_DS >> 3] = flat_segment(below_hole, 1, SEG_DATA);
    gdt[FLAT_RING3_CS >> 3] = flat_segment(below_hole, 3, SEG_CODE);
    gdt[FLAT_RING3_DS >> 3] = flat_segment(below_hole, 3, SEG_DATA);

    tss.ss0 = HYPERVISOR_DS;
    tss.esp0 = (uint32_t)trampoline_stack_top;
    tss.iomap_base = sizeof tss; /* no I/O bitmap: every port is refused */
    /* LAB 5 BEGIN */
    /* Every port shut, until a domain that drives a device runs (physdev.c). */
    memset(tss.io_bitmap, 0xFF, sizeof tss.io_bitmap);
    tss.io_bitmap_end = 0xFF;
    tss.iomap_base = offsetof(struct tss, io_bitmap);
    /* LAB 5 END */
    gdt[TSS_SELECTOR >> 3] = descriptor((uint32_t)&tss, sizeof tss - 1, SEG_PRESENT | SEG_TSS32, 0);

    struct descriptor_pointer gdtr = { sizeof gdt - 1, (uint32_t)gdt };
    lgdt(&gdtr);
    __asm__ volatile("ljmp %0, $1f\n1:\n"
                     "mov %1, %%ds\n mov %1, %%es\n mov %1, %%ss\n"
                     "mov %1, %%fs\n mov %1, %%gs\n"
                     : : "i"(HYPERVISOR_CS), "r"(HYPERVISOR_DS));
    ltr(TSS_SELECTOR);
}
