/*
 * trapentry.S - the way into the hypervisor from a trap, and back out
 * (lab 1).
 *
 * Each vector gets a short stub that makes every frame the same shape
 * (exceptions without an error code push a zero) and pushes its vector
 * number. trap_common saves the rest (struct trap_frame in traps.h) and
 * calls trap().
 *
 * While a guest runs, almost none of the hypervisor is mapped: the guest's
 * page directory holds only the trampoline (memory.c), which is this code,
 * the IDT, GDT and TSS (read-only) and a one-page stack, trampoline_stack,
 * that the CPU pushes the guest's registers onto (TSS.esp0). So a trap
 * from a guest first switches to the hypervisor's own page directory
 * (idle_pgdir) and copies the frame to the hypervisor's stack; the way
 * back copies the frame to the trampoline stack, loads the guest's page
 * directory and returns. Segment limits alone would keep ring 1 out of
 * the hole on real hardware (the 32-bit Xen design), but QEMU's TCG does
 * not check segment limits; with the hypervisor unmapped, paging keeps
 * guests out on every machine we run on.
 *
 * A trap from ring 0 (a hypervisor bug, or an interrupt while the
 * hypervisor runs) is already on the hypervisor's stack and page
 * directory, and is handled where it happened.
 */
#include <public/hvlab.h>
#include <segments.h>

#define FRAME_WORDS 19  /* sizeof(struct trap_frame) / 4 */
#define FRAME_CS 60     /* offsetof(struct trap_frame, cs) */
#define FRAME_VECTOR 48 /* offsetof(struct trap_frame, vector) */
#define FRAME_EIP 56    /* offsetof(struct trap_frame, eip) */
#define FRAME_EFLAGS 64 /* offsetof(struct trap_frame, eflags) */
#define EFLAGS_VM 0x00020000 /* x86.h: virtual-8086 mode */
/* LAB 2 BEGIN */
#define FRAME_GS 32     /* offsetof(struct trap_frame, gs); fs, es, ds follow */
/* LAB 2 END */

/* Copies the frame at esp to the top of the stack that ends at top, and
 * runs on it from there. Uses esi, edi and ecx. */
.macro MOVE_FRAME_TO top
    mov %esp, %esi
    mov $(\top - FRAME_WORDS * 4), %edi
    mov $FRAME_WORDS, %ecx
    cld
    rep movsl
    mov $(\top - FRAME_WORDS * 4), %esp
.endm

/* Restores the registers of the frame at esp and returns from the trap. */
.macro POP_FRAME_AND_IRET
    popal
    popl %gs
    popl %fs
    popl %es
    popl %ds
    addl $8, %esp               /* vector and error code */
    iret
.endm

.macro STUB vector, has_error_code
    .section .trampoline.text, "ax"
    .p2align 4
1:
    .if \has_error_code == 0
    pushl $0
    .endif
    pushl $\vector
    jmp trap_common
    .section .rodata
    .long 1b
.endm

/* Where the entry stubs start: they, hypercall_entry after them, and
 * nothing else, come before trap_common. */
.section .trampoline.text, "ax"
.p2align 4
entry_stubs:

/* trap_entries[v]: the stub of exception v (0-31), then of IRQ 0-15. */
.section .rodata
.p2align 2
.globl trap_entries
trap_entries:
STUB 0, 0;  STUB 1, 0;  STUB 2, 0;  STUB 3, 0
STUB 4, 0;  STUB 5, 0;  STUB 6, 0;  STUB 7, 0
STUB 8, 1;  STUB 9, 0;  STUB 10, 1; STUB 11, 1
STUB 12, 1; STUB 13, 1; STUB 14, 1; STUB 15, 0
STUB 16, 0; STUB 17, 1; STUB 18, 0; STUB 19, 0
STUB 20, 0; STUB 21, 1; STUB 22, 0; STUB 23, 0
STUB 24, 0; STUB 25, 0; STUB 26, 0; STUB 27, 0
STUB 28, 0; STUB 29, 1; STUB 30, 1; STUB 31, 0
STUB 32, 0; STUB 33, 0; STUB 34, 0; STUB 35, 0
STUB 36, 0; STUB 37, 0; STUB 38, 0; STUB 39, 0
STUB 40, 0; STUB 41, 0; STUB 42, 0; STUB 43, 0
STUB 44, 0; STUB 45, 0; STUB 46, 0; STUB 47, 0

.section .trampoline.text, "ax"

/* The hypercall gate, int $0x82. */
.p2align 4
.globl hypercall_entry
hypercall_entry:
    pushl $0
    pushl $HYPERCALL_VECTOR
    jmp trap_common

trap_common:
    pushl %ds
    pushl %es
    pushl %fs
    pushl %gs
    pushal
    mov $HYPERVISOR_DS, %eax
    mov %eax, %ds
    mov %eax, %es
    mov %eax, %fs
    mov %eax, %gs
    /*
     * Who trapped: a guest, or the hypervisor itself? The RPL of the
     * saved cs is not enough. Under QEMU's TCG a guest's own iret (ring 1
     * or 3) with EFLAGS.VM set in its image enters virtual-8086 mode,
     * which real CPUs allow only from ring 0; a trap there saves a
     * real-mode cs, 0 say, which looks like ring 0. Taken for the
     * hypervisor's, it would run trap() on the guest's page directory,
     * where trap() is not mapped: a triple fault. VM set means a guest,
     * whatever cs says (the CPU pushed es, ds, fs and gs after ss too;
     * the copy below leaves those four words behind). traps.c turns it
     * into an ordinary fault for the guest.
     */
    testl $EFLAGS_VM, FRAME_EFLAGS(%esp)
    jnz from_guest
    testl $3, FRAME_CS(%esp)
    jz from_hypervisor
from_guest:

    /* From a guest: into the hypervisor's address space and stack. */
    mov $(idle_pgdir - HYPERVISOR_VIRT_START), %eax
    mov %eax, %cr3
    MOVE_FRAME_TO hv_stack_top
    xor %ebp, %ebp              /* a backtrace stops at the trap */
    pushl %esp                  /* the struct trap_frame */
    call trap
    addl $4, %esp
    jmp return_to_guest

from_hypervisor:
    /*
     * A debug trap at the first instruction of an entry stub is the
     * guest's, though it arrives in ring 0 (Xen's XSA-260 class). A guest
     * that single-steps (EFLAGS.TF) over "mov ss" or "pop ss" gets no
     * trap after it: the CPU holds the trap back for one instruction, to
     * keep the stack switch whole. If that instruction is int $0x82, or
     * anything else that enters the hypervisor, the held-back trap is
     * taken at our first instruction, in ring 0, still on the guest's
     * page directory, where trap() is not even mapped. The guest cannot
     * arm the debug registers (mov to %dr is privileged), so nothing else
     * raises #DB there. We drop it and go on with the entry: the gate
     * cleared TF, so it does not come back. The guest's own TF is in its
     * saved eflags, so it gets its single-step trap on its side, after
     * its next instruction.
     */
    cmpl $1, FRAME_VECTOR(%esp)        /* #DB */
    jne 2f
    cmpl $entry_stubs, FRAME_EIP(%esp)
    jb 2f
    cmpl $trap_common, FRAME_EIP(%esp)
    jae 2f
    POP_FRAME_AND_IRET
2:
    /* LAB 2 BEGIN */
    /* A fault on the way out to a guest (exit_to_guest, below) is the
     * guest's, not ours: one of its selectors no longer loads. It happened
     * on the guest's page directory; from_guest takes it to ours, and
     * trap() sorts it out. */
    cmpl $exit_to_guest, FRAME_EIP(%esp)
    jb 1f
    cmpl $exit_to_guest_end, FRAME_EIP(%esp)
    jb from_guest
1:
    /* LAB 2 END */
    pushl %esp
    call trap                   /* returns only for a spurious interrupt */
    addl $4, %esp
    POP_FRAME_AND_IRET

/*
 * enter_guest(tf): runs the guest whose registers are at tf (anywhere in
 * hypervisor memory) in the address space whose page directory is at
 * machine address cpu.cr3 (sched.h: the first field of cpu).
 */
.globl enter_guest
enter_guest:
    movl 4(%esp), %esp
return_to_guest:
    MOVE_FRAME_TO trampoline_stack_top
    /* Our iret runs in ring 0, where EFLAGS.VM is honoured: it must never
     * take a guest into virtual-8086 mode (trap() clears VM already; this
     * is the last word on it). */
    andl $~EFLAGS_VM, FRAME_EFLAGS(%esp)
    mov cpu, %eax                /* cpu.cr3 */
    mov %eax, %cr3              /* from here on, only the trampoline is mapped */
    /* LAB 2 BEGIN */
    /*
     * The CPU checks every selector it loads against the GDT as it is
     * now, and the guest may have changed its entries (update_descriptor,
     * set_gdt) since it loaded them: any of these loads may fault. We load
     * the data segments first, from the frame, while it is still whole on
     * the stack (a fault pushes its own frame below it), so that trap()
     * finds the guest's registers there (traps.c, exit_fault). The pops
     * that follow load the same selectors again and cannot fault; after
     * exit_to_guest_iret only the iret can, when cs or ss no longer loads.
     */
.globl exit_to_guest, exit_to_guest_iret, exit_to_guest_end
exit_to_guest:
    mov FRAME_GS(%esp), %gs
    mov FRAME_GS + 4(%esp), %fs
    mov FRAME_GS + 8(%esp), %es
    mov FRAME_GS + 12(%esp), %ds
exit_to_guest_iret:
    /* LAB 2 END */
    POP_FRAME_AND_IRET
    /* LAB 2 BEGIN */
exit_to_guest_end:
    /* LAB 2 END */

/* The stack the CPU switches to when a guest traps (TSS.esp0). It holds
 * one frame at a time, only while a trap is being entered or left. */
.section .trampoline.stack, "aw", @nobits
.p2align 12
.globl trampoline_stack_top
    .space 4096
trampoline_stack_top:
