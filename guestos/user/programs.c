/* LAB 2 FILE */
/*
 * programs.c - the user programs built into the guest image (lab 2).
 * Each is a main function; the kernel's program table (proc.c) names
 * them. init runs the others, one at a time, and reports how each ended.
 * Several misbehave on purpose: the guest kernel must kill them and go on.
 */
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

/* Cycles of a null system call through the fast path: the median. */
int bench_main(void)
{
    static uint32_t cycles[1000];
    for (int i = 0; i < 1000; i++) {
        uint64_t t0 = rdtsc();
        getpid();
        cycles[i] = (uint32_t)(rdtsc() - t0);
    }
    for (int i = 1; i < 1000; i++) /* insertion sort: 1000 small numbers */
        for (int j = i; j > 0 && cycles[j - 1] > cycles[j]; j--) {
            uint32_t t = cycles[j];
            cycles[j] = cycles[j - 1];
            cycles[j - 1] = t;
        }
    printf("bench: null system call (int $0x80, fast path): median %u cycles\n", cycles[500]);
    return 0;
}

static const char *const tests[] = {
    "hello", "pingpong", "syscalls", "divzero", "badop", "kernelmem", "privileged", "hypercall",
};

int init_main(void)
{
    printf("init: pid %d, running %d programs\n", getpid(), (int)(sizeof tests / sizeof tests[0]) + 1);
    for (unsigned i = 0; i < sizeof tests / sizeof tests[0]; i++) {
        int pid = spawn(tests[i]);
        int twin = strcmp(tests[i], "pingpong") == 0 ? spawn(tests[i]) : 0;
        int status = wait(pid);
        if (twin)
            wait(twin);
        if (status == EXIT_KILLED)
            printf("init: %s (pid %d) was killed\n", tests[i], pid);
        else
            printf("init: %s (pid %d) exited with %d\n", tests[i], pid, status);
    }
    printf("init: all done\n");
    return 0;
}
