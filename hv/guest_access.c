/*
 * guest_access.c - reading guest memory safely (lab 1; lab 2 adds writes).
 *
 * A hypercall argument is a guest virtual address, and the guest chooses
 * it. Dereferencing it directly could read the hypervisor's own memory
 * (an address in the hole: the guest would make us leak our secrets to
 * its console) or fault inside the hypervisor (an unmapped address). And
 * the hypervisor does not even run on the guest's page tables (see
 * trapentry.S). So we walk the guest's page tables ourselves, through the
 * direct map, and copy from the machine frames they name.
 */
#include <directmap.h>
#include <domain.h>
#include <guest_access.h>
#include <x86.h>

/* The machine frame behind guest address va in d's address space, or
 * INVALID_MFN if va is in the hole or not mapped. */
static uint32_t guest_va_to_mfn(const struct domain *d, uint32_t va)
{
    /* LAB 1 SOLUTION BEGIN: return INVALID_MFN; */
    if (va >= HYPERVISOR_VIRT_START || !d->pgdir_mfn)
        return INVALID_MFN;
    const uint32_t *pgdir = mfn_to_virt(d->pgdir_mfn);
    uint32_t pde = pgdir[pd_index(va)];
    /* Guests never have 4 MiB pages; a table outside machine memory we
     * know of cannot be read through the direct map. */
    if (!(pde & PTE_P) || (pde & PTE_PS) || pte_mfn(pde) >= max_mfn)
        return INVALID_MFN;
    const uint32_t *table = mfn_to_virt(pte_mfn(pde));
    uint32_t pte = table[pt_index(va)];
    if (!(pte & PTE_P) || pte_mfn(pte) >= max_mfn)
        return INVALID_MFN;
    return pte_mfn(pte);
    /* LAB 1 SOLUTION END */
}

int copy_from_guest(struct domain *d, void *dst, uint32_t va, size_t n)
{
    char *out = dst;
    /* va + n must not wrap around to address 0. */
    if (n > HYPERVISOR_VIRT_START || va > HYPERVISOR_VIRT_START - n)
        return -HV_EFAULT;
    while (n) {
        uint32_t mfn = guest_va_to_mfn(d, va);
        if (mfn == INVALID_MFN)
            return -HV_EFAULT;
        uint32_t offset = va & ~PAGE_MASK;
        size_t chunk = PAGE_SIZE - offset < n ? PAGE_SIZE - offset : n;
        memcpy(out, (char *)mfn_to_virt(mfn) + offset, chunk);
        out += chunk;
        va += chunk;
        n -= chunk;
    }
    return 0;
}

/* LAB 2 BEGIN */
/*
 * Writing is checked like reading, and more: both levels of the guest's
 * page tables must allow the write. Ring 1 is "supervisor" to the MMU and
 * CR0.WP makes read-only pages hold for it, so this is exactly what the
 * guest itself could write. Without the check a guest could make us
 * write, for it, into its own read-only page tables.
 */
static uint32_t guest_va_to_writable_mfn(const struct domain *d, uint32_t va)
{
    uint32_t mfn = guest_va_to_mfn(d, va);
    if (mfn == INVALID_MFN)
        return INVALID_MFN;
    const uint32_t *pgdir = mfn_to_virt(d->pgdir_mfn);
    uint32_t pde = pgdir[pd_index(va)];
    const uint32_t *table = mfn_to_virt(pte_mfn(pde));
    if (!(pde & PTE_W) || !(table[pt_index(va)] & PTE_W))
        return INVALID_MFN;
    return mfn;
}

int copy_to_guest(struct domain *d, uint32_t va, const void *src, size_t n)
{
    const char *in = src;
    if (n > HYPERVISOR_VIRT_START || va > HYPERVISOR_VIRT_START - n)
        return -HV_EFAULT;
    /* Check every page before writing any: a refused write changes nothing. */
    for (uint32_t page = va & PAGE_MASK; n && page < va + n; page += PAGE_SIZE)
        if (guest_va_to_writable_mfn(d, page) == INVALID_MFN)
            return -HV_EFAULT;
    while (n) {
        uint32_t offset = va & ~PAGE_MASK;
        size_t chunk = PAGE_SIZE - offset < n ? PAGE_SIZE - offset : n;
        memcpy((char *)mfn_to_virt(guest_va_to_mfn(d, va)) + offset, in, chunk);
        in += chunk;
        va += chunk;
        n -= chunk;
    }
    return 0;
}
/* LAB 2 END */
