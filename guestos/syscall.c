/* LAB 2 FILE */
/*
 * syscall.c - the guest kernel's system calls (lab 2). syscall_entry
 * (swtch.S) brings "int $0x80" from ring 3 here, without the hypervisor.
 * A program's pointers are checked against the user segment before the
 * kernel touches them: a program must not make the kernel read or write
 * kernel memory for it.
 */
#include <kernel.h>
#include <proc.h>
#include <syscall.h>
/* LAB 3 BEGIN */
#include <vm.h>
/* LAB 3 END */
/* LAB 4 BEGIN */
#include <ctrl.h>
#include <events.h>
#include <hypercall.h>
#include <time.h>
/* LAB 4 END */
/* LAB 5 BEGIN */
#include <devices.h>
#include <drivers.h>
/* LAB 5 END */

/* What syscall_entry leaves on the stack (pushal, then the CPU's frame). */
struct syscall_frame {
    uint32_t edi, esi, ebp, kernel_esp, ebx, edx, ecx, eax;
    uint32_t eip, cs, eflags, esp, ss;
};

extern char user_start_addr[], user_end_addr[];
static uint32_t syscall_total;

/* Is [va, va + n) inside the user segment? */
static int user_range(uint32_t va, uint32_t n)
{
    /* LAB 3 BEGIN */
    /* A process with an address space of its own: what it may touch. */
    if (curproc->pd_pfn)
        return vm_user_range(curproc, va, n, 0);
    /* LAB 3 END */
    return va >= (uint32_t)user_start_addr && va <= (uint32_t)user_end_addr &&
           n <= (uint32_t)user_end_addr - va;
}

/* The user string at va, copied into buf; 0, or -1 if it is not all in
 * the user segment. */
static int user_string(uint32_t va, char *buf, size_t size)
{
    for (size_t i = 0; i < size; i++) {
        if (!user_range(va + i, 1))
            return -1;
        buf[i] = *(const char *)(va + i);
        if (!buf[i])
            return 0;
    }
    return -1;
}

/* LAB 4 BEGIN */
/* Whether the kernel may write [va, va + n) for the running process: it
 * must not write the process's read-only text, or our memory, for it. */
static int user_writable(uint32_t va, uint32_t n)
{
    return curproc->pd_pfn && vm_user_range(curproc, va, n, 1);
}

/* Lab 4's calls: time, console input, the control channel. Without
 * events (a hypervisor before lab 4) nothing would ever wake a sleeper,
 * so the calls that sleep are refused. */
static int32_t events_syscall(struct syscall_frame *f)
{
    struct timespec ts;
    uint64_t until;

    switch (f->eax) {
    case SYS_read:
        if (!events_enabled || !(start_info->flags & SIF_INITDOMAIN))
            return -HV_ENOSYS;
        if (f->ecx == 0 || f->ecx > 1024 || !user_writable(f->ebx, f->ecx))
            return -HV_EFAULT;
        return console_read((char *)f->ebx, f->ecx);
    case SYS_sleep:
        if (!events_enabled)
            return -HV_ENOSYS;
        until = gettime() + f->ebx * 1000000ULL;
        while (gettime() < until)
            proc_sleep_until(NULL, until); /* only the timer wakes it */
        return 0;
    case SYS_time:
        if (!events_enabled)
            return -HV_ENOSYS;
        if (f->ebx == CLOCK_REALTIME)
            wallclock(&ts.sec, &ts.nsec);
        else if (f->ebx == CLOCK_MONOTONIC)
            ts.sec = div64(gettime(), NS_PER_SEC, &ts.nsec);
        else
            return -HV_EINVAL;
        if (!user_writable(f->ecx, sizeof ts))
            return -HV_EFAULT;
        memcpy((void *)f->ecx, &ts, sizeof ts);
        return 0;
    case SYS_ping:
        if (!events_enabled)
            return -HV_ENOSYS;
        return ctrl_ping(f->ebx);
    case SYS_poweroff:
        printk("guestos: %s (pid %d) powers the domain off\n", curproc->name, curproc->pid);
        vm_report();
        HYPERVISOR_shutdown(SHUTDOWN_poweroff);
        return -HV_EPERM;
    }
    return -HV_ENOSYS;
}
/* LAB 4 END */

/* LAB 5 BEGIN */
/* Lab 5's calls: the virtual disk, the network, what domain 0 serves. */
static int32_t devices_syscall(struct syscall_frame *f)
{
    uint32_t count = f->edx;
    switch (f->eax) {
    case SYS_disk_read:
    case SYS_disk_write:
        if (count == 0 || count > DISK_MAX_SECTORS)
            return -HV_EINVAL;
        if (!(f->eax == SYS_disk_read ? user_writable(f->ecx, count * 512)
                                      : user_range(f->ecx, count * 512)))
            return -HV_EFAULT;
        return blk_rw(0, f->ebx, (void *)f->ecx, count, f->eax == SYS_disk_write);
    case SYS_disk_size:
        return (int32_t)blk_sectors();
    case SYS_netping:
        return net_ping(f->ebx, f->ecx);
    case SYS_whoami:
        return (int32_t)(start_info->domid | start_info->nr_domus << 16);
    case SYS_devices:
        if (!(start_info->flags & SIF_INITDOMAIN))
            return -HV_EPERM;
        devices_show((int)f->ebx);
        return 0;
    }
    return -HV_ENOSYS;
}
/* LAB 5 END */

void syscall(struct syscall_frame *f)
{
    /* LAB 3 BEGIN */
    /* Lab 3's calls, on the process's own address space. */
    if (f->eax == SYS_sbrk) {
        syscall_total++;
        f->eax = vm_sbrk(curproc, (int32_t)f->ebx);
        return;
    }
    if (f->eax == SYS_fork) {
        struct syscall_frame child = *f;
        syscall_total++;
        child.eax = 0; /* what fork() returns in the child */
        f->eax = (uint32_t)proc_fork(&child, sizeof child);
        return;
    }
    /* LAB 3 END */
    /* LAB 4 BEGIN */
    if (f->eax >= SYS_read && f->eax <= SYS_poweroff) {
        syscall_total++;
        f->eax = (uint32_t)events_syscall(f);
        return;
    }
    /* LAB 4 END */
    /* LAB 5 BEGIN */
    if (f->eax >= SYS_disk_read && f->eax <= SYS_devices) {
        syscall_total++;
        f->eax = (uint32_t)devices_syscall(f);
        return;
    }
    /* LAB 5 END */
    char name[32];
    syscall_total++;
    /* LAB 2 SOLUTION BEGIN: f->eax = (uint32_t)-1; */
    switch (f->eax) {
    case SYS_write:
        if (f->ecx > 1024 || !user_range(f->ebx, f->ecx)) {
            f->eax = (uint32_t)-HV_EFAULT;
            break;
        }
        printk("%.*s", (int)f->ecx, (const char *)f->ebx);
        f->eax = f->ecx;
        break;
    case SYS_exit:
        proc_exit((int)f->ebx);
    case SYS_getpid:
        f->eax = (uint32_t)curproc->pid;
        break;
    case SYS_yield:
        proc_yield();
        f->eax = 0;
        break;
    case SYS_spawn:
        f->eax = user_string(f->ebx, name, sizeof name) < 0 ? (uint32_t)-HV_EFAULT
                                                              : (uint32_t)proc_spawn(name);
        break;
    case SYS_wait:
        f->eax = (uint32_t)proc_wait((int)f->ebx);
        break;
    case SYS_count:
        f->eax = syscall_total;
        break;
    default:
        f->eax = (uint32_t)-HV_ENOSYS;
    }
    /* LAB 2 SOLUTION END */
}
