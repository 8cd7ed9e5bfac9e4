/* LAB 2 FILE */
/*
 * programs.c - the user programs built into the guest image (lab 2).
 * Each is a main function, named in user_programs at the end. init runs
 * the others, one at a time, and reports how each ended.
 * Several misbehave on purpose: the guest kernel must kill them and go on.
 */
#include <lib/median.h>
#include <mmu.h>
#include <public/hvlab.h>
#include <syscall.h>
#include <user/ulib.h>

int hello_main(void)
{
    printf("hello: ring 3, pid %d\n", getpid());
    return 0;
}

/* Two of these take turns through yield(). */
int pingpong_main(void)
{
    for (int i = 0; i < 3; i++) {
        printf("pingpong %d: round %d\n", getpid(), i);
        yield();
    }
    return 7;
}

/* Many system calls, to show they never reach the hypervisor. */
int syscalls_main(void)
{
    int before = syscall_count();
    for (int i = 0; i < 1000; i++)
        getpid();
    printf("syscalls: %d system calls made\n", syscall_count() - before - 1);
    return 0;
}

int divzero_main(void)
{
    int quotient;
    printf("divzero: dividing by zero\n");
    __asm__ volatile("xor %%edx, %%edx; divl %1" : "=a"(quotient) : "r"(0), "a"(1) : "edx");
    return quotient;
}

int badop_main(void)
{
    printf("badop: executing ud2\n");
    __asm__ volatile("ud2");
    return 0;
}

int kernelmem_main(void)
{
    printf("kernelmem: reading the kernel at 0x%08x\n", GUEST_VIRT_BASE);
    return *(volatile int *)GUEST_VIRT_BASE;
}

int privileged_main(void)
{
    printf("privileged: executing cli\n");
    __asm__ volatile("cli");
    return 0;
}

int hypercall_main(void)
{
    printf("hypercall: calling the hypervisor from ring 3\n");
    __asm__ volatile("int $0x82" : : "a"(__HYPERVISOR_console_io));
    return 0;
}

/* Hostile (probe=mode-v86-ring3-cs0/cs3): an iret with EFLAGS.VM set,
 * to cs:0. Real CPUs ignore VM outside ring 0 (the null cs faults);
 * QEMU's TCG enters virtual-8086 mode. Either way the kernel must get a
 * #GP and kill us, and the domain must live. */
static void v86_iret(uint32_t cs)
{
    __asm__ volatile("pushl $0; pushl $0; pushl $0; pushl $0\n" /* gs, fs, ds, es */
                     "pushl $0; pushl $0x0ff0\n"               /* ss, esp */
                     "pushl $0x00020202; pushl %0; pushl $0\n" /* eflags (VM, IF), cs, eip */
                     "iret" : : "r"(cs) : "memory");
}

int v86cs0_main(void)
{
    printf("v86cs0: iret into virtual-8086 mode, cs 0\n");
    v86_iret(0);
    printf("v86cs0: BUG: still running\n");
    return 0;
}

int v86cs3_main(void)
{
    printf("v86cs3: iret into virtual-8086 mode, cs 3\n");
    v86_iret(3);
    printf("v86cs3: BUG: still running\n");
    return 0;
}

/* System calls given pointers into the kernel: the kernel must check
 * every pointer a program hands it (user_range, user_string), or any
 * program reads kernel memory through write() and spawn(). Run by
 * init=userptr (the lab 2 grader), not by init. */
int userptr_main(void)
{
    int written = write((const char *)GUEST_VIRT_BASE, 16);
    int spawned = spawn((const char *)GUEST_VIRT_BASE);
    printf("userptr: write(kernel) = %d, spawn(name in the kernel) = %d\n", written, spawned);
    return 0;
}

/* Cycles of a null system call through the fast path: the median. */
int bench_main(void)
{
    static uint32_t cycles[1000];
    for (int i = 0; i < 1000; i++) {
        uint64_t t0 = rdtsc();
        getpid();
        cycles[i] = (uint32_t)(rdtsc() - t0);
    }
    printf("bench: null system call (int $0x80, fast path): median %u cycles\n",
           median(cycles, 1000));
    return 0;
}

/* LAB 3 BEGIN */
/* Asks for 64 KiB of heap and touches every page of it, then recurses
 * deep enough to grow the stack past 32 KiB: the kernel maps zero pages
 * on first touch. */
static int deep(int n)
{
    volatile char frame[1024];
    frame[0] = (char)n;
    return n ? deep(n - 1) + frame[0] : 0;
}

int memory_main(void)
{
    char *heap = sbrk(64 * 1024);
    if (heap == (char *)-1) {
        printf("memory: sbrk failed\n");
        return 1;
    }
    int dirty = 0;
    for (int i = 0; i < 64 * 1024; i += PAGE_SIZE) {
        dirty += heap[i] != 0 || heap[i + PAGE_SIZE - 1] != 0;
        heap[i] = (char)(i / PAGE_SIZE);
    }
    for (int i = 0; i < 64 * 1024; i += PAGE_SIZE)
        dirty += heap[i] != (char)(i / PAGE_SIZE);
    printf("memory: 64 KiB at 0x%08x from sbrk, 16 pages touched, %d not zero or not kept\n",
           (unsigned)heap, dirty);
    printf("memory: a 40-deep recursion of 1 KiB frames returned %d\n", deep(40));
    /* 4 MiB further on: a page table the kernel must add on the way. */
    char *far = (char *)sbrk(4 * 1024 * 1024 + PAGE_SIZE) + 4 * 1024 * 1024;
    if (far == (char *)-1 + 4 * 1024 * 1024) {
        printf("memory: sbrk(4 MiB) failed\n");
        return 1;
    }
    far[0] = 42;
    printf("memory: 4 MiB on, at 0x%08x: %d\n", (unsigned)far, far[0]);
    printf("memory: sbrk(-4096) = %d, sbrk(1 GiB) = %d\n", (int)sbrk(-(int)PAGE_SIZE),
           (int)sbrk(1 << 30));
    return dirty;
}

/* Two of these: the same variable, at the same address in each. */
int private_main(void)
{
    static volatile int mine = -1;
    mine = getpid();
    yield();
    yield();
    if (mine != getpid()) {
        printf("private %d: my variable at 0x%08x says %d: another process wrote it\n", getpid(),
               (unsigned)&mine, mine);
        return 1;
    }
    printf("private %d: my variable at 0x%08x is still mine\n", getpid(), (unsigned)&mine);
    return 0;
}

int wild_main(void)
{
    char *end = sbrk(0);
    printf("wild: reading 1 MiB past the end of my heap, 0x%08x\n", (unsigned)(end + 0x100000));
    return *(volatile char *)(end + 0x100000);
}

/* fork: the child changes its copies of a variable and a heap page; the
 * parent's stay as they were. */
int fork_main(void)
{
    static int counter = 1;
    char *heap = sbrk(PAGE_SIZE);
    heap[0] = 'p';
    int pid = fork();
    if (pid == 0) {
        counter = 100;
        heap[0] = 'c';
        printf("fork: child %d: counter %d, heap '%c'\n", getpid(), counter, heap[0]);
        return 3;
    }
    int status = wait(pid);
    printf("fork: parent %d: child %d exited with %d; counter %d, heap '%c'\n", getpid(), pid,
           status, counter, heap[0]);
    return !(pid > 0 && status == 3 && counter == 1 && heap[0] == 'p');
}

/* Pointers the kernel must refuse to read for us, and one it may: a heap
 * page we never touched, which it maps on its way. */
int badptr_main(void)
{
    int kernel = write((const char *)GUEST_VIRT_BASE, 16);
    int unmapped = write((const char *)0x00100000, 16);
    int fresh = write((const char *)sbrk(2 * PAGE_SIZE) + PAGE_SIZE, 1);
    printf("badptr: write(kernel) = %d, write(unmapped) = %d, write(untouched heap) = %d\n", kernel,
           unmapped, fresh);
    return 0;
}

int textwrite_main(void)
{
    printf("textwrite: writing over my own code at 0x%08x\n", (unsigned)textwrite_main);
    *(volatile char *)textwrite_main = 0;
    return 0;
}
/* LAB 3 END */

/* LAB 4 BEGIN */
int sh_main(void); /* user/sh.c */
/* LAB 5 BEGIN */
int disk_main(void), demo_main(void); /* user/devices.c */
/* LAB 5 END */

static int leap_year(uint32_t y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* The wall clock, as a date and a time of day (UTC). */
int date_main(void)
{
    static const uint8_t month_days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    struct timespec now;
    if (time(CLOCK_REALTIME, &now) < 0) {
        printf("date: no clock\n");
        return 1;
    }
    uint32_t days = now.sec / 86400, secs = now.sec % 86400, year = 1970, month = 0;
    while (days >= (leap_year(year) ? 366U : 365U))
        days -= leap_year(year++) ? 366 : 365;
    for (;; month++) {
        uint32_t length = month_days[month] + (month == 1 && leap_year(year));
        if (days < length)
            break;
        days -= length;
    }
    printf("date: %u-%02u-%02u %02u:%02u:%02u UTC\n", year, month + 1, days + 1, secs / 3600,
           secs / 60 % 60, secs % 60);
    return 0;
}

/* Asks for 500 ms of sleep and measures what it got. */
int sleep_main(void)
{
    struct timespec t0, t1;
    time(CLOCK_MONOTONIC, &t0);
    if (sleep(500) < 0) {
        printf("sleep: cannot sleep\n");
        return 1;
    }
    time(CLOCK_MONOTONIC, &t1);
    int ms = (int)(t1.sec - t0.sec) * 1000 + ((int)t1.nsec - (int)t0.nsec) / 1000000;
    printf("sleep: asked for 500 ms, slept %d ms\n", ms);
    return ms < 500;
}

/* Never yields, never makes a system call: only a timer can take the
 * CPU back from it. */
int spin_main(void)
{
    for (volatile uint32_t n = 0;; n++)
        ;
}

/* Runs hello and sleeps three times beside spin: without preemption,
 * the first time spin got the CPU would be the last time anyone else
 * did. spin never ends, so neither would the run: we power off. */
int preempt_main(void)
{
    int spinner = spawn("spin");
    printf("preempt: spin (pid %d) never yields; hello and I run anyway\n", spinner);
    int status = wait(spawn("hello"));
    for (int i = 0; i < 3; i++)
        sleep(20);
    printf("preempt: hello exited with %d and 3 sleeps of 20 ms ended beside spin\n", status);
    poweroff();
    return 1;
}
/* LAB 4 END */

static const struct {
    const char *name;
    int copies; /* 2: two at once, taking turns */
} tests[] = {
    { "hello", 1 }, { "pingpong", 2 }, { "syscalls", 1 }, { "divzero", 1 }, { "badop", 1 },
    { "kernelmem", 1 }, { "privileged", 1 }, { "hypercall", 1 },
    /* LAB 3 BEGIN */
    { "memory", 1 }, { "private", 2 }, { "fork", 1 }, { "badptr", 1 }, { "wild", 1 },
    { "textwrite", 1 },
    /* LAB 3 END */
};

int init_main(void)
{
    int n = (int)(sizeof tests / sizeof tests[0]);
    printf("init: pid %d, running %d programs\n", getpid(), n);
    for (int i = 0; i < n; i++) {
        int pid = spawn(tests[i].name);
        int twin = tests[i].copies == 2 ? spawn(tests[i].name) : 0;
        int status = wait(pid);
        if (twin)
            wait(twin);
        if (status == EXIT_KILLED)
            printf("init: %s (pid %d) was killed\n", tests[i].name, pid);
        else
            printf("init: %s (pid %d) exited with %d\n", tests[i].name, pid, status);
    }
    printf("init: all done\n");
    return 0;
}

const struct user_program user_programs[] = {
    { "init", init_main }, { "hello", hello_main }, { "pingpong", pingpong_main },
    { "syscalls", syscalls_main }, { "divzero", divzero_main }, { "badop", badop_main },
    { "kernelmem", kernelmem_main }, { "privileged", privileged_main },
    { "hypercall", hypercall_main }, { "bench", bench_main }, { "userptr", userptr_main },
    { "v86cs0", v86cs0_main }, { "v86cs3", v86cs3_main },
    /* LAB 3 BEGIN */
    { "memory", memory_main }, { "private", private_main }, { "fork", fork_main },
    { "badptr", badptr_main }, { "wild", wild_main }, { "textwrite", textwrite_main },
    /* LAB 3 END */
    /* LAB 4 BEGIN */
    { "date", date_main }, { "sleep", sleep_main }, { "spin", spin_main },
    { "preempt", preempt_main },
    { "sh", sh_main },
    /* LAB 4 END */
    /* LAB 5 BEGIN */
    { "disk", disk_main }, { "demo", demo_main },
    /* LAB 5 END */
    { 0, 0 },
};
