/* LAB 4 FILE */
/*
 * longbatch.c - probe=longbatch (lab 4): one mmuext_op of 1024 requests
 * that takes long, beside a domU that wants the CPU. The base pointer
 * switches between our page directory and a copy of it that is not
 * pinned, so every switch validates the copy again: the batch runs for
 * tens of milliseconds. The hypervisor stops it when a timer is due and
 * has us make the rest of the call again (a continuation); done must
 * count the whole batch all the same.
 */
#include <hypercall.h>
#include <kernel.h>
#include <mmu.h>
#include <probes/probes.h>

#define REQUESTS 1024

void probe_long_batch(const char *name)
{
    struct mmuext_op *ops = (struct mmuext_op *)probe_scratch[0]; /* 1024 x 12 bytes: 3 pages */
    uint32_t copy = start_info->first_free_pfn, copy_mfn = pfn_to_mfn(copy);
    uint32_t ours = pfn_to_mfn(pgdir_pfn());
    int done = -1;

    memcpy((void *)pfn_to_virt(copy), (const void *)start_info->pt_base, PAGE_SIZE);
    if (HYPERVISOR_update_va_mapping(pfn_to_virt(copy), make_pte(copy_mfn, PTE_P), UVMF_INVLPG)) {
        printk("guestos: probe: cannot make a copy of our page directory\n");
        return;
    }
    for (int i = 0; i < REQUESTS; i++)
        ops[i] = (struct mmuext_op){ MMUEXT_NEW_BASEPTR, i % 2 ? ours : copy_mfn, 0 };
    uint64_t t0 = rdtsc();
    int32_t r = HYPERVISOR_mmuext_op(ops, REQUESTS, &done, DOMID_SELF);
    printk("guestos: probe: mmuext_op(1024 base pointer switches) = %d, done %d, %u Mcycles\n",
           r, done, (uint32_t)((rdtsc() - t0) >> 20));
    HYPERVISOR_update_va_mapping(pfn_to_virt(copy), make_pte(copy_mfn, PTE_P | PTE_W),
                                 UVMF_INVLPG);
}
