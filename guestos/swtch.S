/* LAB 2 FILE */
/*
 * swtch.S - switching between guest processes (lab 2).
 *
 * swtch(old, new) saves the callee-saved registers on the current kernel
 * stack, stores that stack in *old, and resumes new. A new process's
 * kernel stack is made (proc.c) so that swtch "returns" into
 * enter_user_mode, which leaves for ring 3 through the frame proc_spawn
 * built: eip, cs, eflags, esp, ss of the program's first instruction.
 *
 * syscall_entry is the fast system call: int $0x80 in ring 3 lands here
 * in ring 1 through the gate the hypervisor installed for us, on the
 * kernel stack we named with stack_switch.
 */
#include <public/hvlab.h>

.text
.globl swtch
swtch:
    movl 4(%esp), %eax          /* old */
    movl 8(%esp), %edx          /* new */
    pushl %ebp
    pushl %ebx
    pushl %esi
    pushl %edi
    movl %esp, (%eax)
    movl %edx, %esp
    popl %edi
    popl %esi
    popl %ebx
    popl %ebp
    ret

.globl enter_user_mode
enter_user_mode:
    movl $FLAT_RING3_DS, %eax
    movl %eax, %ds
    movl %eax, %es
    movl %eax, %fs
    movl %eax, %gs
    iret

/* LAB 3 BEGIN */
/* A forked child's first return to ring 3: its kernel stack holds a copy
 * of its parent's system-call frame (proc_fork), eax 0. */
.globl fork_return
fork_return:
    movl $FLAT_RING3_DS, %eax
    movl %eax, %ds
    movl %eax, %es
    movl %eax, %fs
    movl %eax, %gs
    popal
    iret

/* LAB 3 END */
.globl syscall_entry
syscall_entry:
    pushal
    pushl %esp                  /* struct syscall_frame */
    call syscall
    addl $4, %esp
    popal
    iret
