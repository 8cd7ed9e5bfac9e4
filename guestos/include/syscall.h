/* LAB 2 FILE */
/*
 * syscall.h - the guest OS's system calls (lab 2): what a ring-3 program
 * asks the guest kernel for. A program executes "int $0x80" with the
 * number in eax and arguments in ebx, ecx, edx; the result comes back in
 * eax, negative on error. The hypervisor installs vector 0x80 as a gate
 * straight into the guest kernel's ring 1: no hypervisor on the way.
 * Shared by the kernel (syscall.c) and the user library (user/ulib.c).
 */
#ifndef GUESTOS_SYSCALL_H
#define GUESTOS_SYSCALL_H

#define SYSCALL_VECTOR 0x80

#define SYS_write 1  /* write(buffer, length): to the console */
#define SYS_exit 2   /* exit(status): does not return */
#define SYS_getpid 3 /* getpid(): this process's id */
#define SYS_yield 4  /* yield(): let another process run */
#define SYS_spawn 5  /* spawn(name): start the named program; its pid */
#define SYS_wait 6   /* wait(pid): its exit status, once it has ended */
#define SYS_count 7  /* count(): system calls this kernel has handled */
/* LAB 3 BEGIN */
#define SYS_sbrk 8   /* sbrk(increment): the heap grows; its old end, or -1 */
#define SYS_fork 9   /* fork(): a copy of this process; 0 in it, its pid here */
/* LAB 3 END */

#define EXIT_KILLED (-99) /* wait()'s answer for a process the kernel killed */

#ifndef __ASSEMBLER__
/* The programs built into the image (user/programs.c), by name; the
 * table ends with a NULL name. */
struct user_program {
    const char *name;
    int (*main)(void);
};
extern const struct user_program user_programs[];
#endif

#endif
