/*
 * trapentry.S - the way into the hypervisor from a trap (lab 1).
 *
 * Each vector gets a short stub that makes every frame the same shape
 * (exceptions without an error code push a zero) and pushes its vector
 * number. trap_common saves the rest (struct trap_frame in trap.h),
 * switches to the hypervisor's data segments and calls trap(). Returning
 * from trap() goes back the same way, to the guest's saved registers.
 */
#include <segments.h>

.macro STUB vector, has_error_code
    .text
    .p2align 4
1:
    .if \has_error_code == 0
    pushl $0
    .endif
    pushl $\vector
    jmp trap_common
    .section .rodata
    .long 1b
    .text
.endm

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

/* The hypercall gate, int $0x82. */
.text
.p2align 4
.globl hypercall_entry
hypercall_entry:
    pushl $0
    pushl $0x82
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
    xor %ebp, %ebp              /* a backtrace stops at the trap */
    pushl %esp                  /* the struct trap_frame */
    call trap
    addl $4, %esp
    jmp trap_return

.globl enter_guest
enter_guest:
    movl 4(%esp), %esp          /* run on the frame itself */
trap_return:
    popal
    popl %gs
    popl %fs
    popl %es
    popl %ds
    addl $8, %esp               /* vector and error code */
    iret
