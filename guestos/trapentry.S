/* LAB 2 FILE */
/*
 * trapentry.S - the guest kernel's trap entry points (lab 2).
 *
 * The hypervisor bounces a trap to these stubs with the frame described
 * in public/hvlab.h (set_trap_table): [cr2] [error code] eip cs eflags
 * [esp ss]. Each stub makes every frame the same shape, struct
 * guest_trap_frame in traps.c: it supplies a zero error code and cr2
 * where the trap has none, pushes its vector and the registers, and
 * calls guest_trap(). The return undoes it and irets, which in ring 1 the
 * CPU allows without the hypervisor: back to ring 1, or out to ring 3.
 */
/* LAB 4 BEGIN */
#include <events.h>
/* LAB 4 END */
.macro STUB vector, kind
    .text
    .p2align 4
1:
    .if \kind == 0      /* no error code: supply it and cr2 */
    pushl $0
    pushl $0
    .elseif \kind == 1  /* an error code: supply cr2 */
    pushl $0
    .endif              /* kind 2, the page fault: both are there */
    pushl $\vector
    jmp guest_trap_common
    .section .rodata
    .long 1b
.endm

.section .rodata
.p2align 2
.globl guest_trap_entries
guest_trap_entries:
STUB 0, 0;  STUB 1, 0;  STUB 2, 0;  STUB 3, 0
STUB 4, 0;  STUB 5, 0;  STUB 6, 0;  STUB 7, 0
STUB 8, 1;  STUB 9, 0;  STUB 10, 1; STUB 11, 1
STUB 12, 1; STUB 13, 1; STUB 14, 2; STUB 15, 0
STUB 16, 0; STUB 17, 1; STUB 18, 0; STUB 19, 0
STUB 20, 0; STUB 21, 0; STUB 22, 0; STUB 23, 0
STUB 24, 0; STUB 25, 0; STUB 26, 0; STUB 27, 0
STUB 28, 0; STUB 29, 0; STUB 30, 0; STUB 31, 0

/* A software interrupt the guest handles itself: int $0x85 (probe). */
.text
.p2align 4
.globl guest_soft_int_entry
guest_soft_int_entry:
    pushl $0
    pushl $0
    pushl $0x85
    jmp guest_trap_common

guest_trap_common:
/* LAB 4 BEGIN */
    movb $1, shared_info_page + VCPU_UPCALL_MASK  /* the kernel runs with events masked */
/* LAB 4 END */
    pushal
    pushl %esp                  /* the struct guest_trap_frame */
    call guest_trap
    addl $4, %esp
    popal
    addl $12, %esp              /* vector, cr2, error code */
/* LAB 4 BEGIN */
    testb $2, 4(%esp)           /* back to ring 3: through the events window */
    jnz return_to_user
/* LAB 4 END */
    iret
/* LAB 4 BEGIN */

/*
 * The event upcall (set_callbacks). The hypervisor comes here with
 * events masked and the frame of a trap without error code: eip, cs,
 * eflags, and esp, ss from ring 3. An upcall that interrupted the events
 * window (swtch.S) lands right on top of the frame that window was about
 * to iret through, with every register already restored: we drop our own
 * frame and take that one, as if the event had come just after the iret.
 * Without it, each event that came in the window would leave one more
 * frame on the stack.
 */
.globl hypervisor_callback, event_upcall_frame
hypervisor_callback:
    cmpl $events_window, (%esp)
    jb event_upcall_frame
    cmpl $events_window_end, (%esp)
    jae event_upcall_frame
    addl $12, %esp
event_upcall_frame:
    pushal
    call event_upcall
    popal
    jmp return_to_user
/* LAB 4 END */
