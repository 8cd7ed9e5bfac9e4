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
    uint32_t *cycles = (uint32_t *)probe_scratch[0]; /* 1000 of them: a page */
    for (int i = 0; i < 1000; i++) {
        uint64_t t0 = rdtsc();
        HYPERVISOR_xen_version(XENVER_version, 0);
        cycles[i] = (uint32_t)(rdtsc() - t0);
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
    struct mmu_update *req = (struct mmu_update *)probe_scratch[0]; /* 256: a page */
    static uint32_t cycles[32];
    uint32_t pfn = start_info->first_free_pfn + 8;
    uint64_t entry = boot_pte_maddr(pfn);
    static const uint32_t batches[] = { 1, 16, 256 };

    for (int b = 0; b < 3; b++) {
        uint32_t n = batches[b];
        for (uint32_t i = 0; i < n; i++) {
            req[i].ptr = entry | MMU_NORMAL_PT_UPDATE;
            req[i].val = make_pte(pfn_to_mfn(pfn), PTE_P | ((i & 1) ? 0 : PTE_W));
        }
        for (int k = 0; k < 32; k++) {
            uint64_t t0 = rdtsc();
            int32_t r = HYPERVISOR_mmu_update(req, (int)n, NULL, DOMID_SELF);
            uint32_t elapsed = (uint32_t)(rdtsc() - t0);
            if (r < 0) {
                printk("guestos: bench: mmu_update failed: %d\n", r);
                return;
            }
            cycles[k] = elapsed / n;
        }
        printk("guestos: bench: mmu_update, %u entries a call: median %u cycles an entry\n", n,
               median(cycles, 32));
    }
    /* Writable again, for the page allocator. */
    req[0].val = make_pte(pfn_to_mfn(pfn), PTE_P | PTE_W);
    HYPERVISOR_mmu_update(req, 1, NULL, DOMID_SELF);
}

/* probe=vmbench: vm.c measures, with its own counters. */
void bench_vm(const char *name)
{
    vm_bench();
}
/* LAB 3 END */
