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
/* LAB 4 BEGIN */
#define SYS_read 10     /* read(buffer, size): the next line typed (domain 0); its length */
#define SYS_sleep 11    /* sleep(ms): returns once ms milliseconds have passed */
#define SYS_time 12     /* time(clock, ts): the time now, in *ts */
#define SYS_ping 13     /* ping(dom): a round trip to domU dom: its time in ns */
#define SYS_poweroff 14 /* poweroff(): ends the domain (domain 0: every domain) */

#define CLOCK_REALTIME 0  /* the time of day, since 1970 (UTC) */
#define CLOCK_MONOTONIC 1 /* since the hypervisor booted */
#define ETIMEDOUT 110     /* ping: no answer within a second */
/* LAB 4 END */
/* LAB 5 BEGIN */
#define SYS_disk_read 15  /* disk_read(sector, buffer, count): from our virtual disk */
#define SYS_disk_write 16 /* disk_write(sector, buffer, count): to it; 0, or an error */
#define SYS_disk_size 17  /* disk_size(): its sectors (0: no disk) */
#define SYS_netping 18    /* netping(dom, seq): an ICMP echo to domU dom: its time in ns */
#define SYS_whoami 19     /* whoami(): our domain id, and the domUs' number << 16 */
#define SYS_devices 20    /* devices(what): domain 0 prints its rings (0) or grants (1) */
#define DISK_MAX_SECTORS 128 /* most sectors one disk call moves (64 KiB) */
/* LAB 5 END */

#define EXIT_KILLED (-99) /* wait()'s answer for a process the kernel killed */

#ifndef __ASSEMBLER__
/* The programs built into the image (user/programs.c), by name; the
 * table ends with a NULL name. */
struct user_program {
    const char *name;
    int (*main)(void);
};
extern const struct user_program user_programs[];
/* LAB 4 BEGIN */
#include <stdint.h>
struct timespec {
    uint32_t sec, nsec;
};
/* LAB 4 END */
#endif

#endif
