/* LAB 2 FILE */
/*
 * ulib.c - the user library (lab 2): system-call wrappers and printf for
 * ring-3 programs. It lives in the user segment with the programs, so it
 * brings its own copy of the formatting code (user/printfmt.o is
 * lib/printfmt.c compiled again): ring 3 cannot call into the kernel's.
 */
#include <lib/printfmt.h>
#include <lib/string.h>
#include <syscall.h>
#include <user/ulib.h>

static int32_t syscall3(uint32_t nr, uint32_t a1, uint32_t a2, uint32_t a3)
{
    int32_t ret;
    __asm__ volatile("int $0x80" : "=a"(ret), "+b"(a1), "+c"(a2), "+d"(a3) : "a"(nr) : "memory");
    return ret;
}

int write(const char *buffer, int length)
{
    return syscall3(SYS_write, (uint32_t)buffer, (uint32_t)length, 0);
}

int getpid(void) { return syscall3(SYS_getpid, 0, 0, 0); }
int yield(void) { return syscall3(SYS_yield, 0, 0, 0); }
int spawn(const char *name) { return syscall3(SYS_spawn, (uint32_t)name, 0, 0); }
int wait(int pid) { return syscall3(SYS_wait, (uint32_t)pid, 0, 0); }
int syscall_count(void) { return syscall3(SYS_count, 0, 0, 0); }
/* LAB 3 BEGIN */
void *sbrk(int increment) { return (void *)syscall3(SYS_sbrk, (uint32_t)increment, 0, 0); }
int fork(void) { return syscall3(SYS_fork, 0, 0, 0); }
/* LAB 3 END */
/* LAB 4 BEGIN */
int read(char *buffer, int size) { return syscall3(SYS_read, (uint32_t)buffer, (uint32_t)size, 0); }
int sleep(int ms) { return syscall3(SYS_sleep, (uint32_t)ms, 0, 0); }
int time(int clock, struct timespec *ts) { return syscall3(SYS_time, (uint32_t)clock, (uint32_t)ts, 0); }
int ping(int dom) { return syscall3(SYS_ping, (uint32_t)dom, 0, 0); }
int poweroff(void) { return syscall3(SYS_poweroff, 0, 0, 0); }
/* LAB 4 END */
/* LAB 5 BEGIN */
int disk_read(uint32_t sector, void *buffer, int count)
{
    return syscall3(SYS_disk_read, sector, (uint32_t)buffer, (uint32_t)count);
}
int disk_write(uint32_t sector, const void *buffer, int count)
{
    return syscall3(SYS_disk_write, sector, (uint32_t)buffer, (uint32_t)count);
}
int disk_size(void) { return syscall3(SYS_disk_size, 0, 0, 0); }
int netping(int dom, int seq) { return syscall3(SYS_netping, (uint32_t)dom, (uint32_t)seq, 0); }
int whoami(void) { return syscall3(SYS_whoami, 0, 0, 0); }
int devices(int what) { return syscall3(SYS_devices, (uint32_t)what, 0, 0); }
/* LAB 5 END */

void exit(int status)
{
    syscall3(SYS_exit, (uint32_t)status, 0, 0);
    for (;;) /* exit does not return; if it did, fault */
        __asm__ volatile("ud2");
}

int printf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vprint_to(write, fmt, ap);
    va_end(ap);
    return n;
}

/* Every process starts here: main is the program, passed by the kernel
 * on the new process's stack. */
void user_start(int (*main)(void))
{
    exit(main());
}
/* LAB 3 BEGIN */

/* Lab 3: where every process starts, as the entry of the user image
 * (user/user.ld) that the kernel loads into each address space. The
 * kernel names the program on the new stack. */
void user_exec(const char *name)
{
    for (const struct user_program *u = user_programs; u->name; u++)
        if (strcmp(u->name, name) == 0)
            user_start(u->main);
    printf("%s: no such program\n", name);
    exit(127);
}
/* LAB 3 END */
