/*
 * hvlab.h - the guest interface (ABI) of the hvlab hypervisor.
 *
 * Lab 1 introduces it. include/public/ and include/lib/ (the headers of
 * lib/, pure code such as the ELF checks) are all that both the
 * hypervisor (hv/) and the guest OS (guestos/) include: the guest is
 * compiled with no path to the hypervisor's private headers. Everything a
 * guest may rely on is declared here, with who writes each field and when.
 *
 * The interface is modelled on Xen's public headers (xen.h and
 * arch-x86_32.h): the same names, hypercall numbers and structure shapes
 * where Xen has an equivalent, so that what you learn here transfers.
 * Where we simplify, the comment says so.
 */
#ifndef HVLAB_PUBLIC_HVLAB_H
#define HVLAB_PUBLIC_HVLAB_H

#ifndef __ASSEMBLER__
#include <stdint.h>
#endif

/*
 * The hypervisor hole. The hypervisor owns [HYPERVISOR_VIRT_START, 4 GiB)
 * in every address space. Guest code and data segments end just below it,
 * so neither ring 1 nor ring 3 can reach it (x86 paging alone cannot keep
 * ring 1 out: rings 0-2 are all "supervisor" to the MMU).
 */
#define HYPERVISOR_VIRT_START 0xE0000000

/*
 * Where the domain builder maps a domain's memory: page frame n of the
 * domain (its pseudo-physical frame n) is mapped at GUEST_VIRT_BASE +
 * n * 4096. A guest kernel must be linked inside
 * [GUEST_VIRT_BASE, HYPERVISOR_VIRT_START). (Xen reads this address from
 * the kernel's ELF notes; we fix it to keep the builder short.)
 */
#define GUEST_VIRT_BASE 0xC0000000

/*
 * Flat segments for guests, set up by the hypervisor in every GDT. Base 0,
 * limit HYPERVISOR_VIRT_START - 1. The numbers are Xen's.
 */
#define FLAT_RING1_CS 0xe019 /* guest kernel code, ring 1 */
#define FLAT_RING1_DS 0xe021 /* guest kernel data and stack, ring 1 */
#define FLAT_RING3_CS 0xe02b /* guest user code, ring 3 */
#define FLAT_RING3_DS 0xe033 /* guest user data and stack, ring 3 */

/*
 * What a guest can learn about the hypervisor, and why that is harmless.
 *   - sgdt, sidt, sldt and str are not privileged: they name the GDT,
 *     IDT and TSS inside the hole, and the TSS selector. lar and lsl on
 *     the hypervisor's selectors tell their types and limits. None of it
 *     is secret (hvlab does not randomise its layout, and the source says
 *     the same), and none of it is a way in: every guest segment ends
 *     below the hole, the hole is unmapped while a guest runs except for
 *     the trampoline, which is read-only, and a guest can install no
 *     descriptor or gate that reaches ring 0 (set_gdt below).
 *   - Under QEMU's TCG, which checks no segment limits, ring 1 (a
 *     "supervisor" ring to the MMU) can read the trampoline: the trap
 *     entry code, the IDT, the GDT and the TSS. They hold code and tables
 *     fixed at boot (and the running domain's own descriptors), nothing
 *     of another domain and no pointer into the rest of the hypervisor
 *     that it could use, since the rest is not mapped. The trampoline's
 *     stack page is writable, so the CPU can push a trap frame on it: it
 *     holds the domain's own registers from its last trap, and the
 *     hypervisor reads it only while the guest cannot run. On hardware,
 *     KVM and Bochs the segment limits keep ring 1 out of all of it.
 *   - The time-stamp counter (rdtsc) is readable in every ring.
 */

/*
 * Hypercalls: "int $0x82" from ring 1. Number in eax, arguments in ebx,
 * ecx, edx, esi, edi; result in eax. Errors are negative errno values.
 * Numbers are Xen's.
 */
#define HYPERCALL_VECTOR 0x82

#define __HYPERVISOR_console_io 18
/* LAB 2 BEGIN */
#define __HYPERVISOR_set_trap_table 0
#define __HYPERVISOR_set_gdt 2
#define __HYPERVISOR_stack_switch 3
#define __HYPERVISOR_set_callbacks 4
#define __HYPERVISOR_update_descriptor 10
#define __HYPERVISOR_xen_version 17
#define __HYPERVISOR_sched_op 29
/* LAB 2 END */

/* Error codes returned in eax, negated (Linux/Xen errno numbers). */
#define HV_EPERM 1
#define HV_EFAULT 14
#define HV_EINVAL 22
#define HV_ENOSYS 38
/* LAB 4 BEGIN */
#define HV_ESRCH 3   /* no such domain */
#define HV_EBUSY 16  /* already bound */
#define HV_ENOSPC 28 /* no free port */
/* LAB 4 END */

/*
 * console_io(int cmd, int count, char *buffer)
 *   CONSOLEIO_write: write count bytes from buffer to the console.
 *   Returns count, or -HV_EFAULT if the buffer is not mapped readable
 *   below the hole, -HV_EINVAL if count is negative or too large.
 * The hypervisor prefixes every line of a domain's output with "(dN) ".
 */
#define CONSOLEIO_write 0
#define CONSOLEIO_MAX 4096 /* most bytes one call may write */
/* LAB 4 BEGIN */
/*
 *   CONSOLEIO_read (domain 0 only): copies at most count bytes of the
 *   input typed on the console into buffer; returns how many (0: none
 *   waiting). VIRQ_CONSOLE (event_channel.h) says input has arrived.
 *   Other domains get -HV_EPERM.
 */
#define CONSOLEIO_read 1
/* LAB 4 END */
/* LAB 5 BEGIN */
/*
 *   CONSOLEIO_write_for (domain 0 only): console_io(cmd, count, buffer,
 *   dom) writes count bytes as domain dom's output: its lines get dom's
 *   "(dN) " prefix. Domain 0's console back end (io/console.h) prints a
 *   domU's output this way; count 0 ends dom's last line if it has not
 *   ended (a back end's last words for a domU). -HV_EPERM for other
 *   domains, -HV_ESRCH if dom is beyond the domain ids (a domain that has
 *   just ended still gets its lines).
 */
#define CONSOLEIO_write_for 2
/* LAB 5 END */

#ifndef __ASSEMBLER__
typedef uint16_t domid_t;
#endif
#define DOMID_SELF 0x7FF0U /* "the calling domain" in hypercalls */
#define DOMID_IO 0x7FF1U   /* owner of frames that are not RAM */
#define DOMID_XEN 0x7FF2U  /* owner of the hypervisor's own frames */

/* LAB 2 BEGIN */
/*
 * set_trap_table(const struct trap_info *table)
 *   Registers the guest kernel's handlers. The table is a list that ends
 *   with an entry whose address is 0; each entry replaces the handler of
 *   its vector, and a NULL table clears them all. An entry is refused
 *   (-HV_EINVAL, and none of the table is taken) unless cs is
 *   FLAT_RING1_CS and address is below the hole: a handler runs in ring 1,
 *   never in ring 0.
 *
 *   When the guest faults (or runs int $vector, where flags allow it), the
 *   hypervisor bounces the trap to the handler: it builds on the guest's
 *   kernel stack the frame the CPU would have built (lowest address
 *   first):
 *       [cr2]           page faults only (Xen keeps it in vcpu_info,
 *                       which arrives with shared_info in lab 4)
 *       [error code]    the exceptions that have one (8, 10-14, 17)
 *       eip, cs, eflags
 *       esp, ss         when the trap came from ring 3 (or ring 2)
 *   and enters the handler in ring 1. From ring 3 or 2 the kernel stack
 *   is the one named by stack_switch; from ring 1 the frame goes below
 *   ss:esp, at the stack segment's base plus esp (a segment of the
 *   guest's own may have a base) and inside its limit, where the CPU
 *   would put it. An "int $vector" delivered as a software interrupt
 *   returns after the whole instruction, prefixes included. The handler
 *   returns with iret. A trap the guest has no handler for kills the
 *   domain, as does a kernel stack the frame cannot be written to.
 *
 *   Virtual-8086 mode is never the guest's. Real CPUs honour EFLAGS.VM
 *   in an iret only in ring 0, but QEMU's TCG lets an iret from ring 1
 *   or 3 enter it. The first trap there comes to the guest as a general
 *   protection fault (error 0) from ring 3, with VM and IOPL clear in the
 *   saved eflags, ds and es FLAT_RING3_DS, fs and gs null, and the saved
 *   cs and ss the real-mode values with RPL 3: a kernel handles it like
 *   any fault of a program.
 *
 *   The fast system call: one entry per domain may have a vector of 32 or
 *   more and DPL 3. The hypervisor makes it a real gate in the IDT while
 *   the domain runs, so "int $vector" in ring 3 goes straight to the
 *   guest kernel in ring 1 without entering the hypervisor (the CPU takes
 *   the ring-1 stack from the TSS, which stack_switch sets). The same
 *   vector registered again with DPL 0-2, or a NULL table, removes that
 *   gate: int $vector from ring 3 then comes to the hypervisor.
 */
#ifndef __ASSEMBLER__
struct trap_info {
    uint8_t vector;   /* 0-255 */
    uint8_t flags;    /* bits 0-1: the least privileged ring that may "int $vector" */
    uint16_t cs;      /* the handler's code selector: FLAT_RING1_CS */
    uint32_t address; /* the handler; 0 ends the table */
};
#define TI_DPL(ti) ((ti)->flags & 3)
#endif

/*
 * stack_switch(ss, esp): the kernel stack for traps from ring 3. ss must
 * be FLAT_RING1_DS and esp below the hole. Guests call it on every switch
 * to another process.
 *
 * set_callbacks(event_cs, event_address, failsafe_cs, failsafe_address):
 *   the event callback is for lab 4; the failsafe callback is where the
 *   hypervisor sends the guest when it cannot restore the guest's segment
 *   registers on the way back to it.
 *
 * xen_version(cmd, arg):
 *   XENVER_version: returns major << 16 | minor;
 *   XENVER_extraversion: writes a NUL-terminated string of at most
 *   XEN_EXTRAVERSION_LEN bytes to arg, returns 0 or -HV_EFAULT.
 *
 * sched_op(cmd, arg):
 *   SCHEDOP_yield: lets another domain run; returns 0.
 *   SCHEDOP_shutdown: arg points at a struct sched_shutdown; the domain
 *   ends with that reason, and the call does not return.
 */
/*
 * User pages, before lab 3 lets a guest build its own page tables: the
 * builder maps the pages of every ELF segment whose p_flags carry
 * PF_HVLAB_USER (an OS-specific flag bit) with the user bit set, so the
 * guest's ring-3 programs can run there. Every other page of the domain
 * is for ring 1 only.
 */
#define PF_HVLAB_USER 0x00100000

#define XENVER_version 0
#define XENVER_extraversion 1
#define XEN_EXTRAVERSION_LEN 16

#define SCHEDOP_yield 0
#define SCHEDOP_shutdown 2
#ifndef __ASSEMBLER__
struct sched_shutdown {
    uint32_t reason; /* SHUTDOWN_* */
};
#endif
#define SHUTDOWN_poweroff 0
#define SHUTDOWN_reboot 1
#define SHUTDOWN_crash 3
/* LAB 4 BEGIN */
/*
 * Lab 4 adds:
 *   SCHEDOP_block: the domain sleeps until an event is pending for it
 *   (at once if one is), with evtchn_upcall_mask cleared first, as Xen
 *   does: call it with events masked, and the upcall runs when it wakes.
 *   Returns 0.
 *   SCHEDOP_poll: arg points at a struct sched_poll; the domain sleeps
 *   until one of the ports is pending or the timeout (system time in ns,
 *   0 for none) passes. Returns 0 either way (check the pending bits), or
 *   -HV_EINVAL for a bad port or more than 128 ports, -HV_EFAULT for an
 *   unreadable list. The upcall mask is left alone.
 *   SHUTDOWN_poweroff from domain 0 ends every other domain first.
 */
#define SCHEDOP_block 1
#define SCHEDOP_poll 3
#ifndef __ASSEMBLER__
struct sched_poll {
    uint32_t ports;    /* virtual address of an array of evtchn_port_t */
    uint32_t nr_ports;
    uint64_t timeout;  /* absolute system time (ns), or 0 */
};
#endif
/* LAB 4 END */

/*
 * The guest's own descriptors. The first FIRST_RESERVED_GDT_ENTRY entries
 * of the GDT (selectors 0x0000 to 0xdfff) are the running domain's; the
 * hypervisor's, FLAT_RING1_CS and the rest, come after them (Xen's
 * layout and names).
 *
 * set_gdt(const uint32_t *frame_list, int entries)
 *   Makes entries descriptors the domain's GDT entries 0 to entries - 1.
 *   frame_list holds the machine frame numbers (start_info's mfn_list
 *   says which) of the frames that hold them, 512 to a frame, in order.
 *   Refused with -HV_EINVAL, and none of the table taken, if entries is
 *   above FIRST_RESERVED_GDT_ENTRY, if a frame is not the domain's own or
 *   is named twice, or if a descriptor fails the checks below (one log
 *   line says which and why); -HV_EFAULT if frame_list is not mapped
 *   below the hole; -HV_ENOMEM if the hypervisor has no frame left for
 *   its copy. 0 entries removes them all.
 *   Simplified: Xen makes the guest's frames the GDT itself and gives them
 *   a type that keeps the guest from writing them. Frame types come in
 *   lab 3, so hvlab reads the frames once, here, and keeps a checked copy,
 *   which is what the CPU uses while the domain runs. Writing the frames
 *   afterwards changes nothing; update_descriptor does.
 *
 * update_descriptor(uint64_t ma, uint64_t desc)
 *   Replaces one descriptor: ma is the machine address of an entry in a
 *   frame of the last set_gdt (8-byte aligned, one of its entries), desc
 *   is checked like set_gdt's. It takes effect at once, for loaded
 *   segment registers too: the hypervisor reloads them on the way back
 *   from every trap and hypercall. 0, or -HV_EINVAL. Registers, as
 *   32-bit Xen passes 64-bit arguments: ebx = ma's low half, ecx its high
 *   half, edx = desc's low half, esi its high half.
 *   Simplified: only the hypervisor's copy changes, not the guest's
 *   frame. Without lab 3's frame types the hypervisor cannot tell a frame
 *   that holds descriptors from one of the guest's page tables, and
 *   writing guest-chosen bytes into a page table would hand the guest any
 *   machine frame.
 *
 * The checks (hv/descriptors.c), each closing a way out of ring 1:
 *   - a descriptor that is not present is taken as it is: the CPU will
 *     neither load it nor call through it;
 *   - DPL 0 becomes DPL 1: the guest has no ring 0;
 *   - code and data segments must end below HYPERVISOR_VIRT_START;
 *     expand-down data segments and conforming code segments are refused;
 *   - 16-bit writable data segments are refused: as a stack segment, an
 *     iret to one restores only sp, and the top half of esp would keep
 *     the hypervisor's stack address (the "espfix" problem; Xen and
 *     Linux work around it, hvlab refuses what no guest here needs);
 *   - system descriptors are refused: TSS, LDT, task, interrupt and trap
 *     gates;
 *   - a call gate must lead to guest code (FLAT_RING1_CS, FLAT_RING3_CS
 *     or one of the guest's own entries) at an offset below the hole;
 *   - code and data segments get their accessed bit set: the CPU would
 *     set it on first use, and the GDT is read-only while a guest runs.
 *
 * The failsafe callback (set_callbacks). On the way back to the guest
 * from every trap and hypercall, the hypervisor loads ds, es, fs and gs
 * from the guest's saved registers. When one of them no longer loads
 * (the guest changed or removed its descriptor after loading it), the
 * guest goes to its failsafe callback instead: in ring 1, ds, es, fs and
 * gs null, the general registers as the trap or hypercall left them, and
 * this frame on its kernel stack (the stack it was on when going back to
 * ring 1, the stack_switch stack when going back to ring 3), lowest
 * address first:
 *       ds, es, fs, gs   the four selectors that were to be loaded
 *       eip, cs, eflags  where the guest was going back to
 *       esp, ss          when that was ring 3
 * The callback loads selectors that work, pops the four and irets. A
 * domain without a failsafe callback is killed, and so is one whose cs
 * or ss (loaded by the iret) no longer loads.
 */
#define FIRST_RESERVED_GDT_PAGE 14
#define FIRST_RESERVED_GDT_BYTE (FIRST_RESERVED_GDT_PAGE * 4096)
#define FIRST_RESERVED_GDT_ENTRY (FIRST_RESERVED_GDT_BYTE / 8)
#define HV_ENOMEM 12 /* the hypervisor is out of memory */
/* LAB 2 END */

/* LAB 3 BEGIN */
/*
 * Page tables (lab 3). A guest's page tables are its own frames, which it
 * may read but never write: it asks the hypervisor, which checks every
 * entry first. The frame table types each frame: a page directory (L2),
 * a page table (L1), or a writable page; a frame has one type at a time,
 * changed only when nothing uses it. So no frame is both a page table and
 * writable anywhere, and a guest can map only its own frames.
 *
 * mmu_update(const struct mmu_update *req, int count, int *done, domid_t dom)
 *   Applies count requests in order. ptr is the machine address of the
 *   entry to change, in a frame that is the domain's page table or page
 *   directory (the low 2 bits say the command: MMU_NORMAL_PT_UPDATE);
 *   val is the new entry. Stops at the first refused request; *done (if
 *   not NULL) says how many were applied. dom must be DOMID_SELF. A done
 *   the hypervisor cannot write (not mapped writable below the hole) is
 *   refused with -HV_EFAULT before any request is applied: the result
 *   always says what was done. (If the batch itself takes done's page
 *   away, done is left as it was, with a log line, and the result still
 *   says what was done.) mmuext_op treats done the same way.
 *
 * update_va_mapping(va, val_lo, val_hi, flags)
 *   Changes the page-table entry that maps va in the current address
 *   space to val, then flushes as flags say (UVMF_*).
 *
 * mmuext_op(const struct mmuext_op *op, int count, int *done, domid_t dom)
 *   MMUEXT_PIN_L1_TABLE / MMUEXT_PIN_L2_TABLE (arg1 = mfn): validate the
 *   frame as a page table / page directory and keep it so until unpinned;
 *   MMUEXT_UNPIN_TABLE (mfn); MMUEXT_NEW_BASEPTR (mfn: a page directory,
 *   validated if need be, becomes cr3); MMUEXT_TLB_FLUSH_LOCAL;
 *   MMUEXT_INVLPG_LOCAL (arg1 = linear address).
 *
 * Refused, with one log line each: -HV_EPERM when the request itself
 * names what is not the caller's (dom other than DOMID_SELF, an entry in a
 * frame it does not own, a pin of a frame it does not own); -HV_EINVAL
 * for a new entry or table that breaks a rule: an entry mapping a frame
 * the domain does not own; a writable
 * mapping of a page table or page directory; a page-directory entry that
 * points at anything but a page table (so no directory points at itself
 * or at another directory) or sets PS (4 MiB pages); any change to the
 * hole's entries; a base pointer or pin of a frame that does not validate;
 * unpinning a table that is not pinned.
 */
#define __HYPERVISOR_mmu_update 1
#define __HYPERVISOR_update_va_mapping 14
#define __HYPERVISOR_mmuext_op 26

#define MMU_NORMAL_PT_UPDATE 0

#define UVMF_NONE 0
#define UVMF_TLB_FLUSH 1
#define UVMF_INVLPG 2

#define MMUEXT_PIN_L1_TABLE 0
#define MMUEXT_PIN_L2_TABLE 1
#define MMUEXT_UNPIN_TABLE 4
#define MMUEXT_NEW_BASEPTR 5
#define MMUEXT_TLB_FLUSH_LOCAL 6
#define MMUEXT_INVLPG_LOCAL 7

#define MMU_MAX_BATCH 1024 /* most requests one call takes */
/* LAB 4 BEGIN */
/*
 * A batch is bounded in time (lab 4): when a timer is due partway, the
 * hypervisor stops and restarts the call for the rest, when the guest
 * next runs: it moves the guest's eip back over its int $0x82 and sets
 * ebx and ecx to the rest of the requests, with MMU_CONTINUED in the
 * count; *done then counts the whole batch. (Xen: hypercall
 * continuations.) So the argument registers of a hypercall are not
 * preserved.
 */
#define MMU_CONTINUED 0x40000000U
/* LAB 4 END */

#ifndef __ASSEMBLER__
struct mmu_update {
    uint64_t ptr; /* machine address of the entry | MMU_* command */
    uint64_t val; /* the new entry */
};

struct mmuext_op {
    uint32_t cmd;  /* MMUEXT_* */
    uint32_t arg1; /* an mfn, or a linear address */
    uint32_t arg2; /* unused */
};
#endif
/* LAB 3 END */

/* LAB 4 BEGIN */
/*
 * Time and events (lab 4): shared_info, one frame per domain that the
 * hypervisor and the guest both write. start_info.shared_info is its
 * machine address; the guest maps it (update_va_mapping, writable) where
 * it likes. The frame is one of the domain's own, the one after the
 * bootstrap stack (so it costs the hypervisor nothing), and it can never
 * become a page table or directory (the hypervisor writes it at any
 * time). Its events start masked (evtchn_upcall_mask 1): the guest
 * unmasks once its callback is set.
 * Simplified: Xen's shared_info is a page of the hypervisor's own.
 *
 * set_timer_op(uint64_t deadline): ebx = low half, ecx = high half.
 *   VIRQ_TIMER fires once when system time reaches deadline (ns since
 *   boot); a deadline in the past fires at once; 0 cancels. One timer per
 *   domain: a new deadline replaces the old. Returns 0.
 *
 * System time is nanoseconds since the hypervisor booted, kept in
 * vcpu_info.time: the guest computes the time now from the TSC,
 *     t = system_time + scale(rdtsc() - tsc_timestamp)
 * where scale(delta) is delta shifted left by tsc_shift (right if
 * negative), multiplied by tsc_to_system_mul and shifted right by 32.
 * The hypervisor updates the fields whenever the domain is about to run
 * after a timer interrupt; version is odd while it does. A reader copies
 * version, then the fields, then checks that version is even and has not
 * changed, else tries again.
 *
 * Wall-clock time: wc_sec and wc_nsec are the time of day (seconds since
 * 1970, UTC) at system time 0, read from the CMOS clock at boot, with the
 * same version protocol in wc_version.
 *
 * Simplified: one vCPU per domain, so one vcpu_info (Xen has 32); cr2 of
 * a page fault stays in the bounce frame (Xen moved it here).
 */
#define __HYPERVISOR_set_timer_op 15

#ifndef __ASSEMBLER__
struct vcpu_time_info {
    uint32_t version;           /* odd while the hypervisor writes */
    uint32_t pad0;
    uint64_t tsc_timestamp;     /* the TSC when system_time was taken */
    uint64_t system_time;       /* ns since boot, at tsc_timestamp */
    uint32_t tsc_to_system_mul; /* ns per TSC tick, a 0.32 fixed-point fraction */
    int8_t tsc_shift;           /* applied to the TSC delta first */
    int8_t pad1[3];
};

/*
 * Event state of the vCPU: written by the hypervisor when an event
 * arrives (pending flags), by the guest when it takes events (it clears
 * them) and to mask them (upcall_mask: the guest's "interrupts off").
 */
struct vcpu_info {
    uint8_t evtchn_upcall_pending; /* some port has an event: run the callback */
    uint8_t evtchn_upcall_mask;    /* 1: no upcall now (the hypervisor sets it
                                    * when it enters the callback) */
    uint16_t pad;
    uint32_t evtchn_pending_sel;   /* bit i: look at evtchn_pending[i] */
    struct vcpu_time_info time;
};

struct shared_info {
    struct vcpu_info vcpu_info[1];
    /* Bit p of these arrays (word p / 32, bit p % 32) is port p. */
    uint32_t evtchn_pending[32]; /* set by the hypervisor, cleared by the guest */
    uint32_t evtchn_mask[32];    /* written by the guest: no upcall for these */
    uint32_t wc_version;         /* wall clock, as vcpu_time_info's version */
    uint32_t wc_sec;
    uint32_t wc_nsec;
};
#endif
/* LAB 4 END */

/*
 * start_info: the page the domain builder fills before a domain's first
 * instruction. The guest is entered in ring 1 at its ELF entry point with
 *   esi = virtual address of start_info,
 *   esp = top of a one-page bootstrap stack,
 *   cs/ds/ss = FLAT_RING1_CS/DS, interrupts enabled, IOPL 0,
 *   cr3 = the page directory at pt_base.
 *
 * The builder lays out the domain's pseudo-physical frames in this order:
 *   the kernel image (ELF segments, bss zeroed),
 *   mfn_list (nr_pages entries, 4 bytes each),
 *   this start_info page,
 *   the page directory, then the page tables (mapped read-only),
 *   the bootstrap stack page,
 *   (lab 4) the shared_info page,
 *   (lab 5, a domU) its grant table's first frame, then its device page
 *   (start_info.devpage_mfn); domain 0's grant table gets its frames
 *   from setup_table,
 *   then free frames, up to nr_pages.
 * All fields are written by the builder and read by the guest.
 */
#ifndef __ASSEMBLER__
#define START_INFO_MAGIC "hvlab-1.0-x86_32" /* Xen: "xen-3.0-x86_32" */
#define MAX_GUEST_CMDLINE 1024

struct start_info {
    char magic[32];          /* START_INFO_MAGIC, NUL-terminated */
    uint32_t nr_pages;       /* frames given to this domain */
    uint32_t shared_info;    /* machine address of shared_info (lab 4; 0 before) */
    uint32_t flags;          /* SIF_* below */
    uint32_t pt_base;        /* virtual address of the page directory */
    uint32_t nr_pt_frames;   /* bootstrap page-table frames, directory included */
    uint32_t mfn_list;       /* virtual address of the pfn -> mfn array */
    uint32_t first_free_pfn; /* first frame the builder did not use */
    domid_t domid;           /* this domain's id (Xen makes you ask for it) */
    uint16_t pad;
    /* LAB 4 BEGIN */
    /*
     * An interdomain event channel to domain 0, bound by the builder: a
     * domU's end is its port ctrl_evtchn; domain 0's end for domain N is
     * its own port N. (Xen's builder prepares the console and xenstore
     * channels the same way.) 0 in domain 0, which gets nr_domus, the
     * number of domains the hypervisor built at boot (domus=).
     */
    uint32_t ctrl_evtchn;
    uint32_t nr_domus;
    /* LAB 4 END */
    /* LAB 5 BEGIN */
    /* A domU's device page (io/devpage.h): the machine frame number of
     * one of its own frames, which the builder has granted to domain 0.
     * 0 in domain 0. From lab 5 a domU gets nr_domus too: its peers
     * on the network are domUs 1 to nr_domus (the demo pings the next). */
    uint32_t devpage_mfn;
    /* LAB 5 END */
    char cmd_line[MAX_GUEST_CMDLINE]; /* module's command line, NUL-terminated */
};

#endif /* __ASSEMBLER__ */

#define SIF_PRIVILEGED (1U << 0) /* may use privileged hypercalls */
#define SIF_INITDOMAIN (1U << 1) /* this is domain 0 */

/*
 * How a run ends. The hypervisor writes one of these to QEMU's
 * isa-debug-exit device (port 0xf4), which makes QEMU exit with status
 * 2 * value + 1; tools/run-qemu turns that back into the value.
 */
#define HV_EXIT_SUCCESS 0   /* every domain has ended; the hypervisor is fine */
#define HV_EXIT_BAD_INPUT 1 /* bad command line, module or memory size */
#define HV_EXIT_PANIC 2     /* the hypervisor hit a bug and stopped */

#endif /* HVLAB_PUBLIC_HVLAB_H */
