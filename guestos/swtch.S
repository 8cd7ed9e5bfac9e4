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
 * kernel stack we named with stack_switch. Every way back to ring 3 ends
 * in return_to_user, where lab 4 lets events in again.
 */
#include <public/hvlab.h>
/* LAB 4 BEGIN */
#include <events.h>
/* LAB 4 END */

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
    jmp return_to_user

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
    jmp return_to_user

/* LAB 3 END */
.globl syscall_entry
syscall_entry:
/* LAB 4 BEGIN */
    movb $1, shared_info_page + VCPU_UPCALL_MASK  /* the kernel runs with events masked */
/* LAB 4 END */
    pushal
    pushl %esp                  /* struct syscall_frame */
    call syscall
    addl $4, %esp
    popal
    jmp return_to_user

/*
 * Every way out to ring 3 ends here, with esp at the frame iret takes
 * and the program's registers restored. From lab 4 an upcall's way back
 * to ring 1 (the idle loop) comes through here too.
 */
.globl return_to_user
return_to_user:
/* LAB 4 BEGIN */
    testb $2, 4(%esp)           /* cs is 1 in the low bits, not 3: an upcall going */
    jz events_window            /* back to ring 1, where nothing is preempted */
    pushal
    call proc_preempt           /* gives way if the time slice is over */
    popal
/*
 * The events window: events are unmasked here, then the pending flag is
 * looked at once more, because an event that came while they were
 * masked raised no upcall and would wait for the next trap. One may also
 * come after that look, before iret: hypervisor_callback (trapentry.S)
 * sees that its eip is in the window and takes the frame this iret was
 * about to use as its own, so the event is handled as if it had come
 * after the iret, and no frame piles up.
 */
.globl events_window, events_window_end
events_window:
    movb $0, shared_info_page + VCPU_UPCALL_MASK
    cmpb $0, shared_info_page + VCPU_UPCALL_PENDING
    jne 1f
/* LAB 4 END */
    iret
/* LAB 4 BEGIN */
1:  movb $1, shared_info_page + VCPU_UPCALL_MASK  /* as the hypervisor would */
    jmp event_upcall_frame
events_window_end:
/* LAB 4 END */
