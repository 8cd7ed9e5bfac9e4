/*
 * entry.S - the guest kernel's first instruction (lab 1).
 *
 * The hypervisor enters here in ring 1 with esi = the virtual address of
 * start_info and esp on a one-page bootstrap stack (public/hvlab.h). We
 * move to a stack of our own inside the kernel image, so that the
 * bootstrap frames are free for the kernel to reuse, and call
 * start_kernel(start_info).
 */
.section .text.entry, "ax"
.globl _start
_start:
    cld
    mov $kernel_stack_top, %esp
    xor %ebp, %ebp              /* the end of every backtrace */
    push %esi
    call start_kernel
1:  ud2                         /* start_kernel does not return */
    jmp 1b

.bss
.p2align 12
.globl kernel_stack_top
kernel_stack:
    .space 8192
kernel_stack_top:
