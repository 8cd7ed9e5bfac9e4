/*
 * memory.h - the hypervisor's view of machine memory (lab 1): the direct
 * map inside the hole, the idle page directory, boot-time setup.
 */
#ifndef HV_MEMORY_H
#define HV_MEMORY_H

/*
 * The direct map: machine address m is at virtual HYPERVISOR_VIRT_START + m
 * for m < DIRECTMAP_SIZE, mapped with 4 MiB pages. 448 MiB holds 1000
 * domains of 256 KiB with room to spare; the top 64 MiB of the hole are
 * kept for later labs. Machine memory above it is left unused.
 */
#define DIRECTMAP_SIZE 0x1C000000
#define DIRECTMAP_PDES (DIRECTMAP_SIZE >> 22)
#define HV_LOAD_ADDR 0x00100000 /* where the boot loader puts us (1 MiB) */

#ifndef __ASSEMBLER__
#include <hv.h>
#include <x86.h>

#define maddr_to_virt(ma) ((void *)((uint32_t)(ma) + HYPERVISOR_VIRT_START))
#define virt_to_maddr(va) ((uint32_t)(va) - HYPERVISOR_VIRT_START)
#define mfn_to_virt(mfn) maddr_to_virt((uint32_t)(mfn) << PAGE_SHIFT)

/* The page directory the hypervisor always runs on (boot.S): the direct
 * map, and nothing below the hole. */
extern uint32_t idle_pgdir[ENTRIES_PER_TABLE];

/* Fills the hole of a guest page directory: the trampoline and nothing
 * else of the hypervisor (see trapentry.S). */
void install_hole(uint32_t *pgdir);

struct boot_info;
/* Builds the frame table from the memory map and frees what is free. */
void memory_init(const struct boot_info *bi);
/* Gives the boot modules' frames back once the domains are built. */
void memory_release_modules(const struct boot_info *bi);
/* Fills one frame with zeros (through the direct map). */
void clear_frame(uint32_t mfn);
#endif

#endif
