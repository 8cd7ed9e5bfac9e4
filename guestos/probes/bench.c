/* LAB 2 FILE */
/*
 * bench.c - the benchmarks (lab 2; lab 3 adds its own): probe=bench, a
 * null hypercall (user/programs.c's bench, run as the first process,
 * does the system call); probe=mmubench, a validated page-table update
 * by batch size; probe=vmbench, a process's address space (vm.c).
 */
#include <hypercall.h>
#include <kernel.h>
#include <probes/probes.h>
/* LAB 3 BEGIN */
#include <vm.h>
/* LAB 3 END */

/* Cycles of a null hypercall round trip (xen_version), the median of 1000. */
void bench_hypercall(const char *name)
{
    static uint32_t cycles[1000];
    for (int i = 0; i < 1000; i++) {
        uint32_t lo0, hi0, lo1, hi1;
        __asm__ volatile("rdtsc" : "=a"(lo0), "=d"(hi0));
        HYPERVISOR_xen_version(XENVER_version, 0);
        __asm__ volatile("rdtsc" : "=a"(lo1), "=d"(hi1));
        cycles[i] = lo1 - lo0;
    }
    printk("guestos: bench: null hypercall (int $0x82 round trip): median %u cycles\n",
           median(cycles, 1000));
}

/* LAB 3 BEGIN */
/*
 * Cycles per validated page-table update, batched 1, 16 and 256 to a
 * call: each request flips one free page's entry between read-only and
 * writable, the median of 32 calls.
 */
void bench_mmu(const char *name)
{
    static struct mmu_update req[256];
    static uint32_t cycles[32];
    const uint32_t *mfns = (const uint32_t *)start_info->mfn_list;
    uint32_t pt_pfn = (start_info->pt_base - GUEST_VIRT_BASE) / 4096 + 1;
    uint32_t pfn = start_info->first_free_pfn + 8;
    uint64_t entry = ((uint64_t)mfns[pt_pfn] << 12) + pfn * 4;
    static const uint32_t batches[] = { 1, 16, 256 };

    for (int b = 0; b < 3; b++) {
        uint32_t n = batches[b];
        for (uint32_t i = 0; i < n; i++) {
            req[i].ptr = entry | MMU_NORMAL_PT_UPDATE;
            req[i].val = mfns[pfn] << 12 | 1 | ((i & 1) ? 0 : 2); /* P, W every other */
        }
        for (int k = 0; k < 32; k++) {
            uint32_t lo0, hi0, lo1, hi1;
            __asm__ volatile("rdtsc" : "=a"(lo0), "=d"(hi0));
            int32_t r = HYPERVISOR_mmu_update(req, (int)n, NULL, DOMID_SELF);
            __asm__ volatile("rdtsc" : "=a"(lo1), "=d"(hi1));
            if (r < 0) {
                printk("guestos: bench: mmu_update failed: %d\n", r);
                return;
            }
            cycles[k] = (lo1 - lo0) / n;
        }
        printk("guestos: bench: mmu_update, %u entries a call: median %u cycles an entry\n", n,
               median(cycles, 32));
    }
    req[0].val = mfns[pfn] << 12 | 3; /* writable again, for the page allocator */
    HYPERVISOR_mmu_update(req, 1, NULL, DOMID_SELF);
}

/* probe=vmbench: vm.c measures, with its own counters. */
void bench_vm(const char *name)
{
    vm_bench();
}
/* LAB 3 END */
